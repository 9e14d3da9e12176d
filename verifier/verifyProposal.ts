/**
 * Verifies one proposal from the chain alone, trusting no API server:
 *  1. roll: the electorate roll rebuilt from registry events, as they stood just before the
 *     proposal was published, has the published root, totals and entry count;
 *  2. recount: the counted ballots (last BallotCast per entry) add up to the contract's
 *     `tallyOf` for every option, and each ballot weighs what its roll entry weighs;
 *  3. result: the contract's result (ProposalTallied) equals `computeResult` of the recount;
 *  4. (optional) my ballot: an address's entries and the ballot counted for each.
 *
 * `verifyProposal` does the I/O; `rollAtPublish`, `addressEntries` and `evaluateProposal`
 * are pure so that tests can feed them synthetic events.
 */
import type { PublicClient } from "viem";
import { ownerVotingAbi } from "../chain/abi";
import { buildRoll, type ElectorateRoll } from "../domain/electorate";
import { DomainError } from "../domain/errors";
import { isMatter } from "../domain/matters";
import { computeResult, OUTCOME_CODE, type Outcome } from "../domain/tally";
import {
  BallotKind,
  OutcomeCode,
  comparePositions,
  type Address,
  type EventOf,
  type Hex,
  type LogPosition,
  type ProposalInput,
  type RegistryEvent,
  type VotingEvent,
} from "./events";
import { readChain, type ReadChainParameters } from "./readChain";
import { rebuildRegistry, rollInputOf, type CommunityState, type RegistryAnomaly } from "./rebuildRegistry";
import { compareTallies, recount, type CountedBallot, type OptionTotals, type RecountResult, type TallyMismatch } from "./recount";

/** A reason a check failed (or a note), as a stable code plus values for the message. */
export interface Problem {
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export interface Check<D> {
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  readonly details: D;
}

export interface RollTotals {
  readonly root: Hex;
  readonly totalAreaCm2: bigint;
  readonly totalHeadcount: number;
  readonly entryCount: number;
}

export interface RollDetails {
  readonly published: RollTotals | null;
  readonly rebuilt: RollTotals | null;
  /** What the contract stores (getProposal). */
  readonly stored: RollTotals | null;
  readonly publishBlock: bigint | null;
  readonly unitCount: number;
  readonly bindingCount: number;
  readonly excludeParkingArea: boolean | null;
  readonly anomalies: readonly RegistryAnomaly[];
}

export interface RecountDetails {
  readonly recounted: readonly OptionTotals[];
  readonly onChain: readonly OptionTotals[];
  readonly mismatches: readonly TallyMismatch[];
  readonly countedBallots: number;
  readonly ballotEvents: number;
  /** The counted ballot of each entry (its last BallotCast), by entry id. */
  readonly counted: ReadonlyMap<number, CountedBallot>;
}

export interface ResultSummary {
  readonly outcome: Outcome;
  readonly winningOption: number | null;
  readonly participatingAreaCm2: bigint;
  readonly participatingHeadcount: number;
  readonly quorumMet: boolean;
}

export interface ResultDetails {
  /** computeResult over the recount. */
  readonly computed: ResultSummary | null;
  /** The contract's ProposalTallied (the latest one still in force), if any. */
  readonly onChain: ResultSummary | null;
  readonly tallied: boolean;
  readonly final: boolean;
  readonly talliedBlock: bigint | null;
}

export interface MyEntry {
  readonly entryId: number;
  readonly role: "owner" | "proxy";
  readonly areaCm2: bigint;
  readonly headcount: number;
  readonly unitLabels: readonly string[];
  /** The ballot counted for this entry (its last BallotCast), if any. */
  readonly counted: CountedBallot | null;
  /** What `ballotOf` says now. */
  readonly onChain: { readonly choice: number; readonly kind: number; readonly nonce: number } | null;
  /** The choice the caller expected (e.g. what this browser signed), if given. */
  readonly expectedChoice: number | null;
}

export interface MyBallotDetails {
  readonly address: Address;
  readonly entries: readonly MyEntry[];
  /** True if the chain contradicts itself or the expected choice (not merely "not voted"). */
  readonly mismatch: boolean;
}

export interface ProposalFacts {
  readonly proposalId: bigint;
  readonly communityId: bigint;
  readonly matter: number;
  readonly title: string;
  readonly options: readonly string[];
  readonly namedChoice: boolean;
  readonly votingStart: bigint;
  readonly votingEnd: bigint;
  readonly publishedAt: bigint;
}

/** An objection (询异) to the result as the chain has it: who signed it, its text's hash, the committee's answer's. */
export interface ObjectionFact {
  readonly objectionId: number;
  readonly entryId: number;
  readonly signer: Address;
  readonly textHash: Hex;
  /** null while the committee has not answered */
  readonly answerHash: Hex | null;
  readonly block: bigint;
}

export interface VerificationReport {
  readonly proposalId: bigint;
  readonly proposal: ProposalFacts | null;
  readonly chainId: number | null;
  readonly fromBlock: bigint | null;
  readonly toBlock: bigint | null;
  readonly roll: Check<RollDetails>;
  readonly recount: Check<RecountDetails>;
  readonly result: Check<ResultDetails>;
  readonly myBallot: Check<MyBallotDetails> | null;
  /** The objections filed against the result and the committee's answers, in the order filed. */
  readonly objections: readonly ObjectionFact[];
  /** roll, recount and result passed, and no contradiction was found for the address. */
  readonly ok: boolean;
}

/** `IOwnerVoting.ProposalView` as returned by getProposal. */
export interface OnChainProposal {
  readonly communityId: bigint;
  readonly matter: number;
  readonly status: number;
  readonly outcome: number;
  readonly optionCount: number;
  readonly extended: boolean;
  readonly publishedAt: bigint;
  readonly votingStart: bigint;
  readonly votingEnd: bigint;
  readonly objectionEnd: bigint;
  readonly rollRoot: Hex;
  readonly totalAreaCm2: bigint;
  readonly totalHeadcount: number;
  readonly entryCount: number;
  readonly winningOption: number;
}

export interface OnChainState {
  readonly proposal: OnChainProposal;
  /** tallyOf(proposalId, i) for every option i. */
  readonly tallies: readonly OptionTotals[];
  /** ballotOf(proposalId, entryId) for the entries asked about. */
  readonly ballots: ReadonlyMap<number, { choice: number; kind: number; nonce: number }>;
}

// ── step 1: the roll as of the publish block ───────────────────────────────────────────────

export interface RollAtPublish {
  readonly published: EventOf<VotingEvent, "ProposalPublished"> | null;
  readonly community: CommunityState | null;
  readonly roll: ElectorateRoll | null;
  readonly anomalies: readonly RegistryAnomaly[];
  readonly problems: readonly Problem[];
}

export function rollAtPublish(params: {
  readonly proposalId: bigint;
  readonly registryEvents: readonly RegistryEvent[];
  readonly votingEvents: readonly VotingEvent[];
}): RollAtPublish {
  const published =
    (params.votingEvents.find(
      (e) => e.eventName === "ProposalPublished" && e.args.proposalId === params.proposalId,
    ) as EventOf<VotingEvent, "ProposalPublished"> | undefined) ?? null;
  if (published === null) {
    return { published, community: null, roll: null, anomalies: [], problems: [{ code: "PROPOSAL_NOT_PUBLISHED" }] };
  }
  const input = published.args.input;
  const snapshot = rebuildRegistry({
    events: params.registryEvents,
    before: published,
    communityId: input.communityId,
  });
  const community = snapshot.communities.get(input.communityId) ?? null;
  if (community === null) {
    return {
      published,
      community,
      roll: null,
      anomalies: snapshot.anomalies,
      problems: [{ code: "COMMUNITY_NOT_FOUND", params: { communityId: input.communityId.toString() } }],
    };
  }
  try {
    const roll = buildRoll(rollInputOf(community, { kind: input.scopeKind as 0 | 1 | 2, ids: input.scopeIds }));
    return { published, community, roll, anomalies: snapshot.anomalies, problems: [] };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return {
      published,
      community,
      roll: null,
      anomalies: snapshot.anomalies,
      problems: [{ code: "ROLL_BUILD_FAILED", params: { reason: err.code, zh: err.zh, en: err.en } }],
    };
  }
}

// ── step 4 helper: an address's entries ────────────────────────────────────────────────────

export interface AddressEntryRef {
  readonly entryId: number;
  readonly role: "owner" | "proxy";
}

/**
 * The entries an address may vote for: as a bound owner (a voter of the rebuilt roll entry) or
 * as the proxy named by the entry's latest MandateRegistered.
 */
export function addressEntries(
  at: RollAtPublish,
  votingEvents: readonly VotingEvent[],
  proposalId: bigint,
  address: Address,
): AddressEntryRef[] {
  const a = address.toLowerCase();
  const out: AddressEntryRef[] = [];
  const seen = new Set<number>();
  for (const entry of at.roll?.entries ?? []) {
    if (entry.voters.includes(a as Address)) {
      out.push({ entryId: entry.entryId, role: "owner" });
      seen.add(entry.entryId);
    }
  }
  const proxyOf = new Map<number, string>();
  for (const ev of votingEvents) {
    if (ev.eventName === "MandateRegistered" && ev.args.proposalId === proposalId) {
      proxyOf.set(ev.args.entryId, ev.args.proxy.toLowerCase());
    }
  }
  for (const [entryId, proxy] of [...proxyOf].sort((x, y) => x[0] - y[0])) {
    if (proxy === a && !seen.has(entryId)) out.push({ entryId, role: "proxy" });
  }
  return out;
}

// ── evaluation ─────────────────────────────────────────────────────────────────────────────

const OUTCOME_NAME: Record<number, Outcome | undefined> = {
  [OutcomeCode.Passed]: "Passed",
  [OutcomeCode.Rejected]: "Rejected",
  [OutcomeCode.NoQuorum]: "NoQuorum",
};

function totalsOf(x: { rollRoot: Hex; totalAreaCm2: bigint; totalHeadcount: number; entryCount: number }): RollTotals {
  return { root: x.rollRoot, totalAreaCm2: x.totalAreaCm2, totalHeadcount: x.totalHeadcount, entryCount: x.entryCount };
}

function sameTotals(a: RollTotals, b: RollTotals): Problem[] {
  const out: Problem[] = [];
  if (a.root.toLowerCase() !== b.root.toLowerCase()) out.push({ code: "ROOT_DIFFERS", params: { a: a.root, b: b.root } });
  if (a.totalAreaCm2 !== b.totalAreaCm2) {
    out.push({ code: "AREA_DIFFERS", params: { a: a.totalAreaCm2.toString(), b: b.totalAreaCm2.toString() } });
  }
  if (a.totalHeadcount !== b.totalHeadcount) {
    out.push({ code: "HEADCOUNT_DIFFERS", params: { a: a.totalHeadcount, b: b.totalHeadcount } });
  }
  if (a.entryCount !== b.entryCount) out.push({ code: "ENTRY_COUNT_DIFFERS", params: { a: a.entryCount, b: b.entryCount } });
  return out;
}

export interface EvaluateProposalParameters {
  readonly proposalId: bigint;
  readonly at: RollAtPublish;
  readonly votingEvents: readonly VotingEvent[];
  readonly onChain: OnChainState | null;
  readonly address?: Address;
  /** entryId → the choice the caller believes it cast. */
  readonly expectedChoices?: ReadonlyMap<number, number>;
  readonly chainId?: number;
  readonly fromBlock?: bigint;
  readonly toBlock?: bigint;
}

export function evaluateProposal(params: EvaluateProposalParameters): VerificationReport {
  const { proposalId, at, onChain } = params;
  const published = at.published;
  const input: ProposalInput | null = published?.args.input ?? null;
  const votingEvents = params.votingEvents.filter((e) => e.args.proposalId === proposalId);

  // 1. roll
  const rollProblems: Problem[] = [...at.problems];
  const publishedTotals = input ? totalsOf(input) : null;
  const rebuilt = at.roll
    ? { root: at.roll.root, totalAreaCm2: at.roll.totalAreaCm2, totalHeadcount: at.roll.totalHeadcount, entryCount: at.roll.entryCount }
    : null;
  const stored = onChain ? totalsOf(onChain.proposal) : null;
  if (publishedTotals && rebuilt) rollProblems.push(...sameTotals(rebuilt, publishedTotals));
  if (publishedTotals && stored) {
    for (const p of sameTotals(stored, publishedTotals)) rollProblems.push({ code: `STORED_${p.code}`, params: p.params });
  }
  if (input && onChain === null) rollProblems.push({ code: "PROPOSAL_NOT_ON_CHAIN" });
  const roll: Check<RollDetails> = {
    ok: rollProblems.length === 0,
    problems: rollProblems,
    details: {
      published: publishedTotals,
      rebuilt,
      stored,
      publishBlock: published?.blockNumber ?? null,
      unitCount: at.community?.units.size ?? 0,
      bindingCount: at.community?.bindings.size ?? 0,
      excludeParkingArea: at.community?.settings.excludeParkingArea ?? null,
      anomalies: at.anomalies,
    },
  };

  // 2. recount
  const optionCount = input?.options.length ?? onChain?.proposal.optionCount ?? 0;
  const ballotEvents = votingEvents.filter((e): e is EventOf<VotingEvent, "BallotCast"> => e.eventName === "BallotCast");
  const counted: RecountResult = recount({ proposalId, optionCount, events: ballotEvents });
  const recountProblems: Problem[] = [];
  if (input === null) recountProblems.push({ code: "PROPOSAL_NOT_PUBLISHED" });
  const onChainTallies = onChain?.tallies ?? [];
  const mismatches = onChain ? compareTallies(counted.tallies, onChainTallies) : [];
  for (const m of mismatches) {
    recountProblems.push({
      code: "TALLY_DIFFERS",
      params: {
        option: m.option,
        recountedArea: m.recounted?.areaCm2.toString() ?? "-",
        recountedHeadcount: m.recounted?.headcount ?? "-",
        onChainArea: m.onChain?.areaCm2.toString() ?? "-",
        onChainHeadcount: m.onChain?.headcount ?? "-",
      },
    });
  }
  if (onChain === null && input !== null) recountProblems.push({ code: "PROPOSAL_NOT_ON_CHAIN" });
  for (const b of counted.badChoices) recountProblems.push({ code: "BAD_CHOICE", params: { entryId: b.entryId, choice: b.choice } });
  if (at.roll) {
    for (const b of counted.counted.values()) {
      const entry = at.roll.entries[b.entryId];
      if (entry === undefined) {
        recountProblems.push({ code: "BALLOT_NOT_IN_ROLL", params: { entryId: b.entryId } });
      } else if (entry.areaCm2 !== b.areaCm2 || entry.headcount !== b.headcount) {
        recountProblems.push({
          code: "BALLOT_WEIGHT_DIFFERS",
          params: { entryId: b.entryId, area: b.areaCm2.toString(), rollArea: entry.areaCm2.toString() },
        });
      }
    }
  }
  const recountCheck: Check<RecountDetails> = {
    ok: recountProblems.length === 0,
    problems: recountProblems,
    details: {
      recounted: counted.tallies,
      onChain: onChainTallies,
      mismatches,
      countedBallots: counted.counted.size,
      ballotEvents: counted.eventCount,
      counted: counted.counted,
    },
  };

  // 3. result
  const resultProblems: Problem[] = [];
  let computed: ResultSummary | null = null;
  if (input !== null && isMatter(input.matter)) {
    try {
      const r = computeResult({
        matter: input.matter,
        totalAreaCm2: input.totalAreaCm2,
        totalHeadcount: input.totalHeadcount,
        options: counted.tallies,
        namedChoice: input.namedChoice,
      });
      computed = {
        outcome: r.outcome,
        winningOption: r.winningOption,
        participatingAreaCm2: r.participation.areaCm2,
        participatingHeadcount: r.participation.headcount,
        quorumMet: r.quorumMet,
      };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      resultProblems.push({ code: "COMPUTE_FAILED", params: { reason: err.code, zh: err.zh, en: err.en } });
    }
  } else {
    resultProblems.push({ code: input === null ? "PROPOSAL_NOT_PUBLISHED" : "BAD_MATTER" });
  }
  // The latest ProposalTallied is in force unless the vote was extended after it.
  let tallied: EventOf<VotingEvent, "ProposalTallied"> | null = null;
  let extendedAfter: LogPosition | null = null;
  let finalised: EventOf<VotingEvent, "ProposalFinalised"> | null = null;
  for (const ev of [...votingEvents].sort(comparePositions)) {
    if (ev.eventName === "ProposalTallied") {
      tallied = ev;
      extendedAfter = null;
    } else if (ev.eventName === "VotingExtended" && tallied !== null) {
      extendedAfter = ev;
    } else if (ev.eventName === "ProposalFinalised") {
      finalised = ev;
    }
  }
  if (extendedAfter !== null) tallied = null;
  let onChainResult: ResultSummary | null = null;
  if (tallied !== null) {
    const outcome = OUTCOME_NAME[tallied.args.outcome];
    if (outcome === undefined) {
      resultProblems.push({ code: "BAD_OUTCOME", params: { outcome: tallied.args.outcome } });
    } else {
      onChainResult = {
        outcome,
        winningOption: outcome === "Passed" ? tallied.args.winningOption : null,
        participatingAreaCm2: tallied.args.participatingAreaCm2,
        participatingHeadcount: tallied.args.participatingHeadcount,
        quorumMet: tallied.args.quorumMet,
      };
    }
    if (computed && onChainResult) {
      if (computed.outcome !== onChainResult.outcome) {
        resultProblems.push({ code: "OUTCOME_DIFFERS", params: { computed: computed.outcome, onChain: onChainResult.outcome } });
      }
      if (computed.winningOption !== onChainResult.winningOption) {
        resultProblems.push({
          code: "WINNER_DIFFERS",
          params: { computed: computed.winningOption ?? "-", onChain: onChainResult.winningOption ?? "-" },
        });
      }
      if (
        computed.participatingAreaCm2 !== onChainResult.participatingAreaCm2 ||
        computed.participatingHeadcount !== onChainResult.participatingHeadcount
      ) {
        resultProblems.push({
          code: "PARTICIPATION_DIFFERS",
          params: {
            computedArea: computed.participatingAreaCm2.toString(),
            onChainArea: onChainResult.participatingAreaCm2.toString(),
            computedHeadcount: computed.participatingHeadcount,
            onChainHeadcount: onChainResult.participatingHeadcount,
          },
        });
      }
      if (computed.quorumMet !== onChainResult.quorumMet) resultProblems.push({ code: "QUORUM_DIFFERS" });
    }
    if (onChain && onChainResult) {
      const p = onChain.proposal;
      if (p.outcome !== OUTCOME_CODE[onChainResult.outcome]) {
        resultProblems.push({ code: "STORED_OUTCOME_DIFFERS", params: { stored: p.outcome } });
      } else if (onChainResult.outcome === "Passed" && p.winningOption !== onChainResult.winningOption) {
        resultProblems.push({ code: "STORED_WINNER_DIFFERS", params: { stored: p.winningOption } });
      }
    }
  } else if (onChain && onChain.proposal.outcome !== OutcomeCode.None && extendedAfter === null) {
    resultProblems.push({ code: "STORED_OUTCOME_WITHOUT_TALLY", params: { stored: onChain.proposal.outcome } });
  }
  if (finalised !== null && onChainResult !== null && OUTCOME_NAME[finalised.args.outcome] !== onChainResult.outcome) {
    resultProblems.push({ code: "FINAL_OUTCOME_DIFFERS" });
  }
  const result: Check<ResultDetails> = {
    ok: resultProblems.length === 0,
    problems: resultProblems,
    details: {
      computed,
      onChain: onChainResult,
      tallied: tallied !== null,
      final: finalised !== null && tallied !== null,
      talliedBlock: tallied?.blockNumber ?? null,
    },
  };

  // 4. my ballot
  let myBallot: Check<MyBallotDetails> | null = null;
  if (params.address !== undefined) {
    const address = params.address.toLowerCase() as Address;
    const refs = addressEntries(at, params.votingEvents, proposalId, address);
    const problems: Problem[] = [];
    let mismatch = false;
    if (refs.length === 0) problems.push({ code: "NOT_IN_ROLL", params: { address } });
    const entries: MyEntry[] = refs.map((ref) => {
      const entry = at.roll?.entries[ref.entryId];
      const c = counted.counted.get(ref.entryId) ?? null;
      const chainBallot = onChain?.ballots.get(ref.entryId) ?? null;
      const expected = params.expectedChoices?.get(ref.entryId) ?? null;
      if (c === null) {
        problems.push({ code: "NO_BALLOT", params: { entryId: ref.entryId } });
        if (chainBallot !== null && chainBallot.kind !== BallotKind.None) {
          mismatch = true;
          problems.push({ code: "CHAIN_STATE_DISAGREES", params: { entryId: ref.entryId } });
        }
      } else {
        if (chainBallot !== null && (chainBallot.choice !== c.choice || chainBallot.kind !== c.kind)) {
          mismatch = true;
          problems.push({ code: "CHAIN_STATE_DISAGREES", params: { entryId: ref.entryId } });
        }
        if (expected !== null && expected !== c.choice && c.kind === BallotKind.Electronic) {
          mismatch = true;
          problems.push({ code: "CHOICE_DIFFERS", params: { entryId: ref.entryId, expected, counted: c.choice } });
        }
      }
      return {
        entryId: ref.entryId,
        role: ref.role,
        areaCm2: entry?.areaCm2 ?? 0n,
        headcount: entry?.headcount ?? 0,
        unitLabels: (entry?.unitIds ?? []).map((u) => at.community?.units.get(u)?.label ?? String(u)),
        counted: c,
        onChain: chainBallot,
        expectedChoice: expected,
      };
    });
    myBallot = { ok: problems.length === 0, problems, details: { address, entries, mismatch } };
  }

  return {
    proposalId,
    proposal: input
      ? {
          proposalId,
          communityId: input.communityId,
          matter: input.matter,
          title: input.title,
          options: input.options,
          namedChoice: input.namedChoice,
          votingStart: input.votingStart,
          votingEnd: input.votingEnd,
          publishedAt: published?.args.publishedAt ?? 0n,
        }
      : null,
    chainId: params.chainId ?? null,
    fromBlock: params.fromBlock ?? null,
    toBlock: params.toBlock ?? null,
    roll,
    recount: recountCheck,
    result,
    myBallot,
    objections: objectionsOf(votingEvents, proposalId),
    ok: roll.ok && recountCheck.ok && result.ok && !(myBallot?.details.mismatch ?? false),
  };
}

/** The proposal's objections and their answers, from ObjectionFiled and ObjectionAnswered. */
function objectionsOf(votingEvents: readonly VotingEvent[], proposalId: bigint): ObjectionFact[] {
  const byId = new Map<number, ObjectionFact>();
  for (const ev of [...votingEvents].sort(comparePositions)) {
    if (ev.eventName === "ObjectionFiled" && ev.args.proposalId === proposalId) {
      byId.set(ev.args.objectionId, {
        objectionId: ev.args.objectionId,
        entryId: ev.args.entryId,
        signer: ev.args.signer,
        textHash: ev.args.textHash,
        answerHash: null,
        block: ev.blockNumber,
      });
    } else if (ev.eventName === "ObjectionAnswered" && ev.args.proposalId === proposalId) {
      const filed = byId.get(ev.args.objectionId);
      if (filed) byId.set(ev.args.objectionId, { ...filed, answerHash: ev.args.answerHash });
    }
  }
  return [...byId.values()].sort((a, b) => a.objectionId - b.objectionId);
}

// ── I/O ────────────────────────────────────────────────────────────────────────────────────

export async function readOnChainState(
  client: PublicClient,
  voting: Address,
  proposalId: bigint,
  entryIds: readonly number[],
  blockNumber: bigint,
): Promise<OnChainState | null> {
  let proposal: OnChainProposal;
  try {
    proposal = (await client.readContract({
      address: voting,
      abi: ownerVotingAbi,
      functionName: "getProposal",
      args: [proposalId],
      blockNumber,
    }));
  } catch {
    return null; // VotingUnknownProposal
  }
  const tallies = await Promise.all(
    Array.from({ length: proposal.optionCount }, (_, i) =>
      client.readContract({
        address: voting,
        abi: ownerVotingAbi,
        functionName: "tallyOf",
        args: [proposalId, i],
        blockNumber,
      }),
    ),
  );
  const ballots = new Map<number, { choice: number; kind: number; nonce: number }>();
  await Promise.all(
    entryIds.map(async (entryId) => {
      const [choice, kind, nonce] = await client.readContract({
        address: voting,
        abi: ownerVotingAbi,
        functionName: "ballotOf",
        args: [proposalId, entryId],
        blockNumber,
      });
      ballots.set(entryId, { choice, kind, nonce });
    }),
  );
  return {
    proposal,
    tallies: tallies.map((t) => ({ areaCm2: BigInt(t.areaCm2), headcount: Number(t.headcount) })),
    ballots,
  };
}

export interface VerifyProposalParameters extends ReadChainParameters {
  readonly proposalId: bigint;
  readonly address?: Address;
  readonly expectedChoices?: ReadonlyMap<number, number>;
}

/** Reads the chain and verifies one proposal. Throws only if the node cannot be read. */
export async function verifyProposal(params: VerifyProposalParameters): Promise<VerificationReport> {
  const chain = await readChain(params);
  const at = rollAtPublish({
    proposalId: params.proposalId,
    registryEvents: chain.registryEvents,
    votingEvents: chain.votingEvents,
  });
  const refs = params.address ? addressEntries(at, chain.votingEvents, params.proposalId, params.address) : [];
  const onChain = await readOnChainState(
    chain.client,
    params.voting,
    params.proposalId,
    refs.map((r) => r.entryId),
    chain.toBlock,
  );
  return evaluateProposal({
    proposalId: params.proposalId,
    at,
    votingEvents: chain.votingEvents,
    onChain,
    address: params.address,
    expectedChoices: params.expectedChoices,
    chainId: chain.chainId,
    fromBlock: chain.fromBlock,
    toBlock: chain.toBlock,
  });
}

/**
 * The whole check of one proposal, as `npm run verify -- proposal <id>` makes it: the node is
 * reachable and on the expected chain, the contracts and the proposal exist, then the roll,
 * recount and result from chain data alone (verifyProposal.ts), the proposal's text against its
 * on-chain hash, and, if an API is given, its summary and every ballot it shows against the chain.
 *
 * The result is language-free (codes and values); reportText.ts words it in zh-CN or English.
 */
import { BaseError, type PublicClient } from "viem";
import {
  ApiUnreachableError,
  chainAddresses,
  compareBallots,
  compareSummary,
  fetchApiView,
  type BallotDifference,
  type FetchLike,
} from "./compareWithApi";
import type { Address, EventOf, ProposalInput, VotingEvent } from "./events";
import {
  checkChainId,
  checkContracts,
  checkProposalExists,
  createProbeClient,
  probeNode,
  shortError,
  type CheckFailure,
} from "./reachability";
import { createVerifierClient, readChain } from "./readChain";
import { recount } from "./recount";
import { checkText, type TextSource } from "./textCheck";
import { evaluateProposal, readOnChainState, rollAtPublish, type Problem, type VerificationReport } from "./verifyProposal";

/** Where the contract addresses came from. */
export type AddressSource = { readonly kind: "file"; readonly path: string } | { readonly kind: "flags" };

export type CheckId = "roll" | "recount" | "result" | "text" | "apiSummary" | "apiBallots";

export interface ProposalCheck {
  readonly id: CheckId;
  readonly status: "ok" | "failed" | "skipped";
  /** What was found (ok) or why it was skipped, as one line. */
  readonly summary: Problem;
  /** Why it failed; empty when ok. */
  readonly problems: readonly Problem[];
}

export interface ProposalCheckReport {
  readonly proposalId: bigint;
  readonly node: {
    readonly url: string;
    readonly chainId: number | null;
    readonly fromBlock: bigint;
    /** Logs and state were read up to and including this block. */
    readonly toBlock: bigint | null;
  };
  readonly addresses: {
    readonly source: AddressSource;
    readonly registry: Address;
    readonly voting: Address;
    readonly fromBlock: bigint;
    /** The chain id the addresses are for (from the deployment file), if known. */
    readonly expectedChainId: number | null;
  };
  readonly api: { readonly url: string } | null;
  /** Why the check could not be made (exit 2), or null. */
  readonly failure: CheckFailure | null;
  readonly title: string | null;
  readonly options: readonly string[];
  readonly checks: readonly ProposalCheck[];
  readonly ballotDifferences: readonly BallotDifference[];
  /** Unit labels of each roll entry, for naming entries in the report. */
  readonly entryLabels: ReadonlyMap<number, readonly string[]>;
  readonly verification: VerificationReport | null;
  /** 0: every check that ran matched; 1: something does not match; 2: could not check. */
  readonly exitCode: 0 | 1 | 2;
}

export interface CheckProposalParameters {
  readonly rpcUrl: string;
  readonly registry: Address;
  readonly voting: Address;
  readonly fromBlock: bigint;
  readonly addressSource: AddressSource;
  readonly expectedChainId?: number;
  readonly proposalId: bigint;
  /** The proposal's full text from a file (instead of the API's copy). */
  readonly text?: { readonly body: string; readonly path: string };
  readonly apiUrl?: string;
  readonly fetch?: FetchLike;
  /** Per request to the node (the first ones) and to the API. */
  readonly timeoutMs?: number;
  readonly client?: PublicClient;
}

function exitCodeOf(failure: CheckFailure | null, checks: readonly ProposalCheck[]): 0 | 1 | 2 {
  if (checks.some((c) => c.status === "failed")) return 1;
  return failure !== null ? 2 : 0;
}

export async function checkProposal(p: CheckProposalParameters): Promise<ProposalCheckReport> {
  let chainId: number | null = null;
  let toBlock: bigint | null = null;
  let title: string | null = null;
  let options: readonly string[] = [];
  let verification: VerificationReport | null = null;
  let ballotDifferences: readonly BallotDifference[] = [];
  const entryLabels = new Map<number, readonly string[]>();
  const checks: ProposalCheck[] = [];
  const done = (failure: CheckFailure | null): ProposalCheckReport => ({
    proposalId: p.proposalId,
    node: { url: p.rpcUrl, chainId, fromBlock: p.fromBlock, toBlock },
    addresses: {
      source: p.addressSource,
      registry: p.registry,
      voting: p.voting,
      fromBlock: p.fromBlock,
      expectedChainId: p.expectedChainId ?? null,
    },
    api: p.apiUrl !== undefined ? { url: p.apiUrl } : null,
    failure,
    title,
    options,
    checks,
    ballotDifferences,
    entryLabels,
    verification,
    exitCode: exitCodeOf(failure, checks),
  });

  // 1. the node, the chain, the contracts, the record
  const probe = p.client ?? createProbeClient(p.rpcUrl, p.timeoutMs);
  const probed = await probeNode(probe, p.rpcUrl);
  if (!probed.ok) return done(probed.failure);
  chainId = probed.node.chainId;
  const head = probed.node.head;
  // A node that stops answering half-way is unreachable too; anything but a viem error is a bug.
  const unreachable = (err: unknown): CheckFailure => {
    if (!(err instanceof BaseError)) throw err;
    return { kind: "NODE_UNREACHABLE", url: p.rpcUrl, reason: shortError(err) };
  };
  const wrongChain = checkChainId(p.expectedChainId, chainId);
  if (wrongChain) return done(wrongChain);
  try {
    const missing =
      (await checkContracts(probe, { registry: p.registry, voting: p.voting }, head)) ??
      (await checkProposalExists(probe, p.voting, p.proposalId, head));
    if (missing) return done(missing);
  } catch (err) {
    return done(unreachable(err));
  }

  // 2. every log up to the head, and the contract's state there
  let report: VerificationReport;
  let counted: ReturnType<typeof recount>["counted"];
  let proxies: Address[];
  let rollVoters: (readonly Address[])[];
  let input: ProposalInput;
  try {
    const chain = await readChain({
      client: p.client ?? createVerifierClient(p.rpcUrl),
      registry: p.registry,
      voting: p.voting,
      fromBlock: p.fromBlock,
      toBlock: head,
    });
    toBlock = chain.toBlock;
    const at = rollAtPublish({ proposalId: p.proposalId, registryEvents: chain.registryEvents, votingEvents: chain.votingEvents });
    if (at.published === null) {
      return done({
        kind: "RECORD_NOT_FOUND",
        proposalId: p.proposalId,
        proposalCount: 0n,
        reason: "NOT_IN_BLOCKS",
        fromBlock: p.fromBlock,
        toBlock: chain.toBlock,
      });
    }
    const onChain = await readOnChainState(chain.client, p.voting, p.proposalId, [], chain.toBlock);
    report = evaluateProposal({
      proposalId: p.proposalId,
      at,
      votingEvents: chain.votingEvents,
      onChain,
      chainId: chain.chainId,
      fromBlock: chain.fromBlock,
      toBlock: chain.toBlock,
    });
    input = at.published.args.input;
    counted = recount({
      proposalId: p.proposalId,
      optionCount: input.options.length,
      events: chain.votingEvents.filter((e): e is EventOf<VotingEvent, "BallotCast"> => e.eventName === "BallotCast"),
    }).counted;
    proxies = chain.votingEvents
      .filter((e): e is EventOf<VotingEvent, "MandateRegistered"> => e.eventName === "MandateRegistered" && e.args.proposalId === p.proposalId)
      .map((e) => e.args.proxy);
    rollVoters = (at.roll?.entries ?? []).map((e) => e.voters);
    for (const e of at.roll?.entries ?? []) {
      entryLabels.set(e.entryId, e.unitIds.map((u) => at.community?.units.get(u)?.label ?? String(u)));
    }
  } catch (err) {
    return done(unreachable(err));
  }
  verification = report;
  title = input.title;
  options = input.options;

  // 3. roll, recount, result
  const rd = report.roll.details;
  checks.push({
    id: "roll",
    status: report.roll.ok ? "ok" : "failed",
    summary: {
      code: "ROLL_OK",
      params: {
        root: rd.published?.root ?? "-",
        area: (rd.published?.totalAreaCm2 ?? 0n).toString(),
        headcount: rd.published?.totalHeadcount ?? 0,
        entries: rd.published?.entryCount ?? 0,
        block: rd.publishBlock?.toString() ?? "-",
      },
    },
    problems: report.roll.problems,
  });
  const rc = report.recount.details;
  checks.push({
    id: "recount",
    status: report.recount.ok ? "ok" : "failed",
    summary: {
      code: "RECOUNT_OK",
      params: {
        events: rc.ballotEvents,
        counted: rc.countedBallots,
      },
    },
    problems: report.recount.problems,
  });
  const res = report.result.details;
  const shown = res.onChain ?? res.computed;
  checks.push({
    id: "result",
    status: report.result.ok ? "ok" : "failed",
    summary: {
      code: res.tallied ? (res.final ? "RESULT_OK_FINAL" : "RESULT_OK_PROVISIONAL") : "RESULT_OK_NOT_TALLIED",
      params: {
        outcome: shown?.outcome ?? "-",
        winner: shown?.winningOption === null || shown?.winningOption === undefined ? "-" : (options[shown.winningOption] ?? `#${shown.winningOption}`),
      },
    },
    problems: report.result.problems,
  });

  // 4. the API's copy (fetched before the text check, which may use its text)
  const onChainHash = input.textHash;
  let apiText: { text: string | null; url: string } | null = null;
  let failure: CheckFailure | null = null;
  if (p.apiUrl !== undefined) {
    try {
      const api = await fetchApiView({
        url: p.apiUrl,
        proposalId: p.proposalId,
        addresses: chainAddresses(rollVoters, proxies),
        fetch: p.fetch,
        timeoutMs: p.timeoutMs,
      });
      apiText = api.proposal ? { text: api.proposal.text, url: api.url } : null;
      const summaryProblems = compareSummary({
        input,
        onChainTallies: rc.onChain,
        onChainResult: res.onChain,
        api: api.proposal,
      });
      // The API's text is the text check's source unless a file is given: do not report it twice.
      if (p.text !== undefined && api.proposal?.text !== undefined) {
        const t = checkText(api.proposal.text, onChainHash, { kind: "api", url: api.url });
        if (!t.ok) summaryProblems.push({ code: "API_TEXT_DIFFERS", params: { textHash: t.textHash ?? "-" } });
      }
      checks.push({
        id: "apiSummary",
        status: summaryProblems.length === 0 ? "ok" : "failed",
        summary: { code: "API_SUMMARY_OK", params: { url: api.url } },
        problems: summaryProblems,
      });
      const cmp = compareBallots({ counted, api });
      ballotDifferences = cmp.differences;
      checks.push({
        id: "apiBallots",
        status: api.proposal !== null && cmp.differences.length === 0 ? "ok" : api.proposal === null ? "skipped" : "failed",
        summary:
          api.proposal === null
            ? { code: "API_BALLOTS_SKIPPED_NO_PROPOSAL" }
            : {
                code: cmp.notShown.length > 0 ? "API_BALLOTS_OK_SOME_NOT_SHOWN" : "API_BALLOTS_OK",
                params: { compared: cmp.compared, counted: counted.size, addresses: api.addressesAsked, notShown: cmp.notShown.join(", ") },
              },
        problems: cmp.differences.map((d) => ({ code: "API_BALLOT_DIFFERS", params: { entryId: d.entryId } })),
      });
    } catch (err) {
      if (!(err instanceof ApiUnreachableError)) throw err;
      failure = { kind: "API_UNREACHABLE", url: err.url, reason: err.reason };
    }
  }

  // 5. the text against its hash
  let textCheck: ProposalCheck;
  const source: TextSource | null =
    p.text !== undefined ? { kind: "file", path: p.text.path } : apiText !== null ? { kind: "api", url: apiText.url } : null;
  if (source === null) {
    textCheck = {
      id: "text",
      status: "skipped",
      summary: { code: p.apiUrl !== undefined ? "TEXT_SKIPPED_API_FAILED" : "TEXT_SKIPPED", params: { hash: onChainHash } },
      problems: [],
    };
  } else {
    const t = checkText(p.text !== undefined ? p.text.body : (apiText?.text ?? null), onChainHash, source);
    textCheck = {
      id: "text",
      status: t.ok ? "ok" : "failed",
      summary: {
        code: source.kind === "file" ? "TEXT_OK_FILE" : "TEXT_OK_API",
        params: { hash: onChainHash, source: source.kind === "file" ? source.path : source.url },
      },
      problems: t.problems.map((x) => ({ code: x.code, params: { ...x.params, source: source.kind } })),
    };
  }
  checks.splice(3, 0, textCheck);
  return done(failure);
}

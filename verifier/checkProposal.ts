/**
 * The whole check of one proposal, as `npm run verify -- proposal <id>` makes it: the node is
 * reachable and on the expected chain, the contracts and the proposal exist, then the roll,
 * recount and result from chain data alone (verifyProposal.ts), the proposal's text against its
 * on-chain hash, and, if an API is given, its summary and every ballot it shows against the chain.
 *
 * The result is language-free (codes and values); reportText.ts words it in zh-CN or English.
 * Nothing here needs Node: the verify page runs the same steps in the browser, in three calls so
 * that it can show each part as soon as it is known: `checkChain` (the chain alone), then
 * `checkApiSummary` (the API's proposal and text) and `checkApiBallots` (every ballot it shows).
 * `checkProposal` runs the three.
 */
import { BaseError, type PublicClient } from "viem";
import {
  ApiUnreachableError,
  chainAddresses,
  compareBallots,
  compareSummary,
  fetchApiBallots,
  fetchApiProposal,
  type ApiProposal,
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
import type { CountedBallot } from "./recount";
import { checkText, type TextCheck } from "./textCheck";
import { addressEntries, evaluateProposal, readOnChainState, rollAtPublish, type Problem, type VerificationReport } from "./verifyProposal";

/**
 * Where the contract addresses came from: a deployment file or the command's flags (the CLI);
 * the server's /api/config, the link the page was opened with, or the user's own entry (the page).
 */
export type AddressSource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "flags" }
  | { readonly kind: "apiConfig"; readonly url: string }
  | { readonly kind: "link" }
  | { readonly kind: "entered" };

/** A step of the check, for a progress display. */
export type CheckStep =
  | { readonly step: "node" }
  | { readonly step: "logs"; readonly doneBlocks: bigint; readonly totalBlocks: bigint }
  | { readonly step: "state" }
  | { readonly step: "apiSummary" }
  | { readonly step: "apiBallots"; readonly doneAddresses: number; readonly totalAddresses: number };

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
  /** The signed-in owner's entries whose ballot the API shows otherwise than the chain (with `address`). */
  readonly myBallotDifferences: readonly BallotDifference[];
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
  /** Also check this address's ballot (as verifyProposal does); the API's record of it too. */
  readonly address?: Address;
  /** entryId → the choice the owner believes they cast (e.g. what this browser signed). */
  readonly expectedChoices?: ReadonlyMap<number, number>;
  readonly onProgress?: (step: CheckStep) => void;
}

/** What the API steps need from the chain step. */
export interface ChainFacts {
  readonly input: ProposalInput;
  readonly counted: ReadonlyMap<number, CountedBallot>;
  /** Addresses that may vote for some entry, by the chain. */
  readonly addresses: readonly Address[];
  /** The entries of `address`, if one was given. */
  readonly myEntries: readonly number[];
}

export interface ChainCheckResult {
  readonly report: ProposalCheckReport;
  /** null: the check could not be made (report.failure says why). */
  readonly facts: ChainFacts | null;
}

function exitCodeOf(failure: CheckFailure | null, checks: readonly ProposalCheck[]): 0 | 1 | 2 {
  if (checks.some((c) => c.status === "failed")) return 1;
  return failure !== null ? 2 : 0;
}

/** The whole check: the chain, then (with `apiUrl`) the API's summary, text and every ballot. */
export async function checkProposal(p: CheckProposalParameters): Promise<ProposalCheckReport> {
  const chain = await checkChain(p);
  if (chain.facts === null) return chain.report;
  const summary = await checkApiSummary(p, chain.report, chain.facts);
  if (p.apiUrl === undefined || summary.failure !== null) return summary.report;
  if (summary.api === null) {
    return withCheck(summary.report, { id: "apiBallots", status: "skipped", summary: { code: "API_BALLOTS_SKIPPED_NO_PROPOSAL" }, problems: [] });
  }
  return checkApiBallots(p, summary.report, chain.facts);
}

/** The node, the chain, the contracts, the record; then roll, recount, result (and a text file). */
export async function checkChain(p: CheckProposalParameters): Promise<ChainCheckResult> {
  let chainId: number | null = null;
  let toBlock: bigint | null = null;
  const checks: ProposalCheck[] = [];
  const entryLabels = new Map<number, readonly string[]>();
  const fail = (failure: CheckFailure): ChainCheckResult => ({
    report: emptyReport(p, { chainId, toBlock, failure, checks, entryLabels }),
    facts: null,
  });

  // 1. the node, the chain, the contracts, the record
  p.onProgress?.({ step: "node" });
  const probe = p.client ?? createProbeClient(p.rpcUrl, p.timeoutMs);
  const probed = await probeNode(probe, p.rpcUrl);
  if (!probed.ok) return fail(probed.failure);
  chainId = probed.node.chainId;
  const head = probed.node.head;
  // A node that stops answering half-way is unreachable too; anything but a viem error is a bug.
  const unreachable = (err: unknown): CheckFailure => {
    if (!(err instanceof BaseError)) throw err;
    return { kind: "NODE_UNREACHABLE", url: p.rpcUrl, reason: shortError(err) };
  };
  const wrongChain = checkChainId(p.expectedChainId, chainId);
  if (wrongChain) return fail(wrongChain);
  try {
    const missing =
      (await checkContracts(probe, { registry: p.registry, voting: p.voting }, head)) ??
      (await checkProposalExists(probe, p.voting, p.proposalId, head));
    if (missing) return fail(missing);
  } catch (err) {
    return fail(unreachable(err));
  }

  // 2. every log up to the head, and the contract's state there
  let report: VerificationReport;
  let facts: ChainFacts;
  try {
    const chain = await readChain({
      client: p.client ?? createVerifierClient(p.rpcUrl),
      registry: p.registry,
      voting: p.voting,
      fromBlock: p.fromBlock,
      toBlock: head,
      chainId,
      onProgress: (doneBlocks, totalBlocks) => p.onProgress?.({ step: "logs", doneBlocks, totalBlocks }),
    });
    toBlock = chain.toBlock;
    p.onProgress?.({ step: "state" });
    const at = rollAtPublish({ proposalId: p.proposalId, registryEvents: chain.registryEvents, votingEvents: chain.votingEvents });
    if (at.published === null) {
      return fail({
        kind: "RECORD_NOT_FOUND",
        proposalId: p.proposalId,
        proposalCount: 0n,
        reason: "NOT_IN_BLOCKS",
        fromBlock: p.fromBlock,
        toBlock: chain.toBlock,
      });
    }
    const myEntries = p.address ? addressEntries(at, chain.votingEvents, p.proposalId, p.address).map((r) => r.entryId) : [];
    const onChain = await readOnChainState(chain.client, p.voting, p.proposalId, myEntries, chain.toBlock);
    report = evaluateProposal({
      proposalId: p.proposalId,
      at,
      votingEvents: chain.votingEvents,
      onChain,
      address: p.address,
      expectedChoices: p.expectedChoices,
      chainId: chain.chainId,
      fromBlock: chain.fromBlock,
      toBlock: chain.toBlock,
    });
    const proxies = chain.votingEvents
      .filter((e): e is EventOf<VotingEvent, "MandateRegistered"> => e.eventName === "MandateRegistered" && e.args.proposalId === p.proposalId)
      .map((e) => e.args.proxy);
    for (const e of at.roll?.entries ?? []) {
      entryLabels.set(e.entryId, e.unitIds.map((u) => at.community?.units.get(u)?.label ?? String(u)));
    }
    facts = {
      input: at.published.args.input,
      counted: report.recount.details.counted,
      addresses: chainAddresses((at.roll?.entries ?? []).map((e) => e.voters), proxies),
      myEntries,
    };
  } catch (err) {
    return fail(unreachable(err));
  }
  const { input } = facts;

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
    summary: { code: "RECOUNT_OK", params: { events: rc.ballotEvents, counted: rc.countedBallots } },
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
        winner: shown?.winningOption === null || shown?.winningOption === undefined ? "-" : (input.options[shown.winningOption] ?? `#${shown.winningOption}`),
      },
    },
    problems: report.result.problems,
  });
  // 4. the text: a file's now; the API's once it is read (checkApiSummary)
  checks.push(
    p.text !== undefined
      ? textCheckOf(checkText(p.text.body, input.textHash, { kind: "file", path: p.text.path }))
      : {
          id: "text",
          status: "skipped",
          summary: { code: p.apiUrl !== undefined ? "TEXT_SKIPPED_API_FAILED" : "TEXT_SKIPPED", params: { hash: input.textHash } },
          problems: [],
        },
  );
  return {
    report: {
      ...emptyReport(p, { chainId, toBlock, failure: null, checks, entryLabels }),
      title: input.title,
      options: input.options,
      verification: report,
    },
    facts,
  };
}

function textCheckOf(t: TextCheck): ProposalCheck {
  const source = t.source;
  return {
    id: "text",
    status: t.ok ? "ok" : "failed",
    summary: {
      code: source.kind === "file" ? "TEXT_OK_FILE" : "TEXT_OK_API",
      params: { hash: t.onChainHash, source: source.kind === "file" ? source.path : source.url },
    },
    problems: t.problems.map((x) => ({ code: x.code, params: { ...x.params, source: source.kind } })),
  };
}

function emptyReport(
  p: CheckProposalParameters,
  s: {
    chainId: number | null;
    toBlock: bigint | null;
    failure: CheckFailure | null;
    checks: readonly ProposalCheck[];
    entryLabels: ReadonlyMap<number, readonly string[]>;
  },
): ProposalCheckReport {
  return {
    proposalId: p.proposalId,
    node: { url: p.rpcUrl, chainId: s.chainId, fromBlock: p.fromBlock, toBlock: s.toBlock },
    addresses: {
      source: p.addressSource,
      registry: p.registry,
      voting: p.voting,
      fromBlock: p.fromBlock,
      expectedChainId: p.expectedChainId ?? null,
    },
    api: p.apiUrl !== undefined ? { url: p.apiUrl } : null,
    failure: s.failure,
    title: null,
    options: [],
    checks: s.checks,
    ballotDifferences: [],
    myBallotDifferences: [],
    entryLabels: s.entryLabels,
    verification: null,
    exitCode: exitCodeOf(s.failure, s.checks),
  };
}

/** A report with `check` in place of the check of the same id (or added), and the exit code updated. */
function withCheck(report: ProposalCheckReport, check: ProposalCheck, extra: Partial<ProposalCheckReport> = {}): ProposalCheckReport {
  const checks = report.checks.some((c) => c.id === check.id) ? report.checks.map((c) => (c.id === check.id ? check : c)) : [...report.checks, check];
  const failure = extra.failure !== undefined ? extra.failure : report.failure;
  return { ...report, ...extra, checks, failure, exitCode: exitCodeOf(failure, checks) };
}

/**
 * The API's proposal against the chain: its summary, and its text against the on-chain hash
 * (unless a text file was checked). `api` null: the API could not be read (report.failure).
 */
export async function checkApiSummary(
  p: CheckProposalParameters,
  report: ProposalCheckReport,
  facts: ChainFacts,
): Promise<{ readonly report: ProposalCheckReport; readonly api: ApiProposal | null; readonly failure: CheckFailure | null }> {
  if (p.apiUrl === undefined) return { report, api: null, failure: null };
  p.onProgress?.({ step: "apiSummary" });
  let api: ApiProposal | null;
  try {
    api = await fetchApiProposal({ url: p.apiUrl, proposalId: p.proposalId, fetch: p.fetch, timeoutMs: p.timeoutMs });
  } catch (err) {
    if (!(err instanceof ApiUnreachableError)) throw err;
    const failure: CheckFailure = { kind: "API_UNREACHABLE", url: err.url, reason: err.reason };
    return { report: { ...report, failure, exitCode: exitCodeOf(failure, report.checks) }, api: null, failure };
  }
  const { input } = facts;
  const v = report.verification;
  const problems = compareSummary({
    input,
    onChainTallies: v?.recount.details.onChain ?? [],
    onChainResult: v?.result.details.onChain ?? null,
    api,
  });
  let next = report;
  if (p.text !== undefined) {
    // The text check used the file: the API's text is part of the summary, not reported twice.
    if (api !== null) {
      const t = checkText(api.text, input.textHash, { kind: "api", url: p.apiUrl });
      if (!t.ok && api.text !== null) problems.push({ code: "API_TEXT_DIFFERS", params: { textHash: t.textHash ?? "-" } });
    }
  } else if (api !== null) {
    next = withCheck(next, textCheckOf(checkText(api.text, input.textHash, { kind: "api", url: apiBaseOf(p.apiUrl) })));
  }
  next = withCheck(next, {
    id: "apiSummary",
    status: problems.length === 0 ? "ok" : "failed",
    summary: { code: "API_SUMMARY_OK", params: { url: apiBaseOf(p.apiUrl) } },
    problems,
  });
  return { report: next, api, failure: null };
}

const apiBaseOf = (url: string) => url.replace(/\/+$/, "").replace(/\/api$/, "");

/**
 * Every ballot the API shows against the chain's counted ballots, entry by entry: choice, kind
 * and weight. The signed-in owner's own entries are asked first (`myBallotDifferences`).
 */
export async function checkApiBallots(p: CheckProposalParameters, report: ProposalCheckReport, facts: ChainFacts): Promise<ProposalCheckReport> {
  if (p.apiUrl === undefined) return report;
  const common = { url: p.apiUrl, proposalId: p.proposalId, fetch: p.fetch, timeoutMs: p.timeoutMs };
  try {
    let myBallotDifferences: readonly BallotDifference[] = [];
    if (p.address !== undefined) {
      const mine = await fetchApiBallots({ ...common, addresses: [p.address], only: true });
      myBallotDifferences = compareBallots({ counted: facts.counted, api: mine, entries: facts.myEntries }).differences;
      p.onProgress?.({ step: "apiBallots", doneAddresses: 0, totalAddresses: facts.addresses.length });
    }
    const api = await fetchApiBallots({
      ...common,
      addresses: facts.addresses,
      onProgress: (doneAddresses, totalAddresses) => p.onProgress?.({ step: "apiBallots", doneAddresses, totalAddresses }),
    });
    const cmp = compareBallots({ counted: facts.counted, api });
    return withCheck(
      report,
      {
        id: "apiBallots",
        status: cmp.differences.length === 0 ? "ok" : "failed",
        summary: {
          code: cmp.notShown.length > 0 ? "API_BALLOTS_OK_SOME_NOT_SHOWN" : "API_BALLOTS_OK",
          params: { compared: cmp.compared, counted: facts.counted.size, addresses: api.addressesAsked, notShown: cmp.notShown.join(", ") },
        },
        problems: cmp.differences.map((d) => ({ code: "API_BALLOT_DIFFERS", params: { entryId: d.entryId } })),
      },
      { ballotDifferences: cmp.differences, myBallotDifferences },
    );
  } catch (err) {
    if (!(err instanceof ApiUnreachableError)) throw err;
    const failure: CheckFailure = { kind: "API_UNREACHABLE", url: err.url, reason: err.reason };
    return { ...report, failure, exitCode: exitCodeOf(failure, report.checks) };
  }
}

/**
 * What an API server shows about a proposal, compared with the chain: its summary (roll root,
 * totals, text hash, tallies, outcome) and every ballot it shows, entry by entry.
 *
 * The API's roll pages (GET /api/proposals/{id}/roll) show each entry's weight and counted
 * ballot: read page by page, they are its whole record of the vote. A server whose roll pages
 * do not is asked by address instead (GET /api/proposals/{id}/voters/{address}): every address
 * that may vote for an entry (the chain's rebuilt roll, the proxies named on chain, the API's
 * own roll). An owner's own entries are always asked by their address, as the owner sees them.
 * `fetchApiView` does the requests; `compareSummary` and `compareBallots` are pure.
 */
import { z } from "zod";
import { BALLOT_KIND_NAMES } from "../chain/enums";
import type { Address, ProposalInput } from "./events";
import type { CountedBallot, OptionTotals } from "./recount";
import { shortError } from "./reachability";
import type { Problem, ResultSummary } from "./verifyProposal";

const ApiProposal = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string().nullable(),
  textHash: z.string(),
  rollRoot: z.string(),
  totalAreaCm2: z.string(),
  totalHeadcount: z.number(),
  entryCount: z.number(),
  options: z.array(z.string()),
  outcome: z.string().nullable(),
  tallies: z.array(z.object({ areaCm2: z.string(), headcount: z.number() })),
});
export type ApiProposal = z.infer<typeof ApiProposal>;

const ApiRollPage = z.object({
  entries: z.array(
    z.object({
      entryId: z.number(),
      voters: z.array(z.string()),
      areaCm2: z.string().regex(/^\d{1,30}$/).optional(),
      headcount: z.number().optional(),
      /** a server that shows each entry's counted ballot on its roll pages (absent: ask by address) */
      ballot: z.object({ choice: z.number(), kind: z.string(), nonce: z.number() }).nullable().optional(),
    }),
  ),
});

const ApiBallotView = z.object({ choice: z.number(), kind: z.string(), nonce: z.number() });
export type ApiBallot = z.infer<typeof ApiBallotView>;

const ApiVoterEntries = z.object({
  entries: z.array(
    z.object({ entryId: z.number(), areaCm2: z.string().regex(/^\d{1,30}$/), headcount: z.number(), ballot: ApiBallotView.nullable() }),
  ),
});

/** A roll entry's weight: exclusive area in hundredths of m², and headcount. */
export interface Weight {
  readonly areaCm2: bigint;
  readonly headcount: number;
}

export interface ApiView {
  /** The API's base URL as used (without a trailing /api). */
  readonly url: string;
  /** null: the API answered 404 (it does not know the proposal). */
  readonly proposal: ApiProposal | null;
  /** Each entry's counted ballot as the API shows it. */
  readonly ballots: ReadonlyMap<number, ApiBallot>;
  /** The entries the API answered for when asked by some address (with or without a ballot). */
  readonly shownEntries: ReadonlySet<number>;
  /** The weight the API shows for each entry it answered for. */
  readonly weights: ReadonlyMap<number, Weight>;
  /** How many addresses were asked. */
  readonly addressesAsked: number;
}

/** An API that could not be read (refused, timed out, answered with an error or nonsense). */
export class ApiUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/** `http://host:8787/`, `http://host:8787/api` → `http://host:8787`. */
export function apiBase(url: string): string {
  return url.replace(/\/+$/, "").replace(/\/api$/, "");
}

export interface FetchApiViewParameters {
  readonly url: string;
  readonly proposalId: bigint;
  /** Addresses to ask about besides the voters of the API's own roll (the chain's voters and proxies). */
  readonly addresses: readonly Address[];
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  /** Called after each address's answer, for a progress display. */
  readonly onProgress?: (doneAddresses: number, totalAddresses: number) => void;
  /** Only these addresses, not the voters of the API's own roll (e.g. one owner's own). */
  readonly only?: boolean;
}

/** GET {url}{path} as JSON of `schema`; ApiUnreachableError for anything else; null for a 404 if allowed. */
function apiGetter(params: { readonly url: string; readonly fetch?: FetchLike; readonly timeoutMs?: number }) {
  const base = apiBase(params.url);
  const doFetch: FetchLike = params.fetch ?? ((u, init) => fetch(u, init));
  const timeoutMs = params.timeoutMs ?? 20_000;
  return async <T>(path: string, schema: z.ZodType<T>, allow404 = false): Promise<T | null> => {
    const url = `${base}${path}`;
    let res: Response;
    try {
      res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new ApiUnreachableError(base, shortError(err));
    }
    if (allow404 && res.status === 404) return null;
    if (!res.ok) throw new ApiUnreachableError(base, `GET ${path}: HTTP ${res.status}`);
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      throw new ApiUnreachableError(base, `GET ${path}: ${shortError(err)}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ApiUnreachableError(base, `GET ${path}: unexpected answer`);
    return parsed.data;
  };
}

/** The API's proposal (null: it answered 404). */
export async function fetchApiProposal(params: Omit<FetchApiViewParameters, "addresses">): Promise<ApiProposal | null> {
  return apiGetter(params)(`/api/proposals/${params.proposalId.toString()}`, ApiProposal, true);
}

/** Every ballot the API shows, asked address by address (see the file's comment). */
export async function fetchApiBallots(params: FetchApiViewParameters): Promise<Pick<ApiView, "ballots" | "shownEntries" | "weights" | "addressesAsked">> {
  const get = apiGetter(params);
  const id = params.proposalId.toString();
  const ballots = new Map<number, ApiBallot>();
  const shownEntries = new Set<number>();
  const weights = new Map<number, Weight>();
  const addresses = new Set(params.addresses.map((a) => a.toLowerCase()));
  const PAGE = 200;
  // A roll page that carries each entry's ballot and weight answers for every entry at once:
  // then the roll's pages are the API's whole record, and no address needs asking.
  let rollShowsBallots = true;
  let pages = 0;
  for (let offset = 0; params.only !== true; offset += PAGE) {
    const page = await get(`/api/proposals/${id}/roll?offset=${offset}&limit=${PAGE}`, ApiRollPage);
    const entries = page?.entries ?? [];
    pages++;
    for (const e of entries) {
      for (const v of e.voters) addresses.add(v.toLowerCase());
      if (e.ballot === undefined || e.areaCm2 === undefined || e.headcount === undefined) rollShowsBallots = false;
      else {
        shownEntries.add(e.entryId);
        weights.set(e.entryId, { areaCm2: BigInt(e.areaCm2), headcount: e.headcount });
        if (e.ballot !== null) ballots.set(e.entryId, e.ballot);
      }
    }
    params.onProgress?.(offset + entries.length, Math.max(offset + entries.length, addresses.size));
    if (entries.length < PAGE) break;
  }
  if (params.only !== true && rollShowsBallots && pages > 0) return { ballots, shownEntries, weights, addressesAsked: 0 };
  shownEntries.clear();
  weights.clear();
  ballots.clear();
  const queue = [...addresses].sort();
  let done = 0;
  const worker = async () => {
    for (let a = queue.pop(); a !== undefined; a = queue.pop()) {
      const answer = await get(`/api/proposals/${id}/voters/${a}`, ApiVoterEntries);
      for (const e of answer?.entries ?? []) {
        shownEntries.add(e.entryId);
        if (!weights.has(e.entryId)) weights.set(e.entryId, { areaCm2: BigInt(e.areaCm2), headcount: e.headcount });
        if (e.ballot !== null && !ballots.has(e.entryId)) ballots.set(e.entryId, e.ballot);
      }
      params.onProgress?.(++done, addresses.size);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, params.concurrency ?? 8) }, worker));
  return { ballots, shownEntries, weights, addressesAsked: addresses.size };
}

export async function fetchApiView(params: FetchApiViewParameters): Promise<ApiView> {
  const url = apiBase(params.url);
  const proposal = await fetchApiProposal(params);
  if (proposal === null) return { url, proposal, ballots: new Map(), shownEntries: new Set(), weights: new Map(), addressesAsked: 0 };
  return { url, proposal, ...(await fetchApiBallots(params)) };
}

// ── pure comparison ────────────────────────────────────────────────────────────────────────

/** The API's summary against the chain: roll root, totals, text hash, title, options, tallies, outcome. */
export function compareSummary(params: {
  readonly input: ProposalInput;
  /** The contract's tallyOf, per option. */
  readonly onChainTallies: readonly OptionTotals[];
  /** The result in force on chain (null: not tallied). */
  readonly onChainResult: ResultSummary | null;
  readonly api: ApiProposal | null;
}): Problem[] {
  const { input, api } = params;
  if (api === null) return [{ code: "API_PROPOSAL_MISSING" }];
  const out: Problem[] = [];
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!eq(api.rollRoot, input.rollRoot)) out.push({ code: "API_ROOT_DIFFERS", params: { api: api.rollRoot, chain: input.rollRoot } });
  if (api.totalAreaCm2 !== input.totalAreaCm2.toString() || api.totalHeadcount !== input.totalHeadcount || api.entryCount !== input.entryCount) {
    out.push({
      code: "API_TOTALS_DIFFER",
      params: {
        api: `${api.totalAreaCm2}/${api.totalHeadcount}/${api.entryCount}`,
        chain: `${input.totalAreaCm2}/${input.totalHeadcount}/${input.entryCount}`,
      },
    });
  }
  if (!eq(api.textHash, input.textHash)) out.push({ code: "API_TEXT_HASH_DIFFERS", params: { api: api.textHash, chain: input.textHash } });
  if (api.title !== input.title) out.push({ code: "API_TITLE_DIFFERS", params: { api: api.title, chain: input.title } });
  if (api.options.length !== input.options.length || api.options.some((o, i) => o !== input.options[i])) {
    out.push({ code: "API_OPTIONS_DIFFER", params: { api: api.options.join(" / "), chain: input.options.join(" / ") } });
  }
  params.onChainTallies.forEach((c, i) => {
    const a = api.tallies[i];
    if (!a || a.areaCm2 !== c.areaCm2.toString() || a.headcount !== c.headcount) {
      out.push({
        code: "API_TALLY_DIFFERS",
        params: {
          option: input.options[i] ?? `#${i}`,
          api: a ? `${a.areaCm2}/${a.headcount}` : "-",
          chain: `${c.areaCm2}/${c.headcount}`,
        },
      });
    }
  });
  if (params.onChainResult !== null && api.outcome !== params.onChainResult.outcome) {
    out.push({ code: "API_OUTCOME_DIFFERS", params: { api: api.outcome ?? "-", chain: params.onChainResult.outcome } });
  }
  return out;
}

/** A counted ballot as one side shows it: its choice, its kind ("electronic" or "paper") and the weight it counts with. */
export interface BallotView {
  readonly choice: number;
  readonly kind: string;
  readonly areaCm2: bigint;
  readonly headcount: number;
}

/** What differs about one entry's ballot: it is on one side only, or its choice, kind or weight. */
export type BallotField = "presence" | "choice" | "kind" | "weight";

/** One entry whose ballot the API shows otherwise than the chain counted it (null: no ballot). */
export interface BallotDifference {
  readonly entryId: number;
  readonly chain: BallotView | null;
  readonly api: BallotView | null;
  readonly fields: readonly BallotField[];
}

export interface BallotComparison {
  readonly differences: readonly BallotDifference[];
  /** Entries compared (those the API answered for, plus those with a ballot on chain). */
  readonly compared: number;
  /** Entries with a ballot on chain that no address's lookup on the API returned. */
  readonly notShown: readonly number[];
}

const kindName = (kind: number): string => (BALLOT_KIND_NAMES[kind] ?? String(kind)).toLowerCase();

/**
 * Every counted ballot on chain against the ballot the API shows for its entry: whether there is
 * one, its choice, its kind, and its weight (the API's weight of the entry against the weight the
 * chain counted the ballot with). `entries`: compare only these (e.g. one owner's own).
 */
export function compareBallots(params: {
  readonly counted: ReadonlyMap<number, CountedBallot>;
  readonly api: Pick<ApiView, "ballots" | "shownEntries"> & Partial<Pick<ApiView, "weights">>;
  readonly entries?: readonly number[];
}): BallotComparison {
  const ids =
    params.entries !== undefined
      ? new Set(params.entries)
      : new Set<number>([...params.counted.keys(), ...params.api.shownEntries, ...params.api.ballots.keys()]);
  const differences: BallotDifference[] = [];
  const notShown: number[] = [];
  let compared = 0;
  for (const entryId of [...ids].sort((a, b) => a - b)) {
    const c = params.counted.get(entryId) ?? null;
    const a = params.api.ballots.get(entryId) ?? null;
    if (!params.api.shownEntries.has(entryId) && a === null) {
      if (c !== null) notShown.push(entryId);
      continue;
    }
    compared++;
    const chain: BallotView | null = c === null ? null : { choice: c.choice, kind: kindName(c.kind), areaCm2: c.areaCm2, headcount: c.headcount };
    const w = params.api.weights?.get(entryId) ?? null;
    const api: BallotView | null =
      a === null
        ? null
        : { choice: a.choice, kind: a.kind.toLowerCase(), areaCm2: w?.areaCm2 ?? chain?.areaCm2 ?? 0n, headcount: w?.headcount ?? chain?.headcount ?? 0 };
    if (chain === null && api === null) continue;
    const fields: BallotField[] = [];
    if (chain === null || api === null) fields.push("presence");
    else {
      if (chain.choice !== api.choice) fields.push("choice");
      if (chain.kind !== api.kind) fields.push("kind");
      if (chain.areaCm2 !== api.areaCm2 || chain.headcount !== api.headcount) fields.push("weight");
    }
    if (fields.length > 0) differences.push({ entryId, chain, api, fields });
  }
  return { differences, compared, notShown };
}

/** The addresses that may vote for some entry, by the chain: roll voters and registered proxies. */
export function chainAddresses(rollVoters: readonly (readonly Address[])[], proxies: readonly Address[]): Address[] {
  return [...new Set([...rollVoters.flat(), ...proxies].map((a) => a.toLowerCase() as Address))];
}

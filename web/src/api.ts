/**
 * The ledger API on the same origin. Every bigint arrives as a decimal string. A refusal is
 * thrown as ApiError with the server's bilingual message.
 */

export type Lang = "zh-CN" | "en";
export type Bilingual = Record<Lang, string>;

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: Bilingual | null;

  constructor(status: number, code: string, messages: Bilingual | null) {
    super(`${code}: ${messages?.en ?? `HTTP ${status}`}`);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.messages = messages;
  }
}

/** The request never reached the server (offline, server down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(`network: ${String(cause)}`);
    this.name = "NetworkError";
  }
}

/** A call to the API; `token` (a Sign-In with Ethereum session) is sent as a Bearer token. */
async function request<T>(method: "GET" | "POST", path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = body === undefined ? { accept: "application/json" } : { "content-type": "application/json", accept: "application/json" };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: Partial<Bilingual> } } | null)?.error;
    const m = e?.message;
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      m && typeof m["zh-CN"] === "string" && typeof m.en === "string" ? (m as Bilingual) : null,
    );
  }
  return json as T;
}

// ── types ──────────────────────────────────────────────────────────────────────────────────

export interface Config {
  chainId: number;
  rpcUrl: string;
  registry: `0x${string}`;
  voting: `0x${string}`;
  deployBlock: string | number;
  chainTime: string;
}

export interface CommunitySettings {
  noticeDays: number;
  adHocNoticeDays: number;
  objectionDays: number;
  allowBallotChange: boolean;
  excludeParkingArea: boolean;
}

export interface Community {
  id: string;
  name: string;
  supervisor: string;
  threshold: number;
  members: string[];
  settings: CommunitySettings;
  buildingCount: number;
  unitCount: number;
}

export type ProposalStatus = "notice" | "voting" | "closed" | "provisional" | "final";
export type OutcomeName = "Passed" | "Rejected" | "NoQuorum";

export interface ProposalSummary {
  id: string;
  communityId: string;
  matter: number;
  title: string;
  status: ProposalStatus;
  outcome: OutcomeName | null;
  options: string[];
  /** false: for / against / abstain, only "for" (option 0) can pass; true: one choice among named options. */
  namedChoice?: boolean;
  publishedAt: string;
  votingStart: string;
  votingEnd: string;
  objectionEnd: string | null;
  totalAreaCm2: string;
  totalHeadcount: number;
  entryCount: number;
}

export interface ProposalDetail extends ProposalSummary {
  text: string | null;
  textHash: string;
  scope: { kind: 0 | 1 | 2; ids: number[] };
  adHoc: boolean;
  rollRoot: string;
  extended: boolean;
  winningOption: number | null;
  tallies: { areaCm2: string; headcount: number }[];
  chainTime: string;
}

export interface RollEntry {
  entryId: number;
  areaCm2: string;
  headcount: number;
  unitLabels: string[];
  voters: string[];
}

export interface RollPage {
  rollRoot: string;
  totalAreaCm2: string;
  totalHeadcount: number;
  entryCount: number;
  entries: RollEntry[];
}

export interface VoterBallot {
  choice: number;
  kind: "electronic" | "paper";
  nonce: number;
  txHash: string | null;
  blockNumber: string | null;
}

export interface VoterEntry {
  entryId: number;
  areaCm2: string;
  headcount: number;
  unitLabels: string[];
  voter: `0x${string}`;
  proof: string[];
  role: "owner" | "proxy";
  ballot: VoterBallot | null;
}

export type ReceiptStatus = "accepted" | "submitted" | "confirmed" | "rejected" | "failed";

export interface Receipt {
  id: string;
  digest: string;
  status: ReceiptStatus;
  proposalId: string | null;
  entryId: number | null;
  choice: number | null;
  txHash: string | null;
  blockNumber: string | null;
  reason: string | null;
}

export interface TypedDataJson {
  domain: Record<string, unknown>;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
}

export interface Action {
  id: string;
  communityId: string;
  kind: number;
  /** A name for the kind of action (the API sends it in both languages). */
  kindName: string | Bilingual;
  summary: Bilingual;
  typedData: TypedDataJson;
  signatures: { signer: string; signature: string }[];
  threshold: number;
  status: "collecting" | "queued" | "submitted" | "confirmed" | "failed";
  txHash: string | null;
  error: string | null;
}

export interface ProposalDraft {
  matter: number;
  scope: { kind: 0 | 1 | 2; ids: number[] };
  adHoc: boolean;
  votingStart: string;
  votingEnd: string;
  title: string;
  text: string;
  options: string[];
  namedChoice: boolean;
}

export interface BallotSubmission {
  proposalId: string;
  entryId: number;
  voter: string;
  choice: number;
  nonce: number;
  deadline: string;
  signature: string;
}

export interface NonceAnswer {
  nonce: string;
  expiresAt: string;
  /** the server's clock when it issued the nonce */
  serverTime: string;
  domain: string;
  uri: string;
  chainId: number;
  sessionLifetimeSeconds: number;
}

export interface SignInAnswer {
  token: string;
  tokenType: "Bearer";
  address: string;
  expiresAt: string;
}

export interface CommunityRoles {
  communityId: string;
  name: string | null;
  roles: ("committee-member" | "supervisor" | "owner")[];
  units: { unitId: number; label: string }[];
}

export interface SessionInfo {
  address: string;
  expiresAt: string;
  roles: { supervisor: boolean; communities: CommunityRoles[] };
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────

const enc = encodeURIComponent;

export const api = {
  config: () => request<Config>("GET", "/api/config"),
  communities: () => request<{ communities: Community[] }>("GET", "/api/communities").then((r) => r.communities),
  proposals: (communityId: string) =>
    request<{ proposals: ProposalSummary[] }>("GET", `/api/proposals?communityId=${enc(communityId)}`).then((r) => r.proposals),
  proposal: (id: string) => request<ProposalDetail>("GET", `/api/proposals/${enc(id)}`),
  roll: (id: string, offset: number, limit: number) =>
    request<RollPage>("GET", `/api/proposals/${enc(id)}/roll?offset=${offset}&limit=${limit}`),
  voters: (id: string, address: string) =>
    request<{ entries: VoterEntry[] }>("GET", `/api/proposals/${enc(id)}/voters/${enc(address.toLowerCase())}`).then((r) => r.entries),
  castBallot: (b: BallotSubmission) => request<{ receipt: Receipt }>("POST", "/api/ballots", b).then((r) => r.receipt),
  receipt: (id: string) => request<{ receipt: Receipt }>("GET", `/api/ballots/${enc(id)}`).then((r) => r.receipt),
  finalize: (id: string) => request<{ receipt: Receipt }>("POST", `/api/proposals/${enc(id)}/finalize`, {}).then((r) => r.receipt),
  confirm: (id: string) => request<{ receipt: Receipt }>("POST", `/api/proposals/${enc(id)}/confirm`, {}).then((r) => r.receipt),
  actions: (communityId: string) =>
    request<{ actions: Action[] }>("GET", `/api/communities/${enc(communityId)}/actions`).then((r) => r.actions),
  signAction: (actionId: string, signature: string) =>
    request<{ action: Action }>("POST", `/api/actions/${enc(actionId)}/signatures`, { signature }).then((r) => r.action),
  // drafts need the session of a committee member (`token`, from auth.ts)
  draftProposal: (communityId: string, d: ProposalDraft, token: string) =>
    request<{ action: Action }>("POST", `/api/communities/${enc(communityId)}/proposal-drafts`, d, token).then((r) => r.action),
  draftPaperBallots: (proposalId: string, ballots: { entryId: number; choice: number; scanHash: string }[], token: string) =>
    request<{ action: Action }>("POST", `/api/proposals/${enc(proposalId)}/paper-ballot-drafts`, { ballots }, token).then((r) => r.action),
  draftMandates: (proposalId: string, mandates: { entryId: number; proxy: string; mandateHash: string }[], token: string) =>
    request<{ action: Action }>("POST", `/api/proposals/${enc(proposalId)}/mandate-drafts`, { mandates }, token).then((r) => r.action),
  supervisorTypedData: (body: Record<string, unknown>) =>
    request<{ typedData: TypedDataJson }>("POST", "/api/supervisor-actions/typed-data", body).then((r) => r.typedData),
  supervisorAction: (body: Record<string, unknown>) =>
    request<{ receipt: Receipt }>("POST", "/api/supervisor-actions", body).then((r) => r.receipt),
  draftRegistry: (communityId: string, body: Record<string, unknown>, token: string) =>
    request<{ action: Action }>("POST", `/api/communities/${enc(communityId)}/registry-drafts`, body, token).then((r) => r.action),
  draftExtension: (proposalId: string, newVotingEnd: string, token: string) =>
    request<{ action: Action }>("POST", `/api/proposals/${enc(proposalId)}/extension-drafts`, { newVotingEnd }, token).then((r) => r.action),
  // Sign-In with Ethereum
  authNonce: () => request<NonceAnswer>("POST", "/api/auth/nonce", {}),
  signIn: (message: string, signature: string) => request<SignInAnswer>("POST", "/api/auth/sign-in", { message, signature }),
  session: (token: string) => request<SessionInfo>("GET", "/api/auth/session", undefined, token),
  signOut: (token: string) => request<{ signedOut: true }>("POST", "/api/auth/sign-out", {}, token),
};

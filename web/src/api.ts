/**
 * The ledger API on the same origin. Every bigint arrives as a decimal string. A refusal is
 * thrown as ApiError with the server's bilingual message.
 *
 * The types of the answers (and of the requests the client builds) are those of the zod schemas
 * the routes declare (ledger-api/src/http/schemas.ts and http/modules/<name>/schemas.ts), so
 * the client and the API cannot drift apart. The imports are type-only: nothing of the server
 * reaches the bundle (test/web/imports.test.ts).
 */
import type { z } from "zod";
import type {
  ActionAnswer,
  ActionsAnswer,
  Bilingual,
  ConfigAnswer,
  NonceAnswer,
  ReceiptAnswer,
  SessionAnswer,
  SignInAnswer,
  SignedOutAnswer,
} from "../../ledger-api/src/http/schemas";
import type {
  BuildingsAnswer,
  CommunitiesAnswer,
  RoomAnswer,
  SupervisorReceiptAnswer,
  SupervisorTypedDataAnswer,
} from "../../ledger-api/src/http/modules/registry/schemas";
import type {
  BallotBody,
  ObjectionBody,
  ObjectionsAnswer,
  ProposalDetail,
  ProposalDraftBody,
  ProposalsAnswer,
  RollPage,
  VoterEntriesAnswer,
} from "../../ledger-api/src/http/modules/voting/schemas";
import type {
  CommonIncomeAnswer,
  FundOverviewAnswer,
  FundStatementAnswer,
  LineProofAnswer,
  PlanAnswer,
  PlansAnswer,
  RatingBody,
  StatementsAnswer,
  UnitFundAnswer,
} from "../../ledger-api/src/http/modules/fund/schemas";
import type { DocumentAnswer, DocumentsAnswer } from "../../ledger-api/src/http/modules/documents/schemas";

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: Bilingual | null;
  /** What the refusal names, as the server sent it (e.g. FUND_UNITS_SHORT's `units`); unknown until read. */
  readonly details: unknown;

  constructor(status: number, code: string, messages: Bilingual | null, details?: unknown) {
    super(`${code}: ${messages?.en ?? `HTTP ${status}`}`);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.messages = messages;
    this.details = details;
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
async function request<T>(method: "GET" | "POST", path: string, body?: unknown, token?: string, idempotencyKey?: string): Promise<T> {
  const headers: Record<string, string> = body === undefined ? { accept: "application/json" } : { "content-type": "application/json", accept: "application/json" };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (idempotencyKey !== undefined) headers["idempotency-key"] = idempotencyKey;
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
  return answerOf<T>(res);
}

/**
 * A file sent as the request's body (a document upload: the server judges its type from its
 * content), with the session's Bearer token.
 */
async function sendFile<T>(path: string, file: Blob, token: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", accept: "application/json", authorization: `Bearer ${token}` },
      body: file,
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  return answerOf<T>(res);
}

/** The JSON of an answer, or its refusal thrown as ApiError. */
async function answerOf<T>(res: Response): Promise<T> {
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: Partial<Bilingual>; details?: unknown } } | null)?.error;
    const m = e?.message;
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      m && typeof m["zh-CN"] === "string" && typeof m.en === "string" ? (m as Bilingual) : null,
      e?.details,
    );
  }
  return json as T;
}

// ── types: every answer's (and request's) type is the zod schema's its route declares ─────────

export type {
  Action,
  Bilingual,
  CommitteeTypedData,
  CommunityRoles,
  Config,
  Lang,
  NonceAnswer,
  Receipt,
  ReceiptStatus,
  SessionInfo,
  SignInAnswer,
} from "../../ledger-api/src/http/schemas";
export type { Community, CommunitySettings, SupervisorTypedData, Unit } from "../../ledger-api/src/http/modules/registry/schemas";
/** A building as the API lists it. */
export type Building = Answer<typeof BuildingsAnswer>["buildings"][number];
/** A unit found by room number, with its roll entry when a proposal was named. */
export type Room = Answer<typeof RoomAnswer>;
export type {
  ObjectionView,
  ObjectionsAnswer,
  OutcomeName,
  ProposalDetail,
  ProposalStatus,
  ProposalSummary,
  RollEntry,
  RollPage,
  VoterBallot,
  VoterEntry,
} from "../../ledger-api/src/http/modules/voting/schemas";

/** The maintenance fund's answers (FundLedger, FundReports). */
export type FundOverview = Answer<typeof FundOverviewAnswer>;
export type UnitFund = Answer<typeof UnitFundAnswer>;
export type UnitFundEntry = UnitFund["entries"][number];
export type FundPlanDetail = Answer<typeof PlanAnswer>;
export type FundPlanSummary = FundPlanDetail["plan"];
export type FundPaymentSummary = FundOverview["recentPayments"][number];
export type FundStatementSummary = Answer<typeof StatementsAnswer>["statements"][number];
export type FundStatementComputed = Answer<typeof FundStatementAnswer>;
export type FundStatementLine = FundStatementComputed["lines"][number];
export type FundLineProof = Answer<typeof LineProofAnswer>;
export type FundCommonIncome = Answer<typeof CommonIncomeAnswer>;
export type FundCommonIncomeQuarter = FundCommonIncome["quarters"][number];

/** A stored document's metadata (in a record's list, with how the record carries it on chain). */
export type StoredDocumentMeta = Answer<typeof DocumentsAnswer>["documents"][number];
/** A document kind and a record (`type:id`), as the document store takes them. */
export type DocumentKindName = StoredDocumentMeta["kind"];

/** The body of an answer, as its schema describes it. */
type Answer<S extends z.ZodType> = z.output<S>;
/** A draft of a proposal, as the API takes it. */
export type ProposalDraft = z.input<typeof ProposalDraftBody>;
/** A signed ballot, as the API takes it. */
export type BallotSubmission = BallotBody;

// ── calls ──────────────────────────────────────────────────────────────────────────────────

const enc = encodeURIComponent;

export const api = {
  config: () => request<Answer<typeof ConfigAnswer>>("GET", "/api/config"),
  communities: () => request<Answer<typeof CommunitiesAnswer>>("GET", "/api/communities").then((r) => r.communities),
  proposals: (communityId: string) =>
    request<Answer<typeof ProposalsAnswer>>("GET", `/api/proposals?communityId=${enc(communityId)}`).then((r) => r.proposals),
  proposal: (id: string) => request<Answer<typeof ProposalDetail>>("GET", `/api/proposals/${enc(id)}`),
  roll: (id: string, offset: number, limit: number) =>
    request<Answer<typeof RollPage>>("GET", `/api/proposals/${enc(id)}/roll?offset=${offset}&limit=${limit}`),
  voters: (id: string, address: string) =>
    request<Answer<typeof VoterEntriesAnswer>>("GET", `/api/proposals/${enc(id)}/voters/${enc(address.toLowerCase())}`).then((r) => r.entries),
  castBallot: (b: BallotSubmission) => request<Answer<typeof ReceiptAnswer>>("POST", "/api/ballots", b).then((r) => r.receipt),
  receipt: (id: string) => request<Answer<typeof ReceiptAnswer>>("GET", `/api/ballots/${enc(id)}`).then((r) => r.receipt),
  finalize: (id: string) => request<Answer<typeof ReceiptAnswer>>("POST", `/api/proposals/${enc(id)}/finalize`, {}).then((r) => r.receipt),
  confirm: (id: string) => request<Answer<typeof ReceiptAnswer>>("POST", `/api/proposals/${enc(id)}/confirm`, {}).then((r) => r.receipt),
  objections: (id: string) => request<Answer<typeof ObjectionsAnswer>>("GET", `/api/proposals/${enc(id)}/objections`),
  fileObjection: (id: string, o: ObjectionBody) =>
    request<Answer<typeof ReceiptAnswer>>("POST", `/api/proposals/${enc(id)}/objections`, o).then((r) => r.receipt),
  buildings: (communityId: string) =>
    request<Answer<typeof BuildingsAnswer>>("GET", `/api/communities/${enc(communityId)}/buildings`).then((r) => r.buildings),
  /** The unit with room number `room` (楼栋-单元-房号), and its entry on `proposalId`'s roll when given. */
  room: (communityId: string, room: string, proposalId?: string) =>
    request<Answer<typeof RoomAnswer>>(
      "GET",
      `/api/communities/${enc(communityId)}/rooms/${enc(room)}${proposalId === undefined ? "" : `?proposalId=${enc(proposalId)}`}`,
    ),
  action: (actionId: string) => request<Answer<typeof ActionAnswer>>("GET", `/api/actions/${enc(actionId)}`).then((r) => r.action),
  actions: (communityId: string) =>
    request<Answer<typeof ActionsAnswer>>("GET", `/api/communities/${enc(communityId)}/actions`).then((r) => r.actions),
  signAction: (actionId: string, signature: string) =>
    request<Answer<typeof ActionAnswer>>("POST", `/api/actions/${enc(actionId)}/signatures`, { signature }).then((r) => r.action),
  // drafts need the session of a committee member (`token`, from auth.ts)
  draftProposal: (communityId: string, d: ProposalDraft, token: string) =>
    request<Answer<typeof ActionAnswer>>("POST", `/api/communities/${enc(communityId)}/proposal-drafts`, d, token).then((r) => r.action),
  draftPaperBallots: (proposalId: string, ballots: { entryId: number; choice: number; scanHash: string }[], token: string) =>
    request<Answer<typeof ActionAnswer>>("POST", `/api/proposals/${enc(proposalId)}/paper-ballot-drafts`, { ballots }, token).then((r) => r.action),
  draftMandates: (proposalId: string, mandates: { entryId: number; proxy: string; mandateHash: string }[], token: string) =>
    request<Answer<typeof ActionAnswer>>("POST", `/api/proposals/${enc(proposalId)}/mandate-drafts`, { mandates }, token).then((r) => r.action),
  draftObjectionAnswer: (proposalId: string, objectionId: number, text: string, token: string) =>
    request<Answer<typeof ActionAnswer>>("POST", `/api/proposals/${enc(proposalId)}/objections/${objectionId}/answer-drafts`, { text }, token).then((r) => r.action),
  supervisorTypedData: (body: Record<string, unknown>) =>
    request<Answer<typeof SupervisorTypedDataAnswer>>("POST", "/api/supervisor-actions/typed-data", body).then((r) => r.typedData),
  supervisorAction: (body: Record<string, unknown>) =>
    request<Answer<typeof SupervisorReceiptAnswer>>("POST", "/api/supervisor-actions", body).then((r) => r.receipt),
  draftRegistry: (communityId: string, body: Record<string, unknown>, token: string) =>
    request<Answer<typeof ActionAnswer>>("POST", `/api/communities/${enc(communityId)}/registry-drafts`, body, token).then((r) => r.action),
  draftExtension: (proposalId: string, newVotingEnd: string, token: string) =>
    request<Answer<typeof ActionAnswer>>("POST", `/api/proposals/${enc(proposalId)}/extension-drafts`, { newVotingEnd }, token).then((r) => r.action),
  // the maintenance fund (public reads)
  fund: (communityId: string) => request<FundOverview>("GET", `/api/communities/${enc(communityId)}/fund`),
  fundUnit: (communityId: string, unitId: number) => request<UnitFund>("GET", `/api/communities/${enc(communityId)}/fund/units/${unitId}`),
  fundPlans: (communityId: string) => request<Answer<typeof PlansAnswer>>("GET", `/api/communities/${enc(communityId)}/fund/plans`).then((r) => r.plans),
  fundPlan: (communityId: string, planId: string) => request<FundPlanDetail>("GET", `/api/communities/${enc(communityId)}/fund/plans/${enc(planId)}`),
  fundStatements: (communityId: string) =>
    request<Answer<typeof StatementsAnswer>>("GET", `/api/communities/${enc(communityId)}/fund/statements`).then((r) => r.statements),
  fundStatement: (communityId: string, from: string, to: string) =>
    request<FundStatementComputed>("GET", `/api/communities/${enc(communityId)}/fund/statement?from=${enc(from)}&to=${enc(to)}`),
  /** The common-income statement of a quarter ("2026-Q1"), by default the current one; with the quarters that have activity. */
  fundCommonIncome: (communityId: string, quarter?: string) =>
    request<FundCommonIncome>("GET", `/api/communities/${enc(communityId)}/fund/common-income${quarter === undefined ? "" : `?quarter=${enc(quarter)}`}`),
  fundLineProof: (communityId: string, statementId: string, unitId: number) =>
    request<FundLineProof>("GET", `/api/communities/${enc(communityId)}/fund/statements/${enc(statementId)}/lines/${unitId}`),
  // an owner's signed rating of a plan's work: a receipt, followed like a ballot's
  rateWork: (communityId: string, planId: string, body: RatingBody) =>
    request<Answer<typeof ReceiptAnswer>>("POST", `/api/communities/${enc(communityId)}/fund/plans/${enc(planId)}/ratings`, body).then((r) => r.receipt),
  // the fund's drafts: the committee's and the custodian's, each with an Idempotency-Key (a retry of
  // the same submission sends the same key and gets the same draft back)
  draftFund: (communityId: string, body: Record<string, unknown>, token: string, idempotencyKey: string) =>
    request<Answer<typeof ActionAnswer>>("POST", `/api/communities/${enc(communityId)}/fund-drafts`, body, token, idempotencyKey).then((r) => r.action),
  draftCustodian: (communityId: string, body: Record<string, unknown>, token: string, idempotencyKey: string) =>
    request<Answer<typeof ActionAnswer>>("POST", `/api/communities/${enc(communityId)}/custodian-drafts`, body, token, idempotencyKey).then((r) => r.action),
  // the document store: a file kept for a record (a committee member's or the custodian's
  // session), the documents of a record (public metadata)
  /** `visibility`: the kind's own when absent, else a stricter one (domain/documents/kinds.ts) */
  uploadDocument: (communityId: string, file: Blob, kind: DocumentKindName, record: string, token: string, visibility?: "public" | "owners" | "restricted") =>
    sendFile<Answer<typeof DocumentAnswer>>(
      `/api/communities/${enc(communityId)}/documents?kind=${enc(kind)}&record=${enc(record)}${visibility ? `&visibility=${enc(visibility)}` : ""}`,
      file,
      token,
    ).then((r) => r.document),
  recordDocuments: (communityId: string, record: string) =>
    request<Answer<typeof DocumentsAnswer>>("GET", `/api/communities/${enc(communityId)}/documents?record=${enc(record)}`).then((r) => r.documents),
  // Sign-In with Ethereum
  authNonce: () => request<Answer<typeof NonceAnswer>>("POST", "/api/auth/nonce", {}),
  signIn: (message: string, signature: string) => request<Answer<typeof SignInAnswer>>("POST", "/api/auth/sign-in", { message, signature }),
  session: (token: string) => request<Answer<typeof SessionAnswer>>("GET", "/api/auth/session", undefined, token),
  signOut: (token: string) => request<Answer<typeof SignedOutAnswer>>("POST", "/api/auth/sign-out", {}, token),
};

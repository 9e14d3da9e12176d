/**
 * Records that carry a file's hash on chain themselves: a payment's invoice (PaymentHeld's
 * invoiceHash), a paper ballot's scan (PaperBallotEntered's scanHash), a proposal's full text
 * (ProposalPublished's input.textHash) and so on. Those hashes are keccak256 of the file's bytes
 * (chain/textHash.ts for a text), kept as they are; the file itself goes through the document
 * store like any other and is proven the same way (its batch's root), and this table says which
 * event field of which record names it, so that the API joins the file to its record and the
 * verifiers check, in the event itself, that the record carries this very file.
 *
 * Pure: it reads decoded event arguments (bigints or decimal strings alike).
 */
import type { RecordType } from "./kinds";

type Args = Readonly<Record<string, unknown>>;

interface Carrier {
  /** the record the event is about, from its arguments */
  readonly record: (a: Args) => { readonly type: RecordType; readonly id: string };
  /** the arguments (dotted into structs) that hold a file's keccak256 */
  readonly fields: readonly string[];
}

const id = (v: unknown): string => String(v);
const proposal = (a: Args) => ({ type: "proposal" as const, id: id(a.proposalId) });
const objection = (a: Args) => ({ type: "objection" as const, id: `${id(a.proposalId)}/${id(a.objectionId)}` });
const plan = (a: Args) => ({ type: "plan" as const, id: id(a.planId) });
const payment = (a: Args) => ({ type: "payment" as const, id: id(a.paymentId) });
const statement = (a: Args) => ({ type: "statement" as const, id: id(a.statementId) });

/** Every event of the ledger whose arguments carry a document's hash, by event name. */
export const HASH_CARRIERS: Readonly<Record<string, Carrier>> = {
  ProposalPublished: { record: proposal, fields: ["input.textHash"] },
  ObjectionFiled: { record: objection, fields: ["textHash"] },
  ObjectionAnswered: { record: objection, fields: ["answerHash"] },
  PaperBallotEntered: { record: (a) => ({ type: "paper-ballot", id: `${id(a.proposalId)}/${id(a.entryId)}` }), fields: ["scanHash"] },
  MandateRegistered: { record: (a) => ({ type: "mandate", id: `${id(a.proposalId)}/${id(a.entryId)}` }), fields: ["mandateHash"] },
  PlanCreated: { record: plan, fields: ["terms.textHash", "terms.quoteHash", "terms.contractHash"] },
  EmergencyReportPublished: { record: plan, fields: ["reportHash"] },
  PaymentHeld: { record: payment, fields: ["invoiceHash", "acceptanceHash"] },
  PaymentPosted: { record: payment, fields: ["bankRecordHash"] },
  PaymentVoided: { record: payment, fields: ["bankRecordHash"] },
  StatementPublished: { record: statement, fields: ["statement.documentHash"] },
  StatementConfirmed: { record: statement, fields: ["bankRecordHash"] },
};

/** The events that can carry a hash for a record of each type (for reading them by record). */
export const CARRIER_EVENTS_BY_RECORD: Readonly<Partial<Record<RecordType, readonly string[]>>> = {
  proposal: ["ProposalPublished"],
  objection: ["ObjectionFiled", "ObjectionAnswered"],
  "paper-ballot": ["PaperBallotEntered"],
  mandate: ["MandateRegistered"],
  plan: ["PlanCreated", "EmergencyReportPublished"],
  payment: ["PaymentHeld", "PaymentPosted", "PaymentVoided"],
  statement: ["StatementPublished", "StatementConfirmed"],
};

/** One hash an event carries: the record, the argument that holds it, the hash (lowercase). */
export interface CarriedHash {
  readonly record: { readonly type: RecordType; readonly id: string };
  readonly field: string;
  readonly hash: string;
}

const ZERO = `0x${"0".repeat(64)}`;

function at(args: Args, dotted: string): unknown {
  let v: unknown = args;
  for (const k of dotted.split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Args)[k];
  }
  return v;
}

/** The document hashes the event carries (none for an event that carries none; a zero hash is no document). */
export function carriedHashes(eventName: string, args: Args): CarriedHash[] {
  const c = HASH_CARRIERS[eventName];
  if (!c) return [];
  const record = c.record(args);
  const out: CarriedHash[] = [];
  for (const field of c.fields) {
    const v = at(args, field);
    if (typeof v === "string" && /^0x[0-9a-fA-F]{64}$/.test(v) && v.toLowerCase() !== ZERO) out.push({ record, field, hash: v.toLowerCase() });
  }
  return out;
}

/** The community the event names itself, when it does (fund and proposal events); null for the voting events that name only their proposal. */
export function communityOfEvent(args: Args): string | null {
  return args.communityId === undefined ? null : String(args.communityId);
}

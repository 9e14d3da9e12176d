/**
 * What a stored document is, which record it belongs to, and who may read it (DESIGN.md
 * "Anchoring and verification"). Hashes are public for every document; the file itself is
 * public, for the community's owners, or restricted (the committee, the owner concerned and an
 * auditor).
 */

export const VISIBILITIES = ["public", "owners", "restricted"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The records a document can belong to, and the shape of each one's id. */
export const RECORD_TYPES = {
  /**
   * the community itself (its id): a document kept before the record it supports is on chain
   * (a plan's quote, a statement's document). It joins that record by the hash the record
   * carries on chain (chainRecords.ts), so it is shown and proven with it.
   */
  community: /^[1-9][0-9]{0,19}$/,
  proposal: /^[1-9][0-9]{0,19}$/,
  /** an objection, numbered within its proposal: "proposalId/objectionId" */
  objection: /^[1-9][0-9]{0,19}\/[0-9]{1,10}$/,
  plan: /^[1-9][0-9]{0,19}$/,
  payment: /^[1-9][0-9]{0,19}$/,
  statement: /^[1-9][0-9]{0,19}$/,
  /** a paper ballot: the proposal's id and the voter entry's, "proposalId/entryId" */
  "paper-ballot": /^[1-9][0-9]{0,19}\/[0-9]{1,10}$/,
  /** a proxy mandate: "proposalId/entryId" */
  mandate: /^[1-9][0-9]{0,19}\/[0-9]{1,10}$/,
} as const;
export type RecordType = keyof typeof RECORD_TYPES;

/** Each document kind with the visibility it has unless the uploader chooses a stricter one, and where it may go. */
export const DOCUMENT_KINDS = {
  "proposal-text": { visibility: "public", records: ["proposal"] },
  minutes: { visibility: "public", records: ["proposal", "plan", "community"] },
  /** a spending plan's text (what is done, by whom), as the committee wrote it with the plan */
  "plan-text": { visibility: "public", records: ["plan"] },
  quote: { visibility: "public", records: ["plan", "community"] },
  contract: { visibility: "public", records: ["plan", "community"] },
  invoice: { visibility: "public", records: ["payment", "plan", "community"] },
  "acceptance-report": { visibility: "public", records: ["payment", "plan", "community"] },
  /** an emergency plan's statement of the works done (FundLedger.publishEmergencyReport) */
  "emergency-report": { visibility: "public", records: ["plan", "community"] },
  statement: { visibility: "public", records: ["statement", "community"] },
  "bank-record": { visibility: "owners", records: ["payment", "statement", "plan", "community"] },
  /** a scanned objection (it may name an owner) */
  objection: { visibility: "owners", records: ["objection"] },
  /** an objection's text as filed online (shown on the proposal's page already), and the committee's answer */
  "objection-text": { visibility: "public", records: ["objection"] },
  "objection-answer": { visibility: "public", records: ["objection"] },
  "paper-ballot": { visibility: "restricted", records: ["paper-ballot"] },
  mandate: { visibility: "restricted", records: ["mandate"] },
  "identity-evidence": { visibility: "restricted", records: ["mandate", "paper-ballot"] },
} as const satisfies Record<string, { visibility: Visibility; records: readonly RecordType[] }>;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

const RANK: Record<Visibility, number> = { public: 0, owners: 1, restricted: 2 };

/** A kind's visibility may be made stricter by the uploader, never looser: a scanned ballot is never public. */
export function allowedVisibility(kind: DocumentKind, chosen: Visibility): boolean {
  return RANK[chosen] >= RANK[DOCUMENT_KINDS[kind].visibility];
}

export function isDocumentKind(value: string): value is DocumentKind {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, value);
}

export function isRecordType(value: string): value is RecordType {
  return Object.prototype.hasOwnProperty.call(RECORD_TYPES, value);
}

/** True when `kind` may belong to a record of `type` with this id. */
export function recordFits(kind: DocumentKind, type: RecordType, id: string): boolean {
  return (DOCUMENT_KINDS[kind].records as readonly string[]).includes(type) && RECORD_TYPES[type].test(id);
}

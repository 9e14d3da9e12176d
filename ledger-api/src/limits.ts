/**
 * The API's bounds on what one request may carry, in one place (the README's "Limits" section
 * lists them). Batch sizes follow the contracts' own (OwnerVoting.MAX_BATCH, MAX_OPTIONS,
 * MAX_SCOPE; CommunityRegistry.MAX_BATCH, MAX_COMMITTEE), so a draft the API accepts is never
 * one the contract refuses for its size. The bounds that depend on the deployment (open drafts,
 * request rates, timeouts) are service options; their defaults are here too.
 */
export const LIMITS = {
  /** Largest request body, bytes: a 200-ballot paper batch fits comfortably. */
  bodyBytes: 256 * 1024,
  /** A proposal's full text (stored off chain, its hash on chain), characters. */
  proposalTextChars: 20_000,
  titleChars: 200,
  /** An objection's text, or the committee's answer to one, characters. */
  objectionTextChars: 5_000,
  /** An owner's comment on a plan's work (FundReports.rateWork; its hash on chain), characters. */
  ratingCommentChars: 500,
  /** Options of one proposal (OwnerVoting.MAX_OPTIONS) and the length of each. */
  options: 16,
  optionChars: 100,
  /** Buildings or units named in a fund-use vote's scope (OwnerVoting.MAX_SCOPE). */
  scopeIds: 5000,
  /** Paper ballots or mandates in one draft (OwnerVoting.MAX_BATCH). */
  votingBatch: 200,
  /** Buildings, units, owners or deliveries in one registry draft (CommunityRegistry.MAX_BATCH). */
  registryBatch: 400,
  /** A building's or unit's label, characters. */
  labelChars: 50,
  communityNameChars: 100,
  /** Committee members (CommunityRegistry.MAX_COMMITTEE). */
  committeeMembers: 21,
  /**
   * Largest unit, building and roll-entry id: uint32 on chain, but the index keeps them as
   * PostgreSQL integers (int4), so an id above 2³¹ − 1 could never be found there.
   */
  maxIndexedId: 2 ** 31 - 1,
  /** Longest hex string taken as a signature before chain/signature.ts checks it is 65 bytes. */
  signatureHexBytes: 256,
} as const;

/** Defaults of the configurable bounds (service options; environment variables in `npm start`). */
export const DEFAULT_BOUNDS = {
  /** Drafts collecting signatures (not yet expired) in one community; one more is refused. */
  openDraftsPerCommunity: 50,
} as const;

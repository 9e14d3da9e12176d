/**
 * The voting module's requests and answers (OwnerVoting: proposals, rolls, ballots). Imports
 * nothing but zod and pure modules: the web client takes its types from here (see ../../schemas.ts).
 */
import { z } from "@hono/zod-openapi";
import { LIMITS } from "../../../limits";
import { DEFAULT_PROPOSAL_LANGUAGE, PROPOSAL_LANGUAGES } from "../../../../../domain/proposalLanguage";
import { Address, Bytes32, Decimal, FreeText, IndexedId, Signature, Uint } from "../../schemas";

// ── requests ─────────────────────────────────────────────────────────────────────────────

/** A roll entry's id (see LIMITS.maxIndexedId). */
const EntryId = z.number().int().min(0).max(LIMITS.maxIndexedId);

export const BallotBody = z
  .object({
    proposalId: Uint(2n ** 63n - 1n, "proposalId"),
    entryId: EntryId,
    voter: Address,
    choice: z.number().int().min(0).max(15),
    nonce: z.number().int().min(1).max(65535),
    deadline: Uint(2n ** 64n - 1n, "deadline"),
    signature: Signature,
  })
  .strict()
  .openapi("SignedBallot");
export type BallotBody = z.input<typeof BallotBody>;

export const ScopeBody = z.object({
  kind: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  ids: z.array(IndexedId).max(LIMITS.scopeIds),
});

export const ProposalDraftBody = z
  .object({
    matter: z.number().int().min(1).max(9),
    scope: ScopeBody,
    adHoc: z.boolean().default(false),
    votingStart: Uint(2n ** 64n - 1n, "votingStart"),
    votingEnd: Uint(2n ** 64n - 1n, "votingEnd"),
    title: FreeText(1, LIMITS.titleChars),
    text: FreeText(1, LIMITS.proposalTextChars),
    /** the language the title, text and options are written in, chosen by the drafter (not the interface's) */
    language: z.enum(PROPOSAL_LANGUAGES).default(DEFAULT_PROPOSAL_LANGUAGE),
    /** omitted for a for / against / abstain vote: the three options in the proposal's language */
    options: z.array(FreeText(1, LIMITS.optionChars)).min(2).max(LIMITS.options).optional(),
    /** false: for / against / abstain (exactly 3 options); true: one choice among named options, abstain last. */
    namedChoice: z.boolean().default(false),
  })
  .strict()
  .openapi("ProposalDraft");
export type ProposalDraftBody = z.input<typeof ProposalDraftBody>;

export const PaperDraftBody = z
  .object({
    ballots: z
      .array(z.object({ entryId: EntryId, choice: z.number().int().min(0).max(15), scanHash: Bytes32 }).strict())
      .min(1)
      .max(LIMITS.votingBatch),
  })
  .strict();
export type PaperDraftBody = z.input<typeof PaperDraftBody>;

export const MandateDraftBody = z
  .object({
    mandates: z
      .array(z.object({ entryId: EntryId, proxy: Address, mandateHash: Bytes32 }).strict())
      .min(1)
      .max(LIMITS.votingBatch),
  })
  .strict();
export type MandateDraftBody = z.input<typeof MandateDraftBody>;

export const ExtensionDraftBody = z.object({ newVotingEnd: Uint(2n ** 64n - 1n, "newVotingEnd") }).strict();

/** An objection (询异) signed by an owner of the roll (`voter`, the leaf's address) or their proxy. */
export const ObjectionBody = z
  .object({
    entryId: EntryId,
    voter: Address,
    /** the objection's text; its keccak256 (UTF-8) is what is signed and goes on chain */
    text: FreeText(1, LIMITS.objectionTextChars),
    deadline: Uint(2n ** 64n - 1n, "deadline"),
    signature: Signature,
  })
  .strict()
  .openapi("SignedObjection");
export type ObjectionBody = z.input<typeof ObjectionBody>;

/** The committee's answer to an objection: its hash goes on chain once `threshold` members sign. */
export const AnswerDraftBody = z.object({ text: FreeText(1, LIMITS.objectionTextChars) }).strict();
export type AnswerDraftBody = z.input<typeof AnswerDraftBody>;

// ── answers ──────────────────────────────────────────────────────────────────────────────

/** Where a proposal is, by the chain's clock: before, during or after its vote, tallied, final. */
export const ProposalStatus = z.enum(["notice", "voting", "closed", "provisional", "final"]);
export type ProposalStatus = z.output<typeof ProposalStatus>;
/** A tallied proposal's outcome (OwnerVoting's `Outcome`, without None). */
export const OutcomeName = z.enum(["Passed", "Rejected", "NoQuorum"]);
export type OutcomeName = z.output<typeof OutcomeName>;

/** The fields of a proposal in a list (a proposal's own answer has these and more). */
const summaryFields = {
  id: Decimal,
  communityId: Decimal,
  matter: z.number().int(),
  title: z.string(),
  status: ProposalStatus,
  outcome: OutcomeName.nullable(),
  options: z.array(z.string()),
  /** false: for / against / abstain, only "for" (option 0) can pass; true: one choice among named options. */
  namedChoice: z.boolean(),
  publishedAt: Decimal,
  votingStart: Decimal,
  votingEnd: Decimal,
  objectionEnd: Decimal.nullable(),
  totalAreaCm2: Decimal,
  totalHeadcount: z.number().int(),
  entryCount: z.number().int(),
  /** whether the published roll root is the one the registry gives (checked when indexed) */
  rollMatches: z.boolean(),
};

export const ProposalSummary = z.strictObject(summaryFields).openapi("ProposalSummary");
export type ProposalSummary = z.output<typeof ProposalSummary>;
export const ProposalsAnswer = z.strictObject({ proposals: z.array(ProposalSummary) });

const Tally = z.strictObject({ areaCm2: Decimal, headcount: z.number().int() });

// one object, not an extension of ProposalSummary: OpenAPI would write that as an allOf of two
// closed objects, which nothing satisfies
export const ProposalDetail = z
  .strictObject({
    ...summaryFields,
    text: z.string().nullable(),
    /** the language the drafter wrote it in (null: not recorded by this server) */
    language: z.enum(PROPOSAL_LANGUAGES).nullable(),
    textHash: Bytes32,
    scope: z.strictObject({ kind: z.number().int().min(0).max(2), ids: z.array(z.number().int()) }),
    adHoc: z.boolean(),
    rollRoot: Bytes32,
    extended: z.boolean(),
    winningOption: z.number().int().nullable(),
    participatingAreaCm2: Decimal.nullable(),
    participatingHeadcount: z.number().int().nullable(),
    quorumMet: z.boolean().nullable(),
    /** fixed when the proposal was published (ProposalRulesFixed), whatever the settings say now */
    rules: z.strictObject({
      objectionDays: z.number().int().nullable(),
      allowBallotChange: z.boolean().nullable(),
      /** a result may become final while an objection is unanswered */
      finalWithOpenObjections: z.boolean().nullable(),
    }),
    /** objections filed (as the chain has them) and how many the committee has not answered */
    objections: z.strictObject({ filed: z.number().int(), open: z.number().int() }),
    /** one per option, in option order */
    tallies: z.array(Tally),
    chainTime: Decimal,
  })
  .openapi("Proposal");
export type ProposalDetail = z.output<typeof ProposalDetail>;

export const RollEntry = z
  .strictObject({
    entryId: z.number().int(),
    areaCm2: Decimal,
    headcount: z.number().int(),
    unitLabels: z.array(z.string()),
    voters: z.array(Address),
    /** the ballot counted for the entry, as the index has it (null: none) */
    ballot: z.strictObject({ choice: z.number().int(), kind: z.enum(["electronic", "paper"]), nonce: z.number().int() }).nullable(),
  })
  .openapi("RollEntry");
export type RollEntry = z.output<typeof RollEntry>;

export const RollPage = z
  .strictObject({
    rollRoot: Bytes32,
    totalAreaCm2: Decimal,
    totalHeadcount: z.number().int(),
    entryCount: z.number().int(),
    entries: z.array(RollEntry),
  })
  .openapi("RollPage");
export type RollPage = z.output<typeof RollPage>;

/** A ballot counted on chain for an entry (as the index has it). */
export const VoterBallot = z.strictObject({
  choice: z.number().int(),
  kind: z.enum(["electronic", "paper"]),
  nonce: z.number().int(),
  txHash: Bytes32,
  blockNumber: Decimal,
});
export type VoterBallot = z.output<typeof VoterBallot>;

/** A roll entry an address may vote for, with its Merkle proof and the ballot counted so far. */
export const VoterEntry = z
  .strictObject({
    entryId: z.number().int(),
    areaCm2: Decimal,
    headcount: z.number().int(),
    unitLabels: z.array(z.string()),
    voter: Address,
    proof: z.array(Bytes32),
    role: z.enum(["owner", "proxy"]),
    ballot: VoterBallot.nullable(),
  })
  .openapi("VoterEntry");
export type VoterEntry = z.output<typeof VoterEntry>;
export const VoterEntriesAnswer = z.strictObject({ entries: z.array(VoterEntry) });

/** An objection as the chain has it, with its text and the committee's answer when there is one. */
export const ObjectionView = z
  .strictObject({
    objectionId: z.number().int(),
    entryId: z.number().int(),
    /** the owner or proxy who signed it */
    signer: Address,
    /** null when this server has no text of that hash */
    text: z.string().nullable(),
    textHash: Bytes32,
    txHash: Bytes32,
    blockNumber: Decimal,
    answer: z
      .strictObject({ text: z.string().nullable(), answerHash: Bytes32, txHash: Bytes32, blockNumber: Decimal })
      .nullable(),
  })
  .openapi("Objection");
export type ObjectionView = z.output<typeof ObjectionView>;
export const ObjectionsAnswer = z.strictObject({
  /** objections can be filed now (the result is provisional and its objection period runs) */
  open: z.boolean(),
  objectionEnd: Decimal.nullable(),
  /** a result may become final while one is unanswered (fixed at publication) */
  finalWithOpenObjections: z.boolean().nullable(),
  objections: z.array(ObjectionView),
});
export type ObjectionsAnswer = z.output<typeof ObjectionsAnswer>;

/** zod schemas shared by the routes: the single source for validation and the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { LIMITS } from "../limits";

/**
 * A route's JSON request body. Always `required: true`: without it @hono/zod-openapi skips the
 * validation of a request that has no body (or no JSON content type) and hands the handler an
 * empty object. Every route with a body builds it here.
 */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true as const,
});

export const Uint = (max: bigint, name: string) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,77})$/, `${name} must be a non-negative integer written as a decimal string`)
    .refine((s) => /^[0-9]{1,78}$/.test(s) && BigInt(s) <= max, `${name} is out of range`)
    .openapi({ example: "1" });

export const IdParam = z.object({
  id: Uint(2n ** 63n - 1n, "id").openapi({ param: { name: "id", in: "path" }, example: "1" }),
});
export const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 20-byte hex address");
export const Bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes of hex");
/**
 * A signature as hex bytes. Its length and values are checked by chain/signature.ts, which
 * refuses what the contract could not recover with BAD_SIGNATURE and rewrites other encodings
 * of a valid signature (v 0/1, high s) into the contract's form.
 */
export const Signature = z
  .string()
  .max(2 + 2 * LIMITS.signatureHexBytes)
  .regex(/^0x(?:[0-9a-fA-F]{2})+$/, "must be a 65-byte hex signature")
  .openapi({ example: `0x${"11".repeat(64)}1b` });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "PROPOSAL_NOT_FOUND" }),
      message: z.object({ "zh-CN": z.string(), en: z.string() }),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

/** A JSON object response whose fields the route's description documents. */
export const Json = z.looseObject({});

export const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

export const errors = {
  400: json(ErrorBody, "Bad input"),
  404: json(ErrorBody, "Not found"),
  409: json(ErrorBody, "Conflicts with the current state"),
};

/** The refusals of a route that takes a body, besides `errors`. */
export const bodyErrors = {
  413: json(ErrorBody, "The body is larger than the API takes"),
  415: json(ErrorBody, "The body is not JSON (Content-Type must be application/json)"),
  429: json(ErrorBody, "Too many requests from this client, or too many open drafts; see Retry-After"),
};

/** A unit's or building's id (see LIMITS.maxIndexedId). */
export const IndexedId = z.number().int().min(1).max(LIMITS.maxIndexedId);
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
    title: z.string().min(1).max(LIMITS.titleChars),
    text: z.string().min(1).max(LIMITS.proposalTextChars),
    options: z.array(z.string().min(1).max(LIMITS.optionChars)).min(2).max(LIMITS.options),
    /** false: for / against / abstain (exactly 3 options); true: one choice among named options, abstain last. */
    namedChoice: z.boolean().default(false),
  })
  .strict()
  .openapi("ProposalDraft");

export const PaperDraftBody = z
  .object({
    ballots: z
      .array(z.object({ entryId: EntryId, choice: z.number().int().min(0).max(15), scanHash: Bytes32 }).strict())
      .min(1)
      .max(LIMITS.votingBatch),
  })
  .strict();

export const MandateDraftBody = z
  .object({
    mandates: z
      .array(z.object({ entryId: EntryId, proxy: Address, mandateHash: Bytes32 }).strict())
      .min(1)
      .max(LIMITS.votingBatch),
  })
  .strict();

export const ExtensionDraftBody = z.object({ newVotingEnd: Uint(2n ** 64n - 1n, "newVotingEnd") }).strict();
export const SignatureBody = z.object({ signature: Signature }).strict();

/** Options every sub-app is created with (the shared validation hook). */
export type HookOptions = NonNullable<ConstructorParameters<typeof import("@hono/zod-openapi").OpenAPIHono>[0]>;

/** A community's settings, as the registry's `Settings` struct. */
export const SettingsBody = z.object({
  noticeDays: z.number().int().min(7).max(60),
  adHocNoticeDays: z.number().int().min(1).max(60),
  objectionDays: z.number().int().min(1).max(60),
  allowBallotChange: z.boolean(),
  excludeParkingArea: z.boolean(),
});

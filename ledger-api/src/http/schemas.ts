/**
 * zod schemas shared by the routes: the single source for validation, for the OpenAPI document
 * and for the web client's types. The requests and answers of the core (sign-in, committee
 * actions, relay receipts, the service) are here; each module's are in http/modules/<name>/schemas.ts.
 *
 * A schema file imports nothing but zod and pure modules, so the web client can take its types
 * from it (`import type`) without pulling server code. An answer is described as it is sent:
 * bigints as decimal strings, and as a strict object, so a field the schema does not name is
 * an error in test/api/answers.test.ts.
 */
import { z } from "@hono/zod-openapi";
import type { AbiParameter } from "viem";
import { committeeKinds, signedParameters, type ActionPayloadJson } from "../../../chain/actionPayload";
import { ACTION_STATUSES } from "../relayer/jobs";
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
/**
 * Text a person writes (a title, a proposal, an objection, an answer), `min` to `max` characters
 * after trimming: no NUL, which PostgreSQL refuses in text (a request with one is the client's
 * mistake, answered 400, never a 500 from the database).
 */
export const FreeText = (min: number, max: number) =>
  z.string().trim().min(min).max(max).refine((s) => !s.includes("\u0000"), "must not contain a NUL character");

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

/**
 * A JSON answer of a route. The schema keeps its type, so @hono/zod-openapi checks each
 * `c.json(body, status)` of the handler against the schema declared for that status.
 */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
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

export const SignatureBody = z.object({ signature: Signature }).strict();

/** Options every sub-app is created with (the shared validation hook). */
export type HookOptions = NonNullable<ConstructorParameters<typeof import("@hono/zod-openapi").OpenAPIHono>[0]>;

// ── what answers are made of ─────────────────────────────────────────────────────────────

/** A non-negative integer (a bigint on the server) as a decimal string. */
export const Decimal = z.string().regex(/^(0|[1-9][0-9]*)$/).openapi({ description: "a non-negative integer as a decimal string", example: "1" });
/** An integer that may be negative, as a decimal string. */
export const SignedDecimal = z.string().regex(/^(0|-?[1-9][0-9]*)$/).openapi({ example: "0" });
export const HexBytes = z.string().regex(/^0x(?:[0-9a-fA-F]{2})*$/, "must be hex bytes");
/** A point in time, ISO 8601 in UTC (`Date.toISOString()`). */
export const IsoTime = z.iso.datetime();
export const Bilingual = z.strictObject({ "zh-CN": z.string(), en: z.string() });
export type Bilingual = z.output<typeof Bilingual>;
export type Lang = keyof Bilingual;
const Count = z.number().int().min(0);

// ── the service ──────────────────────────────────────────────────────────────────────────

export const HealthAnswer = z
  .strictObject({
    ok: z.literal(true),
    chainId: z.number().int(),
    chainHead: Decimal,
    indexedBlock: Decimal,
    /** the chain head less the indexed block (negative for a moment after the chain was rewound) */
    indexLag: SignedDecimal,
    /** relay jobs accepted or submitted, not yet settled */
    relayQueue: Count,
  })
  .openapi("Health");
export const HealthDownAnswer = z.strictObject({ ok: z.literal(false), error: z.string() }).openapi("HealthDown");

export const ConfigAnswer = z
  .strictObject({
    chainId: z.number().int(),
    rpcUrl: z.string(),
    /** the module contracts' addresses (chain/modules.ts) */
    registry: Address,
    voting: Address,
    fund: Address,
    reports: Address,
    documents: Address,
    deployBlock: Decimal,
    chainTime: Decimal,
    /** the largest document an upload may be (DOCUMENT_MAX_BYTES) */
    documentMaxBytes: z.number().int().min(1),
  })
  .openapi("Config");
export type Config = z.output<typeof ConfigAnswer>;

// ── sign-in ──────────────────────────────────────────────────────────────────────────────

export const NonceAnswer = z
  .strictObject({
    nonce: z.string(),
    expiresAt: IsoTime,
    /** the server's clock when it issued the nonce (a client whose clock is off can take it as Issued At) */
    serverTime: IsoTime,
    domain: z.string(),
    uri: z.string(),
    chainId: z.number().int(),
    version: z.literal("1"),
    sessionLifetimeSeconds: Count,
  })
  .openapi("SignInNonce");
export type NonceAnswer = z.output<typeof NonceAnswer>;

export const SignInAnswer = z
  .strictObject({ token: z.string(), tokenType: z.literal("Bearer"), address: Address, expiresAt: IsoTime })
  .openapi("Session");
export type SignInAnswer = z.output<typeof SignInAnswer>;

export const CommunityRoles = z.strictObject({
  communityId: Decimal,
  name: z.string().nullable(),
  roles: z.array(z.enum(["committee-member", "supervisor", "custodian", "owner"])),
  /** the units the address is bound to as owner */
  units: z.array(z.strictObject({ unitId: z.number().int(), label: z.string() })),
});
export type CommunityRoles = z.output<typeof CommunityRoles>;

export const SessionAnswer = z
  .strictObject({
    address: Address,
    expiresAt: IsoTime,
    roles: z.strictObject({
      /** holds the registry's SUPERVISOR_ROLE (may create communities) */
      supervisor: z.boolean(),
      /** every community where the address holds a role */
      communities: z.array(CommunityRoles),
    }),
  })
  .openapi("SessionInfo");
export type SessionInfo = z.output<typeof SessionAnswer>;

export const SignedOutAnswer = z.strictObject({ signedOut: z.literal(true) });

// ── relay receipts ───────────────────────────────────────────────────────────────────────

/** A relay job's life: accepted → submitted → confirmed, or rejected (by the contract, with a reason) or failed. */
export const ReceiptStatus = z.enum(["accepted", "submitted", "confirmed", "rejected", "failed"]);
export type ReceiptStatus = z.output<typeof ReceiptStatus>;

/** What the relayer did with a ballot, a committee or supervisor action, a finalize or a confirm. */
export const Receipt = z
  .strictObject({
    id: z.uuid(),
    digest: Bytes32,
    status: ReceiptStatus,
    proposalId: Decimal.nullable(),
    entryId: z.number().int().nullable(),
    choice: z.number().int().nullable(),
    txHash: Bytes32.nullable(),
    blockNumber: Decimal.nullable(),
    reason: z.string().nullable(),
  })
  .openapi("Receipt");
export type Receipt = z.output<typeof Receipt>;
export const ReceiptAnswer = z.strictObject({ receipt: Receipt });

// ── committee actions ────────────────────────────────────────────────────────────────────

const TypedField = z.strictObject({ name: z.string(), type: z.string() });
const TypedDomain = z.strictObject({ name: z.string(), version: z.string(), chainId: z.number().int(), verifyingContract: Address });

/** EIP-712 typed data as JSON (uints as decimal strings): what committee members sign. */
export const CommitteeTypedData = z
  .strictObject({
    domain: TypedDomain,
    types: z.strictObject({ CommitteeAction: z.array(TypedField) }),
    primaryType: z.literal("CommitteeAction"),
    message: z.strictObject({ communityId: Decimal, kind: z.number().int(), payloadHash: Bytes32, salt: Bytes32, deadline: Decimal }),
  })
  .openapi("CommitteeTypedData");
export type CommitteeTypedData = z.output<typeof CommitteeTypedData>;

/** What the custodian signs for the movements of real money it confirms. */
export const CustodianTypedData = z
  .strictObject({
    domain: TypedDomain,
    types: z.strictObject({ CustodianAction: z.array(TypedField) }),
    primaryType: z.literal("CustodianAction"),
    message: z.strictObject({ communityId: Decimal, kind: z.number().int(), payloadHash: Bytes32, salt: Bytes32, deadline: Decimal }),
  })
  .openapi("CustodianTypedData");

/** What the supervisor signs beside the committee (an emergency plan). */
export const SupervisorTypedData = z
  .strictObject({
    domain: TypedDomain,
    types: z.strictObject({ SupervisorAction: z.array(TypedField) }),
    primaryType: z.literal("SupervisorAction"),
    message: z.strictObject({ kind: z.number().int(), payloadHash: Bytes32, salt: Bytes32, deadline: Decimal }),
  })
  .openapi("SupervisorTypedData");

export const ActionStatus = z.enum(ACTION_STATUSES);

/** The strict schema of one decoded ABI value as chain/actionPayload.ts writes it. */
function abiValueSchema(p: AbiParameter & { components?: readonly AbiParameter[] }): z.ZodType {
  const array = /^(.*)\[(\d*)\]$/.exec(p.type);
  if (array) return z.array(abiValueSchema({ ...p, type: array[1]! }));
  if (p.type === "tuple") {
    return z.strictObject(Object.fromEntries((p.components ?? []).map((c) => [c.name ?? "", abiValueSchema(c)])));
  }
  if (/^uint\d*$/.test(p.type)) return Decimal;
  if (/^int\d*$/.test(p.type)) return SignedDecimal;
  if (p.type === "bool") return z.boolean();
  if (p.type === "address") return Address;
  if (p.type === "bytes32") return Bytes32;
  if (p.type.startsWith("bytes")) return HexBytes;
  return z.string();
}

/**
 * A committee action's signed arguments, decoded (chain/actionPayload.ts): one strict shape per
 * contract function, derived from the compiled ABI so the schema and the contract agree.
 */
export const ActionPayload = z
  .union(
    committeeKinds().map(({ kind, fn }) =>
      z.strictObject({
        fn: z.literal(fn),
        args: z.strictObject(Object.fromEntries(signedParameters(kind).map((p) => [p.name ?? "", abiValueSchema(p)]))),
      }),
    ) as unknown as readonly [z.ZodType, z.ZodType, ...z.ZodType[]],
  )
  .openapi("CommitteeActionPayload") as unknown as z.ZodType<ActionPayloadJson>;

/** A committee action collecting signatures, queued, sent, done or failed. */
export const Action = z
  .strictObject({
    id: z.uuid(),
    communityId: Decimal,
    kind: z.number().int(),
    kindName: Bilingual,
    summary: Bilingual,
    /** The signed arguments in full, decoded: what the member reads before signing (null: the stored payload does not decode, and must not be signed). */
    payload: ActionPayload.nullable(),
    /** The text the payload's hash stands for: a proposal's full text (textHash), an answer to an objection (answerHash); null for other kinds. */
    signedText: z.string().nullable(),
    /** who signs it: the committee (threshold) or the community's custodian (alone) */
    signer: z.enum(["committee", "custodian"]),
    typedData: z.union([CommitteeTypedData, CustodianTypedData]),
    /** an action the supervisor must also sign (an emergency plan): what it signs, and its signature once given */
    supervisor: z.strictObject({ address: Address.nullable(), typedData: SupervisorTypedData, signature: HexBytes.nullable() }).nullable(),
    /** in ascending signer order */
    signatures: z.array(z.strictObject({ signer: Address, signature: HexBytes })),
    threshold: Count,
    status: ActionStatus,
    txHash: Bytes32.nullable(),
    error: z.string().nullable(),
  })
  .openapi("CommitteeAction");
export type Action = z.output<typeof Action>;
export const ActionAnswer = z.strictObject({ action: Action });
export const ActionsAnswer = z.strictObject({ actions: z.array(Action) });

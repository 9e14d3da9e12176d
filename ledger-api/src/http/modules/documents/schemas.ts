/** Requests and answers of the documents module's routes (stored files, their proofs). */
import { z } from "@hono/zod-openapi";
import { DOCUMENT_KINDS, RECORD_TYPES, VISIBILITIES } from "../../../../../domain/documents/kinds";
import { Decimal, IsoTime } from "../../schemas";

const KINDS = Object.keys(DOCUMENT_KINDS) as [keyof typeof DOCUMENT_KINDS, ...(keyof typeof DOCUMENT_KINDS)[]];
const TYPES = Object.keys(RECORD_TYPES) as [keyof typeof RECORD_TYPES, ...(keyof typeof RECORD_TYPES)[]];

export const Sha256Hex = z.string().regex(/^0x[0-9a-f]{64}$/, "must be a SHA-256 hash as lowercase 0x-hex");
export const Sha256Param = z.object({
  sha256: Sha256Hex.openapi({ param: { name: "sha256", in: "path" }, example: `0x${"ab".repeat(32)}` }),
});

/** `type:id`, e.g. `payment:3` or `paper-ballot:1/0`. */
export const RecordRef = z
  .string()
  .max(64)
  .regex(/^[a-z-]+:[0-9/]+$/, "must be `type:id`, e.g. payment:3 or paper-ballot:1/0")
  .refine((s) => (TYPES as string[]).includes(s.split(":")[0]!), `the record type must be one of ${TYPES.join(", ")}`)
  .openapi({ example: "payment:1" });

export const UploadQuery = z.object({
  kind: z.enum(KINDS).openapi({ param: { name: "kind", in: "query" }, example: "invoice" }),
  record: RecordRef.openapi({ param: { name: "record", in: "query" } }),
  visibility: z.enum(VISIBILITIES).optional().openapi({ param: { name: "visibility", in: "query" }, description: "default: the kind's own; never looser" }),
});

export const RecordQuery = z.object({ record: RecordRef.openapi({ param: { name: "record", in: "query" } }) });
export const ProofQuery = z.object({ record: RecordRef.optional().openapi({ param: { name: "record", in: "query" }, description: "which record's proof, when the file belongs to several" }) });

const Keccak = z.string().regex(/^0x[0-9a-f]{64}$/);
const OnChainRef = z.strictObject({
  record: z.strictObject({ type: z.string(), id: z.string() }),
  event: z.string(),
  field: z.string(),
  hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  transaction: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  block: z.string(),
}).openapi("OnChainReference");

export const DocumentMeta = z.strictObject({
  sha256: Sha256Hex,
  /** keccak256 of the file (null for a file stored before it was kept): the hash on-chain records carry */
  keccak256: Keccak.nullable(),
  size: z.number().int().min(1),
  /** judged from an upload's content; a text the ledger files itself (ledgerTexts.ts) is UTF-8 text */
  mediaType: z.enum(["application/pdf", "image/jpeg", "image/png", "text/plain; charset=utf-8"]),
  kind: z.enum(KINDS),
  communityId: Decimal,
  record: z.strictObject({ type: z.enum(TYPES), id: z.string() }),
  visibility: z.enum(VISIBILITIES),
  uploader: z.string(),
  createdAt: IsoTime,
  /** "waiting" (no batch yet), "anchoring" (its batch closed, not confirmed), "anchored" */
  anchoring: z.enum(["waiting", "anchoring", "anchored"]),
  leafIndex: z.number().int().min(0).nullable(),
  batchRoot: Sha256Hex.nullable(),
  /** in a record's list: how the file belongs to it, when the record carries its hash on chain (null: uploaded for this record only) */
  onChain: z.strictObject({ event: z.string(), field: z.string(), transaction: z.string() }).nullable().optional(),
}).openapi("StoredDocument");

export const DocumentAnswer = z.strictObject({ document: DocumentMeta });
export const DocumentMetaAnswer = z.strictObject({ sha256: Sha256Hex, documents: z.array(DocumentMeta) });
export const DocumentsAnswer = z.strictObject({ documents: z.array(DocumentMeta) });

const Hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
export const ProofBundleAnswer = z.strictObject({
  format: z.literal("community-ledger/document-proof/v1"),
  document: z.strictObject({
    sha256: Hex32,
    keccak256: Hex32.optional(),
    size: z.number().int(),
    mediaType: z.string(),
    kind: z.string(),
    communityId: z.string(),
    record: z.strictObject({ type: z.string(), id: z.string() }),
  }),
  leaf: z.strictObject({ encoding: z.string(), descriptor: z.string(), index: z.number().int(), hash: Hex32 }),
  batch: z.strictObject({ id: z.string(), size: z.number().int(), root: Hex32, path: z.array(Hex32) }),
  anchor: z.strictObject({
    chainId: z.number().int(),
    contract: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    transaction: Hex32,
    block: z.string(),
    timestamp: z.number().int(),
  }),
  onChain: z.array(OnChainRef).optional(),
}).openapi("ProofBundle");

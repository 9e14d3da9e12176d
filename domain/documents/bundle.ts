/**
 * A document's proof bundle: everything needed to check, without the server, that a file is the
 * one recorded, when it was anchored and which record it belongs to. Downloaded beside the file
 * (JSON); checked by the verify page and `npm run verify`. The chain part (that `anchor.root`
 * is on chain at that block and time in that contract) is checked against a node by the
 * verifier; this module checks everything that needs no node.
 */
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { isDocumentKind, isRecordType, type DocumentKind, type RecordType } from "./kinds";
import { descriptorOf, documentLeafHash, parseDescriptor } from "./leaf";
import { equalBytes, rootFromPath, type DocumentLog } from "./merkleLog";

export const BUNDLE_FORMAT = "community-ledger/document-proof/v1";
export const LEAF_ENCODING = "sha256(0x00 || sha256(file) || sha256(descriptor)); node = sha256(0x01 || left || right); RFC 6962 shape";

export interface ProofBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly document: {
    /** SHA-256 of the file, 0x-hex */
    readonly sha256: Hex;
    /**
     * keccak256 of the file, 0x-hex: the hash a record carrying the file on chain holds (not
     * committed by the leaf; checked against the file's bytes when the file is at hand)
     */
    readonly keccak256?: Hex;
    readonly size: number;
    readonly mediaType: string;
    readonly kind: string;
    readonly communityId: string;
    readonly record: { readonly type: string; readonly id: string };
  };
  readonly leaf: {
    readonly encoding: string;
    /** the exact descriptor text the leaf commits to */
    readonly descriptor: string;
    readonly index: number;
    readonly hash: Hex;
  };
  readonly batch: {
    readonly id: string;
    readonly size: number;
    readonly root: Hex;
    /** sibling hashes from the leaf up, 0x-hex */
    readonly path: readonly Hex[];
  };
  readonly anchor: {
    readonly chainId: number;
    readonly contract: Hex;
    readonly transaction: Hex;
    readonly block: string;
    /** seconds since 1970 of the anchoring block */
    readonly timestamp: number;
  };
  /**
   * The records that carry the file's keccak256 in an event of their own (chainRecords.ts), as
   * the server's index found them: a verifier reads each transaction's receipt and checks that
   * the event holds this hash for this record.
   */
  readonly onChain?: readonly OnChainReference[];
}

export interface OnChainReference {
  readonly record: { readonly type: string; readonly id: string };
  readonly event: string;
  readonly field: string;
  readonly hash: Hex;
  readonly transaction: Hex;
  readonly block: string;
}

/** Why a bundle fails before the chain is asked (stable codes; the verifiers give the words). */
export type BundleProblem =
  | "BUNDLE_MALFORMED"
  | "BUNDLE_DESCRIPTOR_MISMATCH"
  | "BUNDLE_FILE_MISMATCH"
  | "BUNDLE_LEAF_MISMATCH"
  | "BUNDLE_PATH_INVALID";

const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isReference(r: unknown): boolean {
  return (
    isObject(r) && isObject(r.record) && typeof r.record.type === "string" && typeof r.record.id === "string" &&
    typeof r.event === "string" && typeof r.field === "string" &&
    typeof r.hash === "string" && HEX32.test(r.hash) && typeof r.transaction === "string" && HEX32.test(r.transaction) &&
    typeof r.block === "string" && /^[0-9]+$/.test(r.block)
  );
}

/** The bundle, when `value` has its shape (read from untrusted JSON), else null. */
export function parseBundle(value: unknown): ProofBundle | null {
  if (!isObject(value) || value.format !== BUNDLE_FORMAT) return null;
  const { document: d, leaf: l, batch: b, anchor: a } = value;
  if (!isObject(d) || !isObject(l) || !isObject(b) || !isObject(a) || !isObject(d.record)) return null;
  const ok =
    typeof d.sha256 === "string" && HEX32.test(d.sha256) &&
    Number.isSafeInteger(d.size) && typeof d.mediaType === "string" &&
    typeof d.kind === "string" && typeof d.communityId === "string" &&
    typeof d.record.type === "string" && typeof d.record.id === "string" &&
    typeof l.descriptor === "string" && typeof l.encoding === "string" && Number.isSafeInteger(l.index) &&
    typeof l.hash === "string" && HEX32.test(l.hash) &&
    typeof b.id === "string" && Number.isSafeInteger(b.size) && typeof b.root === "string" && HEX32.test(b.root) &&
    Array.isArray(b.path) && b.path.every((h) => typeof h === "string" && HEX32.test(h)) &&
    Number.isSafeInteger(a.chainId) && typeof a.contract === "string" && ADDRESS.test(a.contract) &&
    typeof a.transaction === "string" && HEX32.test(a.transaction) && typeof a.block === "string" && /^[0-9]+$/.test(a.block) &&
    Number.isSafeInteger(a.timestamp) &&
    (d.keccak256 === undefined || (typeof d.keccak256 === "string" && HEX32.test(d.keccak256))) &&
    (value.onChain === undefined || (Array.isArray(value.onChain) && value.onChain.every(isReference)));
  return ok ? (value as unknown as ProofBundle) : null;
}

/**
 * Checks a bundle as far as it goes without a node: its descriptor is the one of its document's
 * fields, its leaf hash is the descriptor's and the file's, the path leads from the leaf to the
 * batch root; and, when the file's own SHA-256 is given, that the file is the bundle's. The
 * first problem found, or null.
 */
export function checkBundle(bundle: ProofBundle, fileSha256?: Hex): BundleProblem | null {
  const d = bundle.document;
  const parsed = parseDescriptor(bundle.leaf.descriptor);
  if (!parsed || !isDocumentKind(d.kind) || !isRecordType(d.record.type)) return "BUNDLE_MALFORMED";
  const expected = descriptorOf({ communityId: d.communityId, recordType: d.record.type, recordId: d.record.id, kind: d.kind });
  if (expected !== bundle.leaf.descriptor) return "BUNDLE_DESCRIPTOR_MISMATCH";
  if (fileSha256 !== undefined && fileSha256.toLowerCase() !== d.sha256.toLowerCase()) return "BUNDLE_FILE_MISMATCH";
  const leaf = documentLeafHash(d.sha256, bundle.leaf.descriptor);
  if (leaf.toLowerCase() !== bundle.leaf.hash.toLowerCase()) return "BUNDLE_LEAF_MISMATCH";
  const root = rootFromPath(hexToBytes(leaf), bundle.leaf.index, bundle.batch.size, bundle.batch.path.map((h) => hexToBytes(h)));
  if (root === null || !equalBytes(root, hexToBytes(bundle.batch.root))) return "BUNDLE_PATH_INVALID";
  return null;
}

/** The bundle's path as 0x-hex, from a log's proof. */
export function pathHex(path: readonly Uint8Array[]): Hex[] {
  return path.map((p) => bytesToHex(p));
}

/**
 * The bundle of the document at leaf `index` of `log` (the log its batch was anchored with):
 * its descriptor and leaf hash from its fields, its path from the log. The one place a bundle is
 * put together (the API's proof route, and the tools that anchor without the API).
 */
export function bundleOf(input: {
  readonly document: ProofBundle["document"] & { readonly kind: DocumentKind; readonly record: { readonly type: RecordType } };
  readonly index: number;
  readonly log: DocumentLog;
  readonly batchId: string;
  readonly anchor: ProofBundle["anchor"];
  readonly onChain?: readonly OnChainReference[];
}): ProofBundle {
  const d = input.document;
  const descriptor = descriptorOf({ communityId: d.communityId, recordType: d.record.type, recordId: d.record.id, kind: d.kind });
  return {
    format: BUNDLE_FORMAT,
    document: d,
    leaf: { encoding: LEAF_ENCODING, descriptor, index: input.index, hash: documentLeafHash(d.sha256, descriptor) },
    batch: { id: input.batchId, size: input.log.size, root: bytesToHex(input.log.root), path: pathHex(input.log.proof(input.index)) },
    anchor: input.anchor,
    ...(input.onChain && input.onChain.length > 0 ? { onChain: input.onChain } : {}),
  };
}

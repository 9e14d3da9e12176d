/**
 * A document's leaf in the log: what the chain's root commits to for one document.
 *
 *   descriptor = "community-ledger document v1\n"
 *              + "community: <communityId>\n"
 *              + "record: <record type> <record id>\n"
 *              + "kind: <document kind>\n"               (UTF-8, exactly these four lines)
 *   leaf data  = SHA-256(file) || SHA-256(descriptor)     (64 bytes)
 *   leaf hash  = SHA-256(0x00 || leaf data)               (merkleLog.ts)
 *
 * So a proof shows both that the file is the one recorded and which record it belongs to;
 * neither the file's name nor its visibility is committed (a restricted file's hash is public,
 * its content is not).
 */
import { bytesToHex, hexToBytes, sha256, stringToBytes, type Hex } from "viem";
import type { DocumentKind, RecordType } from "./kinds";
import { logLeafHash } from "./merkleLog";

export interface DocumentRef {
  readonly communityId: string;
  readonly recordType: RecordType;
  readonly recordId: string;
  readonly kind: DocumentKind;
}

export const DESCRIPTOR_HEADER = "community-ledger document v1";

export function descriptorOf(ref: DocumentRef): string {
  return `${DESCRIPTOR_HEADER}\ncommunity: ${ref.communityId}\nrecord: ${ref.recordType} ${ref.recordId}\nkind: ${ref.kind}\n`;
}

/** The parts of a descriptor, or null when it is not exactly the four lines above. */
export function parseDescriptor(text: string): { communityId: string; recordType: string; recordId: string; kind: string } | null {
  const m = /^community-ledger document v1\ncommunity: ([1-9][0-9]{0,19})\nrecord: ([a-z-]+) ([0-9/]+)\nkind: ([a-z-]+)\n$/.exec(text);
  if (!m) return null;
  return { communityId: m[1] as string, recordType: m[2] as string, recordId: m[3] as string, kind: m[4] as string };
}

/** SHA-256 of a file's bytes, as 0x-hex: the document's id in the store. */
export function contentHashOf(bytes: Uint8Array): Hex {
  return sha256(bytes);
}

/** The 64 bytes of leaf data: the content hash and the descriptor's hash. */
export function leafDataOf(contentHash: Hex, descriptor: string): Uint8Array {
  const data = new Uint8Array(64);
  data.set(hexToBytes(contentHash), 0);
  data.set(sha256(stringToBytes(descriptor), "bytes"), 32);
  return data;
}

/** The document's leaf hash, as 0x-hex. */
export function documentLeafHash(contentHash: Hex, descriptor: string): Hex {
  return bytesToHex(logLeafHash(leafDataOf(contentHash, descriptor)));
}

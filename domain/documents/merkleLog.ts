/**
 * The document log: a Merkle tree of SHA-256 hashes, shaped and domain-separated as RFC 6962
 * (Certificate Transparency) does, so an inner node can never be offered as a leaf:
 *
 * - leaf hash  = SHA-256(0x00 || leaf data)
 * - node hash  = SHA-256(0x01 || left child's hash || right child's hash)
 * - shape: RFC 6962 §2.1 (see ../merkleShape.ts); no padding; a tree has at least one leaf.
 * - an inclusion proof (audit path) of leaf `index` in a tree of `size` leaves lists the
 *   sibling hashes from the leaf up to the root; its sides are fixed by (index, size), so the
 *   proof carries hashes only.
 *
 * Built level by level over byte arrays (a level's odd last node moves up unchanged, which gives
 * the RFC 6962 shape), so a tree of 1,000,000 leaves fits in memory. No I/O.
 */
import { sha256 } from "viem";
import { auditPathSides } from "../merkleShape";

export const LEAF_PREFIX = 0x00;
export const NODE_PREFIX = 0x01;

/** SHA-256(0x00 || data). */
export function logLeafHash(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return sha256(input, "bytes");
}

/** SHA-256(0x01 || left || right). */
export function logNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input, "bytes");
}

export interface DocumentLog {
  readonly size: number;
  readonly root: Uint8Array;
  /** The audit path of leaf `index`, bottom up. */
  proof(index: number): Uint8Array[];
}

/** The tree over these leaf hashes, in the order given. Throws on an empty list. */
export function buildDocumentLog(leafHashes: readonly Uint8Array[]): DocumentLog {
  if (leafHashes.length === 0) throw new RangeError("a document log has at least one leaf");
  const levels: Uint8Array[][] = [leafHashes.slice()];
  while ((levels[levels.length - 1] as Uint8Array[]).length > 1) {
    const below = levels[levels.length - 1] as Uint8Array[];
    const above: Uint8Array[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) above.push(logNodeHash(below[i] as Uint8Array, below[i + 1] as Uint8Array));
    if (below.length % 2 === 1) above.push(below[below.length - 1] as Uint8Array);
    levels.push(above);
  }
  const size = leafHashes.length;
  return {
    size,
    root: (levels[levels.length - 1] as Uint8Array[])[0] as Uint8Array,
    proof(index: number): Uint8Array[] {
      if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a log of ${size}`);
      const path: Uint8Array[] = [];
      let i = index;
      for (let level = 0; level < levels.length - 1; level++) {
        const nodes = levels[level] as Uint8Array[];
        const sibling = i ^ 1;
        if (sibling < nodes.length) path.push(nodes[sibling] as Uint8Array);
        i = i >> 1;
      }
      return path;
    },
  };
}

export interface InclusionInput {
  readonly leafHash: Uint8Array;
  readonly index: number;
  readonly size: number;
  readonly path: readonly Uint8Array[];
  readonly root: Uint8Array;
}

/** The root that `path` leads to from `leafHash` at `index` of `size`, or null if its length is wrong for them. */
export function rootFromPath(leafHash: Uint8Array, index: number, size: number, path: readonly Uint8Array[]): Uint8Array | null {
  if (!Number.isSafeInteger(size) || size < 1 || !Number.isSafeInteger(index) || index < 0 || index >= size) return null;
  const sides = auditPathSides(index, size);
  if (path.length !== sides.length || leafHash.length !== 32) return null;
  let hash = leafHash;
  for (let i = 0; i < path.length; i++) {
    const sibling = path[i] as Uint8Array;
    if (sibling.length !== 32) return null;
    hash = sides[i] === "left" ? logNodeHash(sibling, hash) : logNodeHash(hash, sibling);
  }
  return hash;
}

/** True when `path` proves `leafHash` is leaf `index` of the log of `size` leaves with `root`. Never throws. */
export function verifyInclusion(input: InclusionInput): boolean {
  const computed = rootFromPath(input.leafHash, input.index, input.size, input.path);
  return computed !== null && equalBytes(computed, input.root);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

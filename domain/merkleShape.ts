/**
 * The shape of an RFC 6962 Merkle tree (RFC 9162 §2.1.1), shared by every tree of the ledger
 * (the fund statement's Merkle-sum tree, the document log): the tree over leaves d[0..n) is
 * the leaf itself for n = 1, and for n > 1 the node over the tree of d[0..k) and the tree of
 * d[k..n), k the largest power of two strictly less than n. No padding.
 */

/** The largest power of two strictly less than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The sides of the audit path of leaf `index` in a tree of `leafCount` leaves, bottom up:
 * "left" where the sibling is the left child (the path is node(sibling, path)), "right"
 * where it is the right one. The caller checks 0 ≤ index < leafCount.
 */
export function auditPathSides(index: number, leafCount: number): ("left" | "right")[] {
  const sides: ("left" | "right")[] = [];
  let lo = 0;
  let hi = leafCount;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      sides.push("right");
      hi = lo + k;
    } else {
      sides.push("left");
      lo = lo + k;
    }
  }
  return sides.reverse();
}

/**
 * A Merkle-sum tree over a statement's unit lines: each node commits to a hash AND to the
 * sum of the balances below it, so a published root and total prove both that an owner's
 * line is in the statement and that no other line was left out of the total or counted
 * negative. Shape as RFC 6962's Merkle Tree Hash, with domain separation of leaves and
 * nodes; the contract and the verifier compute exactly the same bytes.
 *
 * - Leaf: keccak256(encodePacked(bytes1 0x00, uint32 unitId, uint64 balanceFen,
 *   bytes32 lineHash)), its sum is balanceFen. `lineHash` commits to the line's printed
 *   details (`lineHashOf`: encodePacked of uint32 unitId, uint64 opening, int64 deposited,
 *   int64 income, int64 used, uint64 closing; closing = balanceFen).
 * - Node: keccak256(encodePacked(bytes1 0x01, bytes32 leftHash, uint64 leftSum,
 *   bytes32 rightHash, uint64 rightSum)), its sum is leftSum + rightSum, which must fit a
 *   uint64 (else `FUND_MERKLE_SUM_OVERFLOW`).
 * - Shape: the tree over leaves d[0..n) is the leaf itself for n = 1; for n > 1 it is the
 *   node over the tree of d[0..k) and the tree of d[k..n), k the largest power of two
 *   strictly less than n (RFC 6962 §2.1). No padding; leaves stay in the order given,
 *   which must be strictly ascending unit id (`FUND_MERKLE_LEAF_ORDER`: one line per
 *   unit). No tree for n = 0 (`FUND_MERKLE_EMPTY`).
 * - The prefixes 0x00 / 0x01 make a leaf preimage (61 bytes) and a node preimage (81 bytes)
 *   different, so an inner node can never be presented as a leaf.
 * - A proof for leaf `index` lists the siblings from the leaf up to the root, each with its
 *   hash, its sum and its side ("left": the sibling is the left child, so the path is
 *   node(sibling, path); "right": node(path, sibling)). Verification recomputes the path,
 *   requires each side to be the one RFC 6962's audit-path walk for (index, leafCount)
 *   dictates and the proof to have exactly that length, every sum (leaf balance included)
 *   to be from 0 to 2^64 − 1 and every partial sum to fit a uint64, and finally the hash
 *   to equal `root` and the sum to equal `total`.
 */
import { encodePacked, keccak256, type Hex } from "viem";
import { auditPathSides, splitPoint } from "../merkleShape";
import { UINT64_MAX, checkUint32, checkUint64, fail } from "./check";

export interface MerkleSumLeaf {
  readonly unitId: number;
  readonly balanceFen: bigint;
  /** bytes32 commitment to the line's printed details (`lineHashOf`). */
  readonly lineHash: Hex;
}

/** The printed details of a statement line that `lineHashOf` commits to. */
export interface LineHashFields {
  readonly unitId: number;
  readonly openingFen: bigint;
  readonly depositedFen: bigint;
  readonly incomeFen: bigint;
  readonly usedFen: bigint;
  /** The closing balance: the leaf's balanceFen. */
  readonly closingFen: bigint;
}

export interface MerkleSumStep {
  readonly hash: Hex;
  readonly sum: bigint;
  /** Which child the sibling is: "left" → node(sibling, path), "right" → node(path, sibling). */
  readonly side: "left" | "right";
}

export interface MerkleSumTree {
  readonly root: Hex;
  readonly total: bigint;
  readonly leafCount: number;
  /** The proof of leaf `index` (same as `merkleSumProof(tree, index)`). */
  proof(index: number): MerkleSumStep[];
}

export interface MerkleSumProofInput {
  readonly leaf: MerkleSumLeaf;
  readonly index: number;
  readonly leafCount: number;
  readonly proof: readonly MerkleSumStep[];
  readonly root: Hex;
  readonly total: bigint;
}

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * keccak256(encodePacked(uint32 unitId, uint64 openingFen, int64 depositedFen,
 * int64 incomeFen, int64 usedFen, uint64 closingFen)). The movements are signed: a period
 * can reverse a deposit or void a hold made in an earlier one. The refund column is not
 * hashed: it is fixed by the others (refunded = opening + deposited + income − used − closing).
 */
export function lineHashOf(line: LineHashFields): Hex {
  checkUint32(line.unitId, "FUND_MERKLE_BAD_LEAF", "房屋编号", "The unit id");
  checkUint64(line.openingFen, "FUND_MERKLE_BAD_LEAF", "期初余额（分）", "The opening balance (fen)");
  checkUint64(line.closingFen, "FUND_MERKLE_BAD_LEAF", "期末余额（分）", "The closing balance (fen)");
  for (const a of [line.depositedFen, line.incomeFen, line.usedFen]) {
    if (typeof a !== "bigint" || a < INT64_MIN || a > INT64_MAX) {
      fail("FUND_MERKLE_BAD_LEAF", `对账单发生额必须在 int64 范围内，收到 ${String(a)}`, `A statement movement must fit an int64, got ${String(a)}`);
    }
  }
  return keccak256(
    encodePacked(
      ["uint32", "uint64", "int64", "int64", "int64", "uint64"],
      [line.unitId, line.openingFen, line.depositedFen, line.incomeFen, line.usedFen, line.closingFen],
    ),
  );
}

/** The leaf hash: keccak256(encodePacked(0x00, uint32 unitId, uint64 balanceFen, bytes32 lineHash)). */
export function merkleSumLeafHash(leaf: MerkleSumLeaf): Hex {
  checkUint32(leaf.unitId, "FUND_MERKLE_BAD_LEAF", "房屋编号", "The unit id");
  checkUint64(leaf.balanceFen, "FUND_MERKLE_BAD_LEAF", "分户余额（分）", "The balance (fen)");
  if (typeof leaf.lineHash !== "string" || !BYTES32.test(leaf.lineHash)) {
    fail("FUND_MERKLE_BAD_LEAF", `明细哈希必须是 32 字节十六进制，收到 ${String(leaf.lineHash)}`, `The line hash must be 32 bytes of hex, got ${String(leaf.lineHash)}`);
  }
  return keccak256(encodePacked(["bytes1", "uint32", "uint64", "bytes32"], ["0x00", leaf.unitId, leaf.balanceFen, leaf.lineHash]));
}

/** The node hash: keccak256(encodePacked(0x01, leftHash, uint64 leftSum, rightHash, uint64 rightSum)). */
export function merkleSumNodeHash(leftHash: Hex, leftSum: bigint, rightHash: Hex, rightSum: bigint): Hex {
  return keccak256(encodePacked(["bytes1", "bytes32", "uint64", "bytes32", "uint64"], ["0x01", leftHash, leftSum, rightHash, rightSum]));
}

interface Node {
  readonly hash: Hex;
  readonly sum: bigint;
  readonly left?: Node;
  readonly right?: Node;
}

function build(leaves: readonly Node[], lo: number, hi: number): Node {
  if (hi - lo === 1) return leaves[lo] as Node;
  const k = splitPoint(hi - lo);
  const left = build(leaves, lo, lo + k);
  const right = build(leaves, lo + k, hi);
  const sum = left.sum + right.sum;
  if (sum > UINT64_MAX) {
    fail("FUND_MERKLE_SUM_OVERFLOW", `余额合计 ${sum} 超出 uint64 范围`, `The sum of the balances (${sum}) does not fit a uint64`);
  }
  return { hash: merkleSumNodeHash(left.hash, left.sum, right.hash, right.sum), sum, left, right };
}

function checkIndex(index: number, leafCount: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leafCount) {
    fail("FUND_MERKLE_BAD_INDEX", `叶子序号 ${index} 超出范围（共 ${leafCount} 个）`, `Leaf index ${index} is out of range (${leafCount} leaves)`);
  }
}

/** Builds the tree over the leaves in the order given (ascending unit id). */
export function buildMerkleSumTree(leaves: readonly MerkleSumLeaf[]): MerkleSumTree {
  if (leaves.length === 0) fail("FUND_MERKLE_EMPTY", "对账单没有分户明细，无法建树", "A statement with no unit lines has no tree");
  for (let i = 1; i < leaves.length; i++) {
    const prev = (leaves[i - 1] as MerkleSumLeaf).unitId;
    const next = (leaves[i] as MerkleSumLeaf).unitId;
    if (!(next > prev)) {
      fail("FUND_MERKLE_LEAF_ORDER", `分户明细须按房屋编号严格递增排列：${prev} 之后是 ${next}`, `Unit lines must be in strictly ascending unit id order: ${next} follows ${prev}`);
    }
  }
  const leafNodes: Node[] = leaves.map((leaf) => ({ hash: merkleSumLeafHash(leaf), sum: leaf.balanceFen }));
  const rootNode = build(leafNodes, 0, leafNodes.length);
  const leafCount = leafNodes.length;
  const proof = (index: number): MerkleSumStep[] => {
    checkIndex(index, leafCount);
    const steps: MerkleSumStep[] = [];
    let node = rootNode;
    let lo = 0;
    let hi = leafCount;
    while (hi - lo > 1) {
      const k = splitPoint(hi - lo);
      const left = node.left as Node;
      const right = node.right as Node;
      if (index < lo + k) {
        steps.push({ hash: right.hash, sum: right.sum, side: "right" });
        node = left;
        hi = lo + k;
      } else {
        steps.push({ hash: left.hash, sum: left.sum, side: "left" });
        node = right;
        lo = lo + k;
      }
    }
    return steps.reverse();
  };
  return { root: rootNode.hash, total: rootNode.sum, leafCount, proof };
}

/** The proof of leaf `index`, from the leaf's sibling up to the root's children. */
export function merkleSumProof(tree: MerkleSumTree, index: number): MerkleSumStep[] {
  return tree.proof(index);
}

/**
 * The sides of the audit path of leaf `index` in a tree of `leafCount` leaves, bottom up
 * (RFC 9162 §2.1.3.2): "left" where the sibling is the left child.
 */
export function proofSides(index: number, leafCount: number): ("left" | "right")[] {
  checkIndex(index, leafCount);
  return auditPathSides(index, leafCount);
}

/**
 * True when `proof` shows `leaf` at `index` in the tree of `leafCount` leaves with this
 * `root` and `total` (see the module comment for every check). Never throws: malformed
 * input is false.
 */
export function verifyMerkleSumProof(input: MerkleSumProofInput): boolean {
  const { leaf, index, leafCount, proof, root, total } = input;
  if (!Number.isSafeInteger(leafCount) || leafCount < 1 || !Number.isSafeInteger(index) || index < 0 || index >= leafCount) return false;
  if (typeof total !== "bigint" || total < 0n || total > UINT64_MAX) return false;
  if (typeof root !== "string" || !BYTES32.test(root)) return false;
  const sides = proofSides(index, leafCount);
  if (proof.length !== sides.length) return false;
  let hash: Hex;
  try {
    hash = merkleSumLeafHash(leaf);
  } catch {
    return false;
  }
  let sum = leaf.balanceFen;
  for (let i = 0; i < proof.length; i++) {
    const step = proof[i] as MerkleSumStep;
    if (step.side !== sides[i]) return false;
    if (typeof step.sum !== "bigint" || step.sum < 0n || step.sum > UINT64_MAX) return false;
    if (typeof step.hash !== "string" || !BYTES32.test(step.hash)) return false;
    hash = step.side === "left" ? merkleSumNodeHash(step.hash, step.sum, hash, sum) : merkleSumNodeHash(hash, sum, step.hash, step.sum);
    sum += step.sum;
    if (sum > UINT64_MAX) return false;
  }
  return hash.toLowerCase() === root.toLowerCase() && sum === total;
}

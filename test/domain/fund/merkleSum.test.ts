import { encodePacked, keccak256, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../domain/errors";
import { UINT64_MAX } from "../../../domain/fund/check";
import {
  buildMerkleSumTree,
  lineHashOf,
  merkleSumLeafHash,
  merkleSumNodeHash,
  merkleSumProof,
  proofSides,
  verifyMerkleSumProof,
  type MerkleSumLeaf,
  type MerkleSumStep,
} from "../../../domain/fund/merkleSum";
import { mulberry32 } from "../../../scripts/demo/generateCommunity";

function leaves(n: number, seed = 1): MerkleSumLeaf[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const unitId = 1000 + i * 3;
    const closingFen = BigInt(next() % 5_000_000);
    const lineHash = lineHashOf({ unitId, openingFen: closingFen, depositedFen: 0n, incomeFen: 0n, usedFen: 0n, closingFen });
    return { unitId, balanceFen: closingFen, lineHash };
  });
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

function roundTrip(ls: MerkleSumLeaf[], indexes: number[]): void {
  const tree = buildMerkleSumTree(ls);
  expect(tree.total).toBe(ls.reduce((a, l) => a + l.balanceFen, 0n));
  for (const index of indexes) {
    const proof = merkleSumProof(tree, index);
    expect(proof).toEqual(tree.proof(index));
    const ok = verifyMerkleSumProof({ leaf: ls[index] as MerkleSumLeaf, index, leafCount: ls.length, proof, root: tree.root, total: tree.total });
    expect(ok, `leaf ${index} of ${ls.length}`).toBe(true);
  }
}

describe("Merkle-sum tree: hashes", () => {
  it("hashes a leaf and a node with their domain prefixes", () => {
    const [leaf] = leaves(1) as [MerkleSumLeaf];
    expect(merkleSumLeafHash(leaf)).toBe(
      keccak256(encodePacked(["bytes1", "uint32", "uint64", "bytes32"], ["0x00", leaf.unitId, leaf.balanceFen, leaf.lineHash])),
    );
    const h = leaf.lineHash;
    expect(merkleSumNodeHash(h, 1n, h, 2n)).toBe(keccak256(encodePacked(["bytes1", "bytes32", "uint64", "bytes32", "uint64"], ["0x01", h, 1n, h, 2n])));
  });

  it("hashes a line's printed details, movements signed", () => {
    const line = { unitId: 7, openingFen: 100n, depositedFen: -30n, incomeFen: 2n, usedFen: -5n, closingFen: 77n };
    expect(lineHashOf(line)).toBe(
      keccak256(encodePacked(["uint32", "uint64", "int64", "int64", "int64", "uint64"], [7, 100n, -30n, 2n, -5n, 77n])),
    );
    expect(code(() => lineHashOf({ ...line, closingFen: -1n }))).toBe("FUND_MERKLE_BAD_LEAF");
  });

  it("a one-leaf tree's root is the leaf, a two-leaf tree's the node over both", () => {
    const ls = leaves(2);
    const one = buildMerkleSumTree(ls.slice(0, 1));
    expect(one.root).toBe(merkleSumLeafHash(ls[0] as MerkleSumLeaf));
    expect(one.proof(0)).toEqual([]);
    const two = buildMerkleSumTree(ls);
    const [a, b] = ls as [MerkleSumLeaf, MerkleSumLeaf];
    expect(two.root).toBe(merkleSumNodeHash(merkleSumLeafHash(a), a.balanceFen, merkleSumLeafHash(b), b.balanceFen));
    expect(two.total).toBe(a.balanceFen + b.balanceFen);
  });

  it("splits at the largest power of two below n (RFC 6962): 3 leaves are ((0,1),2)", () => {
    const ls = leaves(3);
    const [a, b, c] = ls.map(merkleSumLeafHash) as [Hex, Hex, Hex];
    const [sa, sb, sc] = ls.map((l) => l.balanceFen) as [bigint, bigint, bigint];
    const ab = merkleSumNodeHash(a, sa, b, sb);
    expect(buildMerkleSumTree(ls).root).toBe(merkleSumNodeHash(ab, sa + sb, c, sc));
    expect(proofSides(2, 3)).toEqual(["left"]);
    expect(proofSides(0, 3)).toEqual(["right", "right"]);
    expect(proofSides(4, 5)).toEqual(["left"]);
    expect(proofSides(5, 7)).toEqual(["left", "right", "left"]);
  });
});

describe("Merkle-sum tree: proofs round trip", () => {
  for (const n of [1, 2, 3, 5, 8, 9]) {
    it(`${n} leaves, every index`, () => roundTrip(leaves(n, n), Array.from({ length: n }, (_, i) => i)));
  }

  it("3,109 leaves build fast; 50 sampled indexes verify", () => {
    const ls = leaves(3109, 3109);
    const start = performance.now();
    const tree = buildMerkleSumTree(ls);
    const ms = performance.now() - start;
    expect(ms).toBeLessThan(1000);
    const next = mulberry32(50);
    const sample = [0, 1, 2047, 2048, 3107, 3108, ...Array.from({ length: 44 }, () => next() % 3109)];
    roundTrip(ls, sample);
    // 3109 = 2048 + (1024 + (32 + (4 + 1))): the last leaf is 4 levels down, the first 12
    expect(tree.proof(3108).map((s) => s.side)).toEqual(["left", "left", "left", "left"]);
    expect(tree.proof(0)).toHaveLength(12);
  });
});

describe("Merkle-sum tree: forged proofs fail", () => {
  const ls = leaves(5, 5);
  const tree = buildMerkleSumTree(ls);
  const index = 1;
  const base = { leaf: ls[index] as MerkleSumLeaf, index, leafCount: ls.length, proof: tree.proof(index), root: tree.root, total: tree.total };

  it("the honest proof passes", () => expect(verifyMerkleSumProof(base)).toBe(true));

  it("a changed balance fails", () => {
    expect(verifyMerkleSumProof({ ...base, leaf: { ...base.leaf, balanceFen: base.leaf.balanceFen + 1n } })).toBe(false);
    expect(verifyMerkleSumProof({ ...base, leaf: { ...base.leaf, balanceFen: -1n } })).toBe(false);
  });

  it("a changed line hash or unit id fails", () => {
    expect(verifyMerkleSumProof({ ...base, leaf: { ...base.leaf, lineHash: keccak256("0x01") } })).toBe(false);
    expect(verifyMerkleSumProof({ ...base, leaf: { ...base.leaf, unitId: base.leaf.unitId + 1 } })).toBe(false);
  });

  it("a wrong total fails", () => {
    expect(verifyMerkleSumProof({ ...base, total: tree.total + 1n })).toBe(false);
    expect(verifyMerkleSumProof({ ...base, total: tree.total - 1n })).toBe(false);
  });

  it("a proof with a swapped side fails", () => {
    const proof = base.proof.map((s, i): MerkleSumStep => (i === 0 ? { ...s, side: s.side === "left" ? "right" : "left" } : s));
    expect(verifyMerkleSumProof({ ...base, proof })).toBe(false);
  });

  it("a sibling sum moved between siblings fails, as does a negative sibling sum", () => {
    const [first, second, ...rest] = base.proof as [MerkleSumStep, MerkleSumStep, ...MerkleSumStep[]];
    expect(verifyMerkleSumProof({ ...base, proof: [{ ...first, sum: first.sum + 1n }, { ...second, sum: second.sum - 1n }, ...rest] })).toBe(false);
    expect(verifyMerkleSumProof({ ...base, proof: [{ ...first, sum: -1n }, second, ...rest] })).toBe(false);
  });

  it("a wrong index, leaf count or proof length fails", () => {
    expect(verifyMerkleSumProof({ ...base, index: 0 })).toBe(false);
    expect(verifyMerkleSumProof({ ...base, leafCount: 4 })).toBe(false);
    expect(verifyMerkleSumProof({ ...base, index: 5 })).toBe(false);
    expect(verifyMerkleSumProof({ ...base, proof: base.proof.slice(1) })).toBe(false);
  });

  it("an inner node offered as a leaf fails", () => {
    // Leaves 0 and 1 form the inner node N = node(leaf0, leaf1). Its preimage cannot be a leaf
    // preimage: present N's hash as the lineHash of a "leaf" whose balance is N's sum, with
    // the rest of leaf 1's path as proof, at every index and count that path would fit.
    const [l0, l1] = ls as [MerkleSumLeaf, MerkleSumLeaf];
    const innerHash = merkleSumNodeHash(merkleSumLeafHash(l0), l0.balanceFen, merkleSumLeafHash(l1), l1.balanceFen);
    const innerSum = l0.balanceFen + l1.balanceFen;
    const upper = base.proof.slice(1);
    for (const unitId of [0, l0.unitId, l1.unitId]) {
      for (const [index, leafCount] of [[0, 4], [0, 3], [0, 5], [1, 4]] as const) {
        const ok = verifyMerkleSumProof({ leaf: { unitId, balanceFen: innerSum, lineHash: innerHash }, index, leafCount, proof: upper, root: tree.root, total: tree.total });
        expect(ok).toBe(false);
      }
    }
    // The path from N up does lead to the root: only the 0x00/0x01 separation stops it.
    let h = innerHash;
    let s = innerSum;
    for (const step of upper) {
      h = step.side === "left" ? merkleSumNodeHash(step.hash, step.sum, h, s) : merkleSumNodeHash(h, s, step.hash, step.sum);
      s += step.sum;
    }
    expect(h).toBe(tree.root);
  });
});

describe("Merkle-sum tree: refusals", () => {
  it("refuses no leaves, unsorted or repeated unit ids, bad leaves and a sum beyond uint64", () => {
    expect(code(() => buildMerkleSumTree([]))).toBe("FUND_MERKLE_EMPTY");
    const [a, b] = leaves(2) as [MerkleSumLeaf, MerkleSumLeaf];
    expect(code(() => buildMerkleSumTree([b, a]))).toBe("FUND_MERKLE_LEAF_ORDER");
    expect(code(() => buildMerkleSumTree([a, a]))).toBe("FUND_MERKLE_LEAF_ORDER");
    expect(code(() => buildMerkleSumTree([{ ...a, lineHash: "0x12" }]))).toBe("FUND_MERKLE_BAD_LEAF");
    expect(code(() => buildMerkleSumTree([{ ...a, balanceFen: -1n }]))).toBe("FUND_MERKLE_BAD_LEAF");
    expect(code(() => buildMerkleSumTree([{ ...a, balanceFen: UINT64_MAX }, { ...b, balanceFen: 1n }]))).toBe("FUND_MERKLE_SUM_OVERFLOW");
    expect(code(() => buildMerkleSumTree([a]).proof(1))).toBe("FUND_MERKLE_BAD_INDEX");
  });
});

/**
 * RollProof against OpenZeppelin: the same leaf hashes, and the same multiproof roots on random
 * trees and subsets; where OpenZeppelin reverts on a malformed multiproof, RollProof says so.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { packProofFlags } from "../../chain/relayedBallots";
import { ROLL_LEAF_ENCODING, prng } from "./fixtures";

async function harnessFixture() {
  const harness = await (await ethers.getContractFactory("RollProofHarness")).deploy();
  return { harness };
}

type Value = [number, string, bigint, number];

function randomTree(rnd: ReturnType<typeof prng>, n: number) {
  const values: Value[] = Array.from({ length: n }, (_, i) => [
    i,
    ethers.getAddress(ethers.hexlify(ethers.randomBytes(20))),
    BigInt(rnd.int(2 ** 31)) * 3n,
    1 + rnd.int(3),
  ]);
  return StandardMerkleTree.of(values, ROLL_LEAF_ENCODING);
}

function randomSubset(rnd: ReturnType<typeof prng>, n: number, k: number) {
  const s = new Set<number>();
  while (s.size < Math.min(k, n)) s.add(rnd.int(n));
  return [...s];
}

describe("RollProof (leaf hash and multiproof) against OpenZeppelin", () => {
  it("hashes leaves as StandardMerkleTree and OpenZeppelin's Solidity do, up to the largest values", async () => {
    const { harness } = await loadFixture(harnessFixture);
    const cases: Value[] = [
      [0, ethers.ZeroAddress, 0n, 0],
      [2 ** 32 - 1, "0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF", 2n ** 64n - 1n, 2 ** 32 - 1],
      [3108, "0x1234567890AbcdEF1234567890aBcdef12345678", 1_234_567n, 2],
    ];
    const tree = StandardMerkleTree.of(cases, ROLL_LEAF_ENCODING);
    for (const [i, v] of cases.entries()) {
      const ours = await harness.leaf(...v);
      expect(ours).to.equal(await harness.ozLeaf(...v));
      expect(ours).to.equal(tree.leafHash(v));
      expect(tree.getProof(i).length).to.be.greaterThan(0);
    }
  });

  it("rebuilds the same root as OpenZeppelin for random trees and subsets, in the tree's multiproof order", async () => {
    const { harness } = await loadFixture(harnessFixture);
    const rnd = prng(11);
    for (const n of [1, 2, 3, 7, 64, 129, 300]) {
      const tree = randomTree(rnd, n);
      for (const k of [1, 2, Math.ceil(n / 3), n]) {
        const mp = tree.getMultiProof(randomSubset(rnd, n, k));
        const leaves = mp.leaves.map((v) => tree.leafHash(v));
        const [ok, root] = await harness.multiProofRoot(mp.proof, packProofFlags(mp.proofFlags), leaves);
        expect(ok, `n=${n} k=${k}`).to.equal(true);
        expect(root).to.equal(tree.root);
        expect(root).to.equal(await harness.ozMultiProofRoot(mp.proof, mp.proofFlags, leaves));
      }
    }
  });

  it("agrees with OpenZeppelin on tampered and malformed multiproofs: the same root, or both refuse", async () => {
    const { harness } = await loadFixture(harnessFixture);
    const rnd = prng(5);
    const tree = randomTree(rnd, 40);
    let refused = 0;
    let differentRoot = 0;
    for (let round = 0; round < 60; round++) {
      const mp = tree.getMultiProof(randomSubset(rnd, 40, 1 + rnd.int(12)));
      let leaves = mp.leaves.map((v) => tree.leafHash(v));
      let proof = [...mp.proof];
      let flags = [...mp.proofFlags];
      switch (round % 6) {
        case 0: // a flag flipped
          if (flags.length > 0) flags[rnd.int(flags.length)] = !flags[rnd.int(flags.length)];
          break;
        case 1: // a proof node changed
          if (proof.length > 0) proof[rnd.int(proof.length)] = ethers.hexlify(ethers.randomBytes(32));
          break;
        case 2: // a node left over, lengths kept consistent by an extra flag
          proof = [...proof, ethers.hexlify(ethers.randomBytes(32))];
          flags = [...flags, false];
          break;
        case 3: // lengths that do not add up
          flags = [...flags, true];
          break;
        case 4: // leaves in another order
          leaves = [...leaves].reverse();
          break;
        case 5: // flags shuffled
          flags = flags.map(() => rnd.chance(0.5));
          break;
      }
      const [ok, root] = await harness.multiProofRoot(proof, packProofFlags(flags), leaves);
      let oz: string | null = null;
      try {
        oz = await harness.ozMultiProofRoot(proof, flags, leaves);
      } catch {
        oz = null;
      }
      if (oz === null) {
        expect(ok, `round ${round}`).to.equal(false);
        refused++;
      } else {
        expect(ok, `round ${round}`).to.equal(true);
        expect(root).to.equal(oz);
        if (root !== tree.root) differentRoot++;
      }
    }
    // the rounds exercised both outcomes
    expect(refused).to.be.greaterThan(5);
    expect(differentRoot).to.be.greaterThan(5);
  });

  it("refuses flag words too many or too few, a bit beyond the last flag, and an empty set of leaves", async () => {
    const { harness } = await loadFixture(harnessFixture);
    const tree = randomTree(prng(9), 300);
    const mp = tree.getMultiProof(randomSubset(prng(10), 300, 200));
    const leaves = mp.leaves.map((v) => tree.leafHash(v));
    const bits = packProofFlags(mp.proofFlags);
    expect(mp.proofFlags.length).to.be.greaterThan(256); // two flag words
    expect((await harness.multiProofRoot(mp.proof, bits, leaves))[0]).to.equal(true);
    expect((await harness.multiProofRoot(mp.proof, [...bits, 0n], leaves))[0]).to.equal(false);
    expect((await harness.multiProofRoot(mp.proof, bits.slice(0, 1), leaves))[0]).to.equal(false);
    const last = bits.length - 1;
    const stray = bits.map((w, i) => (i === last ? w | (1n << BigInt(mp.proofFlags.length % 256)) : w));
    expect((await harness.multiProofRoot(mp.proof, stray, leaves))[0]).to.equal(false);
    expect((await harness.multiProofRoot([tree.root], [], []))[0]).to.equal(false);
  });
});

/**
 * castBallotsWithMultiproof (a batch proven by one Merkle multiproof), the ballot lanes of
 * 2, 4 and 8 bits chosen by the number of options, and the roll-size bound.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import {
  BallotKind,
  Ledger,
  Reason,
  buildRoll,
  communityFixture,
  prng,
  simpleRoll,
  wallet,
  type SignedBallot,
} from "../fixtures";

const areas = (n: number) => Array.from({ length: n }, (_, i) => BigInt(4500 + 53 * i));

describe("OwnerVoting: batches proven by one multiproof", () => {
  it("counts the same as castBallots, in any order of entries", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll(areas(60), 3000);
    const a = await l.publish(communityId, roll);
    const b = await l.publish(communityId, roll);
    await time.increaseTo(b.votingStart);
    const rnd = prng(7);
    const picks = [...new Set(Array.from({ length: 45 }, () => rnd.int(60)))];
    const choices = picks.map((e) => (e * 7) % 3);
    const forA: SignedBallot[] = [];
    const forB: SignedBallot[] = [];
    for (const [i, entryId] of picks.entries()) {
      forA.push(await l.signBallot(roll, { proposalId: a.proposalId, entryId, choice: choices[i]!, deadline: a.votingEnd }));
      forB.push(await l.signBallot(roll, { proposalId: b.proposalId, entryId, choice: choices[i]!, deadline: b.votingEnd }));
    }
    await (await l.voting.castBallots(a.proposalId, forA)).wait();
    const mp = Ledger.multiproofBatch(roll, forB);
    const tx = l.voting.castBallotsWithMultiproof(b.proposalId, mp.ballots, mp.proof, mp.proofFlags);
    await expect(tx).to.emit(l.voting, "BallotCast");
    expect(await l.tallies(b.proposalId)).to.deep.equal(await l.tallies(a.proposalId));
    for (const [i, entryId] of picks.entries()) {
      const [choice, kind, nonce] = await l.voting.ballotOf(b.proposalId, entryId);
      expect([Number(choice), Number(kind), Number(nonce)]).to.deep.equal([choices[i], BallotKind.Electronic, 1]);
    }
  });

  it("a bad ballot in the batch is rejected with its reason; the others count", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll(areas(10), 3100);
    const p = await l.open(communityId, roll);
    const good = await l.signBallot(roll, { proposalId: p.proposalId, entryId: 1, choice: 0, deadline: p.votingEnd });
    // signed by entry 3's owner but claiming entry 2's leaf
    const wrong = await l.signBallot(roll, { proposalId: p.proposalId, entryId: 2, choice: 0, deadline: p.votingEnd, signer: roll.signerOf(3), voter: roll.signerOf(2).address });
    const replay = await l.signBallot(roll, { proposalId: p.proposalId, entryId: 4, choice: 1, deadline: p.votingEnd });
    await (await l.voting.castBallot(p.proposalId, replay)).wait();
    const mp = Ledger.multiproofBatch(roll, [good, wrong, replay]);
    const tx = l.voting.castBallotsWithMultiproof(p.proposalId, mp.ballots, mp.proof, mp.proofFlags);
    await expect(tx).to.emit(l.voting, "BallotRejected").withArgs(p.proposalId, 2, anyValue, Reason.WrongSigner);
    await expect(tx).to.emit(l.voting, "BallotRejected").withArgs(p.proposalId, 4, anyValue, Reason.NonceUsed);
    expect((await l.voting.ballotOf(p.proposalId, 1)).map(Number)).to.deep.equal([0, BallotKind.Electronic, 1]);
    expect((await l.voting.ballotOf(p.proposalId, 2)).map(Number)).to.deep.equal([0, BallotKind.None, 0]);
    const t = await l.tallies(p.proposalId);
    expect(t[0]).to.deep.equal([roll.entries[1]!.areaCm2, 1n]);
    expect(t[1]).to.deep.equal([roll.entries[4]!.areaCm2, 1n]);
  });

  it("an invalid multiproof reverts the whole batch and changes nothing", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll(areas(16), 3200);
    const p = await l.open(communityId, roll);
    const ballots = [];
    for (const entryId of [2, 5, 9]) {
      ballots.push(await l.signBallot(roll, { proposalId: p.proposalId, entryId, choice: 0, deadline: p.votingEnd }));
    }
    const mp = Ledger.multiproofBatch(roll, ballots);
    const tamperedProof = [...mp.proof];
    tamperedProof[0] = ethers.id("not a node");
    await expect(l.voting.castBallotsWithMultiproof(p.proposalId, mp.ballots, tamperedProof, mp.proofFlags))
      .to.be.revertedWithCustomError(l.voting, "VotingRollProofInvalid")
      .withArgs(p.proposalId);
    // a leaf with more area than the roll gives it
    const inflated = mp.ballots.map((b, i) => (i === 0 ? { ...b, packed: BigInt(b.packed) + (1n << 152n) } : b));
    await expect(l.voting.castBallotsWithMultiproof(p.proposalId, inflated, mp.proof, mp.proofFlags))
      .to.be.revertedWithCustomError(l.voting, "VotingRollProofInvalid");
    // a flag word too many, and a flag bit set beyond the last flag
    await expect(l.voting.castBallotsWithMultiproof(p.proposalId, mp.ballots, mp.proof, [...mp.proofFlags, 0n]))
      .to.be.revertedWithCustomError(l.voting, "VotingRollProofInvalid");
    const flagCount = mp.ballots.length + mp.proof.length - 1;
    const stray = [BigInt(mp.proofFlags[0]!) | (1n << BigInt(flagCount))];
    await expect(l.voting.castBallotsWithMultiproof(p.proposalId, mp.ballots, mp.proof, stray))
      .to.be.revertedWithCustomError(l.voting, "VotingRollProofInvalid");
    expect(await l.tallies(p.proposalId)).to.deep.equal([[0n, 0n], [0n, 0n], [0n, 0n]]);
  });

  it("refuses an entry id beyond the roll, an empty or oversized batch, and a closed vote", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll(areas(4), 3300);
    const p = await l.publish(communityId, roll);
    const ballot = await l.signBallot(roll, { proposalId: p.proposalId, entryId: 1, choice: 0, deadline: p.votingEnd });
    const mp = Ledger.multiproofBatch(roll, [ballot]);
    await expect(l.voting.castBallotsWithMultiproof(p.proposalId, mp.ballots, mp.proof, mp.proofFlags))
      .to.be.revertedWithCustomError(l.voting, "VotingNotOpen")
      .withArgs(p.proposalId);
    await time.increaseTo(p.votingStart);
    await expect(l.voting.castBallotsWithMultiproof(p.proposalId, [], [roll.root], []))
      .to.be.revertedWithCustomError(l.voting, "VotingBatchTooLarge")
      .withArgs(0, 200);
    const beyond = { ...mp.ballots[0]!, packed: (BigInt(mp.ballots[0]!.packed) & ~0xffffffffn) | 4n };
    await expect(l.voting.castBallotsWithMultiproof(p.proposalId, [beyond], mp.proof, mp.proofFlags))
      .to.be.revertedWithCustomError(l.voting, "VotingNotInRoll")
      .withArgs(4);
    const many = Array.from({ length: 201 }, () => mp.ballots[0]!);
    await expect(l.voting.castBallotsWithMultiproof(p.proposalId, many, mp.proof, mp.proofFlags))
      .to.be.revertedWithCustomError(l.voting, "VotingBatchTooLarge")
      .withArgs(201, 200);
    await expect(l.voting.castBallotsWithMultiproof(p.proposalId, mp.ballots, mp.proof, mp.proofFlags)).to.emit(l.voting, "BallotCast");
  });

  it("a batch at the far end of a roll of MAX_ROLL_ENTRIES costs about what it costs at the start of a small roll", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const max = Number(await l.voting.MAX_ROLL_ENTRIES());
    const ids = Array.from({ length: 50 }, (_, i) => i * 3);
    const rollOf = (offset: number) =>
      buildRoll(ids.map((id, i) => ({ entryId: id + offset, voters: [wallet(3700 + i)], areaCm2: BigInt(5000 + i), headcount: 1 })));
    const gasFor = async (offset: number, entryCount: number) => {
      const roll = rollOf(offset);
      const p = await l.open(communityId, roll, { entryCount });
      const ballots: SignedBallot[] = [];
      for (const id of ids) ballots.push(await l.signBallot(roll, { proposalId: p.proposalId, entryId: id + offset, choice: id % 3, deadline: p.votingEnd }));
      const mp = Ledger.multiproofBatch(roll, ballots);
      const receipt = (await (await l.voting.castBallotsWithMultiproof(p.proposalId, mp.ballots, mp.proof, mp.proofFlags)).wait())!;
      const t = await l.tallies(p.proposalId);
      expect(t.reduce((sum, [, h]) => sum + h, 0n)).to.equal(50n);
      const [choice, kind] = await l.voting.ballotOf(p.proposalId, ids[49]! + offset);
      expect([Number(choice), Number(kind)]).to.deep.equal([ids[49]! % 3, BallotKind.Electronic]);
      return receipt.gasUsed;
    };
    const small = await gasFor(0, 150);
    const large = await gasFor(max - 150, max);
    // the same pattern of storage words and proof depth: only the roll's size differs
    expect(large * 100n).to.be.lessThan(small * 105n);
  });

  it("refuses a roll of more than MAX_ROLL_ENTRIES entries at publication", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll(areas(3), 3400);
    const max = await l.voting.MAX_ROLL_ENTRIES();
    const input = await l.proposalInput(communityId, roll, { entryCount: Number(max) + 1 });
    const auth = await l.signPublish(input);
    await expect(l.voting.publishProposal(input, auth))
      .to.be.revertedWithCustomError(l.voting, "VotingRollTooLarge")
      .withArgs(max + 1n, max);
  });
});

describe("OwnerVoting: ballot lanes of 2, 4 and 8 bits", () => {
  for (const optionCount of [3, 4, 15, 16]) {
    it(`${optionCount} options: neighbouring entries keep their own choices, changes and paper`, async () => {
      const { l, communityId } = await loadFixture(communityFixture);
      const roll = simpleRoll(areas(70), 3500);
      const options = Array.from({ length: optionCount }, (_, i) => (i === optionCount - 1 ? "弃权 Abstain" : `方案 ${i + 1}`));
      const p = await l.open(communityId, roll, optionCount === 3 ? {} : { options, namedChoice: true });
      const top = optionCount - 1;
      // entries 0..69 take the highest choice and 0 alternately, in one batch
      const batch: SignedBallot[] = [];
      for (let e = 0; e < 70; e++) {
        batch.push(await l.signBallot(roll, { proposalId: p.proposalId, entryId: e, choice: e % 2 ? top : 0, deadline: p.votingEnd }));
      }
      await (await l.voting.castBallots(p.proposalId, batch)).wait();
      // entry 33 changes its ballot (nonce 2, then 9), entry 34 is on paper then votes electronically
      await (await l.voting.castBallot(p.proposalId, await l.signBallot(roll, { proposalId: p.proposalId, entryId: 33, choice: 1, nonce: 2, deadline: p.votingEnd }))).wait();
      await (await l.voting.castBallot(p.proposalId, await l.signBallot(roll, { proposalId: p.proposalId, entryId: 33, choice: top, nonce: 9, deadline: p.votingEnd }))).wait();
      await (await l.enterPaperBallots(communityId, p.proposalId, [l.paperBallot(roll, 69, 1)])).wait();
      const seen = await Promise.all([32, 33, 34, 68, 69].map((e) => l.voting.ballotOf(p.proposalId, e)));
      expect(seen.map(([c, k, n]) => [Number(c), Number(k), Number(n)])).to.deep.equal([
        [0, BallotKind.Electronic, 1],
        [top, BallotKind.Electronic, 9],
        [0, BallotKind.Electronic, 1],
        [0, BallotKind.Electronic, 1],
        [top, BallotKind.Electronic, 1], // electronic beats the later paper ballot
      ]);
      const t = await l.tallies(p.proposalId, optionCount);
      const sumOdd = roll.entries.filter((_, e) => e % 2 === 1).reduce((s, x) => s + x.areaCm2, 0n);
      const sumEven = roll.entries.filter((_, e) => e % 2 === 0).reduce((s, x) => s + x.areaCm2, 0n);
      expect(t[top]).to.deep.equal([sumOdd, 35n]);
      expect(t[0]).to.deep.equal([sumEven, 35n]);
      if (top !== 1) expect(t[1]).to.deep.equal([0n, 0n]);
    });
  }

  it("paper, then electronic nonce 1, then a replay of the paper ballot: electronic stays", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll(areas(5), 3600);
    const p = await l.open(communityId, roll);
    await (await l.enterPaperBallots(communityId, p.proposalId, [l.paperBallot(roll, 2, 1)])).wait();
    expect((await l.voting.ballotOf(p.proposalId, 2)).map(Number)).to.deep.equal([1, BallotKind.Paper, 0]);
    await (await l.voting.castBallot(p.proposalId, await l.signBallot(roll, { proposalId: p.proposalId, entryId: 2, choice: 0, deadline: p.votingEnd }))).wait();
    expect((await l.voting.ballotOf(p.proposalId, 2)).map(Number)).to.deep.equal([0, BallotKind.Electronic, 1]);
    await (await l.enterPaperBallots(communityId, p.proposalId, [l.paperBallot(roll, 2, 2)])).wait();
    expect((await l.voting.ballotOf(p.proposalId, 2)).map(Number)).to.deep.equal([0, BallotKind.Electronic, 1]);
    expect(await l.tallies(p.proposalId)).to.deep.equal([[roll.entries[2]!.areaCm2, 1n], [0n, 0n], [0n, 0n]]);
    // an id beyond the roll has no ballot
    expect((await l.voting.ballotOf(p.proposalId, 5)).map(Number)).to.deep.equal([0, BallotKind.None, 0]);
  });
});

/**
 * Ballot signatures: replay, expiry, wrong chain / proposal / contract, roll proofs, choices,
 * malformed signatures, and batches in which some ballots are bad.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ballotTypes } from "../../../chain/typedData";
import {
  BallotKind,
  DAY,
  Reason,
  type SignedBallot,
  communityFixture,
  simpleRoll,
  wallet,
} from "../fixtures";

/** secp256k1 group order and half of it: a compact signature with s above the half is malleable. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = N / 2n;

const deadlineOf = (b: SignedBallot) => (b.packed >> 56n) & ((1n << 64n) - 1n);
const choiceOf = (b: SignedBallot) => Number((b.packed >> 32n) & 0xffn);
const nonceOf = (b: SignedBallot) => Number((b.packed >> 40n) & 0xffffn);
const entryOf = (b: SignedBallot) => Number(b.packed & 0xffffffffn);

async function openFixture() {
  const { l, communityId } = await communityFixture();
  const roll = simpleRoll([9000n, 8000n, 7000n, 6000n, 5000n, 4000n]);
  const p = await l.open(communityId, roll);
  return { l, communityId, roll, ...p };
}

describe("OwnerVoting: ballot signatures", () => {
  it("a replayed ballot (same nonce) → NonceUsed (7), in castBallot and in a batch", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 });
    await l.voting.castBallot(proposalId, b);
    await expect(l.voting.castBallot(proposalId, b))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 0, Reason.NonceUsed);
    expect(await l.voting.castBallots.staticCall(proposalId, [b])).to.equal(0n);
    await expect(l.voting.castBallots(proposalId, [b]))
      .to.emit(l.voting, "BallotRejected")
      .withArgs(proposalId, 0, await l.voting.ballotDigest(proposalId, 0, 0, 1, deadlineOf(b)), Reason.NonceUsed);
    expect(await l.tallies(proposalId)).to.deep.equal([[9000n, 1n], [0n, 0n], [0n, 0n]]);
  });

  it("an expired deadline → Expired (2); a deadline equal to the block time is still valid", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const deadline = (await l.now()) + 100n;
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, deadline });
    const c = await l.signBallot(roll, { proposalId, entryId: 1, choice: 0, deadline });
    await time.setNextBlockTimestamp(deadline);
    await expect(l.voting.castBallot(proposalId, b)).to.emit(l.voting, "BallotCast");
    await time.setNextBlockTimestamp(deadline + 1n);
    await expect(l.voting.castBallot(proposalId, c))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 1, Reason.Expired);
  });

  it("signed for another chain id → WrongSigner (6): the recovered address is not the voter", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 }, { chainId: l.chainId + 1n });
    const digest = await l.voting.ballotDigest(proposalId, 0, 0, 1, deadlineOf(b));
    const recovered = ethers.recoverAddress(digest, { r: b.r, yParityAndS: b.vs });
    expect(recovered).to.not.equal(wallet(0).address);
    expect(recovered).to.not.equal(ethers.ZeroAddress);
    await expect(l.voting.castBallot(proposalId, b))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 0, Reason.WrongSigner);
    // the contract's digest is the chain/typedData.ts digest on this chain
    expect(digest).to.equal(
      ethers.TypedDataEncoder.hash(l.votingDomain(), { Ballot: [...ballotTypes.Ballot] }, {
        proposalId,
        entryId: 0,
        choice: 0,
        nonce: 1,
        deadline: deadlineOf(b),
      }),
    );
  });

  it("signed for another proposal → WrongSigner", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([9000n, 8000n, 7000n]);
    // two proposals with the same roll, open at the same time
    const first = await l.publish(communityId, roll);
    const second = await l.publish(communityId, roll);
    await time.increaseTo(second.votingStart);
    const forFirst = await l.signBallot(roll, { proposalId: first.proposalId, entryId: 0, choice: 0 });
    await expect(l.voting.castBallot(second.proposalId, forFirst))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(second.proposalId, 0, Reason.WrongSigner);
    await expect(l.voting.castBallot(first.proposalId, forFirst)).to.emit(l.voting, "BallotCast");
  });

  it("signed for another OwnerVoting contract → WrongSigner", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    // a second voting contract (it could not be registered beside this one: its kinds are taken)
    const other = await ethers.deployContract("OwnerVoting", [l.registryAddress], l.relayer);
    const forOther = await l.signBallot(roll, { proposalId, entryId: 2, choice: 1 }, { verifyingContract: await other.getAddress() });
    await expect(l.voting.castBallot(proposalId, forOther))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 2, Reason.WrongSigner);
    const forThis = await l.signBallot(roll, { proposalId, entryId: 2, choice: 1 });
    await expect(l.voting.castBallot(proposalId, forThis)).to.emit(l.voting, "BallotCast").withArgs(proposalId, 2, wallet(2).address, 1, 1, BallotKind.Electronic, 7000n, 1);
  });

  it("signed by someone who is not the voter (and not a registered proxy) → WrongSigner", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, signer: wallet(1) });
    expect(b.voter).to.equal(wallet(0).address);
    await expect(l.voting.castBallot(proposalId, b))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 0, Reason.WrongSigner);
    // voter 1 signing for entry 0 with its own leaf of entry 1 does not prove entry 0
    const own = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, signer: wallet(1) });
    const leaf1 = roll.leaf(1);
    await expect(l.voting.castBallot(proposalId, { ...own, voter: leaf1.voter, proof: leaf1.proof }))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 0, Reason.NotInRoll);
  });

  it("a wrong leaf or proof, or a tampered area or headcount → NotInRoll (4)", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 });
    const cases: SignedBallot[] = [
      { ...b, packed: b.packed + (1n << 152n) }, // area + 0.01 m²
      { ...b, packed: b.packed + (1n << 120n) }, // headcount 2
      { ...b, proof: [ethers.ZeroHash, ...b.proof.slice(1)] },
      { ...b, proof: [] },
      { ...b, proof: roll.getProof(1) },
      { ...b, voter: wallet(1).address },
    ];
    for (const bad of cases) {
      await expect(l.voting.castBallot(proposalId, bad))
        .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
        .withArgs(proposalId, 0, Reason.NotInRoll);
    }
    // an entry id that is not on the roll, signed properly
    const ghost = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 });
    await expect(l.voting.castBallot(proposalId, { ...ghost, packed: (ghost.packed & ~0xffffffffn) | 77n }))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 77, Reason.NotInRoll);
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [0n, 0n], [0n, 0n]]);
  });

  it("choice ≥ optionCount → BadChoice (3)", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    for (const choice of [3, 255]) {
      const b = await l.signBallot(roll, { proposalId, entryId: 0, choice });
      await expect(l.voting.castBallot(proposalId, b))
        .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
        .withArgs(proposalId, 0, Reason.BadChoice);
    }
  });

  it("malformed signatures: s above half the order, r = 0 → BadSignature (5); garbage vs → BadSignature or WrongSigner", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 });
    const highS = { ...b, vs: ethers.toBeHex(HALF_N + 1n, 32) };
    await expect(l.voting.castBallot(proposalId, highS))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 0, Reason.BadSignature);
    const highSv1 = { ...b, vs: ethers.toBeHex((1n << 255n) | (HALF_N + 12345n), 32) };
    await expect(l.voting.castBallot(proposalId, highSv1))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 0, Reason.BadSignature);
    await expect(l.voting.castBallot(proposalId, { ...b, r: ethers.ZeroHash }))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 0, Reason.BadSignature);
    const badOrWrong = (r: bigint) => r === BigInt(Reason.BadSignature) || r === BigInt(Reason.WrongSigner);
    for (const vs of [ethers.id("garbage"), ethers.ZeroHash, ethers.toBeHex((1n << 256n) - 1n, 32)]) {
      await expect(l.voting.castBallot(proposalId, { ...b, vs }))
        .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
        .withArgs(proposalId, 0, badOrWrong);
    }
    // the v bit flipped: recovers another key
    const flipped = ethers.toBeHex(BigInt(b.vs) ^ (1n << 255n), 32);
    await expect(l.voting.castBallot(proposalId, { ...b, vs: flipped }))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(proposalId, 0, badOrWrong);
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [0n, 0n], [0n, 0n]]);
    await expect(l.voting.castBallot(proposalId, b)).to.emit(l.voting, "BallotCast");
  });

  it("the relayer's identity does not matter: anyone may relay a signed ballot", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const b = await l.signBallot(roll, { proposalId, entryId: 3, choice: 2 });
    await expect(l.voting.connect(l.outsider).castBallot(proposalId, b))
      .to.emit(l.voting, "BallotCast")
      .withArgs(proposalId, 3, wallet(3).address, 2, 1, BallotKind.Electronic, 6000n, 1);
  });
});

describe("OwnerVoting: ballot batches", () => {
  it("castBallots with 5 ballots of which 2 are bad: counted 3, two BallotRejected with reasons, tally = sum of the good ones", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const good0 = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 });
    const expired = await l.signBallot(roll, { proposalId, entryId: 1, choice: 0, deadline: (await l.now()) - 1n });
    const good2 = await l.signBallot(roll, { proposalId, entryId: 2, choice: 1 });
    const stranger = await l.signBallot(roll, { proposalId, entryId: 3, choice: 0, signer: wallet(40) });
    const good4 = await l.signBallot(roll, { proposalId, entryId: 4, choice: 2 });
    const batch = [good0, expired, good2, stranger, good4];
    expect(await l.voting.castBallots.staticCall(proposalId, batch)).to.equal(3n);
    const tx = await l.voting.castBallots(proposalId, batch);
    const receipt = (await tx.wait())!;
    const events = receipt.logs.map((x) => l.voting.interface.parseLog(x)).filter((e) => e !== null);
    const rejectedEvents = events.filter((e) => e.name === "BallotRejected");
    expect(rejectedEvents.map((e) => [e.args[1], e.args[3]])).to.deep.equal([
      [1n, BigInt(Reason.Expired)],
      [3n, BigInt(Reason.WrongSigner)],
    ]);
    expect(events.filter((e) => e.name === "BallotCast").map((e) => e.args[1])).to.deep.equal([0n, 2n, 4n]);
    await expect(tx)
      .to.emit(l.voting, "BallotRejected")
      .withArgs(proposalId, 1, await l.voting.ballotDigest(proposalId, 1, 0, 1, deadlineOf(expired)), Reason.Expired);
    await expect(tx)
      .to.emit(l.voting, "BallotRejected")
      .withArgs(proposalId, 3, await l.voting.ballotDigest(proposalId, 3, 0, 1, deadlineOf(stranger)), Reason.WrongSigner);
    expect(await l.tallies(proposalId)).to.deep.equal([[9000n, 1n], [7000n, 1n], [5000n, 1n]]);
  });

  it("the same entry twice in a batch: a higher nonce replaces, the same nonce is rejected", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const b1 = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, nonce: 1 });
    const b2 = await l.signBallot(roll, { proposalId, entryId: 0, choice: 1, nonce: 2 });
    expect(await l.voting.castBallots.staticCall(proposalId, [b1, b2, b2])).to.equal(2n);
    await expect(l.voting.castBallots(proposalId, [b1, b2, b2]))
      .to.emit(l.voting, "BallotRejected")
      .withArgs(proposalId, 0, await l.voting.ballotDigest(proposalId, 0, 1, 2, deadlineOf(b2)), Reason.NonceUsed);
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [9000n, 1n], [0n, 0n]]);
    expect(await l.voting.ballotOf(proposalId, 0)).to.deep.equal([1n, BigInt(BallotKind.Electronic), 2n]);
  });

  it("entries across ballot-lane words (8 per word), in any order, each keep their own ballot", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll(Array.from({ length: 20 }, (_, i) => BigInt(100 + i)), 200);
    const { proposalId } = await l.open(communityId, roll);
    const order = [7, 8, 15, 16, 0, 7, 19, 9, 8];
    const nonces = new Map<number, number>();
    const ballots: SignedBallot[] = [];
    for (const entryId of order) {
      const nonce = (nonces.get(entryId) ?? 0) + 1;
      nonces.set(entryId, nonce);
      ballots.push(await l.signBallot(roll, { proposalId, entryId, choice: (entryId + nonce) % 3, nonce }));
    }
    expect(await l.voting.castBallots.staticCall(proposalId, ballots)).to.equal(BigInt(order.length));
    await l.voting.castBallots(proposalId, ballots);
    const expected: [bigint, bigint][] = [[0n, 0n], [0n, 0n], [0n, 0n]];
    for (const [entryId, nonce] of nonces) {
      const choice = (entryId + nonce) % 3;
      expect(await l.voting.ballotOf(proposalId, entryId)).to.deep.equal([BigInt(choice), 1n, BigInt(nonce)]);
      expected[choice]![0] += BigInt(100 + entryId);
      expected[choice]![1] += 1n;
    }
    for (const entryId of [1, 2, 3, 4, 5, 6, 10, 17, 18]) {
      expect(await l.voting.ballotOf(proposalId, entryId)).to.deep.equal([0n, 0n, 0n]);
    }
    expect(await l.tallies(proposalId)).to.deep.equal(expected);
  });

  it("a batch must hold 1 to 200 ballots", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 });
    await expect(l.voting.castBallots(proposalId, [])).to.be.revertedWithCustomError(l.voting, "VotingBatchTooLarge").withArgs(0, 200);
    await expect(l.voting.castBallots(proposalId, Array.from({ length: 201 }, () => b)))
      .to.be.revertedWithCustomError(l.voting, "VotingBatchTooLarge")
      .withArgs(201, 200);
  });

  it("a batch of only bad ballots counts none and changes nothing", async () => {
    const { l, roll, proposalId } = await loadFixture(openFixture);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 });
    const bad = [
      { ...b, packed: b.packed + (1n << 152n) },
      await l.signBallot(roll, { proposalId, entryId: 1, choice: 5 }),
      await l.signBallot(roll, { proposalId, entryId: 2, choice: 0, nonce: 0 }),
    ];
    const tx = l.voting.castBallots(proposalId, bad);
    await expect(tx).not.to.emit(l.voting, "BallotCast");
    const receipt = (await (await tx).wait())!;
    const reasons = receipt.logs.map((x) => l.voting.interface.parseLog(x)!).map((e) => [Number(e.args[1]), Number(e.args[3])]);
    expect(reasons).to.deep.equal([
      [0, Reason.NotInRoll],
      [1, Reason.BadChoice],
      [2, Reason.NonceUsed],
    ]);
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [0n, 0n], [0n, 0n]]);
    for (const e of [0, 1, 2]) expect(await l.voting.ballotOf(proposalId, e)).to.deep.equal([0n, 0n, 0n]);
    expect([entryOf(bad[1]!), choiceOf(bad[1]!), nonceOf(bad[2]!)]).to.deep.equal([1, 5, 0]);
  });

  it("ballots signed near the end of voting stay valid until votingEnd (deadline beyond votingEnd)", async () => {
    const { l, roll, proposalId, votingEnd } = await loadFixture(openFixture);
    const b = await l.signBallot(roll, { proposalId, entryId: 5, choice: 0, deadline: votingEnd + 30n * DAY });
    await time.setNextBlockTimestamp(votingEnd - 1n);
    await expect(l.voting.castBallots(proposalId, [b])).to.emit(l.voting, "BallotCast");
  });
});

import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  CommitteeKind,
  DAY,
  SETTINGS,
  committeeAuth,
  createCommunity,
  deployLedger,
  hashOf,
  makeRoll,
  paperBallot,
  publish,
  publishAndOpen,
  signedBallot,
  tallies,
  voteAndFinalize,
} from "./support";

const PASSED = 1n;
const REJECTED = 2n;
const NO_QUORUM = 3n;
const R = { Expired: 2, BadChoice: 3, NotInRoll: 4, BadSignature: 5, WrongSigner: 6, NonceUsed: 7, ChangeNotAllowed: 8 };

async function ledger() {
  const l = await deployLedger();
  return { ...l, communityId: await createCommunity(l) };
}
async function strictLedger() {
  const l = await deployLedger();
  return { ...l, communityId: await createCommunity(l, { ...SETTINGS, allowBallotChange: false }) };
}

/** One entry per voter signer with the given areas. */
function rollOf(l: Awaited<ReturnType<typeof ledger>>, areas: bigint[]) {
  return makeRoll(areas.map((area, i) => ({ area, voters: [l.voters[i]!] })));
}

describe("OwnerVoting: the law's double majority", () => {
  it("quorum: exactly 2/3 of area and of headcount passes", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n, 100n, 100n]);
    const p = await publishAndOpen(l, l.communityId, roll);
    const r = await voteAndFinalize(l, roll, p.proposalId, p.votingEnd, [0, 0, null], l.voters);
    expect(r.outcome).to.equal(PASSED);
  });

  it("quorum: one hundredth of a m² below 2/3 of the area fails, headcount alone is not enough", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n, 100n, 101n]);
    const p = await publishAndOpen(l, l.communityId, roll);
    const r = await voteAndFinalize(l, roll, p.proposalId, p.votingEnd, [0, 0, null], l.voters);
    expect(r.outcome).to.equal(NO_QUORUM);
  });

  it("quorum: 2/3 of the area but less than 2/3 of the headcount fails", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [300n, 300n, 1n, 1n]);
    const p = await publishAndOpen(l, l.communityId, roll);
    const r = await voteAndFinalize(l, roll, p.proposalId, p.votingEnd, [0, 0, null, null], l.voters);
    expect(r.outcome).to.equal(NO_QUORUM);
  });

  it("half: exactly 1/2 of participants fails; just over passes", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n, 100n, 100n, 100n]);
    const a = await publishAndOpen(l, l.communityId, roll);
    expect((await voteAndFinalize(l, roll, a.proposalId, a.votingEnd, [0, 0, 1, 1], l.voters)).outcome).to.equal(REJECTED);
    const b = await publishAndOpen(l, l.communityId, roll);
    expect((await voteAndFinalize(l, roll, b.proposalId, b.votingEnd, [0, 0, 0, 1], l.voters)).outcome).to.equal(PASSED);
  });

  it("half: a majority of area without a majority of headcount fails", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [500n, 100n, 100n, 100n]);
    const p = await publishAndOpen(l, l.communityId, roll);
    expect((await voteAndFinalize(l, roll, p.proposalId, p.votingEnd, [0, 1, 1, 1], l.voters)).outcome).to.equal(REJECTED);
  });

  for (const matter of [6, 7, 8]) {
    it(`three quarters (matter ${matter}): exactly 3/4 passes, just below fails`, async () => {
      const l = await loadFixture(ledger);
      const roll = rollOf(l, [100n, 100n, 100n, 100n]);
      const a = await publishAndOpen(l, l.communityId, roll, { matter });
      expect((await voteAndFinalize(l, roll, a.proposalId, a.votingEnd, [0, 0, 0, 1], l.voters)).outcome).to.equal(PASSED);
      const roll2 = rollOf(l, [100n, 100n, 99n, 101n]);
      const b = await publishAndOpen(l, l.communityId, roll2, { matter });
      expect((await voteAndFinalize(l, roll2, b.proposalId, b.votingEnd, [0, 0, 0, 1], l.voters)).outcome).to.equal(REJECTED);
    });
  }

  it("abstentions take part: they count in the denominator and can make a vote fail", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n, 100n, 100n, 100n]);
    const withAbstain = await publishAndOpen(l, l.communityId, roll);
    expect((await voteAndFinalize(l, roll, withAbstain.proposalId, withAbstain.votingEnd, [0, 0, 1, 2], l.voters)).outcome).to.equal(REJECTED);
    const without = await publishAndOpen(l, l.communityId, roll);
    expect((await voteAndFinalize(l, roll, without.proposalId, without.votingEnd, [0, 0, 1, null], l.voters)).outcome).to.equal(PASSED);
  });

  it("in a for/against vote, 'against' reaching the majority rejects; in a choice among bids, the bid wins", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n, 100n, 100n, 100n]);
    const yesNo = await publishAndOpen(l, l.communityId, roll);
    expect((await voteAndFinalize(l, roll, yesNo.proposalId, yesNo.votingEnd, [1, 1, 1, 0], l.voters)).outcome).to.equal(REJECTED);
    const bids = await publishAndOpen(l, l.communityId, roll, { options: ["甲公司", "乙公司", "丙公司", "弃权"], namedChoice: true });
    const r = await voteAndFinalize(l, roll, bids.proposalId, bids.votingEnd, [1, 1, 1, 0], l.voters);
    expect(r.outcome).to.equal(PASSED);
    expect(r.winningOption).to.equal(1n);
  });

  it("one buyer's several units are one entry with their summed area and one head; the developer's units are one entry", async () => {
    const l = await loadFixture(ledger);
    // entry 0: one buyer (two units, 160 m²) ; entry 1: developer (three units) ; entries 2-3: single owners
    const roll = makeRoll([
      { area: 16000n, voters: [l.voters[0]!] },
      { area: 21000n, voters: [l.voters[1]!] },
      { area: 8000n, voters: [l.voters[2]!] },
      { area: 8000n, voters: [l.voters[3]!] },
    ]);
    expect(roll.totalHeadcount).to.equal(4);
    const p = await publishAndOpen(l, l.communityId, roll);
    const r = await voteAndFinalize(l, roll, p.proposalId, p.votingEnd, [0, 0, 1, null], l.voters);
    const t = await tallies(l, p.proposalId);
    expect(t[0]).to.deep.equal([37000n, 2n]);
    expect(r.outcome).to.equal(PASSED); // area 45000/53000 ≥ 2/3, heads 3/4; for: 37000 > 22500, 2 > 1.5
  });

  it("co-owners share one entry: the later ballot replaces the earlier, counted once", async () => {
    const l = await loadFixture(ledger);
    const roll = makeRoll([{ area: 9000n, voters: [l.voters[0]!, l.voters[1]!] }, { area: 9000n, voters: [l.voters[2]!] }]);
    const p = await publishAndOpen(l, l.communityId, roll);
    await l.voting.castBallot(p.proposalId, await signedBallot(l, roll, l.voters[0]!, { proposalId: p.proposalId, entryId: 0, choice: 0 }));
    await l.voting.castBallot(p.proposalId, await signedBallot(l, roll, l.voters[1]!, { proposalId: p.proposalId, entryId: 0, choice: 1, nonce: 2 }));
    expect(await tallies(l, p.proposalId)).to.deep.equal([[0n, 0n], [9000n, 1n], [0n, 0n]]);
  });
});

describe("OwnerVoting: scope, notice and window", () => {
  it("only a fund-use vote may be limited to some buildings or units", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n]);
    const bad = await publish(l, l.communityId, roll, { matter: 4, scopeKind: 1, scopeIds: [3] });
    await expect(l.voting.publishProposal(bad.input, bad.auth)).to.be.revertedWithCustomError(l.voting, "VotingScopeNotAllowed").withArgs(4, 1);
    const ok = await publish(l, l.communityId, roll, { matter: 5, scopeKind: 1, scopeIds: [3] });
    await expect(l.voting.publishProposal(ok.input, ok.auth)).to.emit(l.voting, "ProposalPublished");
  });

  it("voting opens only after the notice period (7 days for an ad hoc meeting) and lasts 5 to 60 days", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n]);
    const now = BigInt(await time.latest());
    const early = await publish(l, l.communityId, roll, { votingStart: now + 10n * DAY });
    await expect(l.voting.publishProposal(early.input, early.auth)).to.be.revertedWithCustomError(l.voting, "VotingNoticeTooShort");
    const adHoc = await publish(l, l.communityId, roll, { votingStart: now + 8n * DAY, adHoc: true });
    await expect(l.voting.publishProposal(adHoc.input, adHoc.auth)).to.emit(l.voting, "ProposalPublished");
    const start = now + 16n * DAY;
    const short = await publish(l, l.communityId, roll, { votingStart: start, votingEnd: start + 4n * DAY });
    await expect(l.voting.publishProposal(short.input, short.auth)).to.be.revertedWithCustomError(l.voting, "VotingWindowOutOfRange");
    const long = await publish(l, l.communityId, roll, { votingStart: start, votingEnd: start + 61n * DAY });
    await expect(l.voting.publishProposal(long.input, long.auth)).to.be.revertedWithCustomError(l.voting, "VotingWindowOutOfRange");
  });

  it("refuses ballots before voting opens and after it closes", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n, 100n]);
    const p = await publish(l, l.communityId, roll);
    await l.voting.publishProposal(p.input, p.auth);
    const id = await l.voting.proposalCount();
    const b = await signedBallot(l, roll, l.voters[0]!, { proposalId: id, entryId: 0, choice: 0 });
    await expect(l.voting.castBallot(id, b)).to.be.revertedWithCustomError(l.voting, "VotingNotOpen").withArgs(id);
    await time.increaseTo(p.votingEnd);
    await expect(l.voting.castBallot(id, b)).to.be.revertedWithCustomError(l.voting, "VotingNotOpen").withArgs(id);
    await expect(l.voting.castBallot(999n, b)).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(999n);
  });

  it("publishing needs the committee's threshold of signatures; the relayer alone cannot", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n]);
    const p = await publish(l, l.communityId, roll);
    const two = await committeeAuth(l, l.communityId, CommitteeKind.PublishProposal, hashOf(CommitteeKind.PublishProposal, [p.input]), l.members.slice(0, 2));
    await expect(l.voting.publishProposal(p.input, two)).to.be.revertedWithCustomError(l.registry, "RegistryBelowThreshold");
    const outsiders = await committeeAuth(l, l.communityId, CommitteeKind.PublishProposal, hashOf(CommitteeKind.PublishProposal, [p.input]), [l.relayer, l.admin, l.outsider]);
    await expect(l.voting.publishProposal(p.input, outsiders)).to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember");
  });
});

describe("OwnerVoting: signatures", () => {
  async function open() {
    const l = await ledger();
    const roll = rollOf(l, [100n, 100n, 100n]);
    const p = await publishAndOpen(l, l.communityId, roll);
    return { ...l, roll, ...p };
  }
  const rejected = (l: Awaited<ReturnType<typeof open>>, entryId: number, reason: number) =>
    [l.voting, "VotingBallotRejected", [l.proposalId, entryId, reason]] as const;

  it("a replayed ballot is rejected (NonceUsed)", async () => {
    const l = await loadFixture(open);
    const b = await signedBallot(l, l.roll, l.voters[0]!, { proposalId: l.proposalId, entryId: 0, choice: 0 });
    await l.voting.castBallot(l.proposalId, b);
    const [c, e, args] = rejected(l, 0, R.NonceUsed);
    await expect(l.voting.castBallot(l.proposalId, b)).to.be.revertedWithCustomError(c, e).withArgs(...args);
  });

  it("an expired ballot is rejected", async () => {
    const l = await loadFixture(open);
    const b = await signedBallot(l, l.roll, l.voters[0]!, { proposalId: l.proposalId, entryId: 0, choice: 0, deadline: BigInt(await time.latest()) - 1n });
    const [c, e, args] = rejected(l, 0, R.Expired);
    await expect(l.voting.castBallot(l.proposalId, b)).to.be.revertedWithCustomError(c, e).withArgs(...args);
  });

  it("a ballot signed for another chain, contract or proposal recovers a stranger (WrongSigner)", async () => {
    const l = await loadFixture(open);
    const [c, e, args] = rejected(l, 0, R.WrongSigner);
    const chain = await signedBallot(l, l.roll, l.voters[0]!, { proposalId: l.proposalId, entryId: 0, choice: 0 }, { chainId: 1 });
    await expect(l.voting.castBallot(l.proposalId, chain)).to.be.revertedWithCustomError(c, e).withArgs(...args);
    const contract = await signedBallot(l, l.roll, l.voters[0]!, { proposalId: l.proposalId, entryId: 0, choice: 0 }, { verifyingContract: await l.registry.getAddress() });
    await expect(l.voting.castBallot(l.proposalId, contract)).to.be.revertedWithCustomError(c, e).withArgs(...args);
    // signed for proposal 1, submitted to proposal 2 (same roll)
    const p2 = await publishAndOpen(l, l.communityId, l.roll);
    const forFirst = await signedBallot(l, l.roll, l.voters[0]!, { proposalId: l.proposalId, entryId: 0, choice: 0 });
    await expect(l.voting.castBallot(p2.proposalId, forFirst)).to.be.revertedWithCustomError(l.voting, "VotingBallotRejected").withArgs(p2.proposalId, 0, R.WrongSigner);
  });

  it("someone else's signature on an owner's entry is rejected; a registered proxy's is accepted", async () => {
    const l = await loadFixture(open);
    const byOther = await signedBallot(l, l.roll, l.voters[5]!, { proposalId: l.proposalId, entryId: 0, choice: 0, voter: l.voters[0]!.address });
    const [c, e, args] = rejected(l, 0, R.WrongSigner);
    await expect(l.voting.castBallot(l.proposalId, byOther)).to.be.revertedWithCustomError(c, e).withArgs(...args);
    const pb = paperBallot(l.roll, 0, 0);
    const mandates = [{ entryId: 0, voter: pb.voter, areaCm2: pb.areaCm2, headcount: pb.headcount, proxy: l.voters[5]!.address, mandateHash: ethers.id("mandate scan"), proof: pb.proof }];
    const auth = await committeeAuth(l, l.communityId, CommitteeKind.RegisterMandates, hashOf(CommitteeKind.RegisterMandates, [l.proposalId, mandates]), l.members.slice(0, 3));
    await expect(l.voting.registerMandates(l.proposalId, mandates, auth)).to.emit(l.voting, "MandateRegistered").withArgs(l.proposalId, 0, l.voters[5]!.address, ethers.id("mandate scan"));
    await expect(l.voting.castBallot(l.proposalId, byOther)).to.emit(l.voting, "BallotCast").withArgs(l.proposalId, 0, l.voters[5]!.address, 0, 1, 1, 100n, 1);
  });

  it("a tampered area, a wrong proof or a choice out of range is rejected", async () => {
    const l = await loadFixture(open);
    const b = await signedBallot(l, l.roll, l.voters[0]!, { proposalId: l.proposalId, entryId: 0, choice: 0 });
    const tampered = { ...b, packed: b.packed + (1n << 152n) };
    await expect(l.voting.castBallot(l.proposalId, tampered)).to.be.revertedWithCustomError(l.voting, "VotingBallotRejected").withArgs(l.proposalId, 0, R.NotInRoll);
    const wrongProof = { ...b, proof: [ethers.ZeroHash, ...b.proof.slice(1)] };
    await expect(l.voting.castBallot(l.proposalId, wrongProof)).to.be.revertedWithCustomError(l.voting, "VotingBallotRejected").withArgs(l.proposalId, 0, R.NotInRoll);
    const badChoice = await signedBallot(l, l.roll, l.voters[0]!, { proposalId: l.proposalId, entryId: 0, choice: 3 });
    await expect(l.voting.castBallot(l.proposalId, badChoice)).to.be.revertedWithCustomError(l.voting, "VotingBallotRejected").withArgs(l.proposalId, 0, R.BadChoice);
  });

  it("a signature that recovers nobody is rejected (BadSignature); compact signatures cannot carry a high s", async () => {
    const l = await loadFixture(open);
    const b = await signedBallot(l, l.roll, l.voters[0]!, { proposalId: l.proposalId, entryId: 0, choice: 0 });
    await expect(l.voting.castBallot(l.proposalId, { ...b, r: ethers.ZeroHash }))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(l.proposalId, 0, R.BadSignature);
  });

  it("in a batch, bad ballots are rejected with their reasons and the good ones count", async () => {
    const l = await loadFixture(open);
    const good0 = await signedBallot(l, l.roll, l.voters[0]!, { proposalId: l.proposalId, entryId: 0, choice: 0 });
    const good1 = await signedBallot(l, l.roll, l.voters[1]!, { proposalId: l.proposalId, entryId: 1, choice: 1 });
    const expired = await signedBallot(l, l.roll, l.voters[2]!, { proposalId: l.proposalId, entryId: 2, choice: 0, deadline: 1n });
    const stranger = await signedBallot(l, l.roll, l.voters[7]!, { proposalId: l.proposalId, entryId: 2, choice: 0, voter: l.voters[2]!.address });
    const good2 = await signedBallot(l, l.roll, l.voters[2]!, { proposalId: l.proposalId, entryId: 2, choice: 2 });
    const tx = l.voting.castBallots(l.proposalId, [good0, expired, good1, stranger, good2]);
    await expect(tx).to.emit(l.voting, "BallotRejected").withArgs(l.proposalId, 2, ethers.isHexString, R.Expired);
    await expect(tx).to.emit(l.voting, "BallotRejected").withArgs(l.proposalId, 2, ethers.isHexString, R.WrongSigner);
    expect(await l.voting.castBallots.staticCall(l.proposalId, [good0])).to.equal(0n); // replay after the fact: none counted
    expect(await tallies(l, l.proposalId)).to.deep.equal([[100n, 1n], [100n, 1n], [100n, 1n]]);
  });
});

describe("OwnerVoting: changing, paper, lifecycle", () => {
  it("a changed ballot moves the tally; a community may forbid changes", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n, 100n]);
    const p = await publishAndOpen(l, l.communityId, roll);
    await l.voting.castBallot(p.proposalId, await signedBallot(l, roll, l.voters[0]!, { proposalId: p.proposalId, entryId: 0, choice: 0 }));
    await l.voting.castBallot(p.proposalId, await signedBallot(l, roll, l.voters[0]!, { proposalId: p.proposalId, entryId: 0, choice: 2, nonce: 2 }));
    expect(await tallies(l, p.proposalId)).to.deep.equal([[0n, 0n], [0n, 0n], [100n, 1n]]);
    const [choice, kind, nonce] = await l.voting.ballotOf(p.proposalId, 0);
    expect([choice, kind, nonce]).to.deep.equal([2n, 1n, 2n]);

    const s = await strictLedger();
    const roll2 = rollOf(s, [100n]);
    const q = await publishAndOpen(s, s.communityId, roll2);
    await s.voting.castBallot(q.proposalId, await signedBallot(s, roll2, s.voters[0]!, { proposalId: q.proposalId, entryId: 0, choice: 0 }));
    await expect(s.voting.castBallot(q.proposalId, await signedBallot(s, roll2, s.voters[0]!, { proposalId: q.proposalId, entryId: 0, choice: 1, nonce: 2 })))
      .to.be.revertedWithCustomError(s.voting, "VotingBallotRejected")
      .withArgs(q.proposalId, 0, R.ChangeNotAllowed);
  });

  it("electronic beats paper in both orders; paper needs the committee", async () => {
    const l = await loadFixture(ledger);
    const roll = makeRoll([{ area: 100n, voters: [l.voters[0]!] }, { area: 100n, voters: [l.voters[1]!] }, { area: 50n, voters: [] }]);
    const p = await publishAndOpen(l, l.communityId, roll);
    // entry 0 votes electronically first, then paper arrives: paper is not counted
    await l.voting.castBallot(p.proposalId, await signedBallot(l, roll, l.voters[0]!, { proposalId: p.proposalId, entryId: 0, choice: 0 }));
    const papers = [paperBallot(roll, 0, 1), paperBallot(roll, 1, 1), paperBallot(roll, 2, 2)];
    const noAuth = await committeeAuth(l, l.communityId, CommitteeKind.EnterPaperBallots, hashOf(CommitteeKind.EnterPaperBallots, [p.proposalId, papers]), l.members.slice(0, 2));
    await expect(l.voting.enterPaperBallots(p.proposalId, papers, noAuth)).to.be.revertedWithCustomError(l.registry, "RegistryBelowThreshold");
    const auth = await committeeAuth(l, l.communityId, CommitteeKind.EnterPaperBallots, hashOf(CommitteeKind.EnterPaperBallots, [p.proposalId, papers]), l.members.slice(0, 3));
    const tx = l.voting.enterPaperBallots(p.proposalId, papers, auth);
    await expect(tx).to.emit(l.voting, "PaperBallotEntered").withArgs(p.proposalId, 0, 1, ethers.id("scan-0"), false);
    await expect(tx).to.emit(l.voting, "PaperBallotEntered").withArgs(p.proposalId, 2, 2, ethers.id("scan-2"), true);
    expect(await tallies(l, p.proposalId)).to.deep.equal([[100n, 1n], [100n, 1n], [50n, 1n]]);
    // entry 1 voted on paper, then electronically: the electronic ballot replaces it
    await l.voting.castBallot(p.proposalId, await signedBallot(l, roll, l.voters[1]!, { proposalId: p.proposalId, entryId: 1, choice: 0 }));
    expect(await tallies(l, p.proposalId)).to.deep.equal([[200n, 2n], [0n, 0n], [50n, 1n]]);
  });

  it("tally, objection period, confirmation; a missed quorum is extended once, publicly", async () => {
    const l = await loadFixture(ledger);
    const roll = rollOf(l, [100n, 100n, 100n]);
    const p = await publishAndOpen(l, l.communityId, roll);
    await expect(l.voting.finalize(p.proposalId)).to.be.revertedWithCustomError(l.voting, "VotingNotClosed");
    const r = await voteAndFinalize(l, roll, p.proposalId, p.votingEnd, [0, null, null], l.voters);
    expect(r.outcome).to.equal(NO_QUORUM);
    expect(r.status).to.equal(3n); // Provisional
    await expect(l.voting.finalize(p.proposalId)).to.be.revertedWithCustomError(l.voting, "VotingAlreadyTallied");
    await expect(l.voting.confirm(p.proposalId)).to.be.revertedWithCustomError(l.voting, "VotingObjectionPeriodRunning");

    const newEnd = BigInt(await time.latest()) + 10n * DAY;
    const auth = await committeeAuth(l, l.communityId, CommitteeKind.ExtendVoting, hashOf(CommitteeKind.ExtendVoting, [p.proposalId, newEnd]), l.members.slice(0, 3));
    await expect(l.voting.extendVoting(p.proposalId, newEnd, auth)).to.emit(l.voting, "VotingExtended").withArgs(p.proposalId, p.votingEnd, newEnd);
    const r2 = await voteAndFinalize(l, roll, p.proposalId, newEnd, [null, 0, 0], l.voters);
    expect(r2.outcome).to.equal(PASSED);
    const again = await committeeAuth(l, l.communityId, CommitteeKind.ExtendVoting, hashOf(CommitteeKind.ExtendVoting, [p.proposalId, newEnd + DAY]), l.members.slice(0, 3));
    await expect(l.voting.extendVoting(p.proposalId, newEnd + DAY, again)).to.be.revertedWithCustomError(l.voting, "VotingCannotExtend");
    await time.increase(7n * DAY);
    await expect(l.voting.confirm(p.proposalId)).to.emit(l.voting, "ProposalFinalised").withArgs(p.proposalId, PASSED, 0);
    expect((await l.voting.getProposal(p.proposalId)).status).to.equal(4n); // Final
    await expect(l.voting.confirm(p.proposalId)).to.be.revertedWithCustomError(l.voting, "VotingNotProvisional");
  });
});

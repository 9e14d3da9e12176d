import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import {
  BallotKind,
  CommitteeKind,
  DAY,
  DEFAULT_SETTINGS,
  Matter,
  Outcome,
  Reason,
  ScopeKind,
  Status,
  buildRoll,
  communityFixture,
  payload,
  simpleRoll,
  strictCommunityFixture,
  wallet,
} from "../fixtures";

const rejected = (proposalId: bigint, entryId: number, reason: number) => [proposalId, entryId, reason] as const;

describe("OwnerVoting: publishing", () => {
  it("publishes with the committee's threshold; event, views, status Notice", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([9000n, 8000n, 7000n]);
    const input = await l.proposalInput(communityId, roll);
    const auth = await l.signPublish(input);
    const ts = (await l.now()) + 10n;
    await time.setNextBlockTimestamp(ts);
    const tx = l.voting.publishProposal(input, auth);
    await expect(tx).to.emit(l.voting, "ProposalPublished").withArgs(1n, communityId, anyValue, ts);
    await expect(tx).to.emit(l.registry, "CommitteeActionExecuted").withArgs(communityId, CommitteeKind.PublishProposal, anyValue, anyValue);
    expect(await l.voting.proposalCount()).to.equal(1n);
    const v = await l.voting.getProposal(1n);
    expect(v.communityId).to.equal(communityId);
    expect(v.matter).to.equal(Matter.UseFund);
    expect(v.status).to.equal(Status.Notice);
    expect(v.outcome).to.equal(Outcome.None);
    expect(v.optionCount).to.equal(3);
    expect(v.extended).to.equal(false);
    expect(v.publishedAt).to.equal(ts);
    expect([v.votingStart, v.votingEnd, v.objectionEnd]).to.deep.equal([input.votingStart, input.votingEnd, 0n]);
    expect([v.rollRoot, v.totalAreaCm2, v.totalHeadcount, v.entryCount]).to.deep.equal([roll.root, 24000n, 3n, 3n]);
  });

  it("needs the committee: below threshold, non-members, a changed input, a replay are refused", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n]);
    const input = await l.proposalInput(communityId, roll);
    const two = await l.signPublish(input, l.committee.slice(0, 2));
    await expect(l.voting.publishProposal(input, two)).to.be.revertedWithCustomError(l.registry, "RegistryBelowThreshold").withArgs(2, 3);
    const strangers = await l.signPublish(input, [l.relayer, l.admin, l.outsider]);
    await expect(l.voting.publishProposal(input, strangers)).to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember");
    const auth = await l.signPublish(input);
    await expect(l.voting.publishProposal({ ...input, title: "另一件事" }, auth)).to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember");
    await expect(l.voting.publishProposal({ ...input, totalAreaCm2: 1n }, auth)).to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember");
    await l.voting.publishProposal(input, auth);
    await expect(l.voting.publishProposal(input, auth)).to.be.revertedWithCustomError(l.registry, "RegistryActionReplayed");
  });

  it("an unknown community is refused", async () => {
    const { l } = await loadFixture(communityFixture);
    const input = await l.proposalInput(99n, simpleRoll([100n]));
    const auth = await l.signPublish(input);
    await expect(l.voting.publishProposal(input, auth)).to.be.revertedWithCustomError(l.registry, "RegistryUnknownCommunity").withArgs(99n);
  });

  it("notice period too short → VotingNoticeTooShort; exactly 15 days is enough", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n]);
    let ts = (await l.now()) + 10n;
    const early = await l.proposalInput(communityId, roll, { votingStart: ts + 15n * DAY - 1n });
    const earlyAuth = await l.signPublish(early);
    await time.setNextBlockTimestamp(ts);
    await expect(l.voting.publishProposal(early, earlyAuth))
      .to.be.revertedWithCustomError(l.voting, "VotingNoticeTooShort")
      .withArgs(early.votingStart, ts + 15n * DAY);
    ts += 10n;
    const exact = await l.proposalInput(communityId, roll, { votingStart: ts + 15n * DAY });
    const exactAuth = await l.signPublish(exact);
    await time.setNextBlockTimestamp(ts);
    await expect(l.voting.publishProposal(exact, exactAuth)).to.emit(l.voting, "ProposalPublished");
  });

  it("an ad hoc meeting uses the 7-day notice; a regular one cannot", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n]);
    let ts = (await l.now()) + 10n;
    const tooEarly = await l.proposalInput(communityId, roll, { adHoc: true, votingStart: ts + 7n * DAY - 1n });
    const a1 = await l.signPublish(tooEarly);
    await time.setNextBlockTimestamp(ts);
    await expect(l.voting.publishProposal(tooEarly, a1))
      .to.be.revertedWithCustomError(l.voting, "VotingNoticeTooShort")
      .withArgs(tooEarly.votingStart, ts + 7n * DAY);
    ts += 10n;
    const regular = await l.proposalInput(communityId, roll, { adHoc: false, votingStart: ts + 7n * DAY });
    const a2 = await l.signPublish(regular);
    await time.setNextBlockTimestamp(ts);
    await expect(l.voting.publishProposal(regular, a2))
      .to.be.revertedWithCustomError(l.voting, "VotingNoticeTooShort")
      .withArgs(regular.votingStart, ts + 15n * DAY);
    ts += 10n;
    const adHoc = await l.proposalInput(communityId, roll, { adHoc: true, votingStart: ts + 7n * DAY });
    const a3 = await l.signPublish(adHoc);
    await time.setNextBlockTimestamp(ts);
    await expect(l.voting.publishProposal(adHoc, a3)).to.emit(l.voting, "ProposalPublished");
  });

  it("the community's own notice setting applies", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const s = { ...DEFAULT_SETTINGS, noticeDays: 20 };
    await l.registry.changeSettings(communityId, s, await l.signCommittee(communityId, CommitteeKind.ChangeSettings, payload.changeSettings(s), l.quorum));
    const roll = simpleRoll([100n]);
    const input = await l.proposalInput(communityId, roll); // 15 days + 10 min
    await expect(l.voting.publishProposal(input, await l.signPublish(input))).to.be.revertedWithCustomError(l.voting, "VotingNoticeTooShort");
    const later = await l.proposalInput(communityId, roll, { votingStart: (await l.now()) + 20n * DAY + 60n });
    await expect(l.voting.publishProposal(later, await l.signPublish(later))).to.emit(l.voting, "ProposalPublished");
  });

  it("voting lasts 5 to 60 days (bounds included) → otherwise VotingWindowOutOfRange", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n]);
    const start = (await l.now()) + 16n * DAY;
    for (const end of [start + 5n * DAY - 1n, start + 60n * DAY + 1n, start, start - 1n]) {
      const input = await l.proposalInput(communityId, roll, { votingStart: start, votingEnd: end });
      await expect(l.voting.publishProposal(input, await l.signPublish(input)))
        .to.be.revertedWithCustomError(l.voting, "VotingWindowOutOfRange")
        .withArgs(start, end);
    }
    for (const end of [start + 5n * DAY, start + 60n * DAY]) {
      const input = await l.proposalInput(communityId, roll, { votingStart: start, votingEnd: end });
      await expect(l.voting.publishProposal(input, await l.signPublish(input))).to.emit(l.voting, "ProposalPublished");
    }
  });

  it("refuses matter None, bad option lists and an empty roll", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n]);
    const bad = async (over: Parameters<typeof l.proposalInput>[2]) => {
      const input = await l.proposalInput(communityId, roll, over);
      return l.voting.publishProposal(input, await l.signPublish(input));
    };
    await expect(bad({ matter: Matter.None })).to.be.revertedWithCustomError(l.voting, "VotingInvalidMatter").withArgs(0);
    await expect(bad({ options: ["同意", "反对"] })).to.be.revertedWithCustomError(l.voting, "VotingInvalidOptions").withArgs(2);
    await expect(bad({ options: ["甲", "乙", "丙", "弃权"] })).to.be.revertedWithCustomError(l.voting, "VotingInvalidOptions").withArgs(4);
    await expect(bad({ options: ["弃权"], namedChoice: true })).to.be.revertedWithCustomError(l.voting, "VotingInvalidOptions").withArgs(1);
    const seventeen = Array.from({ length: 17 }, (_, i) => `方案${i}`);
    await expect(bad({ options: seventeen, namedChoice: true })).to.be.revertedWithCustomError(l.voting, "VotingInvalidOptions").withArgs(17);
    await expect(bad({ rollRoot: ethers.ZeroHash })).to.be.revertedWithCustomError(l.voting, "VotingEmptyRoll");
    await expect(bad({ entryCount: 0 })).to.be.revertedWithCustomError(l.voting, "VotingEmptyRoll");
    await expect(bad({ totalHeadcount: 0 })).to.be.revertedWithCustomError(l.voting, "VotingEmptyRoll");
    await expect(bad({ totalAreaCm2: 0n })).to.be.revertedWithCustomError(l.voting, "VotingEmptyRoll");
    await expect(bad({ options: seventeen.slice(0, 16), namedChoice: true })).to.emit(l.voting, "ProposalPublished");
    await expect(bad({ options: ["甲", "弃权"], namedChoice: true })).to.emit(l.voting, "ProposalPublished");
  });

  it("only a fund-use vote may have a scope (other matters → VotingScopeNotAllowed); scope ids must be sorted and non-empty", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n]);
    const pub = async (over: Parameters<typeof l.proposalInput>[2]) => {
      const input = await l.proposalInput(communityId, roll, over);
      return l.voting.publishProposal(input, await l.signPublish(input));
    };
    for (const matter of [1, 2, 3, 4, 6, 7, 8, 9]) {
      for (const scopeKind of [ScopeKind.Buildings, ScopeKind.Units]) {
        await expect(pub({ matter, scopeKind, scopeIds: [3] }))
          .to.be.revertedWithCustomError(l.voting, "VotingScopeNotAllowed")
          .withArgs(matter, scopeKind);
      }
    }
    await expect(pub({ matter: Matter.UseFund, scopeKind: ScopeKind.Community, scopeIds: [3] })).to.be.revertedWithCustomError(l.voting, "VotingInvalidScope");
    await expect(pub({ matter: Matter.UseFund, scopeKind: ScopeKind.Buildings, scopeIds: [] })).to.be.revertedWithCustomError(l.voting, "VotingInvalidScope");
    await expect(pub({ matter: Matter.UseFund, scopeKind: ScopeKind.Buildings, scopeIds: [4, 3] })).to.be.revertedWithCustomError(l.voting, "VotingInvalidScope");
    await expect(pub({ matter: Matter.UseFund, scopeKind: ScopeKind.Units, scopeIds: [101, 101] })).to.be.revertedWithCustomError(l.voting, "VotingInvalidScope");
    await expect(pub({ matter: Matter.UseFund, scopeKind: ScopeKind.Buildings, scopeIds: [3] })).to.emit(l.voting, "ProposalPublished");
    await expect(pub({ matter: Matter.UseFund, scopeKind: ScopeKind.Units, scopeIds: [101, 102, 305] })).to.emit(l.voting, "ProposalPublished");
  });
});

describe("OwnerVoting: the voting window", () => {
  async function published() {
    const { l, communityId } = await communityFixture();
    const roll = simpleRoll([100n, 100n, 100n]);
    const p = await l.publish(communityId, roll);
    return { l, communityId, roll, ...p };
  }

  it("voting is not open before votingStart: ballots, batches and paper → VotingNotOpen", async () => {
    const { l, communityId, roll, proposalId, votingStart } = await loadFixture(published);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, deadline: votingStart + DAY });
    expect((await l.voting.getProposal(proposalId)).status).to.equal(Status.Notice);
    await expect(l.voting.castBallot(proposalId, b)).to.be.revertedWithCustomError(l.voting, "VotingNotOpen").withArgs(proposalId);
    await expect(l.voting.castBallots(proposalId, [b])).to.be.revertedWithCustomError(l.voting, "VotingNotOpen").withArgs(proposalId);
    await expect(l.enterPaperBallots(communityId, proposalId, [l.paperBallot(roll, 1, 0)]))
      .to.be.revertedWithCustomError(l.voting, "VotingNotOpen")
      .withArgs(proposalId);
    // at votingStart exactly it opens
    await time.setNextBlockTimestamp(votingStart);
    await expect(l.voting.castBallot(proposalId, b)).to.emit(l.voting, "BallotCast");
    expect((await l.voting.getProposal(proposalId)).status).to.equal(Status.Voting);
  });

  it("voting is closed from votingEnd on", async () => {
    const { l, communityId, roll, proposalId, votingEnd } = await loadFixture(published);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, deadline: votingEnd + DAY });
    await time.setNextBlockTimestamp(votingEnd - 1n);
    await expect(l.voting.castBallot(proposalId, b)).to.emit(l.voting, "BallotCast");
    const b2 = await l.signBallot(roll, { proposalId, entryId: 1, choice: 0, deadline: votingEnd + DAY });
    await expect(l.voting.castBallot(proposalId, b2)).to.be.revertedWithCustomError(l.voting, "VotingNotOpen").withArgs(proposalId);
    await expect(l.voting.castBallots(proposalId, [b2])).to.be.revertedWithCustomError(l.voting, "VotingNotOpen").withArgs(proposalId);
    await expect(l.enterPaperBallots(communityId, proposalId, [l.paperBallot(roll, 1, 0)])).to.be.revertedWithCustomError(l.voting, "VotingNotOpen");
    await expect(l.registerMandates(communityId, proposalId, [l.mandate(roll, 1, wallet(50).address)])).to.be.revertedWithCustomError(l.voting, "VotingNotOpen");
  });

  it("an unknown proposal → VotingUnknownProposal", async () => {
    const { l, communityId, roll, proposalId } = await loadFixture(published);
    const b = await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 });
    const u = 999n;
    await expect(l.voting.getProposal(u)).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(u);
    await expect(l.voting.castBallot(u, b)).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(u);
    await expect(l.voting.castBallots(u, [b])).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(u);
    await expect(l.voting.finalize(u)).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(u);
    await expect(l.voting.confirm(u)).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(u);
    await expect(l.enterPaperBallots(communityId, u, [l.paperBallot(roll, 0, 0)])).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(u);
    await expect(l.registerMandates(communityId, u, [l.mandate(roll, 0, wallet(50).address)])).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(u);
    await expect(l.extendVoting(communityId, u, (await l.now()) + DAY)).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(u);
    await expect(l.voting.getProposal(0n)).to.be.revertedWithCustomError(l.voting, "VotingUnknownProposal").withArgs(0n);
  });
});

describe("OwnerVoting: changing a ballot", () => {
  it("nonce 2 replaces nonce 1 and the tally moves; a lower or equal nonce is refused", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([9000n, 8000n]);
    const { proposalId } = await l.open(communityId, roll);
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 })))
      .to.emit(l.voting, "BallotCast")
      .withArgs(proposalId, 0, wallet(0).address, 0, 1, BallotKind.Electronic, 9000n, 1);
    expect(await l.tallies(proposalId)).to.deep.equal([[9000n, 1n], [0n, 0n], [0n, 0n]]);
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 1, nonce: 2 })))
      .to.emit(l.voting, "BallotCast")
      .withArgs(proposalId, 0, wallet(0).address, 1, 2, BallotKind.Electronic, 9000n, 1);
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [9000n, 1n], [0n, 0n]]);
    expect(await l.voting.ballotOf(proposalId, 0)).to.deep.equal([1n, BigInt(BallotKind.Electronic), 2n]);
    // nonces may skip, but never go back
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 2, nonce: 9 }));
    for (const nonce of [9, 3]) {
      await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, nonce })))
        .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
        .withArgs(...rejected(proposalId, 0, Reason.NonceUsed));
    }
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [0n, 0n], [9000n, 1n]]);
  });

  it("a first ballot with nonce 0 is refused (NonceUsed): nonces start at 1", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n]);
    const { proposalId } = await l.open(communityId, roll);
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, nonce: 0 })))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(...rejected(proposalId, 0, Reason.NonceUsed));
  });

  it("when the community forbids changes (allowBallotChange=false) → ChangeNotAllowed (8), single and batch", async () => {
    const { l, communityId } = await loadFixture(strictCommunityFixture);
    const roll = simpleRoll([100n, 100n]);
    const { proposalId } = await l.open(communityId, roll);
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 }));
    const change = await l.signBallot(roll, { proposalId, entryId: 0, choice: 1, nonce: 2 });
    await expect(l.voting.castBallot(proposalId, change))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(...rejected(proposalId, 0, Reason.ChangeNotAllowed));
    await expect(l.voting.castBallots(proposalId, [change]))
      .to.emit(l.voting, "BallotRejected")
      .withArgs(proposalId, 0, await l.voting.ballotDigest(proposalId, 0, 1, 2, (change.packed >> 56n) & ((1n << 64n) - 1n)), Reason.ChangeNotAllowed);
    expect(await l.tallies(proposalId)).to.deep.equal([[100n, 1n], [0n, 0n], [0n, 0n]]);
    // an electronic ballot still replaces a paper one (Shenzhen's rule), even when changes are forbidden
    await l.enterPaperBallots(communityId, proposalId, [l.paperBallot(roll, 1, 1)]);
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 1, choice: 0 }))).to.emit(l.voting, "BallotCast");
    expect(await l.tallies(proposalId)).to.deep.equal([[200n, 2n], [0n, 0n], [0n, 0n]]);
  });

  it("the rule in force when the proposal was published applies to it", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n]);
    const { proposalId } = await l.open(communityId, roll);
    const strict = { ...DEFAULT_SETTINGS, allowBallotChange: false };
    await l.registry.changeSettings(communityId, strict, await l.signCommittee(communityId, CommitteeKind.ChangeSettings, payload.changeSettings(strict), l.quorum));
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 }));
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 1, nonce: 2 }))).to.emit(l.voting, "BallotCast");
  });
});

describe("OwnerVoting: paper ballots", () => {
  async function openWithPaper() {
    const { l, communityId } = await communityFixture();
    // entries 0, 1: one owner each; entry 2: nobody bound (paper only)
    const roll = buildRoll([
      { entryId: 0, voters: [wallet(0)], areaCm2: 9000n, headcount: 1 },
      { entryId: 1, voters: [wallet(1)], areaCm2: 8000n, headcount: 1 },
      { entryId: 2, voters: [], areaCm2: 7000n, headcount: 1 },
    ]);
    const p = await l.open(communityId, roll);
    return { l, communityId, roll, ...p };
  }

  it("electronic first, then paper: PaperBallotEntered counted=false and the tally does not change", async () => {
    const { l, communityId, roll, proposalId } = await loadFixture(openWithPaper);
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 }));
    const paper = l.paperBallot(roll, 0, 1);
    const tx = l.enterPaperBallots(communityId, proposalId, [paper]);
    await expect(tx).to.emit(l.voting, "PaperBallotEntered").withArgs(proposalId, 0, 1, paper.scanHash, false);
    await expect(tx).not.to.emit(l.voting, "BallotCast");
    expect(await l.tallies(proposalId)).to.deep.equal([[9000n, 1n], [0n, 0n], [0n, 0n]]);
    expect(await l.voting.ballotOf(proposalId, 0)).to.deep.equal([0n, BigInt(BallotKind.Electronic), 1n]);
  });

  it("paper first, then electronic: the electronic ballot replaces the paper one", async () => {
    const { l, communityId, roll, proposalId } = await loadFixture(openWithPaper);
    const paper = l.paperBallot(roll, 1, 1);
    const tx = l.enterPaperBallots(communityId, proposalId, [paper]);
    await expect(tx).to.emit(l.voting, "PaperBallotEntered").withArgs(proposalId, 1, 1, paper.scanHash, true);
    await expect(tx).to.emit(l.voting, "BallotCast").withArgs(proposalId, 1, ethers.ZeroAddress, 1, 0, BallotKind.Paper, 8000n, 1);
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [8000n, 1n], [0n, 0n]]);
    expect(await l.voting.ballotOf(proposalId, 1)).to.deep.equal([1n, BigInt(BallotKind.Paper), 0n]);
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 1, choice: 0 }));
    expect(await l.tallies(proposalId)).to.deep.equal([[8000n, 1n], [0n, 0n], [0n, 0n]]);
    expect(await l.voting.ballotOf(proposalId, 1)).to.deep.equal([0n, BigInt(BallotKind.Electronic), 1n]);
  });

  it("an entry with no bound address votes on paper; a second paper ballot (correction) replaces the first, counted once", async () => {
    const { l, communityId, roll, proposalId } = await loadFixture(openWithPaper);
    await l.enterPaperBallots(communityId, proposalId, [l.paperBallot(roll, 2, 0)]);
    expect(await l.tallies(proposalId)).to.deep.equal([[7000n, 1n], [0n, 0n], [0n, 0n]]);
    await l.enterPaperBallots(communityId, proposalId, [l.paperBallot(roll, 2, 2)]);
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [0n, 0n], [7000n, 1n]]);
    // the same entry twice in one batch: the last one counts
    await l.enterPaperBallots(communityId, proposalId, [l.paperBallot(roll, 2, 1), l.paperBallot(roll, 2, 0)]);
    expect(await l.tallies(proposalId)).to.deep.equal([[7000n, 1n], [0n, 0n], [0n, 0n]]);
  });

  it("needs the committee; a bad choice or a leaf not in the roll reverts the whole batch", async () => {
    const { l, communityId, roll, proposalId } = await loadFixture(openWithPaper);
    const good = l.paperBallot(roll, 2, 0);
    await expect(l.enterPaperBallots(communityId, proposalId, [good], l.committee.slice(0, 2)))
      .to.be.revertedWithCustomError(l.registry, "RegistryBelowThreshold")
      .withArgs(2, 3);
    await expect(l.enterPaperBallots(communityId, proposalId, [good, { ...l.paperBallot(roll, 1, 3) }]))
      .to.be.revertedWithCustomError(l.voting, "VotingBadChoice")
      .withArgs(3, 3);
    await expect(l.enterPaperBallots(communityId, proposalId, [good, { ...l.paperBallot(roll, 1, 0), areaCm2: 80000n }]))
      .to.be.revertedWithCustomError(l.voting, "VotingNotInRoll")
      .withArgs(1);
    await expect(l.enterPaperBallots(communityId, proposalId, [good, { ...l.paperBallot(roll, 1, 0), voter: wallet(7).address }]))
      .to.be.revertedWithCustomError(l.voting, "VotingNotInRoll")
      .withArgs(1);
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [0n, 0n], [0n, 0n]]);
    await expect(l.enterPaperBallots(communityId, proposalId, [])).to.be.revertedWithCustomError(l.voting, "VotingBatchTooLarge").withArgs(0, 200);
    // signed by the committee for another proposal's batch
    const auth = await l.signCommittee(communityId, CommitteeKind.EnterPaperBallots, payload.enterPaperBallots(proposalId + 1n, [good]), l.quorum);
    await expect(l.voting.enterPaperBallots(proposalId, [good], auth)).to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember");
  });
});

describe("OwnerVoting: co-owners and proxies", () => {
  async function openWithCoOwners() {
    const { l, communityId } = await communityFixture();
    // entry 0: co-owners wallet(0) and wallet(1); entry 1: wallet(2); entry 2: nobody bound
    const roll = buildRoll([
      { entryId: 0, voters: [wallet(0), wallet(1)], areaCm2: 12000n, headcount: 1 },
      { entryId: 1, voters: [wallet(2)], areaCm2: 9000n, headcount: 1 },
      { entryId: 2, voters: [], areaCm2: 7000n, headcount: 1 },
    ]);
    const p = await l.open(communityId, roll);
    return { l, communityId, roll, ...p };
  }

  it("co-owners (two leaves, one entry) share one ballot slot: counted once, the later nonce wins", async () => {
    const { l, roll, proposalId } = await loadFixture(openWithCoOwners);
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, signer: wallet(0) }));
    // the other co-owner with nonce 1: the slot's nonce is used
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 1, signer: wallet(1) })))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(...rejected(proposalId, 0, Reason.NonceUsed));
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 1, nonce: 2, signer: wallet(1) })))
      .to.emit(l.voting, "BallotCast")
      .withArgs(proposalId, 0, wallet(1).address, 1, 2, BallotKind.Electronic, 12000n, 1);
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [12000n, 1n], [0n, 0n]]);
    // a co-owner cannot use the other co-owner's leaf
    await expect(
      l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, nonce: 3, signer: wallet(1), voter: wallet(0).address })),
    )
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(...rejected(proposalId, 0, Reason.WrongSigner));
  });

  it("co-owners in a community that forbids changes: the second co-owner's ballot → ChangeNotAllowed", async () => {
    const { l, communityId } = await loadFixture(strictCommunityFixture);
    const roll = buildRoll([{ entryId: 0, voters: [wallet(0), wallet(1)], areaCm2: 12000n, headcount: 1 }]);
    const { proposalId } = await l.open(communityId, roll);
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, signer: wallet(0) }));
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 1, nonce: 2, signer: wallet(1) })))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(...rejected(proposalId, 0, Reason.ChangeNotAllowed));
  });

  it("a registered mandate lets the proxy sign; an unregistered proxy → WrongSigner", async () => {
    const { l, communityId, roll, proposalId } = await loadFixture(openWithCoOwners);
    const proxy = wallet(60);
    const byProxy = await l.signBallot(roll, { proposalId, entryId: 1, choice: 0, signer: proxy });
    await expect(l.voting.castBallot(proposalId, byProxy))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(...rejected(proposalId, 1, Reason.WrongSigner));
    const m = l.mandate(roll, 1, proxy.address);
    await expect(l.registerMandates(communityId, proposalId, [m]))
      .to.emit(l.voting, "MandateRegistered")
      .withArgs(proposalId, 1, proxy.address, m.mandateHash);
    expect(await l.voting.proxyOf(proposalId, 1)).to.equal(proxy.address);
    await expect(l.voting.castBallot(proposalId, byProxy))
      .to.emit(l.voting, "BallotCast")
      .withArgs(proposalId, 1, proxy.address, 0, 1, BallotKind.Electronic, 9000n, 1);
    expect(await l.tallies(proposalId)).to.deep.equal([[9000n, 1n], [0n, 0n], [0n, 0n]]);
    // the proxy of entry 1 cannot vote for entry 0
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, signer: proxy })))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(...rejected(proposalId, 0, Reason.WrongSigner));
    // the owner's own later ballot replaces the proxy's
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 1, choice: 1, nonce: 2 }));
    expect(await l.tallies(proposalId)).to.deep.equal([[0n, 0n], [9000n, 1n], [0n, 0n]]);
  });

  it("a proxy may vote for an entry with no bound address; a new mandate replaces the old proxy", async () => {
    const { l, communityId, roll, proposalId } = await loadFixture(openWithCoOwners);
    const first = wallet(61);
    const second = wallet(62);
    await l.registerMandates(communityId, proposalId, [l.mandate(roll, 2, first.address)]);
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 2, choice: 2, signer: first })))
      .to.emit(l.voting, "BallotCast")
      .withArgs(proposalId, 2, first.address, 2, 1, BallotKind.Electronic, 7000n, 1);
    await l.registerMandates(communityId, proposalId, [l.mandate(roll, 2, second.address)]);
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 2, choice: 0, nonce: 2, signer: first })))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(...rejected(proposalId, 2, Reason.WrongSigner));
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 2, choice: 0, nonce: 2, signer: second }));
    expect(await l.tallies(proposalId)).to.deep.equal([[7000n, 1n], [0n, 0n], [0n, 0n]]);
  });

  it("mandates: registered during the notice period; need the committee; must prove a roll leaf", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n]);
    const { proposalId, votingStart } = await l.publish(communityId, roll);
    const proxy = wallet(63);
    await expect(l.registerMandates(communityId, proposalId, [l.mandate(roll, 0, proxy.address)], l.committee.slice(0, 2)))
      .to.be.revertedWithCustomError(l.registry, "RegistryBelowThreshold");
    await expect(l.registerMandates(communityId, proposalId, [{ ...l.mandate(roll, 0, proxy.address), areaCm2: 1n }]))
      .to.be.revertedWithCustomError(l.voting, "VotingNotInRoll")
      .withArgs(0);
    await expect(l.registerMandates(communityId, proposalId, [])).to.be.revertedWithCustomError(l.voting, "VotingBatchTooLarge").withArgs(0, 200);
    await expect(l.registerMandates(communityId, proposalId, [l.mandate(roll, 0, proxy.address)])).to.emit(l.voting, "MandateRegistered");
    await time.increaseTo(votingStart);
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0, signer: proxy }))).to.emit(l.voting, "BallotCast");
  });
});

describe("OwnerVoting: tally, objection period, confirmation, extension", () => {
  it("finalize before votingEnd → VotingNotClosed; at votingEnd it tallies; twice → VotingAlreadyTallied", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n, 100n]);
    const { proposalId, votingEnd } = await l.open(communityId, roll);
    await l.castChoices(roll, proposalId, [0, 0, 1]);
    await expect(l.voting.finalize(proposalId)).to.be.revertedWithCustomError(l.voting, "VotingNotClosed").withArgs(proposalId, votingEnd);
    await time.setNextBlockTimestamp(votingEnd);
    await expect(l.voting.finalize(proposalId))
      .to.emit(l.voting, "ProposalTallied")
      .withArgs(proposalId, 300n, 3, true, Outcome.Passed, 0, votingEnd + 7n * DAY);
    const v = await l.voting.getProposal(proposalId);
    expect([v.status, v.outcome, v.winningOption, v.objectionEnd]).to.deep.equal([
      BigInt(Status.Provisional),
      BigInt(Outcome.Passed),
      0n,
      votingEnd + 7n * DAY,
    ]);
    await expect(l.voting.finalize(proposalId)).to.be.revertedWithCustomError(l.voting, "VotingAlreadyTallied").withArgs(proposalId);
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 1, nonce: 2 })))
      .to.be.revertedWithCustomError(l.voting, "VotingNotOpen")
      .withArgs(proposalId);
  });

  it("confirm during the objection period → VotingObjectionPeriodRunning; after it → Final and ProposalFinalised", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n, 100n]);
    const { proposalId } = await l.open(communityId, roll);
    await expect(l.voting.confirm(proposalId)).to.be.revertedWithCustomError(l.voting, "VotingNotProvisional").withArgs(proposalId);
    await l.castChoices(roll, proposalId, [1, 1, 0]);
    const { tallied } = await l.closeAndFinalize(proposalId);
    expect(tallied.outcome).to.equal(Outcome.Rejected);
    await expect(l.voting.confirm(proposalId))
      .to.be.revertedWithCustomError(l.voting, "VotingObjectionPeriodRunning")
      .withArgs(proposalId, tallied.objectionEnd);
    await time.setNextBlockTimestamp(tallied.objectionEnd - 1n);
    await expect(l.voting.confirm(proposalId)).to.be.revertedWithCustomError(l.voting, "VotingObjectionPeriodRunning");
    await time.setNextBlockTimestamp(tallied.objectionEnd);
    await expect(l.voting.confirm(proposalId)).to.emit(l.voting, "ProposalFinalised").withArgs(proposalId, Outcome.Rejected, 0);
    expect((await l.voting.getProposal(proposalId)).status).to.equal(Status.Final);
    await expect(l.voting.confirm(proposalId)).to.be.revertedWithCustomError(l.voting, "VotingNotProvisional").withArgs(proposalId);
    await expect(l.voting.finalize(proposalId)).to.be.revertedWithCustomError(l.voting, "VotingAlreadyTallied").withArgs(proposalId);
  });

  it("the objection period is the community's objectionDays when the proposal was published", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const s = { ...DEFAULT_SETTINGS, objectionDays: 10 };
    await l.registry.changeSettings(communityId, s, await l.signCommittee(communityId, CommitteeKind.ChangeSettings, payload.changeSettings(s), l.quorum));
    const roll = simpleRoll([100n]);
    const { proposalId, votingEnd } = await l.open(communityId, roll);
    await time.setNextBlockTimestamp(votingEnd + 5n);
    await expect(l.voting.finalize(proposalId))
      .to.emit(l.voting, "ProposalTallied")
      .withArgs(proposalId, 0n, 0, false, Outcome.NoQuorum, 0, votingEnd + 5n + 10n * DAY);
  });

  it("fixes every setting that governs a proposal when it is published: changing all of them mid-vote changes nothing in that vote", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const before = { noticeDays: 15, adHocNoticeDays: 7, objectionDays: 10, allowBallotChange: false, excludeParkingArea: false, finalWithOpenObjections: false };
    const after = { noticeDays: 30, adHocNoticeDays: 10, objectionDays: 2, allowBallotChange: true, excludeParkingArea: true, finalWithOpenObjections: true };
    const change = async (to: typeof before) =>
      l.registry.changeSettings(communityId, to, await l.signCommittee(communityId, CommitteeKind.ChangeSettings, payload.changeSettings(to), l.quorum));
    await change(before);
    const roll = simpleRoll([100n, 100n]);
    const { proposalId, votingStart, votingEnd } = await l.open(communityId, roll);
    const published = await l.voting.getProposal(proposalId);
    expect([published.objectionDays, published.allowBallotChange]).to.deep.equal([10n, false]);

    await change(after);
    const mid = await l.voting.getProposal(proposalId);
    expect([mid.votingStart, mid.votingEnd, mid.objectionDays, mid.allowBallotChange, mid.finalWithOpenObjections, mid.rollRoot]).to.deep.equal([
      votingStart,
      votingEnd,
      10n,
      false,
      false,
      published.rollRoot,
    ]);
    // Ballots cannot change, as when it was published.
    await l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 0 }));
    await expect(l.voting.castBallot(proposalId, await l.signBallot(roll, { proposalId, entryId: 0, choice: 1, nonce: 2 })))
      .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
      .withArgs(...rejected(proposalId, 0, Reason.ChangeNotAllowed));
    // The objection period is the one it was published with.
    await l.castChoices(roll, proposalId, [null, 0]);
    await time.setNextBlockTimestamp(votingEnd + 1n);
    await expect(l.voting.finalize(proposalId))
      .to.emit(l.voting, "ProposalTallied")
      .withArgs(proposalId, 200n, 2, true, Outcome.Passed, 0, votingEnd + 1n + 10n * DAY);

    // A proposal published after the change takes the new settings (its notice of 30 days too).
    const start = (await l.now()) + 31n * DAY;
    const next = await l.publish(communityId, roll, { votingStart: start, votingEnd: start + 10n * DAY });
    await expect(next.tx).to.emit(l.voting, "ProposalRulesFixed").withArgs(next.proposalId, 2, true, true);
  });

  it("extendVoting only after NoQuorum, once; more ballots; the re-finalized vote passes", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n, 100n]);
    const { proposalId, votingStart, votingEnd } = await l.open(communityId, roll);
    // not while voting is open
    await expect(l.extendVoting(communityId, proposalId, votingEnd + DAY)).to.be.revertedWithCustomError(l.voting, "VotingCannotExtend").withArgs(proposalId);
    await l.castChoices(roll, proposalId, [0, null, null]);
    const first = await l.closeAndFinalize(proposalId);
    expect(first.tallied).to.deep.include({ quorumMet: false, outcome: Outcome.NoQuorum });
    // bounds of the new end
    const now = await l.now();
    await expect(l.extendVoting(communityId, proposalId, now))
      .to.be.revertedWithCustomError(l.voting, "VotingWindowOutOfRange")
      .withArgs(votingStart, now);
    await expect(l.extendVoting(communityId, proposalId, now + 61n * DAY))
      .to.be.revertedWithCustomError(l.voting, "VotingWindowOutOfRange")
      .withArgs(votingStart, now + 61n * DAY);
    // needs the committee
    const newEnd = now + 10n * DAY;
    await expect(l.extendVoting(communityId, proposalId, newEnd, l.committee.slice(0, 2))).to.be.revertedWithCustomError(l.registry, "RegistryBelowThreshold");
    await expect(l.extendVoting(communityId, proposalId, newEnd)).to.emit(l.voting, "VotingExtended").withArgs(proposalId, votingEnd, newEnd);
    const v = await l.voting.getProposal(proposalId);
    expect([v.status, v.outcome, v.extended, v.votingEnd, v.objectionEnd]).to.deep.equal([
      BigInt(Status.Voting),
      BigInt(Outcome.None),
      true,
      newEnd,
      0n,
    ]);
    // the earlier ballot still counts; more owners vote
    await l.castChoices(roll, proposalId, [null, 0, 1]);
    await expect(l.voting.finalize(proposalId)).to.be.revertedWithCustomError(l.voting, "VotingNotClosed").withArgs(proposalId, newEnd);
    const second = await l.closeAndFinalize(proposalId);
    expect(second.tallied).to.deep.include({ participatingAreaCm2: 300n, participatingHeadcount: 3n, quorumMet: true, outcome: Outcome.Passed });
    await expect(l.extendVoting(communityId, proposalId, (await l.now()) + DAY)).to.be.revertedWithCustomError(l.voting, "VotingCannotExtend").withArgs(proposalId);
    await time.increaseTo(second.tallied.objectionEnd);
    await expect(l.voting.confirm(proposalId)).to.emit(l.voting, "ProposalFinalised").withArgs(proposalId, Outcome.Passed, 0);
  });

  it("a second extension → VotingCannotExtend, even if the quorum is missed again", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n, 100n]);
    const { proposalId } = await l.open(communityId, roll);
    await l.closeAndFinalize(proposalId);
    await l.extendVoting(communityId, proposalId, (await l.now()) + 5n * DAY);
    const again = await l.closeAndFinalize(proposalId);
    expect(again.tallied.outcome).to.equal(Outcome.NoQuorum);
    await expect(l.extendVoting(communityId, proposalId, (await l.now()) + 5n * DAY))
      .to.be.revertedWithCustomError(l.voting, "VotingCannotExtend")
      .withArgs(proposalId);
    await time.increaseTo(again.tallied.objectionEnd);
    await expect(l.voting.confirm(proposalId)).to.emit(l.voting, "ProposalFinalised").withArgs(proposalId, Outcome.NoQuorum, 0);
  });

  it("no extension of a passed or rejected vote, nor after the objection period", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n, 100n]);
    const passed = await l.runVote(communityId, roll, [0, 0, 0]);
    expect(passed.tallied.outcome).to.equal(Outcome.Passed);
    await expect(l.extendVoting(communityId, passed.proposalId, (await l.now()) + DAY)).to.be.revertedWithCustomError(l.voting, "VotingCannotExtend");
    const rejectedVote = await l.runVote(communityId, roll, [1, 1, 1]);
    expect(rejectedVote.tallied.outcome).to.equal(Outcome.Rejected);
    await expect(l.extendVoting(communityId, rejectedVote.proposalId, (await l.now()) + DAY)).to.be.revertedWithCustomError(l.voting, "VotingCannotExtend");
    const missed = await l.runVote(communityId, roll, [0, null, null]);
    expect(missed.tallied.outcome).to.equal(Outcome.NoQuorum);
    await time.increaseTo(missed.tallied.objectionEnd);
    await expect(l.extendVoting(communityId, missed.proposalId, (await l.now()) + DAY)).to.be.revertedWithCustomError(l.voting, "VotingCannotExtend");
  });
});

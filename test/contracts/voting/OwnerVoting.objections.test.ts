/**
 * Objections (询异): filed during the objection period by an owner of the roll or their proxy,
 * answered by the committee; whether a result may become final with one unanswered is a
 * community setting fixed when the proposal is published.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { CommitteeKind, DAY, DEFAULT_SETTINGS, Status, communityFixture, deployFixture, payload, simpleRoll, wallet } from "../fixtures";

/** A proposal over four owners, tallied (provisional) with every owner voting for. */
async function provisionalFixture() {
  const { l, communityId } = await communityFixture();
  const roll = simpleRoll([9000n, 8000n, 7000n, 6000n]);
  const vote = await l.runVote(communityId, roll, [0, 0, 0, 0]);
  return { l, communityId, roll, proposalId: vote.proposalId, objectionEnd: vote.tallied.objectionEnd };
}

describe("OwnerVoting objections", () => {
  it("an owner of the roll files a signed objection during the objection period; it is counted open", async () => {
    const { l, roll, proposalId } = await loadFixture(provisionalFixture);
    const { objection, signature } = await l.signObjection(roll, { proposalId, entryId: 2, text: "面积算错了" });
    await expect(l.voting.fileObjection(proposalId, objection, signature))
      .to.emit(l.voting, "ObjectionFiled")
      .withArgs(proposalId, 1, 2, roll.signerOf(2).address, ethers.keccak256(ethers.toUtf8Bytes("面积算错了")));
    const v = await l.voting.getProposal(proposalId);
    expect([v.objectionCount, v.openObjections]).to.deep.equal([1n, 1n]);
    expect(await l.voting.isObjectionAnswered(proposalId, 1)).to.equal(false);
  });

  it("a registered proxy may object for the entry; anyone else, or a tampered text, is refused", async () => {
    const { l, communityId } = await communityFixture();
    const roll = simpleRoll([9000n, 8000n, 7000n, 6000n]);
    const p = await l.open(communityId, roll);
    const proxy = wallet(900);
    await l.registerMandates(communityId, p.proposalId, [l.mandate(roll, 1, proxy.address)]);
    await l.castChoices(roll, p.proposalId, [0, 0, 0, 0], p.votingEnd);
    await l.closeAndFinalize(p.proposalId);

    const byProxy = await l.signObjection(roll, { proposalId: p.proposalId, entryId: 1, signer: proxy });
    await expect(l.voting.fileObjection(p.proposalId, byProxy.objection, byProxy.signature))
      .to.emit(l.voting, "ObjectionFiled")
      .withArgs(p.proposalId, 1, 1, proxy.address, byProxy.objection.textHash);

    const outsider = await l.signObjection(roll, { proposalId: p.proposalId, entryId: 0, signer: wallet(901) });
    await expect(l.voting.fileObjection(p.proposalId, outsider.objection, outsider.signature))
      .to.be.revertedWithCustomError(l.voting, "VotingWrongSigner")
      .withArgs(wallet(901).address);

    // The signature covers the text's hash: another text does not carry it.
    const own = await l.signObjection(roll, { proposalId: p.proposalId, entryId: 0, text: "原文" });
    const swapped = { ...own.objection, textHash: ethers.keccak256(ethers.toUtf8Bytes("改过的")) };
    await expect(l.voting.fileObjection(p.proposalId, swapped, own.signature)).to.be.revertedWithCustomError(l.voting, "VotingWrongSigner");

    // A leaf that is not in the roll is refused as such.
    const forged = { ...own.objection, areaCm2: own.objection.areaCm2 + 1n };
    await expect(l.voting.fileObjection(p.proposalId, forged, own.signature))
      .to.be.revertedWithCustomError(l.voting, "VotingNotInRoll")
      .withArgs(0);
  });

  it("one signature files one objection; an expired signature files none", async () => {
    const { l, roll, proposalId } = await loadFixture(provisionalFixture);
    const signed = await l.signObjection(roll, { proposalId, entryId: 0 });
    await l.voting.fileObjection(proposalId, signed.objection, signed.signature);
    await expect(l.voting.fileObjection(proposalId, signed.objection, signed.signature)).to.be.revertedWithCustomError(
      l.voting,
      "VotingObjectionDuplicate",
    );
    const now = await l.now();
    const late = await l.signObjection(roll, { proposalId, entryId: 1, deadline: now - 1n });
    await expect(l.voting.fileObjection(proposalId, late.objection, late.signature))
      .to.be.revertedWithCustomError(l.voting, "VotingSignatureExpired")
      .withArgs(now - 1n);
    // The same owner may object again with another text.
    const second = await l.signObjection(roll, { proposalId, entryId: 0, text: "another point" });
    await expect(l.voting.fileObjection(proposalId, second.objection, second.signature)).to.emit(l.voting, "ObjectionFiled").withArgs(proposalId, 2, 0, roll.signerOf(0).address, second.objection.textHash);
  });

  it("objections are refused before the tally and after the objection period", async () => {
    const { l, communityId } = await communityFixture();
    const roll = simpleRoll([9000n, 8000n]);
    const p = await l.open(communityId, roll);
    const early = await l.signObjection(roll, { proposalId: p.proposalId, entryId: 0, deadline: p.votingEnd + 30n * DAY });
    await expect(l.voting.fileObjection(p.proposalId, early.objection, early.signature))
      .to.be.revertedWithCustomError(l.voting, "VotingNotInObjectionPeriod")
      .withArgs(p.proposalId);
    const { tallied } = await l.closeAndFinalize(p.proposalId);
    await time.increaseTo(tallied.objectionEnd);
    await expect(l.voting.fileObjection(p.proposalId, early.objection, early.signature))
      .to.be.revertedWithCustomError(l.voting, "VotingNotInObjectionPeriod")
      .withArgs(p.proposalId);
  });

  it("a result cannot become final while an objection is unanswered, by default; once answered it can", async () => {
    const { l, communityId, roll, proposalId, objectionEnd } = await loadFixture(provisionalFixture);
    const signed = await l.signObjection(roll, { proposalId, entryId: 3 });
    await l.voting.fileObjection(proposalId, signed.objection, signed.signature);
    await time.increaseTo(objectionEnd);
    await expect(l.voting.confirm(proposalId))
      .to.be.revertedWithCustomError(l.voting, "VotingObjectionsUnanswered")
      .withArgs(proposalId, 1);

    const answerHash = ethers.keccak256(ethers.toUtf8Bytes("面积按不动产登记核对无误"));
    // An answer is a committee action: fewer than the threshold is refused.
    await expect(l.answerObjection(communityId, proposalId, 1, answerHash, l.quorum.slice(0, 2))).to.be.reverted;
    await expect(l.answerObjection(communityId, proposalId, 1, answerHash))
      .to.emit(l.voting, "ObjectionAnswered")
      .withArgs(proposalId, 1, answerHash);
    expect(await l.voting.isObjectionAnswered(proposalId, 1)).to.equal(true);
    expect((await l.voting.getProposal(proposalId)).openObjections).to.equal(0n);
    await expect(l.answerObjection(communityId, proposalId, 2, answerHash))
      .to.be.revertedWithCustomError(l.voting, "VotingUnknownObjection")
      .withArgs(proposalId, 2);
    await expect(l.voting.confirm(proposalId)).to.emit(l.voting, "ProposalFinalised");
    expect((await l.voting.getProposal(proposalId)).status).to.equal(BigInt(Status.Final));
  });

  it("where the community allows it, a result becomes final with an objection unanswered; the setting is fixed at publication", async () => {
    const l = await deployFixture();
    const communityId = await l.createCommunity({ settings: { ...DEFAULT_SETTINGS, finalWithOpenObjections: true } });
    const roll = simpleRoll([9000n, 8000n]);
    const p = await l.open(communityId, roll);
    expect((await l.voting.getProposal(p.proposalId)).finalWithOpenObjections).to.equal(true);
    // The community changes its mind mid-vote: this proposal keeps the rule it was published with.
    const strict = { ...DEFAULT_SETTINGS, finalWithOpenObjections: false };
    await l.registry.changeSettings(
      communityId,
      strict,
      await l.signCommittee(communityId, CommitteeKind.ChangeSettings, payload.changeSettings(strict), l.quorum),
    );
    await l.castChoices(roll, p.proposalId, [0, 0], p.votingEnd);
    const { tallied } = await l.closeAndFinalize(p.proposalId);
    const signed = await l.signObjection(roll, { proposalId: p.proposalId, entryId: 1 });
    await l.voting.fileObjection(p.proposalId, signed.objection, signed.signature);
    await time.increaseTo(tallied.objectionEnd);
    await expect(l.voting.confirm(p.proposalId)).to.emit(l.voting, "ProposalFinalised");
  });
});

/**
 * OwnerVoting's committee actions (publish, paper ballots, mandates, extension, answering an
 * objection) against the
 * shared behaviour of a module's committee action (behaviours/committeeAction.ts).
 */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { behavesLikeCommitteeActions, type CommitteeActionCase } from "../behaviours/committeeAction";
import { CommitteeKind, DAY, deployFixture, payload, simpleRoll } from "../fixtures";

/**
 * Community 1 with two proposals over one roll: "short" closed without a quorum (provisional, so
 * it may be extended) and "long" open for voting (paper ballots, mandates). Community 2 has the
 * same committee; community 3 has a committee of its own.
 */
async function votingFixture() {
  const l = await deployFixture();
  const c1 = await l.createCommunity();
  const c2 = await l.createCommunity({ name: "第二小区" });
  const committee2 = l.spare.slice(0, 5);
  await l.createCommunity({ name: "第三小区", members: committee2 });
  const roll = simpleRoll([9000n, 8000n, 7000n, 6000n]);
  const start = (await l.now()) + 15n * DAY + 600n;
  const short = await l.publish(c1, roll, { votingStart: start, votingEnd: start + 5n * DAY, title: "短期表决" });
  const long = await l.publish(c1, roll, { votingStart: start, votingEnd: start + 60n * DAY, title: "长期表决" });
  await time.increaseTo(start + 5n * DAY);
  await l.voting.finalize(short.proposalId); // no ballots: no quorum, provisional
  const filed = await l.signObjection(roll, { proposalId: short.proposalId, entryId: 0 });
  await l.voting.fileObjection(short.proposalId, filed.objection, filed.signature); // objection 1
  const publishBase = await l.proposalInput(c1, roll, { title: "新的表决事项" });
  return {
    l,
    c1,
    c2,
    committee2,
    short: short.proposalId,
    long: long.proposalId,
    inputFor: (c: bigint) => ({ ...publishBase, communityId: c }),
    paper: [l.paperBallot(roll, 0, 1)],
    mandates: [l.mandate(roll, 1, l.spare[10]!.address)],
    newEnd: start + 8n * DAY,
    answerHash: ethers.id("the committee's answer"),
  };
}
type X = Awaited<ReturnType<typeof votingFixture>>;

const ACTIONS: CommitteeActionCase<X>[] = [
  {
    name: "publishProposal",
    kind: CommitteeKind.PublishProposal,
    payloadHash: (x, c) => payload.publishProposal(x.inputFor(c)),
    send: (x, c, auth) => x.l.voting.publishProposal(x.inputFor(c), auth),
    emitter: (x) => x.l.voting,
    event: "ProposalPublished",
    eventArgs: (_x, c) => [3n, c, anyValue, anyValue],
    takesCommunityId: true,
  },
  {
    name: "enterPaperBallots",
    kind: CommitteeKind.EnterPaperBallots,
    payloadHash: (x) => payload.enterPaperBallots(x.long, x.paper),
    send: (x, _c, auth) => x.l.voting.enterPaperBallots(x.long, x.paper, auth),
    emitter: (x) => x.l.voting,
    event: "PaperBallotEntered",
    eventArgs: (x) => [x.long, 0, 1, x.paper[0]!.scanHash, true],
    takesCommunityId: false,
  },
  {
    name: "registerMandates",
    kind: CommitteeKind.RegisterMandates,
    payloadHash: (x) => payload.registerMandates(x.long, x.mandates),
    send: (x, _c, auth) => x.l.voting.registerMandates(x.long, x.mandates, auth),
    emitter: (x) => x.l.voting,
    event: "MandateRegistered",
    eventArgs: (x) => [x.long, 1, x.mandates[0]!.proxy, x.mandates[0]!.mandateHash],
    takesCommunityId: false,
  },
  {
    name: "extendVoting",
    kind: CommitteeKind.ExtendVoting,
    payloadHash: (x) => payload.extendVoting(x.short, x.newEnd),
    send: (x, _c, auth) => x.l.voting.extendVoting(x.short, x.newEnd, auth),
    emitter: (x) => x.l.voting,
    event: "VotingExtended",
    eventArgs: (x) => [x.short, anyValue, x.newEnd],
    takesCommunityId: false,
    // once extended the vote is open again: a second extension is refused before any signature
    replayRefusedBy: (x) => [x.l.voting, "VotingCannotExtend"],
  },
  {
    name: "answerObjection",
    kind: CommitteeKind.AnswerObjection,
    payloadHash: (x) => payload.answerObjection(x.short, 1, x.answerHash),
    send: (x, _c, auth) => x.l.voting.answerObjection(x.short, 1, x.answerHash, auth),
    emitter: (x) => x.l.voting,
    event: "ObjectionAnswered",
    eventArgs: (x) => [x.short, 1, x.answerHash],
    takesCommunityId: false,
    // answered once: a second answer is refused before any signature is checked
    replayRefusedBy: (x) => [x.l.voting, "VotingObjectionAlreadyAnswered"],
  },
];

behavesLikeCommitteeActions("OwnerVoting", votingFixture, ACTIONS);

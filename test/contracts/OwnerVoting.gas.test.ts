/**
 * Gas figures, printed (not asserted): publishProposal, a single castBallot, and the per-ballot
 * cost of a castBallots batch of 100 consecutive entries.
 */
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { communityFixture, simpleRoll, type SignedBallot } from "./fixtures";

describe("OwnerVoting: gas (printed)", () => {
  it("publishProposal, castBallot, castBallots ×100", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll(
      Array.from({ length: 128 }, (_, i) => BigInt(6000 + 37 * i)),
      2000,
    );
    const p = await l.open(communityId, roll);
    const publishGas = p.receipt.gasUsed;

    const single = await l.signBallot(roll, { proposalId: p.proposalId, entryId: 127, choice: 0, deadline: p.votingEnd });
    const singleGas = (await (await l.voting.castBallot(p.proposalId, single)).wait())!.gasUsed;
    const change = await l.signBallot(roll, { proposalId: p.proposalId, entryId: 127, choice: 1, nonce: 2, deadline: p.votingEnd });
    const changeGas = (await (await l.voting.castBallot(p.proposalId, change)).wait())!.gasUsed;

    const batch: SignedBallot[] = [];
    for (let entryId = 0; entryId < 100; entryId++) {
      batch.push(await l.signBallot(roll, { proposalId: p.proposalId, entryId, choice: entryId % 3, deadline: p.votingEnd }));
    }
    const batchGas = (await (await l.voting.castBallots(p.proposalId, batch)).wait())!.gasUsed;
    const t = await l.tallies(p.proposalId);
    expect(t.reduce((s, [, h]) => s + h, 0n)).to.equal(101n);

    console.log(`      gas: publishProposal                         ${publishGas}`);
    console.log(`      gas: castBallot (first ballot of an entry)   ${singleGas}`);
    console.log(`      gas: castBallot (changed ballot, nonce 2)    ${changeGas}`);
    console.log(`      gas: castBallots ×100 consecutive entries    ${batchGas} total, ${batchGas / 100n} per ballot`);
  });
});

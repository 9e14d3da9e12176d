/**
 * Gas figures, printed (not asserted): publishProposal, a single castBallot, the per-ballot cost
 * of a castBallots batch of 100 consecutive entries, and of a castBallotsWithMultiproof batch of
 * 100 entries scattered over a roll of 2,900. `npm run bench` measures the same on Anvil beside
 * OpenZeppelin's Governor.
 */
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { Ledger, communityFixture, prng, simpleRoll, type SignedBallot } from "../fixtures";

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

  it("castBallotsWithMultiproof ×100 entries scattered over a roll of 2,900", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const n = 2900;
    const roll = simpleRoll(Array.from({ length: n }, (_, i) => BigInt(4500 + (i % 11000))), 5000);
    const p = await l.open(communityId, roll);
    const rnd = prng(3);
    const picks = new Set<number>();
    while (picks.size < 100) picks.add(rnd.int(n));
    const batch: SignedBallot[] = [];
    for (const e of picks) batch.push(await l.signBallot(roll, { proposalId: p.proposalId, entryId: e, choice: e % 3, deadline: p.votingEnd }));
    const mp = Ledger.multiproofBatch(roll, batch);
    const gas = (await (await l.voting.castBallotsWithMultiproof(p.proposalId, mp.ballots, mp.proof, mp.proofFlags)).wait())!.gasUsed;
    console.log(`      gas: castBallotsWithMultiproof ×100 scattered ${gas} total, ${gas / 100n} per ballot (${mp.proof.length} proof nodes)`);
    const t = await l.tallies(p.proposalId);
    expect(t.reduce((s, [, h]) => s + h, 0n)).to.equal(100n);
  });
});

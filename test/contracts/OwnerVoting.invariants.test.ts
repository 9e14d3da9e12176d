import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { CommitteeKind, committeeAuth, createCommunity, deployLedger, hashOf, makeRoll, paperBallot, publishAndOpen, signedBallot } from "./support";

async function ledgerWithCommunity() {
  const x = await deployLedger();
  return { ...x, communityId: await createCommunity(x) };
}

/** Invariant: after any sequence of ballots, the on-chain tally equals a recount of the counted
 * ballots (one per entry), and no more heads are counted than the roll holds. */
describe("OwnerVoting invariants under a random sequence of actions", () => {
  it("the tally always equals a recount; one counted ballot per entry", async () => {
    const l = await loadFixture(ledgerWithCommunity);
    const areas = [100n, 250n, 75n, 300n, 120n, 90n, 60n, 410n, 33n, 205n];
    const roll = makeRoll([...areas.map((area, i) => ({ area, voters: [l.voters[i]!] })), { area: 150n, voters: [] }]);
    const p = await publishAndOpen(l, l.communityId, roll);
    type Lane = { choice: number; kind: "e" | "p"; nonce: number } | undefined;
    const model: Lane[] = Array.from({ length: roll.entryCount }, () => undefined);
    let seed = 20261128;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const check = async () => {
      for (let option = 0; option < 3; option++) {
        let area = 0n;
        let heads = 0n;
        model.forEach((lane, i) => {
          if (lane?.choice === option) {
            area += roll.entries[i]!.areaCm2;
            heads += 1n;
          }
        });
        const t = await l.voting.tallyOf(p.proposalId, option);
        expect([t.areaCm2, t.headcount]).to.deep.equal([area, heads]);
      }
      expect(model.filter(Boolean).length).to.be.at.most(roll.entryCount);
    };
    for (let step = 0; step < 60; step++) {
      const action = rnd(3);
      if (action === 0) {
        // one or several electronic ballots, some replays
        const batch = [];
        const expect: { entry: number; choice: number; nonce: number }[] = [];
        for (let k = 0; k < 1 + rnd(4); k++) {
          const entry = rnd(10);
          const lane = model[entry];
          const replay = lane?.kind === "e" && rnd(4) === 0;
          const nonce = replay ? lane!.nonce : (lane?.kind === "e" ? lane.nonce : 0) + 1 + rnd(2);
          const choice = rnd(3);
          batch.push(await signedBallot(l, roll, l.voters[entry]!, { proposalId: p.proposalId, entryId: entry, choice, nonce }));
          expect.push({ entry, choice, nonce });
        }
        await l.voting.castBallots(p.proposalId, batch);
        for (const e of expect) {
          const lane = model[e.entry];
          if (lane?.kind === "e" && e.nonce <= lane.nonce) continue;
          model[e.entry] = { choice: e.choice, kind: "e", nonce: e.nonce };
        }
      } else if (action === 1) {
        const entries = [...new Set([rnd(11), rnd(11)])];
        const papers = entries.map((entry) => paperBallot(roll, entry, rnd(3)));
        const auth = await committeeAuth(l, l.communityId, CommitteeKind.EnterPaperBallots, hashOf(CommitteeKind.EnterPaperBallots, [p.proposalId, papers]), l.members.slice(0, 3));
        await l.voting.enterPaperBallots(p.proposalId, papers, auth);
        for (const pb of papers) {
          if (model[pb.entryId]?.kind === "e") continue;
          model[pb.entryId] = { choice: pb.choice, kind: "p", nonce: 0 };
        }
      } else {
        // a single ballot with a bad proof never changes anything
        const entry = rnd(10);
        const b = await signedBallot(l, roll, l.voters[entry]!, { proposalId: p.proposalId, entryId: entry, choice: 0, nonce: 60000 });
        await l.voting.castBallots(p.proposalId, [{ ...b, packed: b.packed + (1n << 152n) }]);
      }
      await check();
    }
  });
});

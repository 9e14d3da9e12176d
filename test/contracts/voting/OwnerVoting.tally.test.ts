/**
 * The law's double majority (DESIGN.md "Domain rules"), on small rolls where the arithmetic is
 * exact: quorum ≥ 2/3 of the roll's area AND headcount; approval among participants (abstentions
 * participate) > 1/2 of both, or ≥ 3/4 of both for matters (六)(七)(八).
 */
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  HALF_MATTERS,
  Matter,
  Outcome,
  ScopeKind,
  THREE_QUARTER_MATTERS,
  buildRoll,
  communityFixture,
  simpleRoll,
  wallet,
} from "../fixtures";

const FOR = 0;
const AGAINST = 1;
const ABSTAIN = 2;
const _ = null; // does not vote

describe("OwnerVoting: participation quorum (against the whole roll)", () => {
  it("exactly 2/3 of the area and 2/3 of the headcount take part → quorum met (passes)", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const r = await l.runVote(communityId, simpleRoll([100n, 100n, 100n]), [FOR, FOR, _]);
    expect(r.tallied).to.deep.include({ participatingAreaCm2: 200n, participatingHeadcount: 2n, quorumMet: true, outcome: Outcome.Passed });
  });

  it("area: one hundredth of a m² below 2/3 → NoQuorum, though the headcount is 2/3", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    // 300 in total, 2/3 = 200; the two voters hold 199
    const r = await l.runVote(communityId, simpleRoll([100n, 99n, 101n]), [FOR, FOR, _]);
    expect(r.tallied).to.deep.include({ participatingAreaCm2: 199n, participatingHeadcount: 2n, quorumMet: false, outcome: Outcome.NoQuorum });
  });

  it("headcount: exactly 4 of 6 owners → quorum; 3 of 6 holding almost all the area → NoQuorum", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([1000n, 1000n, 1000n, 1n, 1n, 1n]);
    const four = await l.runVote(communityId, roll, [FOR, FOR, FOR, FOR, _, _]);
    expect(four.tallied).to.deep.include({ participatingHeadcount: 4n, quorumMet: true, outcome: Outcome.Passed });
    const three = await l.runVote(communityId, roll, [FOR, FOR, FOR, _, _, _]);
    expect(three.tallied).to.deep.include({ participatingAreaCm2: 3000n, participatingHeadcount: 3n, quorumMet: false, outcome: Outcome.NoQuorum });
  });

  it("the quorum is counted against all owners in the roll, not against the voters", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    // nine owners; six unanimous voters are exactly 2/3; five are not enough however unanimous
    const roll = simpleRoll(Array.from({ length: 9 }, () => 100n));
    const six = await l.runVote(communityId, roll, [FOR, FOR, FOR, FOR, FOR, FOR, _, _, _]);
    expect(six.tallied.outcome).to.equal(Outcome.Passed);
    const five = await l.runVote(communityId, roll, [FOR, FOR, FOR, FOR, FOR, _, _, _, _]);
    expect(five.tallied.outcome).to.equal(Outcome.NoQuorum);
  });
});

describe("OwnerVoting: approval by more than half (matters 一二三四五九)", () => {
  for (const matter of HALF_MATTERS) {
    it(`matter ${matter}: exactly 1/2 of participants fails; just over passes`, async () => {
      const { l, communityId } = await loadFixture(communityFixture);
      const roll = simpleRoll([100n, 100n, 100n, 100n]);
      const half = await l.runVote(communityId, roll, [FOR, FOR, AGAINST, AGAINST], { matter });
      expect(half.tallied).to.deep.include({ quorumMet: true, outcome: Outcome.Rejected });
      const over = await l.runVote(communityId, roll, [FOR, FOR, FOR, AGAINST], { matter });
      expect(over.tallied.outcome).to.equal(Outcome.Passed);
    });
  }

  it("area exactly 1/2 (with a headcount majority) fails; one hundredth of a m² over passes", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    // for: 3 of 4 heads; area 300 of 600 → exactly half
    const exact = await l.runVote(communityId, simpleRoll([100n, 100n, 100n, 300n]), [FOR, FOR, FOR, AGAINST]);
    expect(exact.tallied.outcome).to.equal(Outcome.Rejected);
    // for: 301 of 601
    const over = await l.runVote(communityId, simpleRoll([100n, 100n, 101n, 300n]), [FOR, FOR, FOR, AGAINST]);
    expect(over.tallied.outcome).to.equal(Outcome.Passed);
  });

  it("headcount exactly 1/2 (with an area majority) fails; one more owner passes", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    // for: 2 of 4 heads, 400 of 600 area
    const exact = await l.runVote(communityId, simpleRoll([300n, 100n, 100n, 100n]), [FOR, FOR, AGAINST, AGAINST]);
    expect(exact.tallied.outcome).to.equal(Outcome.Rejected);
    // for: 3 of 5 heads
    const over = await l.runVote(communityId, simpleRoll([300n, 100n, 100n, 100n, 100n]), [FOR, FOR, AGAINST, AGAINST, FOR]);
    expect(over.tallied.outcome).to.equal(Outcome.Passed);
  });

  it("in a for/against vote, 'against' with a majority rejects (only 'for' can pass)", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const r = await l.runVote(communityId, simpleRoll([100n, 100n, 100n, 100n]), [AGAINST, AGAINST, AGAINST, FOR]);
    expect(r.tallied).to.deep.include({ outcome: Outcome.Rejected, winningOption: 0 });
  });
});

describe("OwnerVoting: approval by three quarters (matters 六七八)", () => {
  for (const matter of THREE_QUARTER_MATTERS) {
    it(`matter ${matter}: exactly 3/4 passes; just below in area or in headcount fails`, async () => {
      const { l, communityId } = await loadFixture(communityFixture);
      const exact = await l.runVote(communityId, simpleRoll([100n, 100n, 100n, 100n]), [FOR, FOR, FOR, AGAINST], { matter });
      expect(exact.tallied.outcome).to.equal(Outcome.Passed);
      // area 299 of 400 (just below 3/4), heads 3/4
      const area = await l.runVote(communityId, simpleRoll([100n, 100n, 99n, 101n]), [FOR, FOR, FOR, AGAINST], { matter });
      expect(area.tallied.outcome).to.equal(Outcome.Rejected);
      // area 600 of 800 (exactly 3/4), heads 3 of 5 (below 3/4)
      const heads = await l.runVote(communityId, simpleRoll([100n, 100n, 100n, 100n, 400n]), [FOR, FOR, AGAINST, AGAINST, FOR], { matter });
      expect(heads.tallied.outcome).to.equal(Outcome.Rejected);
      // a 2/3 majority that would pass a half-matter is not enough
      const twoThirds = await l.runVote(communityId, simpleRoll([100n, 100n, 100n]), [FOR, FOR, AGAINST], { matter });
      expect(twoThirds.tallied.outcome).to.equal(Outcome.Rejected);
    });
  }

  it("the same 2/3 majority passes a fund-use vote (matter 五 is a half-matter)", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const r = await l.runVote(communityId, simpleRoll([100n, 100n, 100n]), [FOR, FOR, AGAINST], { matter: Matter.UseFund });
    expect(r.tallied.outcome).to.equal(Outcome.Passed);
  });
});

describe("OwnerVoting: abstentions", () => {
  it("abstentions count in the participation denominator and can make a vote fail", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n, 100n, 100n]);
    // 2 for, 1 against, 1 abstains: for is exactly 1/2 of the 4 participants → rejected
    const withAbstain = await l.runVote(communityId, roll, [FOR, FOR, AGAINST, ABSTAIN]);
    expect(withAbstain.tallied).to.deep.include({ participatingAreaCm2: 400n, participatingHeadcount: 4n, outcome: Outcome.Rejected });
    // the same votes without the abstention: 2 of 3 → passes
    const without = await l.runVote(communityId, roll, [FOR, FOR, AGAINST, _]);
    expect(without.tallied.outcome).to.equal(Outcome.Passed);
  });

  it("an abstention helps the quorum: with it the vote is counted (and rejected), without it NoQuorum", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n, 100n]);
    const counted = await l.runVote(communityId, roll, [FOR, ABSTAIN, _]);
    expect(counted.tallied).to.deep.include({ quorumMet: true, outcome: Outcome.Rejected });
    const missed = await l.runVote(communityId, roll, [FOR, _, _]);
    expect(missed.tallied.outcome).to.equal(Outcome.NoQuorum);
  });
});

describe("OwnerVoting: a single choice among named options", () => {
  const bids = { options: ["甲公司", "乙公司", "丙公司", "弃权"], namedChoice: true, matter: Matter.HireOrFireManager };

  it("three bids and abstain: a bid with more than half of both wins", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n, 100n, 100n, 100n]);
    const r = await l.runVote(communityId, roll, [1, 1, 1, 0, 3], bids);
    expect(r.tallied).to.deep.include({ outcome: Outcome.Passed, winningOption: 1 });
    expect(r.view.winningOption).to.equal(1n);
    expect(r.view.optionCount).to.equal(4n);
    expect(await l.tallies(r.proposalId, 4)).to.deep.equal([[100n, 1n], [300n, 3n], [0n, 0n], [100n, 1n]]);
  });

  it("no bid with a majority → rejected; abstain with a majority cannot win", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const roll = simpleRoll([100n, 100n, 100n, 100n, 100n]);
    const split = await l.runVote(communityId, roll, [0, 0, 1, 1, 2], bids);
    expect(split.tallied.outcome).to.equal(Outcome.Rejected);
    const abstain = await l.runVote(communityId, roll, [3, 3, 3, 0, 1], bids);
    expect(abstain.tallied.outcome).to.equal(Outcome.Rejected);
    // the last bid can win as well
    const last = await l.runVote(communityId, roll, [2, 2, 2, 0, 3], bids);
    expect(last.tallied).to.deep.include({ outcome: Outcome.Passed, winningOption: 2 });
  });
});

describe("OwnerVoting: who the electorate is", () => {
  it("a fund-use vote scoped to one building: thresholds over that building's owners only", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    // building 3 has three flats; the rest of the community is not on this roll
    const building3 = simpleRoll([9000n, 9000n, 9500n], 100);
    const r = await l.runVote(communityId, building3, [FOR, FOR, _], { matter: Matter.UseFund, scopeKind: ScopeKind.Buildings, scopeIds: [3] });
    expect(r.view.totalAreaCm2).to.equal(27500n);
    expect(r.view.totalHeadcount).to.equal(3n);
    // 18000 of 27500 ≥ 2/3 (18333.3)? no → NoQuorum; shows the bound is over the building's area
    expect(r.tallied).to.deep.include({ participatingAreaCm2: 18000n, quorumMet: false, outcome: Outcome.NoQuorum });
    const ok = await l.runVote(communityId, building3, [FOR, _, FOR], { matter: Matter.UseFund, scopeKind: ScopeKind.Buildings, scopeIds: [3] });
    expect(ok.tallied).to.deep.include({ participatingAreaCm2: 18500n, quorumMet: true, outcome: Outcome.Passed });
  });

  it("one buyer with several units is one entry: summed area, headcount 1", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    // entry 0: one buyer owns a flat (90.00 m²) and a parking space (12.50 m²)
    const roll = buildRoll([
      { entryId: 0, voters: [wallet(0)], areaCm2: 9000n + 1250n, headcount: 1 },
      { entryId: 1, voters: [wallet(1)], areaCm2: 9000n, headcount: 1 },
      { entryId: 2, voters: [wallet(2)], areaCm2: 9000n, headcount: 1 },
    ]);
    expect([roll.totalAreaCm2, roll.totalHeadcount]).to.deep.equal([28250n, 3]);
    const r = await l.runVote(communityId, roll, [FOR, AGAINST, _]);
    expect(await l.tallies(r.proposalId)).to.deep.equal([[10250n, 1n], [9000n, 1n], [0n, 0n]]);
    // for: 10250 of 19250 area (> 1/2) but 1 of 2 heads (exactly 1/2) → rejected
    expect(r.tallied).to.deep.include({ participatingAreaCm2: 19250n, participatingHeadcount: 2n, outcome: Outcome.Rejected });
  });

  it("all the developer's units are one entry: large area, one head", async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const developer = wallet(99);
    const roll = buildRoll([
      { entryId: 0, voters: [developer], areaCm2: 3n * 9000n + 2n * 1250n, headcount: 1 }, // 3 unsold flats, 2 spaces
      { entryId: 1, voters: [wallet(1)], areaCm2: 9000n, headcount: 1 },
      { entryId: 2, voters: [wallet(2)], areaCm2: 9000n, headcount: 1 },
      { entryId: 3, voters: [wallet(3)], areaCm2: 9000n, headcount: 1 },
    ]);
    // developer + one owner for, two owners against: area 38500/56500 but heads 2/4 → rejected
    const r = await l.runVote(communityId, roll, [FOR, FOR, AGAINST, AGAINST]);
    expect(await l.tallies(r.proposalId)).to.deep.equal([[38500n, 2n], [18000n, 2n], [0n, 0n]]);
    expect(r.tallied.outcome).to.equal(Outcome.Rejected);
    const r2 = await l.runVote(communityId, roll, [AGAINST, FOR, FOR, FOR]);
    // owners for: 27000 of 56500 area (< 1/2) → rejected despite 3 of 4 heads
    expect(r2.tallied.outcome).to.equal(Outcome.Rejected);
    const r3 = await l.runVote(communityId, roll, [FOR, FOR, FOR, AGAINST]);
    expect(r3.tallied.outcome).to.equal(Outcome.Passed);
  });
});

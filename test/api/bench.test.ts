/**
 * The benchmark's whole-community comparison (scripts/bench), bounded: a community of about 20
 * voters votes through the API and the same number of ballots goes to the OZ Governor reference
 * as castVoteBySig transactions on the same node. Only structural facts are checked (every vote
 * counted, the phases adding up, the ratio taken from the one run), never how long anything took.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toHex } from "viem";
import { CommitteeKind } from "../../chain/typedData";
import { runCommunityVote, type CommunityVoteResult } from "../../scripts/bench/communityVote";
import { deployReferenceGovernor, prepareReferenceVote, runReferenceVote, type ReferenceVoteResult } from "../../scripts/bench/governorReference";
import { PHASES, phaseBreakdown, type BallotTimes } from "../../scripts/bench/phases";
import { compareVote, comparisonMarkdown } from "../../scripts/bench/report";
import { fund } from "../../scripts/lib/anvil";
import { MEMBERS, addr, advanceChainTime, call, createTestbed, key, publishViaApi, signBallot, type Testbed } from "./support/testbed";

const EXTRA_OWNERS = Array.from({ length: 14 }, (_, i) => `bench-owner-${i}`);
const LABELS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "developer", ...EXTRA_OWNERS];
const CLIENTS = 4;

let tb: Testbed;
let vote: CommunityVoteResult;
let reference: ReferenceVoteResult;

beforeAll(async () => {
  tb = await createTestbed({ service: { port: 0 } });
  // The testbed's ten units, and one more unit for each extra owner.
  const committee = MEMBERS.slice(0, 3);
  const units = EXTRA_OWNERS.map((_, i) => ({ unitId: 301 + i, buildingId: 2, areaCm2: 8000n + BigInt(i) * 100n, areaSource: 3, kind: 1, developerHeld: false, label: `2-${301 + i}` }));
  await tb.driver.committee(tb.communityId, CommitteeKind.RegisterUnits, [tb.communityId, units], committee);
  const bindings = EXTRA_OWNERS.map((o, i) => ({
    unitId: 301 + i,
    owner: addr(o),
    identityHash: keccak256(toHex(`identity:${o}`)),
    evidenceHash: keccak256(toHex(`evidence:${301 + i}:${o}`)),
  }));
  await tb.driver.committee(tb.communityId, CommitteeKind.BindOwners, [tb.communityId, bindings], committee);
  const p = await publishViaApi(tb, { matter: 9, scope: { kind: 0, ids: [] }, title: "bench: whole community" });
  await advanceChainTime(tb, p.votingStart - (await tb.driver.now()));

  // One ballot per roll entry, by the first of its voters asked; all signed before timing.
  const bodies: string[] = [];
  const entries = new Set<number>();
  for (const label of LABELS) {
    const r = await call(tb, "GET", `/api/proposals/${p.proposalId}/voters/${addr(label)}`);
    if (r.status !== 200) continue;
    for (const e of r.body.entries as { entryId: number }[]) {
      if (entries.has(e.entryId)) continue;
      entries.add(e.entryId);
      const m = { proposalId: p.proposalId, entryId: e.entryId, choice: 0, nonce: 1, deadline: p.votingEnd };
      const signature = await signBallot(tb, label, m);
      bodies.push(JSON.stringify({ ...m, proposalId: m.proposalId.toString(), deadline: m.deadline.toString(), voter: addr(label), signature }));
    }
  }

  const deployerKey = key("bench-reference-deployer");
  await fund(tb.anvil.rpcUrl, addr("bench-reference-deployer"));
  const ref = await deployReferenceGovernor(tb.anvil.rpcUrl, tb.deployment.chainId, deployerKey);
  reference = await runReferenceVote(ref, await prepareReferenceVote(ref, { voters: bodies.length, clients: CLIENTS }));
  vote = await runCommunityVote({ service: tb.service, rpcUrl: tb.anvil.rpcUrl, proposalId: p.proposalId, bodies, concurrency: CLIENTS });
}, 120_000);

afterAll(async () => {
  await tb?.stop();
});

describe("the benchmark's whole-community comparison, on a small community", () => {
  it("counts every reference vote: a successful receipt, a VoteCast event and its weight in proposalVotes", () => {
    expect(vote.ballots).toBeGreaterThanOrEqual(20);
    expect(reference.votes).toBe(vote.ballots);
    expect(reference.clients).toBe(CLIENTS);
    expect(reference.succeeded).toBe(reference.votes);
    expect(reference.voteCastEvents).toBe(reference.votes);
    expect(reference.counted).toBe(reference.votes);
  });

  it("counts every ledger ballot once, and times each one from sent to indexed", () => {
    expect(vote.refused).toBe(0);
    expect(vote.lost).toBe(0);
    expect(vote.doubleCounted).toBe(0);
    expect(vote.confirmed).toBe(vote.ballots);
    expect(vote.times).toHaveLength(vote.ballots);
    expect(vote.relayTransactions).toBeGreaterThanOrEqual(1);
    for (const t of vote.times) {
      expect(t.broadcast).not.toBeNull(); // the node announced every relay transaction
      expect(t.sent).toBeGreaterThanOrEqual(vote.startedAt);
      expect(t.accepted).toBeLessThanOrEqual(vote.acceptedAt);
      expect(Math.max(t.confirmed, t.indexed)).toBeLessThanOrEqual(vote.doneAt);
    }
  });

  it("breaks the end-to-end time into phases that add up, and takes the ratio from the same run", () => {
    const c = compareVote(vote, reference);
    const b = c.breakdown;
    expect(b.ballots).toBe(vote.ballots);
    expect(b.broadcastUnobserved).toBe(0);
    expect(b.phases.map((p) => p.phase)).toEqual([...PHASES]);
    expect(b.endToEndMs).toBe(vote.doneAt - vote.startedAt);
    expect(b.phases.reduce((s, p) => s + p.addsMs, 0) + b.settleMs).toBe(b.endToEndMs);
    for (const p of b.phases) {
      expect(p.addsMs).toBeGreaterThanOrEqual(0);
      expect(p.medianMs).toBeGreaterThanOrEqual(0);
      expect(p.p95Ms).toBeGreaterThanOrEqual(p.medianMs);
      expect(p.spanMs).toBe(p.lastEndMs - p.firstStartMs);
    }
    expect(b.settleMs).toBeGreaterThanOrEqual(0);
    expect(b.phases.find((p) => p.phase === b.slowest)!.addsMs).toBe(Math.max(...b.phases.map((p) => p.addsMs)));
    expect(c.ratio).toBe(+(b.endToEndMs / reference.ms).toFixed(3));
    const md = comparisonMarkdown(reference, c);
    expect(md.rows.join("\n")).toContain(`| ${c.ratio.toFixed(3)} ${c.ratio <= 0.5 ? "✓" : "✗"} |`);
    for (const p of PHASES) expect(md.phases).toContain(`| ${p}`);
  });
});

describe("phaseBreakdown", () => {
  it("takes an instant that came before the one it follows as equal to it, so each ballot's phases add up", () => {
    const times: BallotTimes[] = [
      { sent: 1_000, accepted: 1_100, broadcast: 1_050, confirmed: 1_400, indexed: 1_300 }, // broadcast before the receipt; indexed before confirmed
      { sent: 1_010, accepted: 1_200, broadcast: null, confirmed: 1_500, indexed: 1_700 },
    ];
    const b = phaseBreakdown(times, 990, 1_750);
    const by = Object.fromEntries(b.phases.map((p) => [p.phase, p]));
    expect(by.relay!.reordered).toBe(1);
    expect(by.indexing!.reordered).toBe(1);
    expect(b.broadcastUnobserved).toBe(1);
    expect(by.intake!.addsMs).toBe(1_200 - 990);
    expect(by.relay!.lastEndMs).toBe(1_200 - 990); // the clamped broadcasts: 1,100 and 1,200
    expect(by.confirmation!.addsMs).toBe(1_500 - 1_200);
    expect(by.indexing!.addsMs).toBe(1_700 - 1_500);
    expect(b.settleMs).toBe(50);
    expect(b.phases.reduce((s, p) => s + p.addsMs, 0) + b.settleMs).toBe(b.endToEndMs);
    expect(b.slowest).toBe("confirmation");
  });
});

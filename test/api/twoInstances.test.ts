/**
 * Two API instances on one PostgreSQL database and one chain, both taking ballots: only the one
 * holding the relay lease sends, so every accepted ballot reaches the chain exactly once (no
 * transaction carries a ballot another already carried), and none is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerVotingAbi } from "../../chain/abi";
import { decodeLedgerLog } from "../../chain/decodeLog";
import { RelayLease } from "../../ledger-api/src/relayer/lease";
import { startService, type LedgerService } from "../../ledger-api/src/service";
import { ANVIL_RELAYER_KEY } from "../../scripts/lib/anvil";
import { addr, advanceChainTime, createPostgresDatabase, createTestbed, publishViaApi, signBallot, waitFor, type Testbed } from "./support/testbed";

let tb: Testbed;
let second: LedgerService;
let pg: Awaited<ReturnType<typeof createPostgresDatabase>>;
let proposalId: bigint;
let votingEnd: bigint;

beforeAll(async () => {
  pg = await createPostgresDatabase();
  tb = await createTestbed({ databaseUrl: pg.url });
  const p = await publishViaApi(tb, { matter: 9, scope: { kind: 0, ids: [] } });
  proposalId = p.proposalId;
  votingEnd = p.votingEnd;
  await advanceChainTime(tb, p.votingStart - (await tb.driver.now()));
  second = await startService({ deployment: tb.deployment, rpcUrl: tb.anvil.rpcUrl, relayerKey: ANVIL_RELAYER_KEY, database: { databaseUrl: pg.url } });
}, 180_000);

afterAll(async () => {
  await second?.stop();
  await tb?.stop();
  await pg?.drop();
});

async function post(service: LedgerService, body: unknown) {
  const res = await service.app.request("/api/ballots", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { receipt: { id: string } } };
}

describe("two API instances on one database", () => {
  it("send each accepted ballot once, from whichever holds the lease", async () => {
    const voters = ["alice", "bob", "carol", "developer", "erin", "frank", "grace"];
    const bodies = [];
    for (const label of voters) {
      const r = await tb.service.app.request(`/api/proposals/${proposalId}/voters/${addr(label)}`);
      const entryId = ((await r.json()) as { entries: { entryId: number }[] }).entries[0]!.entryId;
      for (const nonce of [1, 2]) {
        const choice = (nonce + voters.indexOf(label)) % 3;
        const signature = await signBallot(tb, label, { proposalId, entryId, choice, nonce, deadline: votingEnd });
        bodies.push({ proposalId: proposalId.toString(), entryId, voter: addr(label), choice, nonce, deadline: votingEnd.toString(), signature });
      }
    }
    const services = [tb.service, second];
    // Both relayers wake at the same moment to the same queue.
    await Promise.all(services.map((s) => s.ctx.worker.stop()));
    // first ballots, then the changes (a change must arrive after the ballot it replaces)
    const receipts = [
      ...(await Promise.all(bodies.filter((b) => b.nonce === 1).map((b, i) => post(services[i % 2]!, b)))),
      ...(await Promise.all(bodies.filter((b) => b.nonce === 2).map((b, i) => post(services[(i + 1) % 2]!, b)))),
    ];
    for (const r of receipts) expect(r.status).toBe(202);
    for (const s of services) s.ctx.worker.start();

    const { prisma } = tb.service.ctx;
    const ids = receipts.map((r) => r.body.receipt.id);
    const jobs = await waitFor(async () => {
      const js = await prisma.relayJob.findMany({ where: { id: { in: ids } } });
      return js.every((j) => ["confirmed", "rejected", "failed"].includes(j.status)) ? js : null;
    }, 60_000);
    expect(jobs.filter((j) => j.status === "confirmed")).toHaveLength(bodies.length);

    // Each ballot appears in exactly one transaction: as many ballot events as ballots sent.
    const logs = await tb.service.ctx.client.getLogs({ address: tb.deployment.voting, fromBlock: BigInt(tb.deployment.deployBlock) });
    const events = logs.map((l) => decodeLedgerLog(ownerVotingAbi, l)).filter((d) => d && (d.eventName === "BallotCast" || d.eventName === "BallotRejected"));
    expect(events.filter((e) => e!.eventName === "BallotRejected")).toEqual([]);
    expect(events).toHaveLength(bodies.length);
    const leases = await prisma.relayLease.findMany();
    expect(leases).toHaveLength(1);
  });

  it("hand the lease over only when its holder gives it up or stops renewing it", async () => {
    const a = new RelayLease(tb.service.ctx.prisma, "test-lease", 1);
    const b = new RelayLease(second.ctx.prisma, "test-lease", 1);
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    expect(await a.hold()).toBe(true); // renewed
    await a.release();
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
    await new Promise((r) => setTimeout(r, 1_500)); // b stops renewing: its lease runs out
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
  });
});

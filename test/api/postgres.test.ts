/**
 * The same code on PostgreSQL by configuration alone (DATABASE_URL): a vote from draft to
 * confirmed ballot, and a rebuild of the index from the chain.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { addr, advanceChainTime, call, createPostgresDatabase, createTestbed, publishViaApi, signBallot, waitFor, type Testbed } from "./support/testbed";

let tb: Testbed;
let db: Awaited<ReturnType<typeof createPostgresDatabase>>;

beforeAll(async () => {
  db = await createPostgresDatabase();
  tb = await createTestbed({ databaseUrl: db.url });
}, 120_000);

afterAll(async () => {
  await tb?.stop();
  await db?.drop();
});

it("runs a vote on PostgreSQL and rebuilds the same index from the chain", async () => {
  expect(tb.service.db.kind).toBe("postgres");
  const { proposalId, votingStart, votingEnd } = await publishViaApi(tb, { matter: 2, scope: { kind: 0, ids: [] } });
  await advanceChainTime(tb, votingStart - (await tb.driver.now()));
  const mine = await call(tb, "GET", `/api/proposals/${proposalId}/voters/${addr("erin")}`);
  const entryId = mine.body.entries[0].entryId as number;
  const signature = await signBallot(tb, "erin", { proposalId, entryId, choice: 0, nonce: 1, deadline: votingEnd });
  const r = await call(tb, "POST", "/api/ballots", {
    proposalId: proposalId.toString(), entryId, voter: addr("erin"), choice: 0, nonce: 1, deadline: votingEnd.toString(), signature,
  });
  expect(r.status).toBe(202);
  const receipt = await waitFor(async () => {
    const g = await call(tb, "GET", `/api/ballots/${r.body.receipt.id}`);
    return g.body.receipt.status === "confirmed" ? g.body.receipt : null;
  });
  expect(receipt.txHash).toMatch(/^0x/);
  const { prisma, indexer } = tb.service.ctx;
  await indexer.waitFor();
  const before = {
    ballots: await prisma.ballot.findMany({ orderBy: { entryId: "asc" } }),
    roll: await prisma.rollEntry.findMany({ orderBy: { entryId: "asc" } }),
    proposals: await prisma.proposal.findMany(),
  };
  await indexer.stop();
  await indexer.rebuild();
  expect({
    ballots: await prisma.ballot.findMany({ orderBy: { entryId: "asc" } }),
    roll: await prisma.rollEntry.findMany({ orderBy: { entryId: "asc" } }),
    proposals: await prisma.proposal.findMany(),
  }).toEqual(before);
});

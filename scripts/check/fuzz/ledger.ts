/**
 * The ledger a fuzz run hits: the API tests' testbed (Anvil on a free port, the contracts
 * deployed, a small community, the service on a temporary PGlite) serving HTTP on a free port
 * of 127.0.0.1 with short timeouts, one proposal open for voting and one draft collecting
 * signatures, and the real ids the generator should use so that some requests get past
 * validation into the routes' own checks.
 */
import { DAY, UNITS, addr, advanceChainTime, call, callAsMember, createTestbed, memberToken, publishViaApi, waitFor, type Testbed } from "../../../test/api/support/testbed";
import type { Hints } from "./schema";

export interface FuzzLedger {
  tb: Testbed;
  host: string;
  port: number;
  hints: Hints;
  /** Seconds: the server's headers / request timeouts, so raw-socket bounds can follow them. */
  requestTimeoutSeconds: number;
  /** A committee member's session, for the routes that need one. */
  authToken: string;
}

export async function startFuzzLedger(opts: { requestTimeoutSeconds?: number } = {}): Promise<FuzzLedger> {
  const requestTimeoutSeconds = opts.requestTimeoutSeconds ?? 2;
  const tb = await createTestbed({
    service: {
      port: 0,
      http: { host: "127.0.0.1", headersTimeoutSeconds: 1, requestTimeoutSeconds, keepAliveTimeoutSeconds: 2 },
      // Off, so that the requests reach the routes; the limiter has its own test.
      rateLimits: { writesPerMinute: 0, writeBurst: 1, ballotsPerMinute: 0, ballotBurst: 1 },
    },
  });
  try {
    const { proposalId, votingStart } = await publishViaApi(tb, { matter: 5, scope: { kind: 1, ids: [1] } });
    await advanceChainTime(tb, votingStart - (await tb.driver.now()) + 60n);
    const now = await tb.driver.now();
    const draft = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, { action: "deliverUnits", unitIds: [105] });
    if (draft.status !== 201) throw new Error(`fuzz ledger: draft refused ${JSON.stringify(draft.body)}`);
    const roll = await call(tb, "GET", `/api/proposals/${proposalId}/roll?limit=200`);
    const entries = (roll.body.entries as { entryId: number; voters: string[] }[]) ?? [];
    const owners = ["alice", "bob", "carol", "dave", "developer", "erin", "frank", "grace"].map(addr);
    const hints: Hints = {
      id: [String(tb.communityId), String(proposalId), "1", "2"],
      communityId: [String(tb.communityId)],
      proposalId: [String(proposalId)],
      entryId: entries.map((e) => e.entryId),
      voter: [...owners, ...entries.flatMap((e) => e.voters)],
      address: owners,
      proxy: owners,
      members: [owners.slice(0, 3)],
      actionId: [draft.body.action.id as string],
      unitId: UNITS.map((u) => u[0]),
      unitIds: [UNITS.map((u) => u[0]).slice(0, 3)],
      buildingId: [1, 2, 3],
      deadline: [String(now + 5n * DAY)],
      votingStart: [String(now + 16n * DAY)],
      votingEnd: [String(now + 30n * DAY)],
      newVotingEnd: [String(now + 20n * DAY)],
    };
    // The service files the published proposal's text as a document and anchors it with a
    // transaction of its own: done before the run, whose "before" state must not move by itself.
    const prisma = tb.service.ctx.prisma;
    await waitFor(async () => ((await prisma.storedDocument.count({ where: { recordType: "proposal", recordId: String(proposalId) } })) > 0 ? true : null), 30_000);
    await tb.service.ctx.documents.anchorer.close();
    await waitFor(async () => ((await prisma.documentBatch.count({ where: { status: "closed" } })) === 0 ? true : null), 60_000);
    await tb.service.ctx.indexer.waitFor();
    if (tb.service.port === null) throw new Error("fuzz ledger: the service serves no HTTP");
    return { tb, host: "127.0.0.1", port: tb.service.port, hints, requestTimeoutSeconds, authToken: await memberToken(tb) };
  } catch (err) {
    await tb.stop();
    throw err;
  }
}

/**
 * A bounded slice of `npm run check:fuzz`, with the same generator and checks: 500 requests
 * generated from the API's OpenAPI document and 14 raw-socket ones against a real ledger; no
 * 5xx, no hang, every 4xx in the documented shape, and the chain and the index unchanged.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFuzzLedger, type FuzzLedger } from "../../scripts/check/fuzz/ledger";
import { compareStates, ledgerState } from "../../scripts/check/fuzz/ledgerState";
import { runFuzz, verdictTable } from "../../scripts/check/fuzz/run";

let ledger: FuzzLedger;

beforeAll(async () => {
  ledger = await startFuzzLedger();
}, 180_000);

afterAll(async () => {
  await ledger?.tb.stop();
});

it("turns 500 generated and 14 raw-socket hostile requests away cleanly and changes neither chain nor index", async () => {
  const { prisma, client, indexer } = ledger.tb.service.ctx;
  await indexer.waitFor();
  const before = await ledgerState(prisma, client);
  const seed = Number(process.env.FUZZ_SEED ?? 20261201);
  const report = await runFuzz({
    host: ledger.host,
    port: ledger.port,
    authToken: ledger.authToken,
    requests: 500,
    rawRequests: 14,
    seed,
    concurrency: 4,
    deadlineMs: 20_000,
    rawBoundMs: (ledger.requestTimeoutSeconds + 10) * 1000,
    hints: ledger.hints,
  });
  await indexer.waitFor();
  const after = await ledgerState(prisma, client);
  const cmp = compareStates(before, after);
  const summary = `seed ${seed}\n${verdictTable(report)}\n${report.examples.join("\n")}`;
  expect(report.requests + report.rawRequests).toBe(514);
  expect(report.bodiesNotRequired, summary).toEqual([]);
  expect(report.total.server5xx, summary).toBe(0);
  expect(report.total.hangs, summary).toBe(0);
  expect(report.total.badShape, summary).toBe(0);
  expect(report.total.closed, summary).toBe(0);
  expect(cmp.chainUnchanged).toBe(true);
  expect(cmp.changedTables).toEqual([]);
  expect(cmp.badDrafts).toEqual([]);
  expect(cmp.badDocuments).toEqual([]);
}, 300_000);

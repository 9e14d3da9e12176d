/**
 * The quarterly common-income statement through the API on a real chain and database: the
 * custodian records ads income in one quarter and parking income in the next (their texts kept,
 * their hashes on chain), owners pass a community-wide fund-use vote, the committee moves part of
 * the common income into the unit accounts; each quarter's statement shows its opening balance,
 * receipts, the movement with its proposal, and a closing balance equal to the contract's. A bad
 * query is a 400 with a stable code, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { fundLedgerAbi } from "../../chain/abi";
import { textHashOf } from "../../chain/textHash";
import { quarterOf } from "../../domain/fund/commonIncome";
import {
  DAY,
  SUPERVISOR,
  UNITS,
  addr,
  advanceChainTime,
  call,
  createTestbed,
  key,
  memberToken,
  publishViaApi,
  signAction,
  signBallot,
  signIn,
  waitFor,
  type Testbed,
} from "./support/testbed";

let tb: Testbed;
const CUSTODIAN = key("custodian");
let custodianToken: string;
let memberSession: string;
const bank = (s: string) => keccak256(toHex(`bank:${s}`));
let n = 0;

interface Answer {
  status: number;
  body: Record<string, any>;
}

async function post(url: string, body: unknown, token: string): Promise<Answer> {
  const res = await tb.service.app.request(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": `common-income-${Date.now()}-${n++}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function confirmed(actionId: string) {
  await waitFor(async () => {
    const a = await call(tb, "GET", `/api/actions/${actionId}`);
    if (a.body.action.status === "failed") throw new Error(`action failed: ${a.body.action.error}`);
    return a.body.action.status === "confirmed" ? true : null;
  }, 60_000);
  await tb.service.ctx.indexer.waitFor();
}

/** The custodian drafts and signs one of its actions; waits until it is on chain. */
async function byCustodian(body: unknown) {
  const d = await post(`${base()}/custodian-drafts`, body, custodianToken);
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const td = d.body.action.typedData;
  const signature = await privateKeyToAccount(CUSTODIAN).signTypedData({
    domain: { ...td.domain, chainId: Number(td.domain.chainId) },
    types: td.types,
    primaryType: td.primaryType,
    message: { ...td.message, communityId: BigInt(td.message.communityId), deadline: BigInt(td.message.deadline) },
  });
  expect((await call(tb, "POST", `/api/actions/${d.body.action.id}/signatures`, { signature })).status).toBe(200);
  await confirmed(d.body.action.id);
}

const base = () => `/api/communities/${tb.communityId}`;
const ADS = "电梯广告 2026 年第四季度 / lift ads";
const PARKING = "地面停车费 / surface parking";

beforeAll(async () => {
  tb = await createTestbed();
  await tb.driver.setCustodian(SUPERVISOR, tb.communityId, privateKeyToAccount(CUSTODIAN).address);
  await tb.service.ctx.indexer.waitFor();
  custodianToken = await signIn(tb, CUSTODIAN);
  memberSession = await memberToken(tb);
  const s = await post(`${base()}/fund-drafts`, { action: "changeFundSettings", depositRateFenPerM2: "12000", emergencyCapFen: "5000000", emergencyReportDays: 30 }, memberSession);
  await signAction(tb, s.body.action);
  await byCustodian({ action: "recordFirstDeposits", unitIds: UNITS.map((u) => u[0]), bankRecordHash: bank("first") });
}, 240_000);

afterAll(async () => {
  await tb?.stop();
});

describe("the common-income statement", () => {
  let first: ReturnType<typeof quarterOf>;
  let second: ReturnType<typeof quarterOf>;

  it("receipts in two quarters, a community vote, a movement into the units: each quarter's statement", async () => {
    first = quarterOf(await tb.driver.now());
    await byCustodian({ action: "recordCommonIncome", amountFen: "1800000", source: ADS, bankRecordHash: bank("ads") });
    // a community-wide fund-use vote (what moving common income needs), passed by every owner
    const p = await publishViaApi(tb, { matter: 5, scope: { kind: 0, ids: [] }, title: "公共收益转入分户账" });
    await advanceChainTime(tb, p.votingStart - (await tb.driver.now()));
    const voted = new Set<number>();
    for (const label of ["alice", "bob", "carol", "developer", "erin", "frank", "grace"]) {
      const v = await call(tb, "GET", `/api/proposals/${p.proposalId}/voters/${addr(label)}`);
      for (const e of v.body.entries as { entryId: number }[]) {
        if (voted.has(e.entryId)) continue;
        voted.add(e.entryId);
        const signature = await signBallot(tb, label, { proposalId: p.proposalId, entryId: e.entryId, choice: 0, nonce: 1, deadline: p.votingEnd });
        const b = await call(tb, "POST", "/api/ballots", { proposalId: p.proposalId.toString(), entryId: e.entryId, voter: addr(label), choice: 0, nonce: 1, deadline: p.votingEnd.toString(), signature });
        expect(b.status, JSON.stringify(b.body)).toBe(202);
        await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${b.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
      }
    }
    await advanceChainTime(tb, p.votingEnd - (await tb.driver.now()) + 1n);
    const fin = await call(tb, "POST", `/api/proposals/${p.proposalId}/finalize`);
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${fin.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
    await tb.service.ctx.indexer.waitFor();
    await advanceChainTime(tb, 8n * DAY);
    const conf = await call(tb, "POST", `/api/proposals/${p.proposalId}/confirm`);
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${conf.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
    await tb.service.ctx.indexer.waitFor();
    expect((await call(tb, "GET", `/api/proposals/${p.proposalId}`)).body).toMatchObject({ status: "final", outcome: "Passed" });

    // the next quarter: parking income, then part of the common income moved into the units
    const now = await tb.driver.now();
    if (quarterOf(now).label === first.label) await advanceChainTime(tb, first.toTime - now + 3600n);
    second = quarterOf(await tb.driver.now());
    expect(second.label).not.toBe(first.label);
    await byCustodian({ action: "recordCommonIncome", amountFen: "3600000", source: PARKING, bankRecordHash: bank("parking") });
    const move = await post(`${base()}/fund-drafts`, { action: "moveCommonIncome", proposalId: p.proposalId.toString(), amountFen: "5000001" }, memberSession);
    expect(move.status, JSON.stringify(move.body)).toBe(201);
    await signAction(tb, move.body.action);
    await tb.service.ctx.indexer.waitFor();

    // the first quarter: the ads income, nothing moved
    const a = await call(tb, "GET", `${base()}/fund/common-income?quarter=${first.label}`);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toMatchObject({
      quarter: first.label,
      periodStart: first.fromTime.toString(),
      periodEnd: first.toTime.toString(),
      openingFen: "0",
      receivedFen: "1800000",
      movedFen: "0",
      closingFen: "1800000",
      movements: [],
      others: [],
    });
    expect(a.body.receipts).toHaveLength(1);
    expect(a.body.receipts[0]).toMatchObject({ amountFen: "1800000", source: ADS, sourceHash: textHashOf(ADS), bankRecordHash: bank("ads") });
    expect(a.body.receipts[0].txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(a.body.receipts[0].date).toMatch(/^\d{4}-\d\d-\d\d$/);

    // the second: opened with the first's closing, the parking income, the movement with its proposal
    const b = await call(tb, "GET", `${base()}/fund/common-income?quarter=${second.label}`);
    expect(b.body).toMatchObject({ quarter: second.label, openingFen: "1800000", receivedFen: "3600000", movedFen: "5000001", closingFen: "399999" });
    expect(b.body.receipts.map((r: { source: string }) => r.source)).toEqual([PARKING]);
    expect(b.body.movements).toHaveLength(1);
    expect(b.body.movements[0]).toMatchObject({
      proposalId: p.proposalId.toString(),
      proposalTitle: "公共收益转入分户账",
      amountFen: "5000001",
      unitCount: UNITS.length,
    });
    // the closing balance is the contract's
    const totals = await tb.service.ctx.client.readContract({ address: tb.deployment.fund, abi: fundLedgerAbi, functionName: "totalsOf", args: [tb.communityId] });
    expect(b.body.closingFen).toBe(totals.commonBalance.toString());
    // the quarters with activity, and the current quarter by default
    expect(b.body.quarters.map((q: { quarter: string; receivedFen: string; movedFen: string; closingFen: string }) => [q.quarter, q.receivedFen, q.movedFen, q.closingFen])).toEqual([
      [first.label, "1800000", "0", "1800000"],
      [second.label, "3600000", "5000001", "399999"],
    ]);
    const current = await call(tb, "GET", `${base()}/fund/common-income`);
    expect(current.body).toMatchObject({ quarter: second.label, closingFen: "399999" });
    // a period that is not a quarter: both quarters' activity, no quarter named
    const span = await call(tb, "GET", `${base()}/fund/common-income?from=${first.fromTime}&to=${second.toTime}`);
    expect(span.body).toMatchObject({ quarter: null, openingFen: "0", receivedFen: "5400000", movedFen: "5000001", closingFen: "399999" });
  }, 240_000);

  it("answers a bad query with 400 and a stable code, an unknown community with 404, never 500", async () => {
    const cases: [string, number, string][] = [
      ["from=abc&to=10", 400, "VALIDATION_FAILED"],
      ["from=10", 400, "VALIDATION_FAILED"],
      ["to=10", 400, "VALIDATION_FAILED"],
      ["from=1.5&to=10", 400, "VALIDATION_FAILED"],
      ["from=-1&to=10", 400, "VALIDATION_FAILED"],
      ["from=&to=10", 400, "VALIDATION_FAILED"],
      ["from=0&to=99999999999999999999999", 400, "VALIDATION_FAILED"],
      ["quarter=2026-Q5", 400, "VALIDATION_FAILED"],
      ["quarter=1969-Q4", 400, "VALIDATION_FAILED"],
      ["quarter=2026Q1", 400, "VALIDATION_FAILED"],
      ["quarter=2026-Q1&from=0&to=10", 400, "VALIDATION_FAILED"],
      ["from=10&to=5", 400, "FUND_BAD_PERIOD"],
      ["from=10&to=10", 400, "FUND_BAD_PERIOD"],
    ];
    for (const [query, status, code] of cases) {
      const r = await call(tb, "GET", `${base()}/fund/common-income?${query}`);
      expect([query, r.status, r.body.error?.code]).toEqual([query, status, code]);
    }
    // a parameter given twice: answered (the first value, or a refusal), never a 500
    for (const query of ["from=1&from=2&to=10", "quarter=2026-Q1&quarter=2026-Q2", "quarter=2026-Q1&unknown=1"]) {
      const r = await call(tb, "GET", `${base()}/fund/common-income?${query}`);
      expect([query, r.status < 500]).toEqual([query, true]);
    }
    const unknown = await call(tb, "GET", `/api/communities/999/fund/common-income?quarter=2026-Q1`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "COMMUNITY_NOT_FOUND"]);
  });
});

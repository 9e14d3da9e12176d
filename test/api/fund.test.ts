/**
 * The maintenance fund through the API on a real chain and database: the custodian's deposits
 * (idempotent drafts it signs alone), a passed fund-use vote of building 1, the committee's plan
 * and payment, a payment the units cannot cover refused naming them, the custodian posting, the
 * replayed index against the contract, a statement and one line's proof against the root.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { fundLedgerAbi, fundReportsAbi } from "../../chain/abi";
import { textHashOf } from "../../chain/textHash";
import { fundReportsDomain, workRatingTypes } from "../../chain/typedData";
import { verifyMerkleSumProof } from "../../domain/fund/merkleSum";
import {
  DAY,
  SUPERVISOR,
  UNITS,
  addr,
  advanceChainTime,
  call,
  createTestbed,
  key,
  signAction,
  signBallot,
  signIn,
  waitFor,
  publishViaApi,
  memberToken,
  type Testbed,
} from "./support/testbed";

let tb: Testbed;
const CUSTODIAN = key("custodian");
let custodianToken: string;
let memberSession: string;
const RATE = 12_000n; // fen per m²
const bank = (s: string) => keccak256(toHex(`bank:${s}`));
let n = 0;
const idem = () => `test-${Date.now()}-${n++}`;

async function post(url: string, body: unknown, token: string, key = idem()) {
  const r = await fetchWith(url, body, token, key);
  return r;
}

async function fetchWith(url: string, body: unknown, token: string, idempotencyKey?: string) {
  const res = await tb.service.app.request(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The custodian signs an action (CustodianAction typed data) and waits until it is on chain. */
async function custodianSigns(action: { id: string; typedData: Record<string, any> }) {
  const td = action.typedData;
  expect(td.primaryType).toBe("CustodianAction");
  const signature = await privateKeyToAccount(CUSTODIAN).signTypedData({
    domain: { ...td.domain, chainId: Number(td.domain.chainId) },
    types: td.types,
    primaryType: td.primaryType,
    message: { ...td.message, communityId: BigInt(td.message.communityId), deadline: BigInt(td.message.deadline) },
  });
  const s = await call(tb, "POST", `/api/actions/${action.id}/signatures`, { signature });
  expect(s.status).toBe(200);
  return waitFor(async () => {
    const a = await call(tb, "GET", `/api/actions/${action.id}`);
    if (a.body.action.status === "failed") throw new Error(`action failed: ${a.body.action.error}`);
    return a.body.action.status === "confirmed" ? a.body.action : null;
  }, 60_000);
}

const fundUrl = () => `/api/communities/${tb.communityId}`;

/** An owner's signed rating of a plan's work, as the web client sends it. */
async function rating(label: string, planId: string, entryId: number, stars: number, comment: string, deadline: bigint) {
  const signature = await privateKeyToAccount(key(label)).signTypedData({
    domain: fundReportsDomain(tb.deployment.chainId, tb.deployment.reports),
    types: workRatingTypes,
    primaryType: "WorkRating",
    message: { planId: BigInt(planId), entryId, stars, commentHash: textHashOf(comment), deadline },
  });
  return { entryId, voter: addr(label), stars, comment, deadline: deadline.toString(), signature };
}

async function entryOf(proposalId: string, label: string): Promise<number> {
  return (await call(tb, "GET", `/api/proposals/${proposalId}/voters/${addr(label)}`)).body.entries[0].entryId as number;
}
let planId: string;

beforeAll(async () => {
  tb = await createTestbed();
  await tb.driver.setCustodian(SUPERVISOR, tb.communityId, privateKeyToAccount(CUSTODIAN).address);
  await tb.service.ctx.indexer.waitFor();
  custodianToken = await signIn(tb, CUSTODIAN);
  memberSession = await memberToken(tb);
}, 240_000);

afterAll(async () => {
  await tb?.stop();
});

describe("the maintenance fund through the API", () => {
  it("the committee sets the rate; the custodian's first deposits open every account at area × rate", async () => {
    const s = await post(`${fundUrl()}/fund-drafts`, { action: "changeFundSettings", depositRateFenPerM2: RATE.toString(), emergencyCapFen: "5000000", emergencyReportDays: 30 }, memberSession);
    expect(s.status).toBe(201);
    await signAction(tb, s.body.action);
    const unitIds = UNITS.map((u) => u[0]);
    const draft = { action: "recordFirstDeposits", unitIds, bankRecordHash: bank("first") };
    // Only the custodian drafts its actions; a member is refused.
    const byMember = await post(`${fundUrl()}/custodian-drafts`, draft, memberSession);
    expect([byMember.status, byMember.body.error.code]).toEqual([403, "CUSTODIAN_REQUIRED"]);
    // Without an Idempotency-Key: refused, nothing made.
    const noKey = await fetchWith(`${fundUrl()}/custodian-drafts`, draft, custodianToken);
    expect([noKey.status, noKey.body.error.code]).toEqual([400, "IDEMPOTENCY_KEY_REQUIRED"]);
    const k = idem();
    const d = await post(`${fundUrl()}/custodian-drafts`, draft, custodianToken, k);
    expect(d.status).toBe(201);
    expect(d.body.action.signer).toBe("custodian");
    expect(d.body.action.threshold).toBe(1);
    expect(d.body.action.payload.args.lines).toHaveLength(unitIds.length);
    // A retry with the same key gets the same draft; the same key with another request is a conflict.
    const again = await post(`${fundUrl()}/custodian-drafts`, draft, custodianToken, k);
    expect([again.status, again.body.action.id]).toEqual([200, d.body.action.id]);
    const other = await post(`${fundUrl()}/custodian-drafts`, { ...draft, unitIds: [101] }, custodianToken, k);
    expect([other.status, other.body.error.code]).toEqual([409, "IDEMPOTENCY_CONFLICT"]);
    // The same request twice at once under a new key: one draft, both answered with it, never a 500.
    const k2 = idem();
    const raced = await Promise.all([1, 2].map(() => post(`${fundUrl()}/custodian-drafts`, { ...draft, unitIds: [101] }, custodianToken, k2)));
    for (const r of raced) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    expect(raced[0]!.body.action.id).toBe(raced[1]!.body.action.id);
    expect(await tb.service.ctx.prisma.pendingAction.count({ where: { idempotencyKey: k2 } })).toBe(1);
    // A committee member's signature on a custodian action is refused.
    const td = d.body.action.typedData;
    const wrong = await privateKeyToAccount(key("member-0")).signTypedData({
      domain: { ...td.domain, chainId: Number(td.domain.chainId) },
      types: td.types,
      primaryType: td.primaryType,
      message: { ...td.message, communityId: BigInt(td.message.communityId), deadline: BigInt(td.message.deadline) },
    });
    const refused = await call(tb, "POST", `/api/actions/${d.body.action.id}/signatures`, { signature: wrong });
    expect([refused.status, refused.body.error.code]).toEqual([403, "FUND_NOT_CUSTODIAN"]);
    await custodianSigns(d.body.action);
    await tb.service.ctx.indexer.waitFor();
    const f = await call(tb, "GET", `${fundUrl()}/fund`);
    expect(f.status).toBe(200);
    expect(f.body.accountCount).toBe(UNITS.length);
    const expected = UNITS.reduce((s, u) => s + (u[2] * RATE + 50n) / 100n, 0n);
    expect(f.body.totals.depositedFen).toBe(expected.toString());
    const u = await call(tb, "GET", `${fundUrl()}/fund/units/101`);
    expect(u.body.balanceFen).toBe(((10000n * RATE + 50n) / 100n).toString());
    // A second first deposit for a unit is refused before anything is signed.
    const twice = await post(`${fundUrl()}/custodian-drafts`, { ...draft, unitIds: [101] }, custodianToken);
    expect([twice.status, twice.body.error.code]).toEqual([409, "FUND_FIRST_DEPOSIT_DONE"]);
  }, 120_000);

  it("a plan needs a passed fund-use vote: refused before the vote passes, made after", async () => {
    const p = await publishViaApi(tb, { matter: 5, scope: { kind: 1, ids: [1] } });
    const planText = "更换 1 栋电梯曳引机与控制柜，质保两年。";
    const draft = { action: "createPlan", proposalId: p.proposalId.toString(), budgetFen: "1000000", payee: "某电梯公司", textHash: keccak256(toHex(planText)), text: planText, quoteHash: bank("q"), contractHash: bank("c") };
    // a text that is not the one hashed is refused
    const mismatched = await post(`${fundUrl()}/fund-drafts`, { ...draft, text: `${planText}（改）` }, memberSession);
    expect([mismatched.status, mismatched.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
    const early = await post(`${fundUrl()}/fund-drafts`, draft, memberSession);
    expect([early.status, early.body.error.code]).toEqual([422, "FUND_PROPOSAL_NOT_PASSED"]);
    await advanceChainTime(tb, p.votingStart - (await tb.driver.now()));
    for (const label of ["alice", "bob", "carol", "developer"]) {
      const v = await call(tb, "GET", `/api/proposals/${p.proposalId}/voters/${addr(label)}`);
      const entryId = v.body.entries[0].entryId as number;
      const signature = await signBallot(tb, label, { proposalId: p.proposalId, entryId, choice: 0, nonce: 1, deadline: p.votingEnd });
      const b = await call(tb, "POST", "/api/ballots", { proposalId: p.proposalId.toString(), entryId, voter: addr(label), choice: 0, nonce: 1, deadline: p.votingEnd.toString(), signature });
      expect(b.body).toMatchObject({ receipt: {} });
      expect(b.status).toBe(202);
      await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${b.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
    }
    await advanceChainTime(tb, p.votingEnd - (await tb.driver.now()) + 1n);
    const fin = await call(tb, "POST", `/api/proposals/${p.proposalId}/finalize`);
    expect(fin.body).toMatchObject({ receipt: {} });
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${fin.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
    await tb.service.ctx.indexer.waitFor();
    await advanceChainTime(tb, 8n * DAY);
    const conf = await call(tb, "POST", `/api/proposals/${p.proposalId}/confirm`);
    expect(conf.body).toMatchObject({ receipt: {} });
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${conf.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
    await tb.service.ctx.indexer.waitFor();
    const made = await post(`${fundUrl()}/fund-drafts`, draft, memberSession);
    expect(made.status).toBe(201);
    expect(made.body.action.payload.args.input.accounts).toHaveLength(7); // building 1's seven units
    await signAction(tb, made.body.action);
    await tb.service.ctx.indexer.waitFor();
    const plans = await call(tb, "GET", `${fundUrl()}/fund/plans`);
    planId = plans.body.plans[0].planId;
    expect(plans.body.plans[0]).toMatchObject({ kind: "voted", proposalId: p.proposalId.toString(), unitCount: 7, budgetFen: "1000000" });
    // the plan's text is kept and, the plan on chain, filed as its document
    const filed = await waitFor(async () => {
      const docs = await call(tb, "GET", `/api/communities/${tb.communityId}/documents?record=plan:${planId}`);
      return (docs.body.documents as { kind: string; sha256: string; onChain: { field: string } | null }[]).find((d) => d.kind === "plan-text") ?? null;
    }, 30_000);
    expect(filed.onChain?.field).toBe("terms.textHash");
    const file = await tb.service.ctx.documents.store.get(filed.sha256);
    expect(Buffer.from(await new Response(file).arrayBuffer()).toString("utf8")).toBe(planText);
  }, 180_000);

  it("refuses a payment over 110 % of the plan's budget before anything is signed; changes nothing", async () => {
    const before = await call(tb, "GET", `${fundUrl()}/fund`);
    const huge = await post(`${fundUrl()}/fund-drafts`, { action: "requestPayment", planId, amountFen: "1100000", invoiceHash: bank("i") }, memberSession);
    // 1,100,000 fen over building 1's 51,000 cm² (first deposits: 6,120,000 fen) is covered; over the cap is not:
    expect(huge.status).toBe(201);
    const over = await post(`${fundUrl()}/fund-drafts`, { action: "requestPayment", planId, amountFen: "1100001", invoiceHash: bank("i2") }, memberSession);
    expect([over.status, over.body.error.code]).toEqual([422, "FUND_OVER_BUDGET"]);
    expect(over.body.error.message["zh-CN"]).toMatch(/110%/);
    // Drafted before anything is signed; the shares are the domain module's, the units' balances the replay's.
    const f = await call(tb, "GET", `${fundUrl()}/fund`);
    expect(f.body.totals).toEqual(before.body.totals);
  });

  it("a rating before the work's acceptance report is refused", async () => {
    const proposalId = (await call(tb, "GET", `${fundUrl()}/fund/plans/${planId}`)).body.plan.proposalId as string;
    const r = await call(tb, "POST", `${fundUrl()}/fund/plans/${planId}/ratings`, await rating("alice", planId, await entryOf(proposalId, "alice"), 5, "好", (await tb.driver.now()) + DAY));
    expect([r.status, r.body.error.code]).toEqual([409, "FUND_NOT_ACCEPTED"]);
    expect(r.body.error.message.en).toMatch(/acceptance report/);
  });

  it("holds the payment by area once the committee signs, the custodian posts it; the index equals the contract", async () => {
    const d = await post(`${fundUrl()}/fund-drafts`, { action: "requestPayment", planId, amountFen: "333337", invoiceHash: bank("invoice"), acceptanceHash: bank("acceptance") }, memberSession);
    expect(d.status).toBe(201);
    await signAction(tb, d.body.action);
    await tb.service.ctx.indexer.waitFor();
    const plan = await call(tb, "GET", `${fundUrl()}/fund/plans/${planId}`);
    const payment = plan.body.payments[0];
    expect(payment.status).toBe("held");
    expect(payment.shares.reduce((s: bigint, x: string) => s + BigInt(x), 0n)).toBe(333337n);
    // While it is held, the next one waits.
    const next = await post(`${fundUrl()}/fund-drafts`, { action: "requestPayment", planId, amountFen: "1", invoiceHash: bank("n") }, memberSession);
    expect([next.status, next.body.error.code]).toEqual([409, "FUND_PAYMENT_PENDING"]);
    const unit = await call(tb, "GET", `${fundUrl()}/fund/units/101`);
    const hold = unit.body.entries.find((e: { kind: string }) => e.kind === "hold");
    expect(hold.share).toMatchObject({ scopeAreaCm2: "51000", unitAreaCm2: "10000", scopeUnitCount: 7 });
    expect(hold.amountFen).toBe(`-${hold.share.shareFen}`);
    const post1 = await post(`${fundUrl()}/custodian-drafts`, { action: "postPayment", paymentId: payment.paymentId, bankRecordHash: bank("transfer") }, custodianToken);
    expect(post1.status).toBe(201);
    await custodianSigns(post1.body.action);
    await tb.service.ctx.indexer.waitFor();
    const twice = await post(`${fundUrl()}/custodian-drafts`, { action: "postPayment", paymentId: payment.paymentId, bankRecordHash: bank("transfer2") }, custodianToken);
    expect([twice.status, twice.body.error.code]).toEqual([409, "FUND_PAYMENT_NOT_HELD"]);
    // Every balance the API shows is the contract's.
    const chain = await tb.service.ctx.client.readContract({ address: tb.deployment.fund, abi: fundLedgerAbi, functionName: "balancesOf", args: [tb.communityId, 0n, BigInt(UNITS.length)] });
    for (const [i, u] of UNITS.entries()) {
      const a = await call(tb, "GET", `${fundUrl()}/fund/units/${u[0]}`);
      expect(a.body.balanceFen).toBe(chain[a.body.accountIndex]!.toString());
      void i;
    }
    const f = await call(tb, "GET", `${fundUrl()}/fund`);
    expect(f.body.totals.paidOutFen).toBe("333337");
    expect(f.body.recentPayments[0]).toMatchObject({ status: "posted", amountFen: "333337", emergency: false });
  }, 120_000);

  it("owners of the plan's vote rate the accepted work once each: accepted, then on chain, shown with the comment; refusals name the reason", async () => {
    const url = `${fundUrl()}/fund/plans/${planId}/ratings`;
    const proposalId = (await call(tb, "GET", `${fundUrl()}/fund/plans/${planId}`)).body.plan.proposalId as string;
    const deadline = (await tb.driver.now()) + DAY;
    const aliceEntry = await entryOf(proposalId, "alice");
    const body = await rating("alice", planId, aliceEntry, 4, "电梯运行平稳", deadline);
    const first = await call(tb, "POST", url, body);
    expect([first.status, first.body.receipt.status]).toEqual([202, "accepted"]);
    // the same signed rating again: the same receipt
    const again = await call(tb, "POST", url, body);
    expect([again.status, again.body.receipt.id]).toEqual([200, first.body.receipt.id]);
    // another rating of the same entry, while the first is queued: refused
    const second = await call(tb, "POST", url, await rating("alice", planId, aliceEntry, 1, "改主意了", deadline));
    expect([second.status, second.body.error.code]).toEqual([409, "FUND_ALREADY_RATED"]);
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${first.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null), 60_000);
    const bob = await call(tb, "POST", url, await rating("bob", planId, await entryOf(proposalId, "bob"), 5, "", deadline));
    expect(bob.status).toBe(202);
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${bob.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null), 60_000);
    await tb.service.ctx.indexer.waitFor();
    const plan = await call(tb, "GET", `${fundUrl()}/fund/plans/${planId}`);
    expect(plan.body.ratings).toMatchObject({ count: 2, average: "4.5" });
    expect(plan.body.ratings.list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entryId: aliceEntry, stars: 4, comment: "电梯运行平稳", commentHash: textHashOf("电梯运行平稳") }),
        expect.objectContaining({ stars: 5, comment: "" }),
      ]),
    );
    // the contract agrees
    const [count, sum] = await tb.service.ctx.client.readContract({ address: tb.deployment.reports, abi: fundReportsAbi, functionName: "ratingsOf", args: [BigInt(planId)] });
    expect([count, sum]).toEqual([2, 9]);
    // once on chain, a second rating is still refused
    const after = await call(tb, "POST", url, await rating("alice", planId, aliceEntry, 2, "再评一次", deadline));
    expect([after.status, after.body.error.code]).toEqual([409, "FUND_ALREADY_RATED"]);
    // erin lives in building 2, outside the vote's scope
    const stranger = await call(tb, "POST", url, await rating("erin", planId, 0, 3, "x", deadline));
    expect([stranger.status, stranger.body.error.code]).toEqual([403, "NOT_IN_ELECTORATE"]);
    // carol's entry signed by someone else
    const carolEntry = await entryOf(proposalId, "carol");
    const forged = { ...(await rating("erin", planId, carolEntry, 5, "x", deadline)), voter: addr("carol") };
    const wrong = await call(tb, "POST", url, forged);
    expect([wrong.status, wrong.body.error.code]).toEqual([403, "FUND_RATING_NOT_VOTER"]);
    const expired = await call(tb, "POST", url, await rating("carol", planId, carolEntry, 5, "x", (await tb.driver.now()) - 10n));
    expect([expired.status, expired.body.error.code]).toEqual([400, "RATING_EXPIRED"]);
    const badStars = await call(tb, "POST", url, { ...(await rating("carol", planId, carolEntry, 5, "x", deadline)), stars: 6 });
    expect([badStars.status, badStars.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
    const noPlan = await call(tb, "POST", `${fundUrl()}/fund/plans/999/ratings`, await rating("carol", "999", carolEntry, 5, "x", deadline));
    expect([noPlan.status, noPlan.body.error.code]).toEqual([404, "FUND_PLAN_NOT_FOUND"]);
  }, 180_000);

  it("publishes a statement whose line a unit proves against the root on chain, and the custodian reconciles it", async () => {
    await advanceChainTime(tb, DAY);
    const now = await tb.driver.now();
    const periodEnd = now - 60n;
    const d = await post(`${fundUrl()}/fund-drafts`, { action: "publishStatement", periodStart: "0", periodEnd: periodEnd.toString(), documentHash: bank("statement") }, memberSession);
    expect(d.status).toBe(201);
    await signAction(tb, d.body.action);
    await tb.service.ctx.indexer.waitFor();
    const list = await call(tb, "GET", `${fundUrl()}/fund/statements`);
    const st = list.body.statements[0];
    expect(st.confirmed).toBe(false);
    const c = await post(`${fundUrl()}/custodian-drafts`, { action: "confirmStatement", statementId: st.statementId, bankBalanceFen: st.ledgerBalanceFen, bankRecordHash: bank("balance") }, custodianToken);
    await custodianSigns(c.body.action);
    await tb.service.ctx.indexer.waitFor();
    const after = (await call(tb, "GET", `${fundUrl()}/fund/statements`)).body.statements[0];
    expect(after).toMatchObject({ confirmed: true, reconciled: true, differenceFen: "0" });
    const line = await call(tb, "GET", `${fundUrl()}/fund/statements/${st.statementId}/lines/102`);
    expect(line.status).toBe(200);
    const leaf = { unitId: 102, balanceFen: BigInt(line.body.line.closingFen), lineHash: line.body.line.lineHash as Hex };
    const proof = line.body.proof.map((s: { hash: Hex; sum: string; side: "left" | "right" }) => ({ ...s, sum: BigInt(s.sum) }));
    const input = { leaf, index: line.body.leafIndex, leafCount: line.body.leafCount, proof, root: st.root as Hex, total: BigInt(st.totalFen) };
    expect(verifyMerkleSumProof(input)).toBe(true);
    expect(verifyMerkleSumProof({ ...input, leaf: { ...leaf, balanceFen: leaf.balanceFen + 1n } })).toBe(false);
    const csv = await tb.service.app.request(`${fundUrl()}/fund/statement?from=0&to=${periodEnd}&format=csv`);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const rows = (await csv.text()).trim().split("\r\n");
    // one row per leg: 10 first-deposit legs + bank, a hold of 7 units + payable, a post of 2
    expect(rows.length).toBe(1 + (1 + 10) + (7 + 1) + 2);
  }, 120_000);

  it("an emergency plan needs the supervisor's signature too; a payment its unit cannot cover is refused naming the unit and the shortfall", async () => {
    const d = await post(
      `${fundUrl()}/fund-drafts`,
      { action: "createEmergencyPlan", category: 4, scope: { kind: 2, ids: [203] }, budgetFen: "500000", payee: "管道维修部", textHash: bank("pipe"), quoteHash: bank("q"), contractHash: bank("c") },
      memberSession,
    );
    expect(d.status).toBe(201);
    expect(d.body.action.supervisor).toMatchObject({ address: addr("supervisor").toLowerCase(), signature: null });
    // Three members sign: still waiting for the supervisor.
    const { MEMBERS } = await import("./support/testbed");
    for (const k of MEMBERS.slice(0, 3)) {
      const td = d.body.action.typedData;
      const signature = await privateKeyToAccount(k).signTypedData({
        domain: { ...td.domain, chainId: Number(td.domain.chainId) },
        types: td.types,
        primaryType: td.primaryType,
        message: { ...td.message, communityId: BigInt(td.message.communityId), deadline: BigInt(td.message.deadline) },
      });
      expect((await call(tb, "POST", `/api/actions/${d.body.action.id}/signatures`, { signature })).status).toBe(200);
    }
    expect((await call(tb, "GET", `/api/actions/${d.body.action.id}`)).body.action.status).toBe("collecting");
    const st = d.body.action.supervisor.typedData;
    const supSig = await privateKeyToAccount(SUPERVISOR).signTypedData({
      domain: { ...st.domain, chainId: Number(st.domain.chainId) },
      types: st.types,
      primaryType: st.primaryType,
      message: { ...st.message, deadline: BigInt(st.message.deadline) },
    });
    expect((await call(tb, "POST", `/api/actions/${d.body.action.id}/signatures`, { signature: supSig })).status).toBe(200);
    await waitFor(async () => {
      const a = await call(tb, "GET", `/api/actions/${d.body.action.id}`);
      if (a.body.action.status === "failed") throw new Error(a.body.action.error);
      return a.body.action.status === "confirmed" ? true : null;
    }, 60_000);
    await tb.service.ctx.indexer.waitFor();
    const f = await call(tb, "GET", `${fundUrl()}/fund`);
    const emergency = f.body.emergencies[0];
    expect(emergency).toMatchObject({ emergency: true, category: "pipe", unitCount: 1, reportOverdue: false });
    // no owners' vote behind it: no voter entry can rate it
    const unrated = await call(tb, "POST", `${fundUrl()}/fund/plans/${emergency.planId}/ratings`, await rating("grace", emergency.planId, 0, 5, "x", (await tb.driver.now()) + DAY));
    expect([unrated.status, unrated.body.error.code]).toEqual([409, "FUND_NOT_RATABLE"]);
    const short = await post(`${fundUrl()}/fund-drafts`, { action: "requestPayment", planId: emergency.planId, amountFen: "300000", invoiceHash: bank("pipe invoice") }, memberSession);
    expect([short.status, short.body.error.code]).toEqual([422, "FUND_UNITS_SHORT"]);
    const balance = (1200n * RATE + 50n) / 100n;
    expect(short.body.error.details.units).toEqual([
      { unitId: 203, label: expect.any(String), balanceFen: balance.toString(), shareFen: "300000", shortFen: (300000n - balance).toString() },
    ]);
    // Its statement is due in 30 days and shown as overdue after.
    await advanceChainTime(tb, 31n * DAY);
    expect((await call(tb, "GET", `${fundUrl()}/fund`)).body.emergencies[0].reportOverdue).toBe(true);
  }, 120_000);

  it("a payment that takes a unit below 30 % of its first deposit flags it for a top-up until the custodian records one", async () => {
    const f = await call(tb, "GET", `${fundUrl()}/fund`);
    const emergency = f.body.emergencies[0];
    const first = (1200n * RATE + 50n) / 100n; // unit 203: 12 m² at 120 yuan
    expect(f.body.topUpDue.map((u: { unitId: number }) => u.unitId)).not.toContain(203);
    // 110,000 fen leaves 34,000, under 30 % of 144,000 (43,200)
    const d = await post(`${fundUrl()}/fund-drafts`, { action: "requestPayment", planId: emergency.planId, amountFen: "110000", invoiceHash: bank("pipe invoice 2") }, memberSession);
    expect(d.status).toBe(201);
    await signAction(tb, d.body.action);
    await tb.service.ctx.indexer.waitFor();
    const held = await call(tb, "GET", `${fundUrl()}/fund/units/203`);
    expect(held.body).toMatchObject({ needsTopUp: true, topUpNeededFen: (((3n * first + 9n) / 10n) - (first - 110000n)).toString() });
    const holdEntry = held.body.entries.at(-1);
    expect(held.body.topUpHistory).toEqual([
      { unitId: 203, flaggedAt: holdEntry.time, flaggedSeq: holdEntry.seq, balanceFen: (first - 110000n).toString(), firstDepositFen: first.toString(), clearedAt: null, clearedSeq: null, clearedBy: null },
    ]);
    const due = (await call(tb, "GET", `${fundUrl()}/fund`)).body.topUpDue.find((u: { unitId: number }) => u.unitId === 203);
    expect(due.flaggedSince).toBe(holdEntry.time);
    // a top-up of 9,200 fen brings it to 43,200: no longer due
    await advanceChainTime(tb, DAY);
    const topUp = await post(`${fundUrl()}/custodian-drafts`, { action: "recordTopUps", lines: [{ unitId: 203, amountFen: "9200" }], bankRecordHash: bank("top-up 203") }, custodianToken);
    expect(topUp.status).toBe(201);
    await custodianSigns(topUp.body.action);
    await tb.service.ctx.indexer.waitFor();
    const after = await call(tb, "GET", `${fundUrl()}/fund/units/203`);
    const topUpEntry = after.body.entries.at(-1);
    expect(topUpEntry.kind).toBe("topUp");
    expect(after.body.needsTopUp).toBe(false);
    expect(after.body.topUpHistory[0]).toMatchObject({ flaggedAt: holdEntry.time, clearedAt: topUpEntry.time, clearedSeq: topUpEntry.seq, clearedBy: "topUp" });
    const overview = (await call(tb, "GET", `${fundUrl()}/fund`)).body;
    expect(overview.topUpDue.map((u: { unitId: number }) => u.unitId)).not.toContain(203);
    expect(overview.toppedUp[0]).toMatchObject({ unitId: 203, label: expect.any(String), clearedBy: "topUp" });
  }, 120_000);

  it("answers a client's mistakes with 4xx, never 500", async () => {
    const cases: [string, unknown, number, string][] = [
      ["unknown plan", { action: "requestPayment", planId: "999", amountFen: "1", invoiceHash: bank("x") }, 404, "FUND_PLAN_NOT_FOUND"],
      ["zero amount", { action: "requestPayment", planId, amountFen: "0", invoiceHash: bank("x") }, 400, "VALIDATION_FAILED"],
      ["amount not a number", { action: "requestPayment", planId, amountFen: "1.5", invoiceHash: bank("x") }, 400, "VALIDATION_FAILED"],
      ["emergency over the cap", { action: "createEmergencyPlan", category: 4, scope: { kind: 1, ids: [2] }, budgetFen: "5000001", payee: "x", textHash: bank("t"), quoteHash: bank("q"), contractHash: bank("c") }, 422, "FUND_OVER_EMERGENCY_CAP"],
    ];
    for (const [, body, status, code] of cases) {
      const r = await post(`${fundUrl()}/fund-drafts`, body, memberSession);
      expect([r.status, r.body.error.code]).toEqual([status, code]);
    }
    expect((await call(tb, "GET", `${fundUrl()}/fund/units/999`)).body.error.code).toBe("UNIT_NOT_FOUND");
    expect((await call(tb, "GET", `${fundUrl()}/fund/plans/999`)).body.error.code).toBe("FUND_PLAN_NOT_FOUND");
    expect((await call(tb, "GET", `${fundUrl()}/fund/statement?from=10&to=5`)).body.error.code).toBe("FUND_BAD_PERIOD");
  });
});

/**
 * The fund pages in Chromium on the real system (test/web/support/system.ts, the demo's year of
 * fund history): an owner opens their unit and reads how the lift repair's charge was computed,
 * then checks the account in the browser against the chain; a statement prints (the print
 * stylesheet shows the lines, not the forms), one printed line is verified from its figures and a
 * changed figure is refused; the fund page marks the emergency payment; the common income is
 * listed quarter by quarter and one quarter prints. The fund benchmark's Chromium measurements
 * (scripts/bench/fundBrowser.ts) run once on the same pages.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toHex } from "viem";
import { CommitteeKind } from "../../chain/typedData";
import { makeClients } from "../../ledger-api/src/chain/clients";
import { generateDemoCommunity } from "../../scripts/demo/generateCommunity";
import { fund as fundAccount } from "../../scripts/lib/anvil";
import { LedgerDriver } from "../../scripts/lib/ledgerDriver";
import { demoCustodian } from "../../scripts/lib/seedFund";
import { privateKeyToAccount } from "viem/accounts";
import { measureFundInBrowser } from "../../scripts/bench/fundBrowser";
import { demoPdf } from "../../scripts/lib/demoFiles";
import { byTestId, liftRater, signInToDraft, signedIn, startBrowserSystem, type BrowserSystem } from "./support/system";

let sys: BrowserSystem;

beforeAll(async () => {
  sys = await startBrowserSystem();
}, 300_000);

afterAll(async () => {
  await sys?.stop();
});

async function open(hash: string, lang: "zh-CN" | "en" = "zh-CN") {
  const context = await sys.browser.newContext();
  await context.addInitScript((l) => localStorage.setItem("cl.lang", l), lang);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${sys.base}/${hash}`);
  return { page, errors, close: () => context.close() };
}

const text = async (page: Page, id: string) => (await byTestId(page, id).textContent()) ?? "";

describe("the fund pages", () => {
  it("an owner's unit: the lift repair's charge with its computation, and the check in this browser matches", async () => {
    const { page, errors, close } = await open(`#/fund/units/${sys.seed.fund.liftUnitId}`);
    const share = page.locator(`[data-testid^="unit-share-"][data-plan="${sys.seed.fund.liftPlanId}"]`).first();
    await share.waitFor({ timeout: 30_000 });
    const sentence = (await share.locator(".share-sentence").textContent()) ?? "";
    expect(sentence).toMatch(/^本次付款 ¥[\d,]+\.\d\d 由范围内 [\d,]+ 户按面积分摊：范围总面积 [\d,]+\.\d\d 平方米，本户 [\d,]+\.\d\d 平方米，精确份额 [\d,]+\.\d{4} 元，/);
    const shareFen = BigInt((await share.getAttribute("data-share-fen")) ?? "0");
    expect(shareFen).toBeGreaterThan(0n);
    expect(sentence).toContain("按累计取整规则");
    expect(sentence).toContain(`承担 ¥${(shareFen / 100n).toLocaleString("en-US")}.${(shareFen % 100n).toString().padStart(2, "0")}`);
    await expect.poll(() => byTestId(page, "unit-check-rpc").inputValue(), { timeout: 10_000 }).not.toBe("");
    await byTestId(page, "unit-check-run").click();
    const verdict = byTestId(page, "unit-check-verdict");
    await verdict.waitFor({ timeout: 90_000 });
    expect(await verdict.getAttribute("data-ok")).toBe("true");
    expect(await verdict.textContent()).toContain("一致：合约、链上重算和网站显示的数字完全相同");
    expect(await text(page, "unit-check-api")).toMatch(/比较了 \d+ 笔分录和 [1-9]\d* 笔分摊/);
    expect(errors).toEqual([]);
    await close();
  }, 150_000);

  it("a statement prints its lines, one printed line is verified from its figures, and a changed figure is refused", async () => {
    const { page, errors, close } = await open(`#/fund/statements/${sys.seed.fund.statementId}`);
    const row = page.locator('[data-testid^="statement-line-"]').first();
    await row.waitFor({ timeout: 30_000 });
    // the print layout: the lines and the header, not the forms nor the site's header
    const screenRows = await page.locator('[data-testid^="statement-line-"]').count();
    await page.emulateMedia({ media: "print" });
    expect(await byTestId(page, "statement-lines").isVisible()).toBe(true);
    // on paper every line, not the screen's page of them
    const total = Number(((await byTestId(page, "statement-total").textContent()) ?? "").replace(/,/g, "").match(/\d+/)?.[0]);
    await expect.poll(() => page.locator('[data-testid^="statement-line-"]').count(), { timeout: 10_000 }).toBe(total);
    expect(total).toBeGreaterThan(screenRows);
    expect(await byTestId(page, "statement-root").isVisible()).toBe(true);
    expect(await byTestId(page, "line-check").isVisible()).toBe(false);
    expect(await byTestId(page, "statement-print").isVisible()).toBe(false);
    expect(await page.locator("#top").isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });
    expect(await byTestId(page, "line-check").isVisible()).toBe(true);
    await expect.poll(() => page.locator('[data-testid^="statement-line-"]').count(), { timeout: 10_000 }).toBe(screenRows);
    // the print button calls window.print()
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await byTestId(page, "statement-print").click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    // the owner types what is printed on a line
    const label = ((await row.locator("th").textContent()) ?? "").trim();
    const cell = async (col: string) => ((await row.locator(`td[data-col="${col}"]`).textContent()) ?? "").trim();
    const figures = { opening: await cell("opening"), deposited: await cell("deposited"), income: await cell("income"), used: await cell("used"), closing: await cell("closing") };
    await byTestId(page, "line-check-unit").fill(label);
    for (const [k, v] of Object.entries(figures)) await byTestId(page, `line-check-${k}`).fill(v);
    await expect.poll(() => byTestId(page, "line-check-rpc").inputValue(), { timeout: 10_000 }).not.toBe("");
    await byTestId(page, "line-check-run").click();
    const verdict = byTestId(page, "line-check-verdict");
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.getAttribute("data-ok")).toBe("true");
    expect(await verdict.textContent()).toContain("这一行就是链上承诺的那一行");
    expect(await text(page, "line-check-custodian")).toContain("相符");
    const printedHash = ((await row.locator("td.line-hash").textContent()) ?? "").trim();
    expect(await text(page, "line-check-hash")).toBe(printedHash);

    // one fen more on the closing balance: refused
    const closing = figures.closing.replace(/(\d)$/, (d) => String((Number(d) + 1) % 10));
    await byTestId(page, "line-check-closing").fill(closing);
    await byTestId(page, "line-check-run").click();
    await expect.poll(() => byTestId(page, "line-check-verdict").getAttribute("data-ok"), { timeout: 60_000 }).toBe("false");
    expect(await text(page, "line-check-verdict")).toContain("不一致");
    expect(errors).toEqual([]);
    await close();
  }, 150_000);

  it("the fund page lists the emergency payment, marked 应急, and its plan", async () => {
    const { page, errors, close } = await open("#/fund");
    await byTestId(page, "fund-payments").waitFor({ timeout: 30_000 });
    const emergency = page.locator('[data-testid^="fund-payment-"][data-emergency="true"]');
    expect(await emergency.count()).toBeGreaterThan(0);
    expect(await emergency.first().textContent()).toContain("应急");
    expect(await emergency.first().locator(`a[href="#/fund/plans/${sys.seed.fund.emergencyPlanId}"]`).count()).toBe(1);
    expect(await page.locator('[data-testid^="fund-payment-"][data-emergency="false"] [data-testid="emergency-badge"]').count()).toBe(0);
    expect(await byTestId(page, `fund-emergency-${sys.seed.fund.emergencyPlanId}`).count()).toBe(1);
    expect(await text(page, "fund-total-held")).toMatch(/^¥[\d,]+\.\d\d$/);
    // the emergency plan's page: marked, its category and its statement
    await page.locator(`a[href="#/fund/plans/${sys.seed.fund.emergencyPlanId}"]`).first().click();
    await byTestId(page, "plan").waitFor({ timeout: 30_000 });
    expect(await byTestId(page, "plan").getAttribute("data-emergency")).toBe("true");
    expect(await text(page, "plan")).toContain("管道爆裂");
    // the lift plan was voted: its page links to the proposal
    await page.evaluate((id) => (location.hash = `#/fund/plans/${id}`), String(sys.seed.fund.liftPlanId));
    await byTestId(page, "plan-proposal").waitFor({ timeout: 30_000 });
    expect(await byTestId(page, "plan-proposal").getAttribute("href")).toMatch(/^#\/proposals\/\d+$/);
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it("the fund page tracks top-ups: units due one since when, units topped up; a unit's page shows its period ended by the top-up", async () => {
    const { page, errors, close } = await open("#/fund");
    await byTestId(page, "fund-topped-up").waitFor({ timeout: 30_000 });
    const overview = (await (await fetch(`${sys.base}/api/communities/${sys.seed.communityId}/fund`)).json()) as { toppedUp: { unitId: number; clearedBy: string }[] };
    // the demo's year: the lift took building 5's units below 30 %, 24 of them were topped up
    const topped = overview.toppedUp.find((p) => p.clearedBy === "topUp")!;
    expect(topped).toBeDefined();
    await byTestId(page, "fund-topped-up").locator("summary").click();
    expect(await text(page, `fund-topped-up-${topped.unitId}`)).toContain("续筹");
    await page.evaluate((id) => (location.hash = `#/fund/units/${id}`), String(topped.unitId));
    const history = byTestId(page, "unit-topup-history");
    await history.waitFor({ timeout: 30_000 });
    expect(await history.locator('li[data-cleared="true"]').count()).toBeGreaterThan(0);
    expect(await history.textContent()).toMatch(/低于首次交存额 ¥[\d,]+\.\d\d 的 30%，.*因续筹恢复/);
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it("the common income, quarter by quarter: every quarter with activity, its receipts with their sources, one quarter printed", async () => {
    const api = (await (await fetch(`${sys.base}/api/communities/${sys.seed.communityId}/fund/common-income`)).json()) as {
      quarters: { quarter: string; receivedFen: string; closingFen: string }[];
    };
    expect(api.quarters.length).toBeGreaterThanOrEqual(4);
    const { page, errors, close } = await open("#/fund/statements");
    // linked from the statements page (and every fund page)
    await byTestId(page, "fund-link-common-income").click();
    await byTestId(page, "common-income-quarters").waitFor({ timeout: 30_000 });
    const cards = page.locator('[data-testid="common-income-quarters"] > li > section');
    expect(await cards.count()).toBe(api.quarters.length);
    // newest first, each with its closing balance in yuan
    const newest = api.quarters.at(-1)!;
    expect(await cards.first().getAttribute("data-quarter")).toBe(newest.quarter);
    expect(await text(page, `common-income-closing-${newest.quarter}`)).toBe(`¥${(BigInt(newest.closingFen) / 100n).toLocaleString("en-US")}.${(BigInt(newest.closingFen) % 100n).toString().padStart(2, "0")}`);
    const oldest = api.quarters[0]!;
    expect(await text(page, `common-income-opening-${oldest.quarter}`)).toBe("¥0.00");
    // the sources the custodian named, their amounts in yuan
    const all = (await page.locator('[data-testid="common-income-quarters"]').textContent()) ?? "";
    expect(all).toContain("电梯广告 Q1");
    expect(all).toContain("地面停车 Q4");
    expect(all).toContain("¥18,000.00");
    expect(all).toContain("¥36,000.00");
    // one quarter's page prints its tables, not the links nor the print button
    await byTestId(page, `common-income-link-${oldest.quarter}`).click();
    await byTestId(page, "common-income-print").waitFor({ timeout: 30_000 });
    expect(await page.locator("main h1").textContent()).toMatch(/公共收益公示：\d{4} 年第 [1-4] 季度$/);
    await page.emulateMedia({ media: "print" });
    expect(await byTestId(page, `common-income-receipts-${oldest.quarter}`).isVisible()).toBe(true);
    expect(await byTestId(page, "common-income-print").isVisible()).toBe(false);
    expect(await byTestId(page, "common-income-all").isVisible()).toBe(false);
    expect(await page.locator("#top").isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it("an owner of the lift's vote rates the accepted work: what is signed is shown in words, the rating is on chain and listed", async () => {
    const base = `${sys.base}/api/communities/${sys.seed.communityId}/fund/plans/${sys.seed.fund.liftPlanId}`;
    const before = (await (await fetch(base)).json()) as { ratings: { count: number } };
    const owner = await liftRater(sys);
    const { page, errors, context } = await signedIn(sys, owner.privateKey, "246810");
    await page.goto(`${sys.base}/#/fund/plans/${sys.seed.fund.liftPlanId}`);
    const id = `rate-${owner.entryId}`;
    await byTestId(page, id).waitFor({ timeout: 30_000 });
    // the seed's ratings are listed with their comments
    expect(await text(page, "rating-list")).toContain("运行平稳，噪音小了");
    await byTestId(page, `${id}-star-4`).check();
    await byTestId(page, `${id}-comment`).fill("电梯换新后很安静");
    const review = await text(page, `${id}-review-text`);
    expect(review).toContain(`#${sys.seed.fund.liftPlanId}`);
    expect(review).toContain(`(#${owner.entryId})`);
    expect(review).toContain("★★★★☆ (4)");
    expect(review).toContain("“电梯换新后很安静”");
    expect(await text(page, `${id}-review`)).toContain(keccak256(toHex("电梯换新后很安静")));
    await byTestId(page, `${id}-submit`).click();
    await expect.poll(() => byTestId(page, `rate-done-${owner.entryId}`).count(), { timeout: 60_000 }).toBe(1);
    const after = (await (await fetch(base)).json()) as { ratings: { count: number; list: { entryId: number; stars: number; comment: string | null }[] } };
    expect(after.ratings.count).toBe(before.ratings.count + 1);
    expect(after.ratings.list.find((r) => r.entryId === owner.entryId)).toMatchObject({ stars: 4, comment: "电梯换新后很安静" });
    expect(await text(page, "rating-list")).toContain("电梯换新后很安静");
    expect(errors).toEqual([]);
    await context.close();
  }, 150_000);

  it("the custodian posts a held payment from its console: the draft shown decoded, signed with its key, on chain", async () => {
    // The committee requests a further payment on the emergency plan (from Node, signed by three members).
    const demo = generateDemoCommunity();
    const key = keccak256(toHex("fund browser test sender"));
    await fundAccount(sys.anvil.rpcUrl, privateKeyToAccount(key).address);
    const { publicClient, wallet } = makeClients(sys.deployment.chainId, sys.anvil.rpcUrl, key);
    const driver = new LedgerDriver(publicClient, wallet, sys.deployment);
    const planId = sys.seed.fund.emergencyPlanId;
    const plan = (await (await fetch(`${sys.base}/api/communities/${sys.seed.communityId}/fund/plans/${planId}`)).json()) as { plan: { paymentCount: number } };
    const { encodeScope, replayFund } = await import("../../domain/fund/ledgerReplay");
    const { readFundEvents } = await import("../../chain/readFundEvents");
    const state = replayFund(await readFundEvents(publicClient, sys.deployment.fund, sys.seed.communityId, BigInt(sys.deployment.deployBlock)));
    const seq = plan.plan.paymentCount + 1;
    await driver.committee(
      sys.seed.communityId,
      CommitteeKind.RequestPayment,
      [{ planId, seq, amountFen: 100_000n, invoiceHash: keccak256(toHex("extra invoice")), acceptanceHash: `0x${"0".repeat(64)}` }, encodeScope(state.plans.get(planId)!.scope)],
      demo.committee.members.slice(0, 3).map((m) => m.privateKey),
    );
    const paymentId = ((planId << 32n) | BigInt(seq)).toString();
    await sys.service.ctx.indexer.waitFor();

    const { page, errors, context } = await signedIn(sys, demoCustodian().privateKey, "246810");
    await page.goto(`${sys.base}/#/custodian`);
    await signInToDraft(page);
    const taskCard = byTestId(page, `custodian-task-payment-${paymentId}`);
    await taskCard.waitFor({ timeout: 30_000 });
    expect(await taskCard.textContent()).toContain("¥1,000.00");
    // a slip that is not a PDF, JPEG or PNG is refused before anything is drafted
    const drafts = await sys.service.ctx.prisma.pendingAction.count();
    await byTestId(page, `custodian-payment-${paymentId}-slip`).setInputFiles({ name: "slip.pdf", mimeType: "application/pdf", buffer: Buffer.from("a text, not a slip") });
    await byTestId(page, `custodian-payment-${paymentId}-postPayment`).click();
    await expect.poll(async () => byTestId(page, `custodian-payment-${paymentId}-message`).textContent(), { timeout: 30_000 }).toContain("PDF");
    expect(await sys.service.ctx.prisma.pendingAction.count()).toBe(drafts);
    // the bank's slip itself: kept for the payment, its keccak256 the bank record's hash on chain
    const slip = demoPdf("ICBC transfer slip 2026-12-02-000123");
    await byTestId(page, `custodian-payment-${paymentId}-slip`).setInputFiles({ name: "slip.pdf", mimeType: "application/pdf", buffer: Buffer.from(slip) });
    await byTestId(page, `custodian-payment-${paymentId}-postPayment`).click();
    const sign = byTestId(page, `custodian-payment-${paymentId}-sign`);
    await sign.waitFor({ timeout: 30_000 });
    // everything signed is shown decoded: the payment and the bank record's hash
    expect(await taskCard.textContent()).toContain(paymentId);
    expect(await taskCard.textContent()).toContain(keccak256(slip));
    expect(await sign.isDisabled()).toBe(false);
    await sign.click();
    await expect
      .poll(async () => (await (await fetch(`${sys.base}/api/communities/${sys.seed.communityId}/fund/plans/${planId}`)).json()).payments.at(-1).status, { timeout: 60_000 })
      .toBe("posted");
    const docs = (await (await fetch(`${sys.base}/api/communities/${sys.seed.communityId}/documents?record=payment:${paymentId}`)).json()) as { documents: { kind: string; keccak256: string; onChain: { event: string; field: string } | null }[] };
    expect(docs.documents.find((d) => d.kind === "bank-record" && d.keccak256 === keccak256(slip))?.onChain).toMatchObject({ event: "PaymentPosted", field: "bankRecordHash" });
    expect(errors).toEqual([]);
    await context.close();
  }, 150_000);
});

describe("the demo's documents", () => {
  it("every file the year's records carry on chain is kept and joins its record: a payment's invoice, a plan's quote, the statement; a proposal's full text is filed", async () => {
    const get = async (url: string) => (await (await fetch(`${sys.base}${url}`)).json()) as { documents: { kind: string; mediaType: string; sha256: string; onChain?: { event: string; field: string } | null }[] };
    const cid = sys.seed.communityId.toString();
    const has = async (record: string, kind: string, event: string, field: string) =>
      expect.poll(async () => (await get(`/api/communities/${cid}/documents?record=${record}`)).documents.filter((d) => d.kind === kind).map((d) => `${d.onChain?.event}.${d.onChain?.field}`), { timeout: 60_000 }).toContain(`${event}.${field}`);
    await has(`payment:${(sys.seed.fund.liftPlanId << 32n) | 1n}`, "invoice", "PaymentHeld", "invoiceHash");
    await has(`payment:${(sys.seed.fund.liftPlanId << 32n) | 1n}`, "bank-record", "PaymentPosted", "bankRecordHash");
    await has(`plan:${sys.seed.fund.liftPlanId}`, "quote", "PlanCreated", "terms.quoteHash");
    await has(`plan:${sys.seed.fund.emergencyPlanId}`, "emergency-report", "EmergencyReportPublished", "reportHash");
    await has(`statement:${sys.seed.fund.statementId}`, "statement", "StatementPublished", "statement.documentHash");
    await has(`proposal:${sys.seed.pastProposalId}`, "proposal-text", "ProposalPublished", "input.textHash");
    // a kept invoice is a real PDF, served as one
    const invoice = (await get(`/api/communities/${cid}/documents?record=payment:${(sys.seed.fund.liftPlanId << 32n) | 1n}`)).documents.find((d) => d.kind === "invoice")!;
    const res = await fetch(`${sys.base}/api/documents/${invoice.sha256}`);
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/pdf"]);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 8).toString("latin1")).toBe("%PDF-1.4");
  }, 120_000);
});

describe("the fund benchmark's Chromium rows (scripts/bench/fundBrowser.ts), run once", () => {
  it("times the unit's page, its check against the chain and the statement's page, from what they render; closes its contexts", async () => {
    const fundApi = `${sys.base}/api/communities/${sys.seed.communityId}/fund`;
    const unit = (await (await fetch(`${fundApi}/units/${sys.seed.fund.liftUnitId}`)).json()) as { entries: unknown[] };
    const statementId = String(sys.seed.fund.statementId);
    const listed = (await (await fetch(`${fundApi}/statements`)).json()) as { statements: { statementId: string; lineCount: number }[] };
    const lineCount = listed.statements.find((s) => s.statementId === statementId)!.lineCount;
    const contexts = sys.browser.contexts().length;
    const r = await measureFundInBrowser({
      browser: sys.browser,
      base: sys.base,
      unitId: sys.seed.fund.liftUnitId,
      statementId,
      runs: 1,
      expectedEntries: unit.entries.length,
      expectedLines: lineCount,
      timeoutMs: 90_000,
    });
    for (const times of [r.unitPage, r.unitCheck, r.statementPage]) {
      expect(times).toHaveLength(1);
      expect(Number.isFinite(times[0]) && times[0]! > 0).toBe(true);
    }
    expect(r.unitEntries).toBe(unit.entries.length);
    expect(r.checkOk).toEqual([true]);
    expect(r.statementLines).toBe(lineCount);
    expect(r.statementRowsShown).toBe(Math.min(50, lineCount));
    expect(r.pageErrors).toEqual([]);
    expect(sys.browser.contexts()).toHaveLength(contexts);
  }, 150_000);

  it("fails on a page that shows an error instead of waiting, and still closes its context", async () => {
    const contexts = sys.browser.contexts().length;
    await expect(
      measureFundInBrowser({ browser: sys.browser, base: sys.base, unitId: 999_999_999, statementId: String(sys.seed.fund.statementId), runs: 1, timeoutMs: 30_000 }),
    ).rejects.toThrow(/shows an error/);
    expect(sys.browser.contexts()).toHaveLength(contexts);
  }, 60_000);
});

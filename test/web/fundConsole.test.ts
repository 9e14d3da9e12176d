/**
 * The committee console's fund tasks in Chromium on the real system (test/web/support/system.ts,
 * the demo's year of fund history): a member opens the console and sees the fund's tasks (a
 * payment on each plan with its committed amount, budget and cap; the drafts always possible);
 * drafts a payment on the lift plan in yuan, with the invoice fingerprinted in the browser and
 * kept in the document store for the plan (each form's files for their records); a bad
 * amount is refused before anything is sent, and one over the plan's cap is refused by name with
 * nothing drafted; a draft whose answer is lost is retried with the same Idempotency-Key and
 * comes back once; the drafted payment's page shows it decoded (yuan and fen, the invoice's
 * hash), and three members' signatures (two in their own browsers, one from Node) put it on
 * chain, held on the units. Another member drafts an emergency plan over one unit (signed by
 * three members and the supervisor); the console then asks for its statement, and a payment its
 * unit cannot cover is refused with the unit, its balance, share and shortfall in yuan, nothing
 * drafted.
 */
import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { keccak256, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCommittee, demoSupervisor } from "../../scripts/demo/generateCommunity";
import { typedDataFromJson } from "../../web/src/typedData";
import type { Action, FundPlanDetail } from "../../web/src/api";
import { byTestId, signInToDraft, signedIn, startBrowserSystem, type BrowserSystem } from "./support/system";

let sys: BrowserSystem;

beforeAll(async () => {
  sys = await startBrowserSystem();
}, 300_000);

afterAll(async () => {
  await sys?.stop();
});

const members = () => demoCommittee().members;
const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${sys.base}${path}`)).json()) as T;
const plan = (planId: bigint) => getJson<FundPlanDetail>(`/api/communities/${sys.seed.communityId}/fund/plans/${planId}`);
const actionIds = async () => (await getJson<{ actions: Action[] }>(`/api/communities/${sys.seed.communityId}/actions`)).actions.map((a) => a.id);
const text = async (page: Page, id: string) => (await byTestId(page, id).textContent()) ?? "";
const fen = (v: bigint) => `¥${(v / 100n).toLocaleString("en-US")}.${(v % 100n).toString().padStart(2, "0")}`;

/** Signs an action's typed data (a member's CommitteeAction or the supervisor's) from Node and sends the signature. */
async function signFromNode(actionId: string, privateKey: Hex, typedData: Action["typedData"] | NonNullable<Action["supervisor"]>["typedData"]) {
  const td = typedDataFromJson(typedData as Action["typedData"]) as Parameters<ReturnType<typeof privateKeyToAccount>["signTypedData"]>[0];
  const signature = await privateKeyToAccount(privateKey).signTypedData(td);
  const r = await fetch(`${sys.base}/api/actions/${actionId}/signatures`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ signature }) });
  expect(r.status, await r.clone().text()).toBeLessThan(300);
}

/** A PDF saying `content` (the store judges the type from the bytes). */
const pdfOf = (content: string) => Buffer.from(`%PDF-1.4\n% ${content}\n%%EOF\n`, "utf8");

/** What the document store keeps the PDF of `content` as: each record it belongs to, with its kind. */
async function keptAs(content: string): Promise<string[]> {
  const sha256 = `0x${createHash("sha256").update(pdfOf(content)).digest("hex")}`;
  const res = await fetch(`${sys.base}/api/documents/${sha256}/meta`);
  if (res.status === 404) return [];
  return ((await res.json()) as { documents: { kind: string; record: { type: string; id: string } }[] }).documents.map((d) => `${d.kind} ${d.record.type}:${d.record.id}`);
}

/** Fills a form's file input with a PDF saying `content`, waits for its fingerprint and returns it. */
async function chooseFile(page: Page, testid: string, name: string, content: string): Promise<Hex> {
  const buffer = pdfOf(content);
  await byTestId(page, testid).setInputFiles({ name, mimeType: "application/pdf", buffer });
  const hash = keccak256(new Uint8Array(buffer));
  await expect.poll(() => text(page, `${testid}-hash`), { timeout: 10_000 }).toBe(hash);
  return hash;
}

describe("the committee console's fund tasks", () => {
  it("a member sees the fund tasks and drafts a payment in yuan; a bad amount and one over the cap are refused with nothing drafted; a lost answer is retried with the same Idempotency-Key; three signatures hold it on chain", async () => {
    const liftPlanId = sys.seed.fund.liftPlanId;
    const before = (await plan(liftPlanId)).plan;
    const [first, second, third] = members();
    const { page, errors, context } = await signedIn(sys, first!.privateKey, "135246");
    await page.goto(`${sys.base}/#/committee`);
    await signInToDraft(page);

    // the task list: a payment on the lift plan with its money, and the fund's drafts always possible
    const payTask = byTestId(page, `task-fund-pay-${liftPlanId}`);
    await payTask.waitFor({ timeout: 30_000 });
    expect(await byTestId(page, "tasks-toDraft").locator(`[data-testid="task-fund-pay-${liftPlanId}"]`).count()).toBe(1);
    expect(await text(page, `task-facts-fund-pay-${liftPlanId}`)).toBe(
      `已冻结与已付 ${fen(BigInt(before.committedFen))} / 预算 ${fen(BigInt(before.budgetFen))} / 上限 ${fen(BigInt(before.capFen))}`,
    );
    expect(before.capFen).toBe(((BigInt(before.budgetFen) * 11n) / 10n).toString());
    for (const id of ["fund-emergency", "fund-statement", "fund-settings"]) {
      expect(await byTestId(page, "tasks-always").locator(`[data-testid="task-${id}"]`).count(), id).toBe(1);
    }
    const overview = await getJson<{ totals: { commonBalanceFen: string } }>(`/api/communities/${sys.seed.communityId}/fund`);
    expect(await byTestId(page, "task-fund-common").count()).toBe(BigInt(overview.totals.commonBalanceFen) > 0n ? 1 : 0);
    // the emergency plan's statement was published in time: no task for it
    expect(await byTestId(page, `task-fund-report-${sys.seed.fund.emergencyPlanId}`).count()).toBe(0);

    await payTask.locator("a").click();
    const form = byTestId(page, "fund-form-pay");
    await form.waitFor({ timeout: 30_000 });
    expect(await text(page, "fund-plan-cap")).toBe(fen(BigInt(before.capFen)));
    const invoiceHash = await chooseFile(page, "fund-pay-invoice", "invoice-2026-12.pdf", "lift repair: invoice for the extra work, 12,345.67 yuan");
    const drafted = await actionIds();

    // a bad amount is refused in the browser: nothing is sent
    const posts: string[] = [];
    page.on("request", (r) => void (r.method() === "POST" && r.url().includes("/fund-drafts") && posts.push(r.url())));
    await byTestId(page, "fund-pay-amount").fill("12.345");
    await byTestId(page, "fund-submit").click();
    await expect.poll(() => text(page, "fund-message")).toContain("请填写以元为单位的金额");
    expect(posts).toEqual([]);

    // over the cap: refused by name, the plan's money in yuan, nothing drafted
    const overFen = BigInt(before.capFen) - BigInt(before.committedFen) + 100n;
    await byTestId(page, "fund-pay-amount").fill((overFen / 100n).toString());
    await byTestId(page, "fund-submit").click();
    const refusal = byTestId(page, "fund-refusal");
    await expect.poll(() => refusal.getAttribute("data-code"), { timeout: 30_000 }).toBe("FUND_OVER_BUDGET");
    expect(await refusal.textContent()).toContain(`超过上限 ${fen(BigInt(before.capFen))}`);
    expect(await refusal.textContent()).toContain("没有生成待签操作");
    expect(posts).toHaveLength(1);
    expect(await actionIds()).toEqual(drafted);

    // the payment: 12,345.67 yuan. Its answer is lost the first time (the draft is made, the browser
    // sees a network failure): the retry sends the same Idempotency-Key and gets that draft back
    const keys: string[] = [];
    page.on("request", (r) => void (r.method() === "POST" && r.url().includes("/fund-drafts") && keys.push(r.headers()["idempotency-key"] ?? "")));
    await page.route("**/fund-drafts", async (route) => {
      await route.fetch();
      await route.abort("failed");
    }, { times: 1 });
    await byTestId(page, "fund-pay-amount").fill("12,345.67");
    await byTestId(page, "fund-submit").click();
    await expect.poll(() => refusal.textContent(), { timeout: 30_000 }).toContain("连接不上服务器");
    expect((await actionIds()).length).toBe(drafted.length + 1);
    await byTestId(page, "fund-submit").click();
    await page.waitForURL(/#\/committee\/task\/action-[0-9a-f-]{36}$/, { timeout: 30_000 });
    const actionId = /action-([0-9a-f-]{36})$/.exec(page.url())![1]!;
    expect(posts).toHaveLength(3);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^fund-[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const after = await actionIds();
    expect(after).toHaveLength(drafted.length + 1);
    expect(after).toContain(actionId);
    const review = byTestId(page, `review-${actionId}`);
    await review.waitFor({ timeout: 30_000 });
    expect(await review.getAttribute("data-ok")).toBe("true");
    expect(await text(page, `review-${actionId}-fn`)).toBe("申请付款（冻结分摊金额）");
    const args = `review-${actionId}-args`;
    expect(await text(page, `${args}-input-amountFen`)).toBe("¥12,345.67 (1,234,567 分)");
    expect(await text(page, `${args}-input-planId`)).toBe(liftPlanId.toString());
    expect(await text(page, `${args}-input-invoiceHash`)).toBe(invoiceHash);
    // the invoice itself was kept for the plan before the draft was sent (once, whatever the retries)
    expect(await keptAs("lift repair: invoice for the extra work, 12,345.67 yuan")).toEqual([`invoice community:${sys.seed.communityId}`]);
    expect(await text(page, `action-${actionId}`)).toContain("12345.67 元");

    // three signatures: this member, another in their own browser, a third from Node
    await byTestId(page, `action-sign-${actionId}`).click();
    await expect.poll(() => text(page, `action-count-${actionId}`), { timeout: 30_000 }).toContain("1");
    const other = await signedIn(sys, second!.privateKey, "246135");
    await other.page.goto(`${sys.base}/#/committee/task/action-${actionId}`);
    await byTestId(other.page, `review-${actionId}`).waitFor({ timeout: 30_000 });
    await byTestId(other.page, `action-sign-${actionId}`).click();
    await expect.poll(async () => (await getJson<{ action: Action }>(`/api/actions/${actionId}`)).action.signatures.length, { timeout: 30_000 }).toBe(2);
    await signFromNode(actionId, third!.privateKey as Hex, (await getJson<{ action: Action }>(`/api/actions/${actionId}`)).action.typedData);

    // on chain: the plan's new payment is held on the units
    await expect
      .poll(async () => (await plan(liftPlanId)).payments.at(-1), { timeout: 90_000 })
      .toMatchObject({ seq: before.paymentCount + 1, amountFen: "1234567", status: "held", invoiceHash });
    await expect.poll(() => byTestId(page, `action-${actionId}`).getAttribute("data-status"), { timeout: 30_000 }).toBe("confirmed");
    // with a payment held, the plan no longer calls for one
    await page.goto(`${sys.base}/#/committee`);
    await byTestId(page, "task-fund-emergency").waitFor({ timeout: 30_000 });
    expect(await byTestId(page, `task-fund-pay-${liftPlanId}`).count()).toBe(0);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
    await other.context.close();
    await context.close();
  }, 240_000);

  it("an emergency plan over one unit, drafted in the console and signed with the supervisor; a payment its unit cannot cover is refused with the unit short, in yuan, and nothing drafted", async () => {
    const communityId = sys.seed.communityId;
    const unit = await getJson<{ unitId: number; label: string; balanceFen: string }>(`/api/communities/${communityId}/fund/units/${sys.seed.fund.soldUnitId}`);
    const plansBefore = await getJson<{ plans: { planId: string }[] }>(`/api/communities/${communityId}/fund/plans`);
    const { page, errors, context } = await signedIn(sys, members()[3]!.privateKey, "135246", "en");
    await page.goto(`${sys.base}/#/committee/task/fund-emergency`);
    await signInToDraft(page);
    await byTestId(page, "fund-form-emergency").waitFor({ timeout: 30_000 });
    await byTestId(page, "fund-emergency-category").selectOption("4");
    await byTestId(page, "fund-emergency-scope-units").check();
    await byTestId(page, "fund-emergency-rooms").fill(unit.label);
    await byTestId(page, "fund-emergency-budget").fill("150,000");
    await byTestId(page, "fund-emergency-payee").fill("Pudong pipe repairs");
    await byTestId(page, "fund-emergency-text").fill(`The riser under ${unit.label} burst: replace it at once.`);
    await chooseFile(page, "fund-emergency-quote", "quote.pdf", "quote: riser under one flat");
    await chooseFile(page, "fund-emergency-contract", "contract.pdf", "contract: riser under one flat");
    await byTestId(page, "fund-submit").click();
    await page.waitForURL(/#\/committee\/task\/action-[0-9a-f-]{36}$/, { timeout: 30_000 });
    const actionId = /action-([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await byTestId(page, `review-${actionId}`).waitFor({ timeout: 30_000 });
    expect(await text(page, `review-${actionId}-args-input-terms-budgetFen`)).toBe("¥150,000.00 (15,000,000 fen)");
    expect(await text(page, `review-${actionId}-args-input-terms-scopeIds`)).toContain(String(unit.unitId));
    // the quote and the contract are kept for the community: the plan does not exist yet
    expect(await keptAs("quote: riser under one flat")).toEqual([`quote community:${communityId}`]);
    expect(await keptAs("contract: riser under one flat")).toEqual([`contract community:${communityId}`]);

    // three members and the supervisor sign (from Node): a new emergency plan over one unit
    const action = (await getJson<{ action: Action }>(`/api/actions/${actionId}`)).action;
    for (const m of members().slice(0, 3)) await signFromNode(actionId, m.privateKey as Hex, action.typedData);
    await signFromNode(actionId, demoSupervisor().privateKey as Hex, action.supervisor!.typedData);
    let planId = "";
    await expect
      .poll(async () => {
        const plans = (await getJson<{ plans: { planId: string; unitCount: number; emergency: boolean }[] }>(`/api/communities/${communityId}/fund/plans`)).plans;
        planId = plans.find((p) => !plansBefore.plans.some((b) => b.planId === p.planId))?.planId ?? "";
        return planId;
      }, { timeout: 90_000 })
      .not.toBe("");
    // the plan's text went with the draft: the service files it as the plan's document
    await expect
      .poll(async () => (await getJson<{ documents: { kind: string; onChain: { field: string } | null }[] }>(`/api/communities/${communityId}/documents?record=plan:${planId}`)).documents.filter((d) => d.kind === "plan-text").map((d) => d.onChain?.field), { timeout: 30_000 })
      .toEqual(["terms.textHash"]);

    // the console now asks for its statement (due, not overdue) and offers a payment on it
    await page.goto(`${sys.base}/#/committee`);
    await byTestId(page, `task-fund-report-${planId}`).waitFor({ timeout: 30_000 });
    expect(await byTestId(page, `task-due-fund-report-${planId}`).getAttribute("data-overdue")).toBe("false");
    expect(await text(page, `task-due-fund-report-${planId}`)).toMatch(/^Due by /);
    await byTestId(page, `task-fund-pay-${planId}`).locator("a").click();
    await byTestId(page, "fund-form-pay").waitFor({ timeout: 30_000 });
    await chooseFile(page, "fund-pay-invoice", "invoice.pdf", `an invoice for plan ${planId}`);
    const drafted = await actionIds();
    await byTestId(page, "fund-pay-amount").fill("100,000.00");
    await byTestId(page, "fund-submit").click();
    const refusal = byTestId(page, "fund-refusal");
    await expect.poll(() => refusal.getAttribute("data-code"), { timeout: 30_000 }).toBe("FUND_UNITS_SHORT");
    expect(await text(page, "fund-refusal-text")).toBe("Some units' balances cannot cover their shares: they must top up first");
    const line = byTestId(page, `fund-refusal-unit-${unit.unitId}`);
    const balance = BigInt(unit.balanceFen);
    expect(await line.textContent()).toBe(`${unit.label}: balance ${fen(balance)}, share ¥100,000.00, short by ${fen(10_000_000n - balance)}`);
    expect(await refusal.textContent()).toContain("Nothing was drafted.");
    expect(await actionIds()).toEqual(drafted);

    // its statement, from the task: the file's fingerprint is what is signed
    await page.goto(`${sys.base}/#/committee/task/fund-report-${planId}`);
    await byTestId(page, "fund-form-report").waitFor({ timeout: 30_000 });
    const reportHash = await chooseFile(page, "fund-report-file", "statement.pdf", `what was done under plan ${planId}`);
    await byTestId(page, "fund-submit").click();
    await page.waitForURL(/#\/committee\/task\/action-[0-9a-f-]{36}$/, { timeout: 30_000 });
    const reportAction = /action-([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await byTestId(page, `review-${reportAction}`).waitFor({ timeout: 30_000 });
    expect(await text(page, `review-${reportAction}-fn`)).toBe("Publish an emergency statement");
    expect(await text(page, `review-${reportAction}-args-reportHash`)).toBe(reportHash);
    expect(await text(page, `review-${reportAction}-args-planId`)).toBe(planId);
    expect(await keptAs(`what was done under plan ${planId}`)).toEqual([`emergency-report plan:${planId}`]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it("the fund's settings, prefilled, and a period's statement are drafted from their tasks and shown decoded on their pages", async () => {
    const communityId = sys.seed.communityId;
    const overview = await getJson<{ settings: { depositRateFenPerM2: string; emergencyCapFen: string; emergencyReportDays: number }; lastStatement: { periodEnd: string } | null }>(`/api/communities/${communityId}/fund`);
    const { page, errors, context } = await signedIn(sys, members()[4]!.privateKey, "135246");
    await page.goto(`${sys.base}/#/committee/task/fund-settings`);
    await signInToDraft(page);
    await byTestId(page, "fund-form-settings").waitFor({ timeout: 30_000 });
    expect(await byTestId(page, "fund-settings-rate").inputValue()).toBe(fen(BigInt(overview.settings.depositRateFenPerM2)).slice(1));
    expect(await byTestId(page, "fund-settings-cap").inputValue()).toBe(fen(BigInt(overview.settings.emergencyCapFen)).slice(1));
    expect(await byTestId(page, "fund-settings-days").inputValue()).toBe(String(overview.settings.emergencyReportDays));
    await byTestId(page, "fund-settings-rate").fill("130");
    await byTestId(page, "fund-settings-days").fill("0");
    await byTestId(page, "fund-submit").click();
    await expect.poll(() => text(page, "fund-message")).toBe("公布期限须为 1 到 365 的整数天。");
    await byTestId(page, "fund-settings-days").fill("20");
    await byTestId(page, "fund-submit").click();
    await page.waitForURL(/#\/committee\/task\/action-[0-9a-f-]{36}$/, { timeout: 30_000 });
    const settingsAction = /action-([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await byTestId(page, `review-${settingsAction}`).waitFor({ timeout: 30_000 });
    expect(await text(page, `review-${settingsAction}-fn`)).toBe("修改维修资金规则");
    expect(await text(page, `review-${settingsAction}-args-settings-depositRateFenPerM2`)).toBe("¥130.00/平方米 (13,000 分)");
    expect(await text(page, `review-${settingsAction}-args-settings-emergencyReportDays`)).toBe("20");

    // the statement: from the last one's end to now, by default
    await page.goto(`${sys.base}/#/committee/task/fund-statement`);
    await byTestId(page, "fund-form-statement").waitFor({ timeout: 30_000 });
    const documentHash = await chooseFile(page, "fund-statement-file", "statement.pdf", "the fund's statement since the year's");
    await byTestId(page, "fund-submit").click();
    await page.waitForURL(/#\/committee\/task\/action-[0-9a-f-]{36}$/, { timeout: 30_000 });
    const statementAction = /action-([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await byTestId(page, `review-${statementAction}`).waitFor({ timeout: 30_000 });
    expect(await text(page, `review-${statementAction}-fn`)).toBe("公布维修资金账目");
    expect(await text(page, `review-${statementAction}-args-statement-documentHash`)).toBe(documentHash);
    expect(await keptAs("the fund's statement since the year's")).toEqual([`statement community:${communityId}`]);
    const start = await text(page, `review-${statementAction}-args-statement-periodStart`);
    // (a time shown in words, the signed seconds beside it; the form reads minutes)
    expect(start).toMatch(new RegExp(`^\\d{4}年.* \\(${BigInt(overview.lastStatement!.periodEnd) - (BigInt(overview.lastStatement!.periodEnd) % 60n)}\\)$`));
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

/**
 * The supervisor's co-signature of an emergency use of the fund, in Chromium on the real demo
 * system (test/web/support/system.ts): the committee drafts an emergency plan and three members
 * sign it through the API, so it waits for the supervisor; a key that is not the supervisor sees
 * no such task; the committee's action page says it awaits the supervisor; a tampered payload is
 * refused in the browser (the sign button stays disabled); the supervisor reads the plan decoded
 * (payee, budget in yuan), co-signs, the action is confirmed on chain and the plan is listed as
 * an emergency; the committee's page then says the supervisor has co-signed.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toHex, type Hex } from "viem";
import { demoCommittee, demoSupervisor } from "../../scripts/demo/generateCommunity";
import { byTestId, draftEmergencyPlan, signedIn, startBrowserSystem, type BrowserSystem } from "./support/system";

let sys: BrowserSystem;
let actionId: string;

const PAYEE = "上海安消消防设备维修有限公司";
const BUDGET_FEN = "1234567"; // ¥12,345.67

async function getAction(id: string): Promise<{ status: string; signatures: unknown[]; supervisor: { signature: string | null } | null }> {
  const r = (await (await fetch(`${sys.base}/api/actions/${id}`)).json()) as { action: { status: string; signatures: unknown[]; supervisor: { signature: string | null } | null } };
  return r.action;
}

beforeAll(async () => {
  sys = await startBrowserSystem();
  // The committee drafts an emergency plan (fire safety, building 3) and three members sign it.
  actionId = await draftEmergencyPlan(
    sys,
    demoCommittee().members.slice(0, 3).map((m) => m.privateKey as Hex),
    { category: 3, scope: { kind: 1, ids: [3] }, budgetFen: BUDGET_FEN, payee: PAYEE, text: "fire pump" },
  );
}, 300_000);

afterAll(async () => {
  await sys?.stop();
});

const tasks = (page: Page) => page.locator('article[data-testid^="supervisor-task-"]');

describe("the supervisor co-signs an emergency plan", () => {
  it("with the committee's three signatures the plan still waits for the supervisor; the committee's page says so", async () => {
    const a = await getAction(actionId);
    expect([a.status, a.signatures.length, a.supervisor?.signature]).toEqual(["collecting", 3, null]);
    const context = await sys.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${sys.base}/#/committee/task/action-${actionId}`);
    const line = byTestId(page, `action-supervisor-${actionId}`);
    await line.waitFor({ timeout: 30_000 });
    expect(await line.getAttribute("data-cosigned")).toBe("false");
    expect(await line.textContent()).toBe("等待居委会会签");
    await context.close();
  }, 60_000);

  it("a signed-in key that is not the supervisor sees no task to co-sign", async () => {
    const { page, errors, context } = await signedIn(sys, demoCommittee().members[0]!.privateKey, "112233");
    await page.goto(`${sys.base}/#/supervisor`);
    await byTestId(page, "supervisor-tasks-not-supervisor").waitFor({ timeout: 30_000 });
    expect(await tasks(page).count()).toBe(0);
    expect(await byTestId(page, `supervisor-sign-${actionId}`).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("the supervisor sees it decoded, a tampered payload is refused, the real one is co-signed and confirmed", async () => {
    const { page, errors, context } = await signedIn(sys, demoSupervisor().privateKey, "445566", "en");
    // First the server's answer with the budget changed: the digest rebuilt here differs, signing is refused.
    await page.route("**/api/communities/*/actions", async (route) => {
      const r = await route.fetch();
      const json = (await r.json()) as { actions: { id: string; payload: { args: { input: { terms: { budgetFen: string } } } } | null }[] };
      for (const a of json.actions) if (a.id === actionId && a.payload) a.payload.args.input.terms.budgetFen = "123456";
      await route.fulfill({ response: r, json });
    });
    await page.goto(`${sys.base}/#/supervisor`);
    const card = byTestId(page, `supervisor-task-${actionId}`);
    await card.waitFor({ timeout: 30_000 });
    expect(await byTestId(page, `review-${actionId}`).getAttribute("data-ok")).toBe("false");
    expect(await byTestId(page, `review-${actionId}-refused`).textContent()).toMatch(/^Signing refused/);
    expect(await byTestId(page, `supervisor-sign-${actionId}`).isDisabled()).toBe(true);
    await page.unroute("**/api/communities/*/actions");

    // The real answer: shown in full, decoded; the digest matches; co-signed.
    await page.evaluate(() => (location.hash = "#/fund"));
    await page.evaluate(() => (location.hash = "#/supervisor"));
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => byTestId(page, `review-${actionId}`).getAttribute("data-ok"), { timeout: 10_000 }).toBe("true");
    expect(await tasks(page).count()).toBe(1);
    const review = byTestId(page, `review-${actionId}`);
    expect(await byTestId(page, `review-${actionId}-fn`).textContent()).toBe("Emergency use of the fund (committee and supervisor)");
    expect(await byTestId(page, `review-${actionId}-args-input-terms-payee`).textContent()).toBe(PAYEE);
    expect(await byTestId(page, `review-${actionId}-args-input-terms-budgetFen`).textContent()).toBe("¥12,345.67 (1,234,567 fen)");
    expect(await byTestId(page, `review-${actionId}-args-input-terms-category`).textContent()).toBe("fire safety (3)");
    expect(await review.textContent()).toContain(keccak256(toHex("quote: fire pump")));
    // the committee's signatures so far
    expect(await byTestId(page, `supervisor-count-${actionId}`).textContent()).toBe("3 of 3 signatures");
    expect(await byTestId(page, `supervisor-status-${actionId}`).getAttribute("data-status")).toBe("collecting");
    const sign = byTestId(page, `supervisor-sign-${actionId}`);
    expect(await sign.isDisabled()).toBe(false);
    await sign.click();
    await expect.poll(() => byTestId(page, `supervisor-status-${actionId}`).getAttribute("data-status"), { timeout: 90_000 }).toBe("confirmed");
    expect(await byTestId(page, `supervisor-progress-${actionId}`).textContent()).toContain("The supervisor has co-signed");
    expect(errors).toEqual([]);
    await context.close();

    // on chain: the plan is listed as an emergency, with its payee and budget
    const a = await getAction(actionId);
    expect(a.status).toBe("confirmed");
    await sys.service.ctx.indexer.waitFor();
    const plans = (await (await fetch(`${sys.base}/api/communities/${sys.seed.communityId}/fund/plans`)).json()) as {
      plans: { kind: string; emergency: boolean; category: string; payee: string; budgetFen: string }[];
    };
    expect(plans.plans.find((p) => p.payee === PAYEE)).toMatchObject({ kind: "emergency", emergency: true, category: "fireSafety", budgetFen: BUDGET_FEN });
  }, 180_000);

  it("the committee's action page then says the supervisor has co-signed, and the supervisor has no task left", async () => {
    const context = await sys.browser.newContext();
    await context.addInitScript(() => localStorage.setItem("cl.lang", "en"));
    const page = await context.newPage();
    await page.goto(`${sys.base}/#/committee/task/action-${actionId}`);
    const line = byTestId(page, `action-supervisor-${actionId}`);
    await line.waitFor({ timeout: 30_000 });
    expect(await line.getAttribute("data-cosigned")).toBe("true");
    expect(await line.textContent()).toBe("The supervisor has co-signed");
    await context.close();
    const { page: sup, context: supContext } = await signedIn(sys, demoSupervisor().privateKey, "445566");
    await sup.goto(`${sys.base}/#/supervisor`);
    await byTestId(sup, "supervisor-tasks-none").waitFor({ timeout: 30_000 });
    expect(await tasks(sup).count()).toBe(0);
    await supContext.close();
  }, 90_000);
});

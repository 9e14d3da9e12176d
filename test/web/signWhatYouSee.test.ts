/**
 * Sign what you see, in a real browser against the real system: the committee console shows an
 * action's whole payload decoded (the full text of a proposal, each rule of a settings change)
 * in the member's language, and signs the digest it rebuilt from what it shows. A payload
 * changed on its way (the API's answer intercepted) or in the database is refused before
 * signing, and no signature reaches the API. An owner's ballot is shown decoded before it is
 * signed.
 */
import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoCommittee } from "../../scripts/demo/generateCommunity";
import { apiSession, byTestId, draft, signedIn, startBrowserSystem, type BrowserSystem } from "./support/system";

let l: BrowserSystem;

beforeAll(async () => {
  l = await startBrowserSystem();
}, 240_000);

afterAll(async () => {
  await l?.stop();
});

/** Every signature a page POSTs to the API. */
function signaturePosts(page: Page): Request[] {
  const posts: Request[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && /\/api\/actions\/[^/]+\/signatures$/.test(r.url())) posts.push(r);
  });
  return posts;
}

async function openAction(page: Page, actionId: string) {
  await page.goto(`${l.base}/#/committee/task/action-${actionId}`);
  await page.reload();
  await expect.poll(async () => byTestId(page, `review-${actionId}`).count(), { timeout: 30_000 }).toBe(1);
}

async function signatureCount(actionId: string): Promise<number> {
  const a = await l.service.ctx.prisma.pendingAction.findUniqueOrThrow({ where: { id: actionId } });
  return (a.signatures as unknown[]).length;
}

it("shows a settings change decoded, refuses it when the API's answer or the database row was altered, and signs it untouched", async () => {
  const [first, second] = demoCommittee().members;
  const token = await apiSession(l, first!.privateKey);
  const communities = (await (await fetch(`${l.base}/api/communities`)).json()) as { communities: { id: string; settings: Record<string, unknown> }[] };
  const settings = communities.communities.find((c) => c.id === l.seed.communityId.toString())!.settings;
  const actionId = await draft(l, token, `/api/communities/${l.seed.communityId}/registry-drafts`, {
    action: "changeSettings",
    settings: { ...settings, objectionDays: 12 },
  });

  const a = await signedIn(l, first!.privateKey, "121212");
  const posts = signaturePosts(a.page);

  // 1. the API's answer is changed on its way: 12 days become 30
  await a.page.route(`**/api/actions/${actionId}`, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { action: { payload: { args: { settings: Record<string, unknown> } } } };
    body.action.payload.args.settings.objectionDays = "30";
    await route.fulfill({ response, json: body });
  });
  await openAction(a.page, actionId);
  expect(await byTestId(a.page, `review-${actionId}-args-settings-objectionDays`).textContent()).toBe("30");
  expect(await byTestId(a.page, `review-${actionId}`).getAttribute("data-ok")).toBe("false");
  expect(await byTestId(a.page, `review-${actionId}-refused`).textContent()).toContain("拒绝签名");
  await byTestId(a.page, `action-sign-${actionId}`).click();
  await expect.poll(async () => byTestId(a.page, `action-message-${actionId}`).textContent(), { timeout: 10_000 }).toContain("拒绝签名");
  await a.page.unroute(`**/api/actions/${actionId}`);

  // 2. the database row is changed: the stored arguments say 30, the signed hash still 12
  const prisma = l.service.ctx.prisma;
  const row = await prisma.pendingAction.findUniqueOrThrow({ where: { id: actionId } });
  const original = row.payload as { values: [unknown, Record<string, unknown>] };
  const altered = { ...original, values: [original.values[0], { ...original.values[1], objectionDays: 30 }] };
  await prisma.pendingAction.update({ where: { id: actionId }, data: { payload: altered as object } });
  await openAction(a.page, actionId);
  expect(await byTestId(a.page, `review-${actionId}-args-settings-objectionDays`).textContent()).toBe("30");
  expect(await byTestId(a.page, `review-${actionId}`).getAttribute("data-ok")).toBe("false");
  await byTestId(a.page, `action-sign-${actionId}`).click();
  await expect.poll(async () => byTestId(a.page, `action-message-${actionId}`).textContent(), { timeout: 10_000 }).toContain("拒绝签名");
  expect(posts).toHaveLength(0);
  expect(await signatureCount(actionId)).toBe(0);

  // 2b. a row that does not decode at all: the API still answers (payload null), the console refuses
  const broken = { ...original, values: [original.values[0], { ...original.values[1], objectionDays: "many" }] };
  await prisma.pendingAction.update({ where: { id: actionId }, data: { payload: broken as object } });
  const answer = await fetch(`${l.base}/api/actions/${actionId}`);
  expect(answer.status).toBe(200);
  expect(((await answer.json()) as { action: { payload: unknown } }).action.payload).toBeNull();
  const list = await fetch(`${l.base}/api/communities/${l.seed.communityId}/actions`);
  expect(list.status).toBe(200);
  await openAction(a.page, actionId);
  expect(await byTestId(a.page, `review-${actionId}`).getAttribute("data-ok")).toBe("false");
  expect(await signatureCount(actionId)).toBe(0);

  // 3. restored: shown as drafted, in Chinese, and signed
  await prisma.pendingAction.update({ where: { id: actionId }, data: { payload: original as object } });
  await openAction(a.page, actionId);
  expect(await byTestId(a.page, `review-${actionId}`).getAttribute("data-ok")).toBe("true");
  expect(await byTestId(a.page, `review-${actionId}-fn`).textContent()).toBe("修改小区规则");
  expect(await byTestId(a.page, `review-${actionId}-args-settings-objectionDays`).textContent()).toBe("12");
  await byTestId(a.page, `action-sign-${actionId}`).click();
  await expect.poll(() => signatureCount(actionId), { timeout: 30_000 }).toBe(1);
  expect(posts).toHaveLength(1);

  // a member who reads English sees it in English
  const b = await signedIn(l, second!.privateKey, "343434", "en");
  await openAction(b.page, actionId);
  expect(await byTestId(b.page, `review-${actionId}-fn`).textContent()).toBe("Change the community's rules");
  expect(await b.page.locator(`[data-testid="review-${actionId}"] dt`).allTextContents()).toContain("Objection period (days)");
  expect([...a.errors, ...b.errors]).toEqual([]);
  await a.context.close();
  await b.context.close();
}, 180_000);

it("shows a proposal's full text, options and dates before signing, and refuses a text that does not match its hash", async () => {
  const [first] = demoCommittee().members;
  const token = await apiSession(l, first!.privateKey);
  const config = (await (await fetch(`${l.base}/api/config`)).json()) as { chainTime: string };
  const start = BigInt(config.chainTime) + 20n * 86_400n;
  const text = "3 号楼外墙渗水，拟用维修资金修缮。\n第二段：费用按面积分摊。";
  const actionId = await draft(l, token, `/api/communities/${l.seed.communityId}/proposal-drafts`, {
    matter: 5,
    scope: { kind: 0, ids: [] },
    adHoc: false,
    votingStart: start.toString(),
    votingEnd: (start + 15n * 86_400n).toString(),
    title: "3 号楼外墙修缮",
    text,
    options: ["同意", "反对", "弃权"],
    namedChoice: false,
  });
  const a = await signedIn(l, first!.privateKey, "565656");
  const posts = signaturePosts(a.page);
  await openAction(a.page, actionId);
  expect(await byTestId(a.page, `review-${actionId}`).getAttribute("data-ok")).toBe("true");
  expect(await byTestId(a.page, `review-${actionId}-text`).textContent()).toBe(text);
  expect(await byTestId(a.page, `review-${actionId}-args-input-title`).textContent()).toBe("3 号楼外墙修缮");
  expect(await byTestId(a.page, `review-${actionId}-args-input-options`).textContent()).toBe("同意反对弃权");
  expect(await byTestId(a.page, `review-${actionId}-args-input-matter`).textContent()).toContain("维修资金");

  // the text is changed on its way, the payload left alone: refused
  await a.page.route(`**/api/actions/${actionId}`, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { action: { signedText: string | null } };
    body.action.signedText = text.replace("面积", "户数");
    await route.fulfill({ response, json: body });
  });
  await openAction(a.page, actionId);
  expect(await byTestId(a.page, `review-${actionId}`).getAttribute("data-ok")).toBe("false");
  await byTestId(a.page, `action-sign-${actionId}`).click();
  await expect.poll(async () => byTestId(a.page, `action-message-${actionId}`).textContent(), { timeout: 10_000 }).toContain("拒绝签名");
  expect(posts).toHaveLength(0);
  expect(await signatureCount(actionId)).toBe(0);
  expect(a.errors).toEqual([]);
  await a.context.close();
}, 180_000);

it("shows an owner's ballot decoded (proposal, entry, choice) above the button that signs it", async () => {
  const o = await signedIn(l, l.seed.demoOwner.privateKey, "787878");
  await o.page.goto(`${l.base}/#/proposals/${l.seed.openProposalId}`);
  await expect.poll(async () => byTestId(o.page, "option-1").count(), { timeout: 30_000 }).toBe(1);
  await byTestId(o.page, "option-1").check();
  const line = byTestId(o.page, `ballot-review-${l.seed.demoOwner.entryId}`);
  await expect.poll(async () => (await line.textContent()) ?? "").toContain(`#${l.seed.openProposalId}`);
  const proposal = (await (await fetch(`${l.base}/api/proposals/${l.seed.openProposalId}`)).json()) as { title: string; options: string[] };
  const shown = (await line.textContent()) ?? "";
  expect(shown).toContain(proposal.title);
  expect(shown).toContain(`「${proposal.options[1]}」`);
  expect(shown).toContain(`#${l.seed.demoOwner.entryId}`);
  // shown before the button that signs it
  const reviewBox = await byTestId(o.page, "ballot-review").boundingBox();
  const buttonBox = await byTestId(o.page, "vote-submit").boundingBox();
  expect(reviewBox!.y + reviewBox!.height).toBeLessThanOrEqual(buttonBox!.y);
  expect(o.errors).toEqual([]);
  await o.context.close();
}, 120_000);

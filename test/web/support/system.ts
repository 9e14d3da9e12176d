/**
 * The real system for a browser test (scripts/lib/demoSystem.ts: an Anvil node, the contracts,
 * the demo community and its texts, the service with the built web client, Debian's Chromium
 * driven by playwright-core), and the steps the browser tests share: a fresh browser signed in
 * with a key, Sign-In with Ethereum, a draft made from Node, an emergency plan awaiting the
 * supervisor.
 */
import type { BrowserContext, Page } from "playwright-core";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { expect } from "vitest";
import { generateDemoCommunity } from "../../../scripts/demo/generateCommunity";
import { startDemoSystem, type DemoSystem } from "../../../scripts/lib/demoSystem";
import { LIFT_BUILDING } from "../../../scripts/lib/seedFund";

export type BrowserSystem = DemoSystem;

export function startBrowserSystem(): Promise<BrowserSystem> {
  return startDemoSystem();
}

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** A fresh browser context (its own key store) signed in on the account page with `privateKey`, in `lang`. */
export async function signedIn(
  sys: BrowserSystem,
  privateKey: string,
  pin: string,
  lang: "zh-CN" | "en" = "zh-CN",
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await sys.browser.newContext();
  if (lang !== "zh-CN") await context.addInitScript((v) => localStorage.setItem("cl.lang", v), lang);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${sys.base}/#/account`);
  await byTestId(page, "import-key-input").fill(privateKey);
  await byTestId(page, "pin-input").fill(pin);
  await byTestId(page, "import-key-submit").click();
  // (a locator's wait, not expect.poll: this also runs in beforeAll)
  await page.locator('[data-testid="active-address"].signed-in').waitFor({ timeout: 30_000 });
  return { context, page, errors };
}

/** Signs in to draft (Sign-In with Ethereum) on a page that shows the sign-in panel. */
export async function signInToDraft(page: Page) {
  await expect.poll(async () => byTestId(page, "siwe-status").getAttribute("data-signed-in"), { timeout: 30_000 }).toBe("false");
  await byTestId(page, "siwe-prepare").click();
  await expect.poll(async () => byTestId(page, "siwe-message").count(), { timeout: 30_000 }).toBe(1);
  await byTestId(page, "siwe-sign").click();
  await expect.poll(async () => byTestId(page, "siwe-status").getAttribute("data-signed-in"), { timeout: 30_000 }).toBe("true");
}

/** A Sign-In with Ethereum session for `privateKey`, made from Node against the running service. */
export async function apiSession(l: BrowserSystem, privateKey: Hex): Promise<string> {
  const nonce = (await (await fetch(`${l.base}/api/auth/nonce`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json()) as { nonce: string };
  const account = privateKeyToAccount(privateKey);
  const message = createSiweMessage({
    address: account.address,
    domain: new URL(l.base).host,
    uri: l.base,
    chainId: l.service.ctx.deployment.chainId,
    nonce: nonce.nonce,
    version: "1",
    issuedAt: new Date(),
    statement: "Sign in to Community Ledger.",
  });
  const signature = await account.signMessage({ message });
  const r = await fetch(`${l.base}/api/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message, signature }) });
  if (r.status !== 201) throw new Error(`sign-in failed: ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** POST a draft as a signed-in committee member; returns the action's id. */
export async function draft(l: BrowserSystem, token: string, path: string, body: unknown): Promise<string> {
  const r = await fetch(`${l.base}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const answer = (await r.json()) as { action?: { id: string } };
  if (r.status !== 201 || !answer.action) throw new Error(`draft failed: ${r.status} ${JSON.stringify(answer)}`);
  return answer.action.id;
}

/**
 * An owner of the lift plan's vote (one entry of their own, not rated yet): who may rate the
 * lift's work on its plan page. Found through the API, as the plan page finds it.
 */
export async function liftRater(l: BrowserSystem): Promise<{ privateKey: Hex; entryId: number }> {
  const plan = (await (await fetch(`${l.base}/api/communities/${l.seed.communityId}/fund/plans/${l.seed.fund.liftPlanId}`)).json()) as {
    plan: { proposalId: string };
    ratings: { list: { entryId: number }[] };
  };
  const rated = new Set(plan.ratings.list.map((r) => r.entryId));
  const demo = generateDemoCommunity();
  const units = new Set(demo.units.filter((u) => u.buildingId === LIFT_BUILDING).map((u) => u.unitId));
  for (const b of demo.bindings) {
    if (!units.has(b.unitId)) continue;
    const o = demo.owners[b.ownerIndex]!;
    const v = (await (await fetch(`${l.base}/api/proposals/${plan.plan.proposalId}/voters/${o.address.toLowerCase()}`)).json()) as { entries: { entryId: number; role: string }[] };
    const own = v.entries.filter((x) => x.role === "owner");
    if (own.length === 1 && !rated.has(own[0]!.entryId)) return { privateKey: o.privateKey, entryId: own[0]!.entryId };
  }
  throw new Error("no owner of the lift's vote is left to rate it");
}

/**
 * An emergency use of the fund drafted by the committee and signed by `signers` of its members
 * through the API (POST fund-drafts with an Idempotency-Key): it then waits for the supervisor.
 * Returns the action's id.
 */
export async function draftEmergencyPlan(
  l: BrowserSystem,
  memberKeys: readonly Hex[],
  plan: { category: number; scope: { kind: 0 | 1 | 2; ids: number[] }; budgetFen: string; payee: string; text: string },
): Promise<string> {
  const token = await apiSession(l, memberKeys[0]!);
  const res = await fetch(`${l.base}/api/communities/${l.seed.communityId}/fund-drafts`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": `emergency-${crypto.randomUUID()}` },
    body: JSON.stringify({
      action: "createEmergencyPlan",
      category: plan.category,
      scope: plan.scope,
      budgetFen: plan.budgetFen,
      payee: plan.payee,
      textHash: keccak256(toHex(plan.text)),
      quoteHash: keccak256(toHex(`quote: ${plan.text}`)),
      contractHash: keccak256(toHex(`contract: ${plan.text}`)),
    }),
  });
  const body = (await res.json()) as { action?: { id: string; typedData: { domain: Record<string, unknown>; types: Record<string, { name: string; type: string }[]>; primaryType: string; message: Record<string, string | number> } } };
  if (res.status !== 201 || !body.action) throw new Error(`draft failed: ${res.status} ${JSON.stringify(body)}`);
  const { id, typedData: td } = body.action;
  for (const k of memberKeys) {
    const signature = await privateKeyToAccount(k).signTypedData({
      domain: { ...td.domain, chainId: Number(td.domain.chainId) },
      types: td.types,
      primaryType: td.primaryType,
      message: { ...td.message, communityId: BigInt(td.message.communityId!), deadline: BigInt(td.message.deadline!) },
    } as Parameters<ReturnType<typeof privateKeyToAccount>["signTypedData"]>[0]);
    const s = await fetch(`${l.base}/api/actions/${id}/signatures`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ signature }) });
    if (s.status !== 200) throw new Error(`signature failed: ${await s.text()}`);
  }
  return id;
}

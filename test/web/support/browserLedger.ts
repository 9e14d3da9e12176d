/**
 * The real system for a browser test: an Anvil node, the contracts, the demo community, the
 * service with the built web client, and Debian's Chromium driven by playwright-core; and the
 * steps every console test takes (a fresh browser signed in with a key, Sign-In with Ethereum).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { expect } from "vitest";
import { makeClients } from "../../../ledger-api/src/chain/clients";
import { startService, type LedgerService } from "../../../ledger-api/src/service";
import { demoDistrictAdmin, demoSupervisor } from "../../../scripts/demo/generateCommunity";
import { ANVIL_RELAYER_KEY, fund, startAnvil, type AnvilNode } from "../../../scripts/lib/anvil";
import { ensureBuilt } from "../../../scripts/lib/build";
import { deployLedger } from "../../../scripts/lib/deploy";
import { LedgerDriver } from "../../../scripts/lib/ledgerDriver";
import { seedDemo, type SeedResult } from "../../../scripts/lib/seedDemo";

const ROOT = path.resolve(__dirname, "../../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface BrowserLedger {
  anvil: AnvilNode;
  service: LedgerService;
  browser: Browser;
  seed: SeedResult;
  base: string;
  stop(): Promise<void>;
}

export async function startBrowserLedger(): Promise<BrowserLedger> {
  ensureBuilt();
  const anvil = await startAnvil();
  const admin = demoDistrictAdmin();
  await fund(anvil.rpcUrl, admin.address);
  const deployment = await deployLedger({ rpcUrl: anvil.rpcUrl, adminKey: admin.privateKey, supervisors: [demoSupervisor().address] });
  const { publicClient, wallet } = makeClients(deployment.chainId, anvil.rpcUrl, ANVIL_RELAYER_KEY);
  const seed = await seedDemo(new LedgerDriver(publicClient, wallet, deployment));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-console-"));
  const service = await startService({
    deployment,
    rpcUrl: anvil.rpcUrl,
    relayerKey: ANVIL_RELAYER_KEY,
    database: { dataDir: path.join(dataDir, "db") },
    port: 0,
    webDist: path.join(ROOT, "web/dist"),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    anvil,
    service,
    browser,
    seed,
    base: `http://127.0.0.1:${service.port}`,
    async stop() {
      await browser.close();
      await service.stop();
      await anvil.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** A fresh browser (its own key store) signed in with `privateKey`, in `lang`. */
export async function signedIn(l: BrowserLedger, privateKey: string, pin: string, lang: "zh-CN" | "en" = "zh-CN") {
  const context = await l.browser.newContext();
  if (lang !== "zh-CN") await context.addInitScript((v) => localStorage.setItem("cl.lang", v), lang);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${l.base}/#/account`);
  await byTestId(page, "import-key-input").fill(privateKey);
  await byTestId(page, "pin-input").fill(pin);
  await byTestId(page, "import-key-submit").click();
  await expect.poll(async () => (await byTestId(page, "active-address").textContent()) ?? "", { timeout: 30_000 }).not.toBe("");
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
export async function apiSession(l: BrowserLedger, privateKey: Hex): Promise<string> {
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
export async function draft(l: BrowserLedger, token: string, path: string, body: unknown): Promise<string> {
  const r = await fetch(`${l.base}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const answer = (await r.json()) as { action?: { id: string } };
  if (r.status !== 201 || !answer.action) throw new Error(`draft failed: ${r.status} ${JSON.stringify(answer)}`);
  return answer.action.id;
}

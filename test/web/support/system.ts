/**
 * The real system for browser tests, started once per test file: an Anvil node, the contracts,
 * the demo community, the service with the built web client (web/dist), and Debian's Chromium
 * driven by playwright-core. `stop()` ends all of it and removes the service's data.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { makeClients } from "../../../ledger-api/src/chain/clients";
import { startService, type LedgerService } from "../../../ledger-api/src/service";
import { demoDistrictAdmin, demoSupervisor } from "../../../scripts/demo/generateCommunity";
import { ANVIL_RELAYER_KEY, fund, startAnvil, type AnvilNode } from "../../../scripts/lib/anvil";
import { ensureBuilt } from "../../../scripts/lib/build";
import { deployLedger } from "../../../scripts/lib/deploy";
import { LedgerDriver } from "../../../scripts/lib/ledgerDriver";
import { demoDocuments, seedDemo, type SeedResult } from "../../../scripts/lib/seedDemo";

const ROOT = path.resolve(__dirname, "../../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Debian's Chromium without the sandbox (containers), the GPU or anything that phones home. */
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface BrowserSystem {
  anvil: AnvilNode;
  service: LedgerService;
  browser: Browser;
  seed: SeedResult;
  /** the service's origin, e.g. http://127.0.0.1:40123 */
  base: string;
  stop(): Promise<void>;
}

/** Builds what is stale, then starts the chain, seeds the demo community, the service and Chromium. */
export async function startBrowserSystem(): Promise<BrowserSystem> {
  ensureBuilt();
  const anvil = await startAnvil();
  const admin = demoDistrictAdmin();
  await fund(anvil.rpcUrl, admin.address);
  const deployment = await deployLedger({ rpcUrl: anvil.rpcUrl, adminKey: admin.privateKey, supervisors: [demoSupervisor().address] });
  const { publicClient, wallet } = makeClients(deployment.chainId, anvil.rpcUrl, ANVIL_RELAYER_KEY);
  const seed = await seedDemo(new LedgerDriver(publicClient, wallet, deployment));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-browser-"));
  const service = await startService({
    deployment,
    rpcUrl: anvil.rpcUrl,
    relayerKey: ANVIL_RELAYER_KEY,
    database: { dataDir: path.join(dataDir, "db") },
    port: 0,
    webDist: path.join(ROOT, "web/dist"),
  });
  // the demo's texts, as `npm start` stores them (their hashes are on chain)
  for (const d of demoDocuments()) await service.ctx.prisma.document.upsert({ where: { hash: d.hash }, create: d, update: {} });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
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

/** A fresh browser context (its own key store) signed in on the account page with `privateKey`. */
export async function signedIn(sys: BrowserSystem, privateKey: string, pin: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await sys.browser.newContext();
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

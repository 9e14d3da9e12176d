/**
 * The whole system on a fresh chain, as the browser tests and the verify benchmark need it: an
 * Anvil node, the contracts, the demo community (seedDemo) with its proposals' texts stored as
 * `npm start` stores them, the service with the built web client on a free port and a temporary
 * PGlite, and Debian's Chromium driven by playwright-core.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { makeClients } from "../../ledger-api/src/chain/clients";
import type { Deployment } from "../../ledger-api/src/chain/deployment";
import { startService, type LedgerService } from "../../ledger-api/src/service";
import { demoDistrictAdmin, demoSupervisor } from "../demo/generateCommunity";
import { ANVIL_RELAYER_KEY, fund, startAnvil, type AnvilNode } from "./anvil";
import { ensureBuilt } from "./build";
import { deployLedger } from "./deploy";
import { LedgerDriver } from "./ledgerDriver";
import { DEMO_UPLOADER, storeDemoFiles } from "./demoFiles";
import { seedDemo, storeDemoDocuments, type SeedResult } from "./seedDemo";

const ROOT = path.resolve(__dirname, "../..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface DemoSystem {
  readonly anvil: AnvilNode;
  readonly deployment: Deployment;
  readonly service: LedgerService;
  readonly seed: SeedResult;
  /** The service's origin, e.g. http://127.0.0.1:40123 */
  readonly base: string;
  readonly browser: Browser;
  stop(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function startDemoSystem(log: (m: string) => void = () => undefined): Promise<DemoSystem> {
  ensureBuilt(log);
  const anvil = await startAnvil();
  const admin = demoDistrictAdmin();
  await fund(anvil.rpcUrl, admin.address);
  const deployment = await deployLedger({ rpcUrl: anvil.rpcUrl, adminKey: admin.privateKey, supervisors: [demoSupervisor().address] });
  const { publicClient, wallet } = makeClients(deployment.chainId, anvil.rpcUrl, ANVIL_RELAYER_KEY);
  log("seeding the demo community…");
  const seed = await seedDemo(new LedgerDriver(publicClient, wallet, deployment), log);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-browser-"));
  const service = await startService({
    deployment,
    rpcUrl: anvil.rpcUrl,
    relayerKey: ANVIL_RELAYER_KEY,
    database: { dataDir: path.join(dataDir, "db") },
    port: 0,
    webDist: path.join(ROOT, "web/dist"),
  });
  // The demo's texts (proposals, an objection), as `npm start` stores them (the seed puts only their hashes on chain).
  await storeDemoDocuments(service.ctx.prisma);
  await storeDemoFiles(service.ctx, seed.communityId, seed.fund.files, DEMO_UPLOADER);
  await service.ctx.indexer.waitFor();
  const browser = await launchChromium();
  return {
    anvil,
    deployment,
    service,
    seed,
    base: `http://127.0.0.1:${service.port}`,
    browser,
    stop: async () => {
      await browser.close();
      await service.stop();
      await anvil.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

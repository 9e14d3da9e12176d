/**
 * The browser test, on the real system: an Anvil node, the contracts, the demo community, the
 * service with the built web client, and Debian's Chromium driven by playwright-core. A demo
 * owner signs in with their key, opens the open proposal, votes, sees the receipt confirmed, and
 * the verify page's recount (from the chain alone) matches the published result. Three committee
 * members publish a vote from the committee console, each signing in their own browser; the
 * supervisor creates a community.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeClients } from "../../ledger-api/src/chain/clients";
import { startService, type LedgerService } from "../../ledger-api/src/service";
import { demoCommittee, demoDistrictAdmin, demoSupervisor } from "../../scripts/demo/generateCommunity";
import { ANVIL_RELAYER_KEY, fund, startAnvil, type AnvilNode } from "../../scripts/lib/anvil";
import { ensureBuilt } from "../../scripts/lib/build";
import { deployLedger } from "../../scripts/lib/deploy";
import { LedgerDriver } from "../../scripts/lib/ledgerDriver";
import { seedDemo, type SeedResult } from "../../scripts/lib/seedDemo";

const ROOT = path.resolve(__dirname, "../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let anvil: AnvilNode;
let service: LedgerService;
let browser: Browser;
let seed: SeedResult;
let dataDir: string;

beforeAll(async () => {
  ensureBuilt();
  anvil = await startAnvil();
  const admin = demoDistrictAdmin();
  await fund(anvil.rpcUrl, admin.address);
  const deployment = await deployLedger({ rpcUrl: anvil.rpcUrl, adminKey: admin.privateKey, supervisors: [demoSupervisor().address] });
  const { publicClient, wallet } = makeClients(deployment.chainId, anvil.rpcUrl, ANVIL_RELAYER_KEY);
  seed = await seedDemo(new LedgerDriver(publicClient, wallet, deployment));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-browser-"));
  service = await startService({
    deployment,
    rpcUrl: anvil.rpcUrl,
    relayerKey: ANVIL_RELAYER_KEY,
    database: { dataDir: path.join(dataDir, "db") },
    port: 0,
    webDist: path.join(ROOT, "web/dist"),
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await anvil?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** A fresh browser (its own key store) signed in with `privateKey`. */
async function signedIn(privateKey: string, pin: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${service.port}/#/account`);
  await byTestId(page, "import-key-input").fill(privateKey);
  await byTestId(page, "pin-input").fill(pin);
  await byTestId(page, "import-key-submit").click();
  await expect.poll(async () => (await byTestId(page, "active-address").textContent()) ?? "", { timeout: 30_000 }).not.toBe("");
  return { context, page, errors };
}

it("a demo owner votes on the open proposal, sees the receipt confirmed, and the verify page's recount matches", async () => {
  const base = `http://127.0.0.1:${service.port}`;
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  // sign in with the demo owner's key, protected by a PIN
  await page.goto(`${base}/#/account`);
  await byTestId(page, "import-key-input").fill(seed.demoOwner.privateKey);
  await byTestId(page, "pin-input").fill("246810");
  await byTestId(page, "import-key-submit").click();
  await expect
    .poll(async () => (await byTestId(page, "active-address").textContent())?.toLowerCase() ?? "", { timeout: 30_000 })
    .toContain(seed.demoOwner.address.slice(2, 6).toLowerCase());

  // the proposal list shows the open proposal; open it
  await page.goto(`${base}/#/`);
  await byTestId(page, `proposal-link-${seed.openProposalId}`).click();
  await expect.poll(async () => byTestId(page, "proposal-title").textContent(), { timeout: 20_000 }).toContain("电梯");
  await expect.poll(async () => byTestId(page, "bar-quorum-area").count()).toBe(1);

  // vote "for"
  await byTestId(page, "option-0").check();
  await byTestId(page, "vote-submit").click();
  await expect
    .poll(async () => (await byTestId(page, "receipt-status").textContent())?.trim(), { timeout: 60_000 })
    .toBe("confirmed");
  await expect.poll(async () => (await byTestId(page, "receipt-tx").textContent()) ?? "").toMatch(/0x[0-9a-f]{8}/);

  // the API counted it: the owner's entry now has an electronic ballot for option 0
  const mine = (await (await fetch(`${base}/api/proposals/${seed.openProposalId}/voters/${seed.demoOwner.address}`)).json()) as {
    entries: { ballot: { choice: number; kind: string } | null }[];
  };
  expect(mine.entries[0]?.ballot).toMatchObject({ choice: 0, kind: "electronic" });

  // verify from the chain alone
  await page.goto(`${base}/#/verify/${seed.openProposalId}`);
  await byTestId(page, "verify-address").fill(seed.demoOwner.address);
  await byTestId(page, "verify-run").click();
  await expect.poll(async () => byTestId(page, "verify-verdict").getAttribute("data-ok"), { timeout: 60_000 }).toBe("true");
  expect(await byTestId(page, "verify-roll").getAttribute("data-ok")).toBe("true");
  expect(await byTestId(page, "verify-recount").getAttribute("data-ok")).toBe("true");
  expect(await byTestId(page, "verify-my-ballot").getAttribute("data-ok")).toBe("true");
  expect(errors).toEqual([]);
}, 180_000);

it("the supervisor creates a community in the browser; the contract accepts the supervisor's signature", async () => {
  const base = `http://127.0.0.1:${service.port}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/#/account`);
  await byTestId(page, "import-key-input").fill(demoSupervisor().privateKey);
  await byTestId(page, "pin-input").fill("135790");
  await byTestId(page, "import-key-submit").click();
  await expect
    .poll(async () => (await byTestId(page, "active-address").textContent())?.toLowerCase() ?? "", { timeout: 30_000 })
    .toContain(demoSupervisor().address.slice(2, 6).toLowerCase());
  await page.goto(`${base}/#/supervisor`);
  await byTestId(page, "supervisor-name").fill("和谐苑");
  const members = ["0x1111111111111111111111111111111111111111", "0x2222222222222222222222222222222222222222", "0x3333333333333333333333333333333333333333"];
  await byTestId(page, "supervisor-members").fill(members.join("\n"));
  await byTestId(page, "supervisor-threshold").fill("2");
  await byTestId(page, "supervisor-submit").click();
  await expect.poll(async () => (await byTestId(page, "supervisor-receipt").textContent()) ?? "", { timeout: 60_000 }).toContain("confirmed");
  await service.ctx.indexer.waitFor();
  const list = (await (await fetch(`${base}/api/communities`)).json()) as { communities: { name: string; members: string[]; threshold: number }[] };
  expect(list.communities.find((c) => c.name === "和谐苑")).toMatchObject({ members, threshold: 2 });
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

it("three committee members publish a vote from the committee console, each signing in their own browser; the console drafts registry and settings changes", async () => {
  const base = `http://127.0.0.1:${service.port}`;
  const [first, second, third] = demoCommittee().members;
  const a = await signedIn(first!.privateKey, "111111");
  await a.page.goto(`${base}/#/committee`);
  await byTestId(a.page, "draft-title").fill("更换 5 号楼单元门禁");
  await byTestId(a.page, "draft-text").fill("5 号楼四个单元门禁老化，拟更换，费用由维修资金列支。Replace the door access of building 5.");
  await byTestId(a.page, "draft-submit").click();
  await expect.poll(async () => byTestId(a.page, "draft-message").textContent(), { timeout: 30_000 }).toMatch(/\S/);
  const collecting = a.page.locator('[data-testid^="action-"][data-status="collecting"]');
  await expect.poll(async () => collecting.count(), { timeout: 30_000 }).toBeGreaterThan(0);
  const actionId = ((await collecting.last().getAttribute("data-testid")) ?? "").replace("action-", "");
  expect(actionId).not.toBe("");

  const signers = [a, await signedIn(second!.privateKey, "222222"), await signedIn(third!.privateKey, "333333")];
  for (const m of signers) {
    if (m !== a) await m.page.goto(`${base}/#/committee`);
    const sign = byTestId(m.page, `action-sign-${actionId}`);
    await sign.click();
    // signed: the button is disabled, or gone once the action has all its signatures
    await expect.poll(async () => (await sign.count()) === 0 || (await sign.isDisabled()), { timeout: 30_000 }).toBe(true);
    expect(await byTestId(m.page, `action-message-${actionId}`).textContent()).toBe("");
  }
  // the third signature reaches the threshold: the API relays the action and the contract publishes
  await expect
    .poll(async () => byTestId(signers[2]!.page, `action-${actionId}`).getAttribute("data-status"), { timeout: 60_000 })
    .toBe("confirmed");
  await service.ctx.indexer.waitFor();
  const list = (await (await fetch(`${base}/api/proposals?communityId=${seed.communityId}`)).json()) as {
    proposals: { title: string; status: string }[];
  };
  expect(list.proposals.find((p) => p.title === "更换 5 号楼单元门禁")).toMatchObject({ status: "notice" });

  // the same console drafts an area correction and a change of the community's rules
  await a.page.goto(`${base}/#/committee`);
  await byTestId(a.page, "registry-action").selectOption("updateUnitArea");
  await byTestId(a.page, "registry-lines").fill("301, 89.12, 实测");
  await byTestId(a.page, "registry-submit").click();
  await expect.poll(async () => byTestId(a.page, "registry-message").textContent(), { timeout: 30_000 }).toMatch(/\S/);
  await byTestId(a.page, "settings-objectionDays").fill("10");
  await byTestId(a.page, "settings-submit").click();
  await expect.poll(async () => byTestId(a.page, "settings-message").textContent(), { timeout: 30_000 }).toMatch(/\S/);
  const actions = (await (await fetch(`${base}/api/communities/${seed.communityId}/actions`)).json()) as {
    actions: { kind: number; status: string }[];
  };
  const collectingKinds = actions.actions.filter((x) => x.status === "collecting").map((x) => x.kind);
  expect(collectingKinds).toEqual(expect.arrayContaining([3, 7])); // UpdateUnitArea, ChangeSettings
  for (const m of signers) {
    expect(m.errors).toEqual([]);
    await m.context.close();
  }
}, 180_000);

/**
 * The browser test, on the real system: an Anvil node, the contracts, the demo community, the
 * service with the built web client, and Debian's Chromium driven by playwright-core. A demo
 * owner signs in with their key, opens the open proposal, votes, sees the receipt confirmed, and
 * the verify page's recount (from the chain alone) matches the published result. Three committee
 * members publish a vote from the committee console, each signing in their own browser (the one
 * who drafts signs in first with Sign-In with Ethereum, shown the whole message); the supervisor
 * creates a community.
 */
import type { Page } from "playwright-core";
import { getAddress, keccak256, toHex } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoCommittee, demoSupervisor } from "../../scripts/demo/generateCommunity";
import type { SeedResult } from "../../scripts/lib/seedDemo";
import type { LedgerService } from "../../ledger-api/src/service";
import { byTestId, signedIn as signedInTo, startBrowserSystem, type BrowserSystem } from "./support/system";

let sys: BrowserSystem;
let service: LedgerService;
let seed: SeedResult;

beforeAll(async () => {
  sys = await startBrowserSystem();
  ({ service, seed } = sys);
}, 240_000);

afterAll(async () => {
  await sys?.stop();
});

/** Each member signs the action in their own browser; the last signature queues it for the chain. */
async function signByEach(members: { page: Page }[], actionId: string) {
  const base = `http://127.0.0.1:${service.port}`;
  for (const m of members) {
    // each action has its own page in the console's task list
    await m.page.goto(`${base}/#/committee/task/action-${actionId}`);
    const sign = byTestId(m.page, `action-sign-${actionId}`);
    await sign.click();
    // signed: the button is disabled, or gone once the action has all its signatures
    await expect.poll(async () => (await sign.count()) === 0 || (await sign.isDisabled()), { timeout: 30_000 }).toBe(true);
    expect(await byTestId(m.page, `action-message-${actionId}`).textContent()).toBe("");
  }
  const last = members[members.length - 1]!.page;
  await expect.poll(async () => byTestId(last, `action-${actionId}`).getAttribute("data-status"), { timeout: 60_000 }).toBe("confirmed");
}

/** The ids of the actions collecting signatures, as the committee page lists them. */
async function collectingIds(page: Page): Promise<Set<string>> {
  // wait until the list has loaded (it shows "loading" until the API answers)
  await expect.poll(async () => page.locator('[data-testid="actions-list"] .loading').count(), { timeout: 30_000 }).toBe(0);
  await expect.poll(async () => page.locator('[data-testid="actions-list"] > *').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  // the task list has loaded (its groups are shown), not a page still being replaced
  await expect.poll(async () => page.locator('[data-testid="actions-list"] [data-testid="tasks-toSign"]').count(), { timeout: 30_000 }).toBe(1);
  const ids = await page.locator('[data-testid^="action-"][data-status="collecting"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-testid") ?? ""));
  return new Set(ids.map((id) => id.replace("action-", "")));
}

/** The one action collecting signatures that was not there `before`. */
async function newCollecting(page: Page, before: Set<string>): Promise<string> {
  let fresh: string[] = [];
  await expect
    .poll(async () => (fresh = [...(await collectingIds(page))].filter((id) => !before.has(id))).length, { timeout: 30_000 })
    .toBe(1);
  return fresh[0]!;
}

/** A fresh browser (its own key store) signed in with `privateKey`. */
const signedIn = (privateKey: string, pin: string) => signedInTo(sys, privateKey, pin);

/**
 * Signs in to draft on the committee console: the page shows the whole EIP-4361 message first,
 * then the member signs it with the key the browser holds.
 */
async function signInToDraft(page: Page, address: string) {
  const base = `http://127.0.0.1:${service.port}`;
  await expect.poll(async () => byTestId(page, "siwe-status").getAttribute("data-signed-in"), { timeout: 30_000 }).toBe("false");
  await byTestId(page, "siwe-prepare").click();
  const shown = byTestId(page, "siwe-message");
  await expect.poll(async () => (await shown.count()) === 1 && ((await shown.textContent()) ?? ""), { timeout: 30_000 }).toContain("wants you to sign in with your Ethereum account");
  const text = (await shown.textContent()) ?? "";
  expect(text.startsWith(`127.0.0.1:${service.port} wants you to sign in with your Ethereum account:\n${getAddress(address)}\n`)).toBe(true);
  expect(text).toContain(`URI: ${base}\n`);
  expect(text).toContain(`Chain ID: ${service.ctx.deployment.chainId}\n`);
  expect(await byTestId(page, "siwe-field-address").textContent()).toBe(getAddress(address));
  await byTestId(page, "siwe-sign").click();
  await expect.poll(async () => byTestId(page, "siwe-status").getAttribute("data-signed-in"), { timeout: 30_000 }).toBe("true");
}

it("a demo owner votes on the open proposal, sees the receipt confirmed, and the verify page's recount matches", async () => {
  const base = `http://127.0.0.1:${service.port}`;
  const page = await sys.browser.newPage();
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
  // the rules this vote was published with
  await expect.poll(async () => byTestId(page, "proposal-rules").textContent()).toContain("询异公示 7 天");

  // vote "for"
  await byTestId(page, "option-0").check();
  await byTestId(page, "vote-submit").click();
  await expect
    .poll(async () => byTestId(page, "receipt-status").getAttribute("data-status"), { timeout: 60_000 })
    .toBe("confirmed");
  // the status in words, in the page's language, never the API's raw word
  expect((await byTestId(page, "receipt-status").textContent())?.trim()).toBe("已记入区块链");
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

it("on a 360 px phone, an open proposal shows what is asked, its deadline and the vote buttons on the first screen, and is no wider than the screen", async () => {
  const { context, page, errors } = await signedIn(seed.demoOwner.privateKey, "135790");
  try {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`http://127.0.0.1:${service.port}/#/proposals/${seed.openProposalId}`);
    await expect.poll(async () => byTestId(page, "option-0").count(), { timeout: 30_000 }).toBe(1);
    const bottom = async (id: string) => {
      const box = await byTestId(page, id).boundingBox();
      return box ? box.y + box.height : Infinity;
    };
    for (const id of ["proposal-title", "proposal-deadline", "option-0", "option-1", "option-2", "vote-submit"]) {
      expect(await bottom(id), id).toBeLessThanOrEqual(640);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

it("the supervisor creates a community in the browser; the contract accepts the supervisor's signature", async () => {
  const base = `http://127.0.0.1:${service.port}`;
  const context = await sys.browser.newContext();
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
  await expect.poll(async () => byTestId(a.page, "actions-list").count()).toBe(1);
  const before = await collectingIds(a.page);
  await a.page.goto(`${base}/#/committee/task/publish`);
  await byTestId(a.page, "draft-title").fill("更换 5 号楼单元门禁");
  await byTestId(a.page, "draft-text").fill("5 号楼四个单元门禁老化，拟更换，费用由维修资金列支。Replace the door access of building 5.");
  // not signed in yet: the console asks to sign in, and nothing is drafted
  await byTestId(a.page, "draft-submit").click();
  await expect.poll(async () => byTestId(a.page, "draft-message").textContent(), { timeout: 30_000 }).toContain("签名登录");
  await signInToDraft(a.page, first!.address);
  await byTestId(a.page, "draft-submit").click();
  await expect.poll(async () => byTestId(a.page, "draft-message").textContent(), { timeout: 30_000 }).toContain("已生成待签操作");
  await a.page.goto(`${base}/#/committee`);
  const actionId = await newCollecting(a.page, before);
  // the new action waits for this member's signature, listed with who has signed
  expect(await byTestId(a.page, "tasks-toSign").locator(`[data-testid="action-${actionId}"]`).count()).toBe(1);
  const signers = [a, await signedIn(second!.privateKey, "222222"), await signedIn(third!.privateKey, "333333")];
  await signByEach(signers, actionId);
  await service.ctx.indexer.waitFor();
  const list = (await (await fetch(`${base}/api/proposals?communityId=${seed.communityId}`)).json()) as {
    proposals: { title: string; status: string }[];
  };
  expect(list.proposals.find((p) => p.title === "更换 5 号楼单元门禁")).toMatchObject({ status: "notice" });

  // the same console drafts an area correction and a change of the community's rules
  await a.page.goto(`${base}/#/committee/task/registry`);
  await byTestId(a.page, "registry-action").selectOption("updateUnitArea");
  await byTestId(a.page, "registry-lines").fill("301, 89.12, 登记");
  await byTestId(a.page, "registry-submit").click();
  await expect.poll(async () => byTestId(a.page, "registry-message").textContent(), { timeout: 30_000 }).toMatch(/\S/);
  await a.page.goto(`${base}/#/committee/task/settings`);
  await byTestId(a.page, "settings-objectionDays").fill("10");
  await byTestId(a.page, "settings-submit").click();
  await expect.poll(async () => byTestId(a.page, "settings-message").textContent(), { timeout: 30_000 }).toMatch(/\S/);
  const actions = (await (await fetch(`${base}/api/communities/${seed.communityId}/actions`)).json()) as {
    actions: { kind: number; status: string }[];
  };
  const collectingKinds = actions.actions.filter((x) => x.status === "collecting").map((x) => x.kind);
  expect(collectingKinds).toEqual(expect.arrayContaining([3, 7])); // UpdateUnitArea, ChangeSettings

  // drafted in the English interface, a vote is in Chinese unless the drafter chooses English
  const en = await signedInTo(sys, first!.privateKey, "444444", "en");
  await en.page.goto(`${base}/#/committee`);
  await signInToDraft(en.page, first!.address);
  const optionsOf = (title: string) =>
    expect
      .poll(async () => {
        const all = (await (await fetch(`${base}/api/communities/${seed.communityId}/actions`)).json()) as {
          actions: { payload: { args: { input?: { title: string; options: string[] } } } }[];
        };
        return all.actions.find((x) => x.payload.args.input?.title === title)?.payload.args.input?.options ?? null;
      }, { timeout: 30_000 });
  for (const [title, language, options] of [
    ["Repaint the stairwells", null, ["同意", "反对", "弃权"]],
    ["Repaint the lobby", "en", ["For", "Against", "Abstain"]],
  ] as const) {
    await en.page.goto(`${base}/#/committee/task/publish`);
    if (language) await byTestId(en.page, "draft-language").selectOption(language);
    expect(await byTestId(en.page, "draft-options-default-label").textContent()).toBe(options.join(" / "));
    await byTestId(en.page, "draft-title").fill(title);
    await byTestId(en.page, "draft-text").fill(`${title}.`);
    await byTestId(en.page, "draft-submit").click();
    await optionsOf(title).toEqual(options);
  }
  await en.context.close();
  for (const m of signers) {
    expect(m.errors).toEqual([]);
    await m.context.close();
  }
}, 180_000);

it("the committee enters a paper ballot and a proxy mandate with the hash of each scan; once three members sign, both take effect", async () => {
  const base = `http://127.0.0.1:${service.port}`;
  const proposalId = seed.openProposalId.toString();
  // an entry of the open vote that has no ballot yet
  const prisma = service.ctx.prisma;
  const withBallot = new Set((await prisma.ballot.findMany({ where: { proposalId: seed.openProposalId } })).map((b) => b.entryId));
  const entries = await prisma.rollEntry.findMany({ where: { proposalId: seed.openProposalId }, orderBy: { entryId: "asc" } });
  const entryId = entries.find((e) => !withBallot.has(e.entryId))!.entryId;
  /** The room number of an entry's first unit, as the committee would say it. */
  const roomOf = async (id: number) => {
    const e = entries.find((x) => x.entryId === id)!;
    const unit = await prisma.unit.findUniqueOrThrow({ where: { communityId_unitId: { communityId: seed.communityId, unitId: (e.unitIds as number[])[0]! } } });
    return unit.label;
  };
  const members = demoCommittee().members;
  const signers = [];
  for (const [i, m] of members.slice(0, 3).entries()) signers.push(await signedIn(m.privateKey, `44444${i}`));
  const a = signers[0]!;
  await a.page.goto(`${base}/#/committee`);
  await signInToDraft(a.page, members[0]!.address);
  const before = await collectingIds(a.page);
  // the open vote calls for paper ballots: its task is on the list; the entry is found by room number
  await byTestId(a.page, `task-paper-${proposalId}`).locator("a").click();
  await expect.poll(async () => byTestId(a.page, "paper-proposal").textContent(), { timeout: 30_000 }).toContain(`#${proposalId}`);
  await byTestId(a.page, "paper-entry-0").fill(await roomOf(entryId));
  await byTestId(a.page, "paper-entry-0").press("Tab");
  await expect.poll(async () => byTestId(a.page, "paper-entry-0-resolved").textContent(), { timeout: 30_000 }).toContain(`#${entryId}`);
  await byTestId(a.page, "paper-choice-0").selectOption("1");
  // a JPEG's first bytes (SOI, APP0 "JFIF"): the store judges the type from the content
  const scan = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), Buffer.from(`scanned paper ballot of entry ${entryId}`)]);
  await byTestId(a.page, "paper-file-0").setInputFiles({ name: "ballot.jpg", mimeType: "image/jpeg", buffer: scan });
  await expect.poll(async () => (await byTestId(a.page, "paper-file-0-hash").textContent()) ?? "").toMatch(/^0x[0-9a-f]{64}$/);
  await byTestId(a.page, "paper-submit").click();
  await expect.poll(async () => byTestId(a.page, "paper-message").textContent(), { timeout: 30_000 }).toContain("已生成待签操作");
  await a.page.goto(`${base}/#/committee`);
  const actionId = await newCollecting(a.page, before);
  await signByEach(signers, actionId);
  await service.ctx.indexer.waitFor();
  // and a proxy mandate for another entry, with the hash of the written mandate
  const other = entries.find((e) => !withBallot.has(e.entryId) && e.entryId !== entryId)!.entryId;
  const proxy = "0x4444444444444444444444444444444444444444";
  await a.page.goto(`${base}/#/committee`);
  const beforeMandate = await collectingIds(a.page);
  await a.page.goto(`${base}/#/committee/task/mandate-${proposalId}`);
  await expect.poll(async () => byTestId(a.page, "mandate-proposal").count(), { timeout: 30_000 }).toBe(1);
  await byTestId(a.page, "mandate-entry-0").fill(await roomOf(other));
  await byTestId(a.page, "mandate-proxy-0").fill(proxy);
  await byTestId(a.page, "mandate-file-0").setInputFiles({ name: "mandate.pdf", mimeType: "application/pdf", buffer: Buffer.from(`%PDF-1.4\n% mandate for entry ${other}\n%%EOF\n`) });
  await expect.poll(async () => (await byTestId(a.page, "mandate-file-0-hash").textContent()) ?? "").toMatch(/^0x[0-9a-f]{64}$/);
  await byTestId(a.page, "mandate-submit").click();
  await expect.poll(async () => byTestId(a.page, "mandate-message").textContent(), { timeout: 30_000 }).toContain("已生成待签操作");
  await a.page.goto(`${base}/#/committee`);
  await signByEach(signers, await newCollecting(a.page, beforeMandate));
  await service.ctx.indexer.waitFor();
  expect(await prisma.mandate.findFirst({ where: { proposalId: seed.openProposalId, entryId: other } })).toMatchObject({ proxy });

  const ballots = await prisma.ballot.findUnique({ where: { proposalId_entryId: { proposalId: BigInt(proposalId), entryId } } });
  expect(ballots).toMatchObject({ choice: 1, kind: "paper" });
  // the scans themselves were kept for their roll entries, restricted
  const kept = (recordType: string, recordId: string) => prisma.storedDocument.findMany({ where: { recordType, recordId }, select: { kind: true, visibility: true, keccak256: true } });
  expect(await kept("paper-ballot", `${proposalId}/${entryId}`)).toEqual([{ kind: "paper-ballot", visibility: "restricted", keccak256: keccak256(new Uint8Array(scan)) }]);
  expect(await kept("mandate", `${proposalId}/${other}`)).toEqual([expect.objectContaining({ kind: "mandate", visibility: "restricted" })]);
  for (const m of signers) {
    expect(m.errors).toEqual([]);
    await m.context.close();
  }
}, 180_000);

it("an owner files an objection to a tallied vote, shown in full before signing; the committee answers it and the page shows both", async () => {
  const base = `http://127.0.0.1:${service.port}`;
  const id = seed.objectionProposalId.toString();
  const owner = await signedIn(seed.demoOwner.privateKey, "135790");
  await owner.page.goto(`${base}/#/proposals/${id}`);
  // the seed's objection is listed, waiting for an answer
  await expect.poll(async () => byTestId(owner.page, "objection-1").getAttribute("data-answered"), { timeout: 30_000 }).toBe("no");
  expect(await byTestId(owner.page, "objection-text-1").textContent()).toContain("充电棚紧挨 5 栋");
  const text = "投票截止前两天，2 号楼的公告栏没有张贴表决公告，请业委会核实。";
  await byTestId(owner.page, "objection-input").fill(text);
  expect(await byTestId(owner.page, "objection-submit").isVisible()).toBe(false);
  await byTestId(owner.page, "objection-review").click();
  expect(await byTestId(owner.page, "objection-preview-text").textContent()).toBe(text);
  expect(await byTestId(owner.page, "objection-preview").textContent()).toContain(keccak256(toHex(text)));
  await byTestId(owner.page, "objection-submit").click();
  await expect.poll(async () => byTestId(owner.page, "objection-2").getAttribute("data-answered"), { timeout: 60_000 }).toBe("no");
  expect(await byTestId(owner.page, "objection-text-2").textContent()).toBe(text);
  const onChain = await service.ctx.prisma.objection.findUnique({ where: { proposalId_objectionId: { proposalId: seed.objectionProposalId, objectionId: 2 } } });
  expect(onChain).toMatchObject({ signer: seed.demoOwner.address.toLowerCase(), textHash: keccak256(toHex(text)) });

  // a committee member signs in, drafts the answer on the proposal page; three members sign it
  const [first, second, third] = demoCommittee().members;
  const a = await signedIn(first!.privateKey, "111111");
  await a.page.goto(`${base}/#/committee`);
  await signInToDraft(a.page, first!.address);
  const before = await collectingIds(a.page);
  await a.page.goto(`${base}/#/proposals/${id}`);
  const answer = "已核实：2 号楼公告于投票开始当日张贴，另有照片存档。";
  await byTestId(a.page, "answer-input-2").fill(answer);
  await byTestId(a.page, "answer-submit-2").click();
  await expect.poll(async () => byTestId(a.page, "answer-message-2").textContent(), { timeout: 30_000 }).toContain("答复草案已创建");
  await a.page.goto(`${base}/#/committee`);
  const actionId = await newCollecting(a.page, before);
  const signers = [a, await signedIn(second!.privateKey, "222222"), await signedIn(third!.privateKey, "333333")];
  await signByEach(signers, actionId);
  await service.ctx.indexer.waitFor();
  await owner.page.goto(`${base}/#/`);
  await owner.page.goto(`${base}/#/proposals/${id}`);
  await expect.poll(async () => byTestId(owner.page, "objection-2").getAttribute("data-answered"), { timeout: 30_000 }).toBe("yes");
  expect(await byTestId(owner.page, "objection-answer-2").textContent()).toContain(answer);
  expect(await byTestId(owner.page, "objection-1").getAttribute("data-answered")).toBe("no");
  // the objection's text and the answer are filed as the objection's documents, listed under it
  const kindsOf = async () =>
    ((await (await fetch(`${base}/api/communities/${seed.communityId}/documents?record=objection:${id}/2`)).json()) as { documents: { kind: string }[] }).documents.map((d) => d.kind).sort();
  await expect.poll(kindsOf, { timeout: 30_000 }).toEqual(["objection-answer", "objection-text"]);
  await owner.page.reload();
  await expect
    .poll(async () => (await byTestId(owner.page, "objection-files-2-list").locator("[data-kind]").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")))).sort(), { timeout: 30_000 })
    .toEqual(["objection-answer", "objection-text"]);
  // the verify page lists both objections and the answer from the chain alone
  await owner.page.goto(`${base}/#/verify/${id}`);
  await byTestId(owner.page, "verify-run").click();
  await expect.poll(async () => byTestId(owner.page, "verify-objections").getAttribute("data-count"), { timeout: 60_000 }).toBe("2");
  expect(await byTestId(owner.page, "verify-objections").getAttribute("data-answered")).toBe("1");
  expect(await byTestId(owner.page, "verify-objection-2").textContent()).toContain(keccak256(toHex(answer)));
  for (const m of [owner, ...signers]) {
    expect(m.errors).toEqual([]);
    await m.context.close();
  }
}, 240_000);

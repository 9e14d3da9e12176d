/**
 * Onboarding, in a real browser against the real system: the account page shows the owner's
 * address as a QR code, and the committee console's address field reads it from an image of that
 * code; units and roll entries are found by room number (楼栋-单元-房号) through the API, with a
 * clear refusal in both languages for a malformed or unknown room.
 */
import { getAddress } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoCommittee } from "../../scripts/demo/generateCommunity";
import { byTestId, signInToDraft, signedIn, startBrowserSystem, type BrowserSystem } from "./support/system";

let l: BrowserSystem;

beforeAll(async () => {
  l = await startBrowserSystem();
}, 240_000);

afterAll(async () => {
  await l?.stop();
});

it("the QR code on an owner's account page is read into the console's proxy field from an image of it", async () => {
  const owner = await signedIn(l, l.seed.demoOwner.privateKey, "919191");
  await expect.poll(async () => byTestId(owner.page, "account-qr").getAttribute("src"), { timeout: 30_000 }).toMatch(/^data:image\/png/);
  const png = await byTestId(owner.page, "account-qr").screenshot();
  await owner.context.close();

  const member = await signedIn(l, demoCommittee().members[0]!.privateKey, "929292");
  await member.page.goto(`${l.base}/#/committee/task/mandate-${l.seed.openProposalId}`);
  await expect.poll(async () => byTestId(member.page, "mandate-proxy-0-qr-file").count(), { timeout: 30_000 }).toBe(1);
  // an image without a code is refused in words, and the field stays empty
  const blank = await member.page.screenshot({ clip: { x: 0, y: 0, width: 40, height: 40 } });
  await byTestId(member.page, "mandate-proxy-0-qr-file").setInputFiles({ name: "blank.png", mimeType: "image/png", buffer: blank });
  await expect.poll(async () => byTestId(member.page, "mandate-proxy-0-qr-message").textContent(), { timeout: 10_000 }).toContain("没有找到二维码");
  expect(await byTestId(member.page, "mandate-proxy-0").inputValue()).toBe("");
  await byTestId(member.page, "mandate-proxy-0-qr-file").setInputFiles({ name: "qr.png", mimeType: "image/png", buffer: png });
  await expect.poll(async () => byTestId(member.page, "mandate-proxy-0").inputValue(), { timeout: 10_000 }).toBe(getAddress(l.seed.demoOwner.address));
  expect(member.errors).toEqual([]);
  await member.context.close();
}, 120_000);

it("finds a unit and its roll entry by room number, and refuses a malformed or unknown room in both languages", async () => {
  const prisma = l.service.ctx.prisma;
  const cid = l.seed.communityId;
  const entry = await prisma.rollEntry.findFirstOrThrow({ where: { proposalId: l.seed.openProposalId }, orderBy: { entryId: "asc" } });
  const units = await prisma.unit.findMany({ where: { communityId: cid, unitId: { in: entry.unitIds as number[] } } });
  const flat = units.find((u) => /^\d+-\d+-\d+$/.test(u.label))!;
  const [b, e, r] = flat.label.split("-");
  const get = async (room: string, query = "") => {
    const res = await fetch(`${l.base}/api/communities/${cid}/rooms/${encodeURIComponent(room)}${query}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  for (const spoken of [flat.label, `${b}栋${e}单元${r}`, `${b}号楼${e}单元${r}室`]) {
    const found = await get(spoken);
    expect(found.status, spoken).toBe(200);
    expect(found.body.unit).toMatchObject({ unitId: flat.unitId, label: flat.label });
    expect(found.body.entry).toBeNull();
  }
  const withEntry = await get(flat.label, `?proposalId=${l.seed.openProposalId}`);
  expect(withEntry.status).toBe(200);
  expect(withEntry.body.entry).toMatchObject({ proposalId: l.seed.openProposalId.toString(), entryId: entry.entryId });
  expect(withEntry.body.entry.unitLabels).toContain(flat.label);

  const malformed = await get("三楼");
  expect(malformed.status).toBe(400);
  expect(malformed.body.error).toMatchObject({ code: "ROOM_MALFORMED" });
  expect(malformed.body.error.message["zh-CN"]).toContain("楼栋-单元-房号");
  expect(malformed.body.error.message.en).toContain("3-1-102");
  const unknown = await get("999-9-9999");
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe("ROOM_NOT_FOUND");
  expect(unknown.body.error.message["zh-CN"]).not.toBe(unknown.body.error.message.en);
  const tooLong = await get("1".repeat(200));
  expect(tooLong.status).toBe(400);

  // the registry form takes the unit by room number: a typo is refused with its line, the right one drafted
  const member = await signedIn(l, demoCommittee().members[1]!.privateKey, "939393");
  await member.page.goto(`${l.base}/#/committee/task/registry`);
  await signInToDraft(member.page);
  await byTestId(member.page, "registry-action").selectOption("updateUnitArea");
  await byTestId(member.page, "registry-lines").fill("三楼, 89.12, 实测");
  await byTestId(member.page, "registry-submit").click();
  await expect.poll(async () => byTestId(member.page, "registry-message").textContent(), { timeout: 30_000 }).toContain("第 1 行有误：门牌号格式不对");
  await byTestId(member.page, "registry-lines").fill(`${b}栋${e}单元${r}, 89.12, 登记`);
  await byTestId(member.page, "registry-submit").click();
  await expect.poll(async () => byTestId(member.page, "registry-message").textContent(), { timeout: 30_000 }).toContain("已生成待签操作");
  const actions = (await (await fetch(`${l.base}/api/communities/${cid}/actions`)).json()) as { actions: { kind: number; payload: { args: Record<string, unknown> } }[] };
  expect(actions.actions.find((x) => x.kind === 3)?.payload.args).toMatchObject({ unitId: String(flat.unitId), areaCm2: "8912", source: "3" });
  expect(member.errors).toEqual([]);
  await member.context.close();

  // the buildings the publish form offers
  const buildings = (await (await fetch(`${l.base}/api/communities/${cid}/buildings`)).json()) as { buildings: { buildingId: number; unitCount: number }[] };
  expect(buildings.buildings.length).toBe(await prisma.building.count({ where: { communityId: cid } }));
  expect(buildings.buildings.reduce((s, x) => s + x.unitCount, 0)).toBe(await prisma.unit.count({ where: { communityId: cid } }));
}, 60_000);

it("a forgotten PIN: the recovery code restores the key, in this browser or from its backup file, and sets a new PIN", async () => {
  const a = l.seed.demoOwner.address.toLowerCase();
  const first = await signedIn(l, l.seed.demoOwner.privateKey, "101010");
  const page = first.page;
  await byTestId(page, "recovery-create").click();
  await expect.poll(async () => (await byTestId(page, "recovery-code").textContent()) ?? "", { timeout: 30_000 }).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
  const code = (await byTestId(page, "recovery-code").textContent())!;
  // the backup file of the key, as "export" writes it (the stored record, with its recovery copy)
  const backup = await page.evaluate((addr) => {
    const keys = JSON.parse(localStorage.getItem("cl.keyring.v1") ?? "[]") as { address: string }[];
    return JSON.stringify(keys.find((k) => k.address.toLowerCase() === addr));
  }, a);
  expect(JSON.parse(backup)).toHaveProperty("recovery.ciphertext");
  expect(backup).not.toContain(code);

  // the PIN is forgotten: a wrong code is refused, the right one (typed loosely) sets a new PIN
  await byTestId(page, "lock-submit").click();
  await expect.poll(async () => byTestId(page, "account-none").count(), { timeout: 10_000 }).toBe(1);
  const wrong = code.replace(/^./, (c) => (c === "A" ? "B" : "A"));
  await byTestId(page, "recovery-code-input").fill(wrong);
  await byTestId(page, "recovery-pin").fill("202020");
  await byTestId(page, "recovery-submit").click();
  await expect.poll(async () => byTestId(page, "recovery-message").textContent(), { timeout: 30_000 }).toContain("恢复码不对");
  expect(await byTestId(page, "account-none").count()).toBe(1);
  await byTestId(page, "recovery-code-input").fill(code.toLowerCase().replace(/-/g, " "));
  await byTestId(page, "recovery-pin").fill("202020");
  await byTestId(page, "recovery-submit").click();
  await expect.poll(async () => (await byTestId(page, "account-address").textContent())?.toLowerCase() ?? "", { timeout: 30_000 }).toBe(a);
  // the old PIN no longer opens the key; the new one does
  await byTestId(page, "lock-submit").click();
  await byTestId(page, "pin-input").fill("101010");
  await byTestId(page, `unlock-${a}`).click();
  await expect.poll(async () => byTestId(page, "account-message").textContent(), { timeout: 30_000 }).toContain("PIN 码不对");
  await byTestId(page, "pin-input").fill("202020");
  await byTestId(page, `unlock-${a}`).click();
  await expect.poll(async () => (await byTestId(page, "account-address").textContent())?.toLowerCase() ?? "", { timeout: 30_000 }).toBe(a);
  expect(first.errors).toEqual([]);
  await first.context.close();

  // another browser has only the backup file and the written code
  const context = await l.browser.newContext();
  const other = await context.newPage();
  await other.goto(`${l.base}/#/account`);
  await byTestId(other, "import-backup-input").setInputFiles({ name: "key.json", mimeType: "application/json", buffer: Buffer.from(backup) });
  await byTestId(other, "import-backup-submit").click();
  await expect.poll(async () => byTestId(other, "recovery-address").count(), { timeout: 30_000 }).toBe(1);
  await byTestId(other, "recovery-code-input").fill(code);
  await byTestId(other, "recovery-pin").fill("303030");
  await byTestId(other, "recovery-submit").click();
  await expect.poll(async () => (await byTestId(other, "account-address").textContent())?.toLowerCase() ?? "", { timeout: 30_000 }).toBe(a);
  await context.close();
}, 180_000);

it("a fund-use vote's scope is ticked from the community's buildings, not typed", async () => {
  const member = await signedIn(l, demoCommittee().members[2]!.privateKey, "949494");
  const page = member.page;
  await page.goto(`${l.base}/#/committee/task/publish`);
  await signInToDraft(page);
  const building = (await l.service.ctx.prisma.building.findFirstOrThrow({ where: { communityId: l.seed.communityId }, orderBy: { buildingId: "desc" } })).buildingId;
  await expect.poll(async () => byTestId(page, `draft-scope-building-${building}`).count(), { timeout: 30_000 }).toBe(1);
  expect(await byTestId(page, `draft-scope-building-${building}`).isDisabled()).toBe(true);
  await byTestId(page, "draft-scope-buildings").check();
  await byTestId(page, `draft-scope-building-${building}`).check();
  await byTestId(page, "draft-title").fill(`${building} 号楼电梯维修`);
  await byTestId(page, "draft-text").fill("电梯主板更换，费用由本楼业主分摊。");
  await byTestId(page, "draft-submit").click();
  await expect.poll(async () => byTestId(page, "draft-message").textContent(), { timeout: 30_000 }).toContain("已生成待签操作");
  const actions = (await (await fetch(`${l.base}/api/communities/${l.seed.communityId}/actions`)).json()) as {
    actions: { kind: number; payload: { args: { input?: { title: string; scopeKind: string; scopeIds: string[] } } } }[];
  };
  const input = actions.actions.find((a) => a.payload.args.input?.title === `${building} 号楼电梯维修`)?.payload.args.input;
  expect(input).toMatchObject({ scopeKind: "1", scopeIds: [String(building)] });
  expect(member.errors).toEqual([]);
  await member.context.close();
}, 120_000);

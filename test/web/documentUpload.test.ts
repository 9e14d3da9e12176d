/**
 * The committee console's upload form in Chromium on the real system (test/web/support/system.ts):
 * a member uploads a contract for a plan and sees its fingerprint and anchoring; a file that is
 * not a PDF, JPEG or PNG, and a record that does not exist, are refused in words with nothing
 * stored; a restricted kind offers no looser visibility; the custodian's console has the form too.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCommittee } from "../../scripts/demo/generateCommunity";
import { demoPdf } from "../../scripts/lib/demoFiles";
import { demoCustodian } from "../../scripts/lib/seedFund";
import { byTestId, signInToDraft, signedIn, startBrowserSystem, type BrowserSystem } from "./support/system";

let sys: BrowserSystem;

beforeAll(async () => {
  sys = await startBrowserSystem();
}, 300_000);

afterAll(async () => {
  await sys?.stop();
});

const sha = (b: Uint8Array) => `0x${createHash("sha256").update(b).digest("hex")}`;
const storedRows = () => sys.service.ctx.prisma.storedDocument.count();

describe("the upload form", () => {
  it("a member uploads a plan's contract with its kind, record and visibility; a text file and an unknown record are refused in words, storing nothing", async () => {
    const member = demoCommittee().members[0]!;
    const { page, errors, context } = await signedIn(sys, member.privateKey, "135246");
    await page.goto(`${sys.base}/#/committee/task/documents`);
    await signInToDraft(page);
    await byTestId(page, "upload-form").waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await byTestId(page, "upload-limit").textContent()) ?? "", { timeout: 10_000 }).toContain("20 MB");

    // a restricted kind: only "restricted" is offered
    await byTestId(page, "upload-kind").selectOption("paper-ballot");
    expect(await byTestId(page, "upload-visibility").locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(["restricted"]);
    expect(await byTestId(page, "upload-record-type").locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(["paper-ballot"]);

    // a contract for the lift plan
    const before = await storedRows();
    await byTestId(page, "upload-kind").selectOption("contract");
    await byTestId(page, "upload-record-type").selectOption("plan");
    await byTestId(page, "upload-record-id").fill(sys.seed.fund.liftPlanId.toString());
    // first a text file named .pdf: its content decides
    await byTestId(page, "upload-file").setInputFiles({ name: "合同.pdf", mimeType: "application/pdf", buffer: Buffer.from("not really a pdf") });
    await byTestId(page, "upload-submit").click();
    await expect.poll(async () => byTestId(page, "upload-message").textContent(), { timeout: 30_000 }).toMatch(/PDF|JPEG|PNG/);
    expect(await byTestId(page, "upload-message").getAttribute("class")).toContain("message-error");
    expect(await storedRows()).toBe(before);
    // then a record that does not exist
    const file = demoPdf("Contract: lift overhaul, signed copy");
    await byTestId(page, "upload-file").setInputFiles({ name: "contract.pdf", mimeType: "application/pdf", buffer: Buffer.from(file) });
    await byTestId(page, "upload-record-id").fill("999");
    await byTestId(page, "upload-submit").click();
    await expect.poll(async () => byTestId(page, "upload-message").textContent(), { timeout: 30_000 }).toContain("没有文件所属的这条记录");
    expect(await storedRows()).toBe(before);
    // then the right one
    await byTestId(page, "upload-record-id").fill(sys.seed.fund.liftPlanId.toString());
    await byTestId(page, "upload-submit").click();
    const facts = byTestId(page, "upload-facts");
    await facts.waitFor({ timeout: 30_000 });
    expect(await facts.getAttribute("data-sha256")).toBe(sha(file));
    expect(await byTestId(page, "upload-message").getAttribute("class")).toContain("message-ok");
    const listed = (await (await fetch(`${sys.base}/api/communities/${sys.seed.communityId}/documents?record=plan:${sys.seed.fund.liftPlanId}`)).json()) as { documents: { sha256: string; kind: string; uploader: string }[] };
    expect(listed.documents.find((d) => d.sha256 === sha(file))).toMatchObject({ kind: "contract", uploader: member.address.toLowerCase() });
    // its check link opens the verify page for that fingerprint
    expect(await byTestId(page, "upload-check-link").getAttribute("href")).toBe(`#/verify/document?sha256=${sha(file)}`);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it("the custodian's console offers the same form", async () => {
    const custodian = demoCustodian();
    const { page, errors, context } = await signedIn(sys, custodian.privateKey, "135246");
    await page.goto(`${sys.base}/#/custodian`);
    await byTestId(page, "upload-form").waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

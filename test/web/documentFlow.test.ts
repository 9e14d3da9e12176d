/**
 * A document's whole way in Chromium on the real system (test/web/support/system.ts): a committee
 * member drafts a payment on the lift plan with an invoice PDF chosen in the form; the file is
 * kept in the document store (for the community: the payment does not exist yet) before the draft
 * is sent; three members sign and the payment is held on chain with the invoice's keccak256. The
 * plan page then lists the invoice under the payment (joined by PaymentHeld.invoiceHash), not as
 * the plan's own, it turns "anchored",
 * its "print notice" link opens the notice with the facts and the QR code, and the notice's link
 * opens the verify page, which verifies it against the chain. A plain-text file chosen as the
 * invoice is refused by the store with its message, and nothing is drafted.
 *
 * Then the upload form of the committee console and the custodian's console (one demo system for
 * both: starting one takes a minute): a member uploads a contract for a plan and sees its
 * fingerprint and anchoring; a file that is not a PDF, JPEG or PNG, and a record that does not
 * exist, are refused in words with nothing stored; a restricted kind offers no looser visibility.
 */
import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { keccak256, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCommittee } from "../../scripts/demo/generateCommunity";
import { demoPdf } from "../../scripts/lib/demoFiles";
import { demoCustodian } from "../../scripts/lib/seedFund";
import type { ProofBundle } from "../../domain/documents/bundle";
import { documentLinkUrl } from "../../web/src/documentLink";
import { typedDataFromJson } from "../../web/src/typedData";
import type { Action, FundPlanDetail } from "../../web/src/api";
import { byTestId, signInToDraft, signedIn, startBrowserSystem, type BrowserSystem } from "./support/system";
import { readQr } from "./support/qr";

let sys: BrowserSystem;

beforeAll(async () => {
  sys = await startBrowserSystem();
}, 300_000);

afterAll(async () => {
  await sys?.stop();
});

const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${sys.base}${path}`)).json()) as T;
const plan = (planId: bigint) => getJson<FundPlanDetail>(`/api/communities/${sys.seed.communityId}/fund/plans/${planId}`);
const actionIds = async () => (await getJson<{ actions: Action[] }>(`/api/communities/${sys.seed.communityId}/actions`)).actions.map((a) => a.id);
const text = async (page: Page, id: string) => (await byTestId(page, id).textContent()) ?? "";

async function signFromNode(actionId: string, privateKey: Hex) {
  const { action } = await getJson<{ action: Action }>(`/api/actions/${actionId}`);
  const td = typedDataFromJson(action.typedData) as Parameters<ReturnType<typeof privateKeyToAccount>["signTypedData"]>[0];
  const signature = await privateKeyToAccount(privateKey).signTypedData(td);
  const r = await fetch(`${sys.base}/api/actions/${actionId}/signatures`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ signature }) });
  expect(r.status, await r.clone().text()).toBeLessThan(300);
}

describe("a document from the form to its notice and its check", () => {
  it("an invoice chosen in the payment form is kept, joins the held payment on chain, is anchored, printed as a notice and verified by the notice's link; a plain-text file is refused with nothing drafted", async () => {
    const communityId = sys.seed.communityId;
    const liftPlanId = sys.seed.fund.liftPlanId;
    const before = (await plan(liftPlanId)).plan;
    const [first, second, third] = demoCommittee().members;
    const { page, errors, context } = await signedIn(sys, first!.privateKey, "135246");
    await page.goto(`${sys.base}/#/committee/task/fund-pay-${liftPlanId}`);
    await signInToDraft(page);
    await byTestId(page, "fund-form-pay").waitFor({ timeout: 30_000 });
    const posts: string[] = [];
    page.on("request", (r) => void (r.method() === "POST" && r.url().includes("/fund-drafts") && posts.push(r.url())));
    const drafted = await actionIds();

    // a plain-text "invoice": the store refuses it by its content; the form says so and drafts nothing
    await byTestId(page, "fund-pay-invoice").setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("an invoice typed as plain text, 1,000.00 yuan\n") });
    await expect.poll(() => text(page, "fund-pay-invoice-hash"), { timeout: 10_000 }).toMatch(/^0x[0-9a-f]{64}$/);
    await byTestId(page, "fund-pay-amount").fill("1,000.00");
    await byTestId(page, "fund-submit").click();
    const refusal = byTestId(page, "fund-refusal");
    await expect.poll(() => refusal.getAttribute("data-code"), { timeout: 30_000 }).toBe("DOCUMENT_TYPE_NOT_ALLOWED");
    expect(await text(page, "fund-refusal-text")).toBe("文件内容不是 PDF、JPEG 或 PNG（按内容判断，与文件名无关）");
    expect(await text(page, "fund-message")).toBe("发票没有保存，表单没有发送。");
    expect(await refusal.textContent()).toContain("没有生成待签操作");
    expect(posts).toEqual([]);
    expect(await actionIds()).toEqual(drafted);

    // a real PDF: uploaded, then drafted
    const pdf = Buffer.from("%PDF-1.4\n% lift repair: invoice for the landing doors, 1,000.00 yuan\n%%EOF\n", "utf8");
    const sha256 = `0x${createHash("sha256").update(pdf).digest("hex")}`;
    const invoiceHash = keccak256(new Uint8Array(pdf));
    const uploads: number[] = [];
    page.on("response", (r) => void (r.request().method() === "POST" && r.url().includes(`/api/communities/${communityId}/documents?`) && uploads.push(r.status())));
    await byTestId(page, "fund-pay-invoice").setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: pdf });
    await expect.poll(() => text(page, "fund-pay-invoice-hash"), { timeout: 10_000 }).toBe(invoiceHash);
    await byTestId(page, "fund-submit").click();
    await page.waitForURL(/#\/committee\/task\/action-[0-9a-f-]{36}$/, { timeout: 30_000 });
    const actionId = /action-([0-9a-f-]{36})$/.exec(page.url())![1]!;
    expect(uploads).toEqual([201]);
    expect(posts).toHaveLength(1);
    const meta = await getJson<{ documents: { kind: string; record: { type: string; id: string }; keccak256: string }[] }>(`/api/documents/${sha256}/meta`);
    expect(meta.documents).toEqual([expect.objectContaining({ kind: "invoice", record: { type: "community", id: sys.seed.communityId.toString() }, keccak256: invoiceHash })]);

    // three members sign: the payment is held on chain with the invoice's keccak256
    for (const m of [first!, second!, third!]) await signFromNode(actionId, m.privateKey as Hex);
    let paymentId = "";
    await expect
      .poll(async () => {
        const p = (await plan(liftPlanId)).payments.at(-1);
        if (p && p.seq === before.paymentCount + 1) paymentId = p.paymentId;
        return p;
      }, { timeout: 90_000 })
      .toMatchObject({ seq: before.paymentCount + 1, amountFen: "100000", status: "held", invoiceHash });

    // the plan page: the invoice under the payment, joined by the event that carries its hash (not under the plan)
    await page.goto(`${sys.base}/#/fund/plans/${liftPlanId}`);
    const id = `payment-files-${paymentId}-${sha256.slice(2, 14)}`;
    const entry = byTestId(page, id);
    await entry.waitFor({ timeout: 30_000 });
    expect(await entry.getAttribute("data-kind")).toBe("invoice");
    expect(await entry.getAttribute("data-on-chain")).toBe("true");
    expect(await text(page, `${id}-on-chain`)).toContain("PaymentHeld.invoiceHash");
    expect(await text(page, `${id}-sha256`)).toBe(sha256);
    expect(await byTestId(page, `plan-files-${sha256.slice(2, 14)}`).count()).toBe(0);
    expect(await byTestId(page, `${id}-download`).getAttribute("href")).toBe(`/api/documents/${sha256}`);
    // it turns anchored on the page (the list is read again while it is not)
    await expect.poll(() => entry.getAttribute("data-anchoring"), { timeout: 120_000 }).toBe("anchored");
    expect(await text(page, `${id}-state`)).toContain("已上链");
    const bundle = await getJson<ProofBundle>(`/api/documents/${sha256}/proof`);
    expect(bundle.onChain?.map((r) => `${r.record.type}:${r.record.id} ${r.event}.${r.field}`)).toEqual([`payment:${paymentId} PaymentHeld.invoiceHash`]);
    const url = documentLinkUrl(sys.base, { sha256: bundle.document.sha256, leafIndex: bundle.leaf.index, transaction: bundle.anchor.transaction });
    expect(`${sys.base}/${await byTestId(page, `${id}-verify`).getAttribute("href")}`).toBe(url);

    // print notice: the facts in Chinese and the QR code of the verify link
    await byTestId(page, `${id}-notice`).click();
    await byTestId(page, "notice").waitFor({ timeout: 30_000 });
    expect(await text(page, "notice-title")).toBe("维修资金支付公示");
    const facts = await text(page, "notice-facts");
    expect(facts).toContain("发票");
    expect(facts).toContain(`小区档案 第 ${sys.seed.communityId} 号`);
    expect(facts).toContain(`维修资金支付 第 ${paymentId} 号（PaymentHeld.invoiceHash`);
    expect(facts).toContain(sha256);
    expect(facts).toContain(bundle.anchor.transaction);
    expect(await text(page, "notice-url")).toBe(url);
    expect(await readQr(page, "notice-qr")).toBe(url);
    expect(await byTestId(page, "notice-text-block").count()).toBe(0);

    // the notice's link: the verify page fetches the bundle and checks it against the chain
    await page.goto(url);
    await expect.poll(() => byTestId(page, "doc-result").getAttribute("data-status"), { timeout: 60_000 }).toBe("verified");
    expect(await text(page, "doc-result")).toContain(`PaymentHeld.invoiceHash`);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});

const shaOf = (b: Uint8Array) => `0x${createHash("sha256").update(b).digest("hex")}`;
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
    expect(await facts.getAttribute("data-sha256")).toBe(shaOf(file));
    expect(await byTestId(page, "upload-message").getAttribute("class")).toContain("message-ok");
    const listed = (await (await fetch(`${sys.base}/api/communities/${sys.seed.communityId}/documents?record=plan:${sys.seed.fund.liftPlanId}`)).json()) as { documents: { sha256: string; kind: string; uploader: string }[] };
    expect(listed.documents.find((d) => d.sha256 === shaOf(file))).toMatchObject({ kind: "contract", uploader: member.address.toLowerCase() });
    // its check link opens the verify page for that fingerprint
    expect(await byTestId(page, "upload-check-link").getAttribute("href")).toBe(`#/verify/document?sha256=${shaOf(file)}`);
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

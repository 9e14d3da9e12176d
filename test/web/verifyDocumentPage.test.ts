/**
 * The document verify page (#/verify/document) in Chromium on the real system
 * (scripts/lib/demoSystem.ts): a batch of documents is anchored directly in the deployment's
 * DocumentAnchor with viem; the file dropped on the page with its proof bundle is verified (the
 * record, the time and the block shown), a changed copy is refused as a changed file, and a QR
 * link with only the hash, the leaf and the transaction fetches the bundle from the server. A text
 * document's notice (a proposal's full text) prints that text, and not a text the server serves
 * that is not the anchored file.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import type { ProofBundle } from "../../domain/documents/bundle";
import { anchorBatch, sampleDocuments, type BatchDocument } from "../../scripts/lib/documentBatch";
import { startDemoSystem, type DemoSystem } from "../../scripts/lib/demoSystem";
import { documentLinkHash, documentLinkUrl } from "../../web/src/documentLink";
import { readQr } from "./support/qr";

/** Anvil's second default account: funded, and not the service's relayer (no nonce clash). */
const ANCHOR_KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

let sys: DemoSystem;
let docs: BatchDocument[];
let bundles: ProofBundle[];
let statementDocs: BatchDocument[];
let statementBundles: ProofBundle[];
let textDoc: BatchDocument;
let textBundle: ProofBundle;
const PROPOSAL_TEXT = "关于更换 3 栋电梯的表决\n\n一、更换 3 栋 1、2 号电梯，预算 1,200,000.00 元。\n二、费用由 3 栋业主按专有面积分摊。\n";

beforeAll(async () => {
  sys = await startDemoSystem();
  docs = sampleDocuments(3, { communityId: String(sys.seed.communityId), recordType: "payment", recordId: "2", kind: "invoice" }, "browser");
  const batch = await anchorBatch({ rpcUrl: sys.anvil.rpcUrl, key: ANCHOR_KEY, contract: sys.deployment.documents, docs });
  bundles = batch.bundles;
  statementDocs = sampleDocuments(2, { communityId: String(sys.seed.communityId), recordType: "statement", recordId: "1", kind: "statement" }, "statement");
  statementBundles = (await anchorBatch({ rpcUrl: sys.anvil.rpcUrl, key: ANCHOR_KEY, contract: sys.deployment.documents, docs: statementDocs })).bundles;
  textDoc = { bytes: new TextEncoder().encode(PROPOSAL_TEXT), ref: { communityId: String(sys.seed.communityId), recordType: "proposal", recordId: String(sys.seed.openProposalId), kind: "proposal-text" }, mediaType: "text/plain; charset=utf-8" };
  textBundle = (await anchorBatch({ rpcUrl: sys.anvil.rpcUrl, key: ANCHOR_KEY, contract: sys.deployment.documents, docs: [textDoc] })).bundles[0]!;
}, 300_000);

afterAll(async () => {
  await sys?.stop();
});

const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

async function open(hash: string, lang: "zh-CN" | "en") {
  const context = await sys.browser.newContext();
  await context.addInitScript((l) => localStorage.setItem("cl.lang", l), lang);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${sys.base}/${hash}`);
  return { context, page, errors };
}

/** Drops a file on the page's drop zone, as a user dragging it from the desktop does. */
async function dropFile(page: Page, name: string, bytes: Uint8Array) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name, { type: "text/plain" }));
      return dt;
    },
    { name, data: Array.from(bytes) },
  );
  await byTestId(page, "doc-drop").dispatchEvent("drop", { dataTransfer });
}

async function resultOf(page: Page, previous?: string) {
  await expect
    .poll(async () => {
      const r = byTestId(page, "doc-result");
      if ((await r.count()) === 0) return null;
      const text = (await r.textContent()) ?? "";
      return previous !== undefined && text === previous ? null : text;
    }, { timeout: 60_000 })
    .not.toBeNull();
  const r = byTestId(page, "doc-result");
  return { status: await r.getAttribute("data-status"), code: await r.getAttribute("data-code"), text: (await r.textContent()) ?? "", line: (await byTestId(page, "doc-result-line").textContent()) ?? "" };
}

describe("the document verify page", () => {
  it("verifies a dropped file with its proof bundle, then refuses a changed copy (English)", async () => {
    const { context, page, errors } = await open("#/verify/document", "en");
    await expect.poll(() => byTestId(page, "doc-rpc").inputValue(), { timeout: 30_000 }).toBe(sys.service.ctx.publicRpcUrl ?? sys.anvil.rpcUrl);
    await byTestId(page, "doc-proof-input").setInputFiles({ name: "bundle.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bundles[1])) });
    await dropFile(page, "invoice-1.txt", docs[1]!.bytes);
    const ok = await resultOf(page);
    expect(ok.status).toBe("verified");
    expect(ok.line).toMatch(/^Verified: this file is the recorded one, of payment 2 of community \d+ \(invoice\); anchored at .* \(UTC\+8\) in block \d+/);
    expect(ok.text).toContain(bundles[1]!.anchor.transaction);
    expect(ok.text).toContain("batch ");
    expect(await byTestId(page, "doc-file-hash").textContent()).toContain(bundles[1]!.document.sha256);

    const changed = new Uint8Array(docs[1]!.bytes);
    changed[changed.length - 2] = 0x21;
    await dropFile(page, "invoice-1-edited.txt", changed);
    const bad = await resultOf(page, ok.text);
    expect(bad.status).toBe("not-verified");
    expect(bad.code).toBe("FILE_CHANGED");
    expect(bad.line).toMatch(/^Not verified: The file was changed/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("picks the file in Chinese and says which record it is", async () => {
    const { context, page, errors } = await open("#/verify/document", "zh-CN");
    await expect.poll(() => byTestId(page, "doc-rpc").inputValue(), { timeout: 30_000 }).not.toBe("");
    await byTestId(page, "doc-proof-input").setInputFiles({ name: "bundle.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bundles[0])) });
    await byTestId(page, "doc-file-input").setInputFiles({ name: "发票.txt", mimeType: "text/plain", buffer: Buffer.from(docs[0]!.bytes) });
    const ok = await resultOf(page);
    expect(ok.status).toBe("verified");
    expect(ok.line).toMatch(/^已核验：这个文件就是记录中的原件，属于小区 \d+ 的支付 2（invoice）/);
    expect(ok.text).toContain("支付 2");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("arrives by a QR link (hash, leaf, transaction), fetches the bundle from the server and checks it", async () => {
    const b = bundles[2]!;
    const hash = documentLinkHash({ sha256: b.document.sha256, leafIndex: b.leaf.index, transaction: b.anchor.transaction });
    const context = await sys.browser.newContext();
    await context.addInitScript(() => localStorage.setItem("cl.lang", "en"));
    // The upload API (another branch) serves this route; here the test serves the bundle it made.
    await context.route(`**/api/documents/${b.document.sha256}/proof`, (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(b) }));
    const page = await context.newPage();
    await page.goto(`${sys.base}/${hash}`);
    const ok = await resultOf(page);
    expect(ok.status).toBe("verified");
    expect(ok.line).toContain("the file itself was not compared");
    // then the file itself, dropped: compared too
    await dropFile(page, "invoice-2.txt", docs[2]!.bytes);
    const withFile = await resultOf(page, ok.text);
    expect(withFile.line).toMatch(/^Verified: this file is the recorded one/);
    // another file dropped on the notice's link: not the file the notice names
    await dropFile(page, "invoice-0.txt", docs[0]!.bytes);
    const other = await resultOf(page, withFile.text);
    expect(other.code).toBe("FILE_CHANGED");
    // a link naming another leaf than the server's bundle has
    await page.goto(`${sys.base}/${documentLinkHash({ sha256: b.document.sha256, leafIndex: 0, transaction: b.anchor.transaction })}`);
    await page.reload();
    const wrongLeaf = await resultOf(page);
    expect(wrongLeaf.code).toBe("LINK_MISMATCH");
    await context.close();
  });

  it("prints a payment's notice from the verified page: A4, the facts in Chinese, the QR code of the verify link", async () => {
    const { context, page, errors } = await open("#/verify/document", "en");
    await expect.poll(() => byTestId(page, "doc-rpc").inputValue(), { timeout: 30_000 }).not.toBe("");
    await byTestId(page, "doc-proof-input").setInputFiles({ name: "bundle.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bundles[0])) });
    await dropFile(page, "invoice-0.txt", docs[0]!.bytes);
    expect((await resultOf(page)).status).toBe("verified");
    await byTestId(page, "doc-notice-link").click();
    await byTestId(page, "notice").waitFor({ timeout: 30_000 });
    expect(await byTestId(page, "notice-title").textContent()).toBe("维修资金支付公示");
    const facts = (await byTestId(page, "notice-facts").textContent()) ?? "";
    expect(facts).toContain("维修资金支付 第 2 号");
    expect(facts).toContain("发票");
    expect(facts).toContain(bundles[0]!.document.sha256);
    expect(facts).toContain(bundles[0]!.anchor.transaction);
    const b = bundles[0]!;
    const url = documentLinkUrl(sys.base, { sha256: b.document.sha256, leafIndex: b.leaf.index, transaction: b.anchor.transaction });
    expect(await byTestId(page, "notice-url").textContent()).toBe(url);
    // the QR code reads back (jsQR) as the verify link
    expect(await readQr(page, "notice-qr")).toBe(url);
    // printed: one A4 page
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    // the link on the notice opens the verify page, which checks the document by its hash
    await page.emulateMedia({ media: "screen" });
    await context.route(`**/api/documents/${b.document.sha256}/proof`, (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(b) }));
    await page.goto(url);
    expect((await resultOf(page)).status).toBe("verified");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("prints a statement's notice from its link, the bundle fetched from the server", async () => {
    const b = statementBundles[1]!;
    const context = await sys.browser.newContext();
    await context.route(`**/api/documents/${b.document.sha256}/proof`, (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(b) }));
    const page = await context.newPage();
    const q = new URLSearchParams({ sha256: b.document.sha256, leaf: String(b.leaf.index), tx: b.anchor.transaction });
    await page.goto(`${sys.base}/#/notice/document?${q.toString()}`);
    await byTestId(page, "notice").waitFor({ timeout: 30_000 });
    expect(await byTestId(page, "notice-title").textContent()).toBe("维修资金账目公示");
    expect(await byTestId(page, "notice-facts").textContent()).toContain("账目公布 第 1 号");
    expect(await byTestId(page, "notice-facts").textContent()).toContain("本文件为第 2 份");
    await context.close();
  });

  it("refuses a bundle naming another anchor contract than the server's /api/config documents", async () => {
    const { context, page } = await open("#/verify/document", "en");
    await expect.poll(() => byTestId(page, "doc-rpc").inputValue(), { timeout: 30_000 }).not.toBe("");
    const forged = JSON.parse(JSON.stringify(bundles[1])) as ProofBundle;
    Object.assign(forged.anchor, { contract: "0x000000000000000000000000000000000000dEaD" });
    await byTestId(page, "doc-proof-input").setInputFiles({ name: "bundle.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(forged)) });
    await dropFile(page, "invoice-1.txt", docs[1]!.bytes);
    const r = await resultOf(page);
    expect(r.code).toBe("OTHER_CONTRACT");
    expect(r.line).toContain(sys.deployment.documents);
    await context.close();
  });

  it("prints a proposal's full text under its notice's facts; a text the server serves that is not the anchored file is not printed", async () => {
    const b = textBundle;
    const q = new URLSearchParams({ sha256: b.document.sha256, leaf: String(b.leaf.index), tx: b.anchor.transaction });
    const context = await sys.browser.newContext();
    await context.route(`**/api/documents/${b.document.sha256}/proof`, (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(b) }));
    let served: Uint8Array = textDoc.bytes;
    await context.route(`**/api/documents/${b.document.sha256}`, (route) => route.fulfill({ status: 200, contentType: "text/plain; charset=utf-8", body: Buffer.from(served) }));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${sys.base}/#/notice/document?${q.toString()}`);
    await byTestId(page, "notice").waitFor({ timeout: 30_000 });
    expect(await byTestId(page, "notice-title").textContent()).toBe("表决事项公示");
    await byTestId(page, "notice-text").waitFor({ timeout: 30_000 });
    expect(await byTestId(page, "notice-text").textContent()).toBe(PROPOSAL_TEXT);
    expect(await byTestId(page, "notice-text-block").textContent()).toContain("表决事项全文");
    // printed on A4 with the facts
    await page.emulateMedia({ media: "print" });
    expect(await byTestId(page, "notice-text").isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });

    // another text served for the hash: not printed, and said so
    served = new TextEncoder().encode(PROPOSAL_TEXT.replace("1,200,000.00", "2,200,000.00"));
    await page.reload();
    await expect.poll(() => byTestId(page, "notice-text-status").textContent(), { timeout: 30_000 }).toBe("取得的全文与文件指纹不符，未打印。");
    expect(await byTestId(page, "notice-text").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

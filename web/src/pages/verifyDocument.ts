/**
 * `#/verify/document`: is this file the recorded one? The file is dropped or picked and hashed
 * here in the browser (SHA-256; it is never uploaded), its proof bundle is opened from a file or
 * fetched from this server (`/api/documents/<sha256>/proof`), and the same check as
 * `npm run verify -- <file> --proof bundle.json` (verifier/checkDocument.ts) runs against the
 * node in the RPC field (prefilled from /api/config, changeable). Arriving by a notice's QR link
 * (../documentLink.ts) gives the hash, the leaf and the transaction without the file.
 */
import { keccak256, sha256 as sha256Js, type Hex } from "viem";
import type { DocumentCheckResult } from "../../../verifier/checkDocument";
import { api } from "../api";
import { busy, field, h, messageBox, replace } from "../dom";
import { parseDocumentLink, type DocumentLink } from "../documentLink";
import { lang, t } from "../i18n";
import type { Page } from "../page";
import { keepBundleForNotice, noticeHash } from "./documentNotice";

/** SHA-256 of a file's bytes, 0x-hex: WebCrypto where the page is a secure context, else viem's. */
export async function hashFile(file: Blob): Promise<Hex> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (globalThis.crypto?.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return `0x${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
  return sha256Js(bytes);
}

export function renderVerifyDocument(root: HTMLElement, page: Page): void {
  // The verifier is loaded as the page opens (its own chunk), not when the file is picked.
  const modules = Promise.all([import("../../../verifier/checkDocument"), import("../../../verifier/documentText")]);
  const link: DocumentLink | null = parseDocumentLink(location.hash);
  const fileInput = h("input", { type: "file", testid: "doc-file-input" });
  const fileHash = h("p", { class: "hint hash", testid: "doc-file-hash", "aria-live": "polite" }, link ? t("docVerify.linkHash", { hash: link.sha256 }) : "");
  const drop = h(
    "div",
    { class: "drop-zone", testid: "doc-drop" },
    h("p", null, t("docVerify.dropHere")),
    field(t("docVerify.file"), fileInput, t("docVerify.fileHint")),
    fileHash,
  );
  const proofInput = h("input", { type: "file", accept: ".json,application/json", testid: "doc-proof-input" });
  const rpc = h("input", { type: "url", testid: "doc-rpc", spellcheck: "false" });
  const run = h("button", { type: "submit", class: "button big", testid: "doc-run" }, t("docVerify.run"));
  const msg = messageBox("doc-message");
  const results = h("div", { class: "stack", testid: "doc-results", "aria-live": "polite" });

  const form = h(
    "form",
    { class: "verify-form" },
    drop,
    field(t("docVerify.proof"), proofInput, t("docVerify.proofHint")),
    field(t("verify.rpc"), rpc, t("verify.rpcHint")),
    run,
    msg.el,
  );
  replace(root, h("h1", null, t("docVerify.title")), h("p", { class: "lead" }, t("docVerify.lead")), h("section", { class: "card" }, form), results);

  let sha256: Hex | null = null;
  /** the dropped file's keccak256: what a record carrying the file on chain holds */
  let keccak: Hex | null = null;
  let fromFile = false;
  let bundle: unknown = null;
  let bundleFromFile = false;
  if (link) sha256 = link.sha256;

  async function takeFile(file: File): Promise<void> {
    fileHash.textContent = t("docVerify.hashing");
    const bytes = new Uint8Array(await file.arrayBuffer());
    sha256 = await hashFile(file);
    keccak = keccak256(bytes);
    fromFile = true;
    if (!bundleFromFile) bundle = null;
    fileHash.textContent = t("docVerify.fileHash", { name: file.name, hash: sha256 });
    start();
  }
  fileInput.addEventListener("change", () => {
    const f = fileInput.files?.[0];
    if (f) void takeFile(f);
  });
  drop.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("dragging");
    const f = (ev as DragEvent).dataTransfer?.files?.[0];
    if (f) void takeFile(f);
  });
  proofInput.addEventListener("change", () => {
    const f = proofInput.files?.[0];
    if (!f) return;
    void f.text().then((text) => {
      try {
        bundle = JSON.parse(text);
        bundleFromFile = true;
        msg.clear();
      } catch {
        bundle = null;
        bundleFromFile = false;
        msg.show(t("docVerify.badProofFile"), "error");
        return;
      }
      if (sha256) start();
    });
  });

  /** The ledger's DocumentAnchor, from /api/config: a bundle naming another contract is refused. */
  let ledgerContract: Hex | undefined;
  /** The ledger's contracts whose events may carry a document's hash (voting, fund, reports), from /api/config. */
  let ledgerCarriers: Hex[] | undefined;
  let latest = 0;
  async function verify(): Promise<void> {
    const mine = ++latest;
    msg.clear();
    if (!sha256) return msg.show(t("docVerify.noFile"), "error");
    const rpcUrl = rpc.value.trim();
    if (!/^https?:\/\//.test(rpcUrl)) return msg.show(t("verify.badRpc"), "error");
    replace(results, h("p", { class: "loading", testid: "doc-progress" }, t("docVerify.checking")));
    const [{ checkDocument }, { documentResultText }] = await modules;
    let result: DocumentCheckResult;
    if (bundle === null) {
      // Not opened from a file: this server's bundle for the hash.
      let res: Response | null = null;
      // Arrived by a notice's link: the bundle of the file the notice names (a dropped file must be that one).
      const wanted = link?.sha256 ?? sha256;
      try {
        res = await fetch(`/api/documents/${wanted}/proof`);
      } catch {
        res = null;
      }
      if (res && res.status === 404) {
        result = { status: "not-verified", exitCode: 1, code: "NOT_RECORDED", detail: { api: location.origin, actual: wanted }, bundle: null };
      } else if (!res || !res.ok) {
        result = { status: "could-not-check", exitCode: 2, code: "BUNDLE_UNAVAILABLE", detail: { reason: res ? `HTTP ${res.status}` : t("error.network") }, bundle: null };
      } else {
        const fetched: unknown = await res.json().catch(() => null);
        result = await runCheck(fetched, true);
      }
    } else {
      result = await runCheck(bundle, false);
    }
    if (!page.alive || mine !== latest) return;
    replace(results, resultCard(result, documentResultText(result, lang())));

    async function runCheck(b: unknown, fetched: boolean): Promise<DocumentCheckResult> {
      // A link names the leaf and the transaction: the bundle fetched for it must be the printed one.
      const bb = b as { leaf?: { index?: unknown }; anchor?: { transaction?: unknown } } | null;
      if (link && fetched && bb && ((link.leafIndex !== undefined && bb.leaf?.index !== link.leafIndex) || (link.transaction && String(bb.anchor?.transaction).toLowerCase() !== link.transaction))) {
        return { status: "not-verified", exitCode: 1, code: "LINK_MISMATCH", detail: { leaf: String(link.leafIndex ?? "—"), transaction: link.transaction ?? "—" }, bundle: null };
      }
      return checkDocument({ bundle: b, fileSha256: fromFile ? (sha256 as Hex) : link ? (link.sha256 as Hex) : undefined, hashOnly: !fromFile, fileKeccak256: fromFile && keccak ? keccak : undefined, expectedContract: ledgerContract, ledgerContracts: ledgerCarriers, rpcUrl, timeoutMs: 10_000 });
    }
  }

  const start = () => busy(run, async () => {
    try {
      await verify();
    } catch (err) {
      if (page.alive) msg.show(`${t("error.unknown")}${err instanceof Error ? err.message : String(err)}`, "error");
    }
  })();
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    start();
  });

  void (async () => {
    let configRpc = "";
    try {
      const cfg = await api.config();
      configRpc = cfg.rpcUrl;
      ledgerContract = cfg.documents as Hex;
      ledgerCarriers = [cfg.voting, cfg.fund, cfg.reports] as Hex[];
    } catch {
      msg.show(t("verify.noDefaults"), "info");
    }
    if (!page.alive) return;
    if (rpc.value === "") rpc.value = link?.rpcUrl ?? configRpc;
    if (link && rpc.value) start();
  })();
}

function resultCard(result: DocumentCheckResult, line: string): HTMLElement {
  const ok = result.status === "verified";
  const kind = ok ? "ok" : result.status === "not-verified" ? "error" : "info";
  const heading = ok ? t("docVerify.verified") : result.status === "not-verified" ? t("docVerify.notVerified") : t("docVerify.couldNotCheck");
  const facts: [string, string][] = [];
  const b = result.bundle;
  if (b) {
    facts.push([t("docVerify.record"), `${t(`docVerify.recordType.${b.document.record.type}`)} ${b.document.record.id}`]);
    facts.push([t("docVerify.community"), b.document.communityId]);
    facts.push([t("docVerify.kind"), b.document.kind]);
    facts.push([t("docVerify.sha256"), b.document.sha256]);
  }
  if (ok) {
    const a = result.anchor;
    facts.push([t("docVerify.anchoredAt"), new Date(a.anchoredAt * 1000).toLocaleString(lang() === "zh-CN" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai" }) + " (UTC+8)"]);
    facts.push([t("docVerify.block"), `${a.blockNumber} · ${t("docVerify.chain")} ${a.chainId}`]);
    facts.push([t("docVerify.batch"), t("docVerify.batchValue", { id: String(a.batchId), size: String(a.size) })]);
    facts.push([t("docVerify.transaction"), a.transaction]);
    facts.push([t("docVerify.contract"), a.contract]);
    facts.push([t("docVerify.anchoredBy"), a.anchoredBy]);
    for (const r of result.carriedBy) {
      facts.push([t("docVerify.carriedBy"), `${t(`docVerify.recordType.${r.record.type}`)} ${r.record.id} · ${r.event}.${r.field} · ${r.transaction}`]);
    }
  }
  return h(
    "section",
    { class: `card verdict verdict-${kind}`, testid: "doc-result", "data-status": result.status, "data-code": result.status === "verified" ? "" : result.code },
    h("h2", null, heading),
    h("p", { class: `message message-${kind}`, role: ok ? "status" : "alert", testid: "doc-result-line" }, line),
    facts.length ? h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])) : null,
    ok
      ? h("p", null, h("a", { href: noticeHash(result.bundle), testid: "doc-notice-link", on: { click: () => keepBundleForNotice(result.bundle) } }, t("docVerify.printNotice")))
      : null,
  );
}

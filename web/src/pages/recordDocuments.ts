/**
 * A record's documents where the record is shown (a plan, a payment, a statement, a proposal):
 * GET /api/communities/{id}/documents?record=type:id lists the files kept for it and those whose
 * keccak256 the record carries on chain. Each is shown with its kind, its fingerprint, how far its
 * anchoring is, and links: the file (when it is public; else who may read it), its proof bundle,
 * the verify page and the printable notice (both once anchored, with the bundle's leaf and
 * anchoring transaction, as ../documentLink.ts builds the link). While a file is not anchored the
 * list is read again now and then, so it turns "anchored" without a reload.
 */
import { parseBundle, type ProofBundle } from "../../../domain/documents/bundle";
import { api, type StoredDocumentMeta } from "../api";
import { h, replace } from "../dom";
import { documentLinkHash } from "../documentLink";
import { errorText, t } from "../i18n";
import type { Page } from "../page";
import { keepBundleForNotice, noticeHash } from "./documentNotice";

/** How often a list with a file not yet anchored is read again. */
const REFRESH_MS = 10_000;

/** The record's proof bundle of an anchored document, or null (not anchored, or not served). */
async function bundleOf(d: StoredDocumentMeta): Promise<ProofBundle | null> {
  if (d.anchoring !== "anchored") return null;
  try {
    const res = await fetch(`/api/documents/${d.sha256}/proof?record=${encodeURIComponent(`${d.record.type}:${d.record.id}`)}`);
    return res.ok ? parseBundle(await res.json()) : null;
  } catch {
    return null;
  }
}

const testidOf = (prefix: string, d: StoredDocumentMeta) => `${prefix}-${d.sha256.slice(2, 14)}`;

function item(prefix: string, d: StoredDocumentMeta, bundle: ProofBundle | null): HTMLElement {
  const id = testidOf(prefix, d);
  const state = d.anchoring;
  const links: HTMLElement[] = [];
  if (d.visibility === "public") links.push(h("a", { href: `/api/documents/${d.sha256}`, download: "", testid: `${id}-download` }, t("docs.download")));
  if (bundle) {
    const record = `${bundle.document.record.type}:${bundle.document.record.id}`;
    const proofName = `${d.kind}-${d.sha256.slice(2, 14)}.proof.json`;
    links.push(
      h("a", { href: `/api/documents/${d.sha256}/proof?record=${encodeURIComponent(record)}`, download: proofName, testid: `${id}-proof` }, t("docs.proof")),
      h("a", { href: documentLinkHash({ sha256: bundle.document.sha256, leafIndex: bundle.leaf.index, transaction: bundle.anchor.transaction }), testid: `${id}-verify` }, t("docs.verify")),
      h("a", { href: noticeHash(bundle), testid: `${id}-notice`, on: { click: () => keepBundleForNotice(bundle) } }, t("docs.notice")),
    );
  }
  return h(
    "li",
    { class: "record-document", testid: id, "data-kind": d.kind, "data-anchoring": state, "data-on-chain": d.onChain ? "true" : "false" },
    h("p", { class: "record-document-head" }, h("strong", null, t(`docs.kind.${d.kind}`)), " ", h("span", { class: state === "anchored" ? "pill pill-ok" : "pill", testid: `${id}-state` }, state === "anchored" ? `✓ ${t(`docs.anchoring.${state}`)}` : t(`docs.anchoring.${state}`))),
    h("dl", { class: "facts" }, h("dt", null, t("docs.fingerprint")), h("dd", null, h("code", { class: "wrap hash", testid: `${id}-sha256` }, d.sha256))),
    d.onChain ? h("p", { class: "meta", testid: `${id}-on-chain` }, t("docs.onChain", { event: d.onChain.event, field: d.onChain.field })) : null,
    d.visibility === "public" ? null : h("p", { class: "meta" }, t(`docs.readers.${d.visibility}`)),
    links.length > 0 ? h("p", { class: "record-document-links" }, links.flatMap((a, i) => (i === 0 ? [a] : [" · ", a]))) : null,
    bundle ? null : h("p", { class: "meta" }, t("docs.later")),
  );
}

/**
 * The documents of `record` (`type:id`) of community `communityId`, as a titled block (data-testid
 * `prefix`). Empty of files, it says so.
 */
export function recordDocuments(page: Page, communityId: string, record: string, prefix = "record-documents"): HTMLElement {
  const list = h("div", { "aria-busy": "true" }, h("p", { class: "loading" }, t("common.loading")));
  const el = h("div", { class: "record-documents", testid: prefix, "data-record": record }, h("h3", null, t("docs.title")), list);
  let shown: string | null = null;
  let settled = false;
  const load = async () => {
    let docs: StoredDocumentMeta[];
    try {
      docs = await api.recordDocuments(communityId, record);
    } catch (err) {
      if (!page.alive) return;
      list.removeAttribute("aria-busy");
      replace(list, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
      return;
    }
    settled = docs.every((d) => d.anchoring === "anchored");
    // drawn again only when something changed (a screen reader is not told the same list twice)
    const key = docs.map((d) => `${d.sha256}:${d.anchoring}`).join(",");
    if (key === shown) return;
    const bundles = await Promise.all(docs.map(bundleOf));
    if (!page.alive) return;
    shown = key;
    list.removeAttribute("aria-busy");
    replace(
      list,
      docs.length === 0
        ? h("p", { class: "empty", testid: `${prefix}-empty` }, t("docs.empty"))
        : h("ul", { class: "record-document-list", testid: `${prefix}-list` }, docs.map((d, i) => item(prefix, d, bundles[i] ?? null))),
    );
  };
  // read again while a file is not anchored, until the page is left or the block replaced
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    await load();
    if (page.alive && !settled && (el.isConnected || shown === null)) timer = setTimeout(() => void tick(), REFRESH_MS);
  };
  page.onCleanup(() => clearTimeout(timer));
  void tick();
  return el;
}

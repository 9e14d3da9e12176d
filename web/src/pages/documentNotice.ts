/**
 * `#/notice/document?sha256=…&leaf=…&tx=…`: a public notice (公示) of an anchored document, laid
 * out to print on A4: the key facts in Chinese (../documentNotice.ts) and a QR code of the verify
 * page's link for this document (../documentLink.ts), with the link printed under it. The proof
 * bundle comes from the verify page that sent the reader here (kept in sessionStorage), else
 * from this server's `/api/documents/<sha256>/proof`, else from a bundle file the reader opens.
 * A text document (a proposal's full text, an objection) has its full text printed under the
 * facts: the file fetched from this server, printed only if its SHA-256 is the bundle's.
 */
import { sha256 } from "viem";
import { parseBundle, type ProofBundle } from "../../../domain/documents/bundle";
import { busy, field, h, messageBox, replace } from "../dom";
import { documentLinkUrl, parseDocumentLink } from "../documentLink";
import { currentSession } from "../auth";
import { NOTICE_HOW_TO_ZH, decodeNoticeText, fullTextHeading, noticeFacts } from "../documentNotice";
import { t } from "../i18n";
import type { Page } from "../page";
import { noticeSheet } from "./noticeSheet";

const STORE = "cl.noticeBundle.";

/** Keeps a checked bundle for the notice page opened next (same tab). */
export function keepBundleForNotice(bundle: ProofBundle): void {
  try {
    sessionStorage.setItem(STORE + bundle.document.sha256.toLowerCase(), JSON.stringify(bundle));
  } catch {
    /* storage full or disabled: the notice fetches it */
  }
}

/** The notice page's hash for a bundle. */
export function noticeHash(b: ProofBundle): string {
  const q = new URLSearchParams({ sha256: b.document.sha256.toLowerCase(), leaf: String(b.leaf.index), tx: b.anchor.transaction.toLowerCase() });
  return `#/notice/document?${q.toString()}`;
}

/**
 * The full text of a text document under its notice's facts: fetched from this server (with the
 * session, if any: an objection is for the owners), checked against the bundle's SHA-256, decoded
 * as UTF-8. Null for a document that is not text.
 */
function fullTextBlock(b: ProofBundle, page: Page): HTMLElement | null {
  const heading = fullTextHeading(b.document);
  if (heading === null) return null;
  const note = h("p", { class: "loading no-print", testid: "notice-text-status" }, t("notice.textLoading"));
  const block = h("section", { class: "notice-text-block", testid: "notice-text-block" }, h("h2", null, heading), note);
  void (async () => {
    let bytes: Uint8Array | null = null;
    try {
      const token = currentSession()?.token;
      const res = await fetch(`/api/documents/${b.document.sha256}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      bytes = res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
    } catch {
      bytes = null;
    }
    if (!page.alive) return;
    if (bytes === null) return replace(note, t("notice.textUnavailable"));
    if (sha256(bytes).toLowerCase() !== b.document.sha256.toLowerCase()) {
      note.className = "message message-error no-print";
      return replace(note, t("notice.textChanged"));
    }
    note.remove();
    block.append(h("pre", { class: "notice-text", testid: "notice-text" }, decodeNoticeText(bytes)));
  })();
  return block;
}

export function renderDocumentNotice(root: HTMLElement, page: Page): void {
  const link = parseDocumentLink(location.hash);
  const msg = messageBox("notice-message");
  const body = h("div", { testid: "notice-body" });
  const proofInput = h("input", { type: "file", accept: ".json,application/json", testid: "notice-proof-input" });
  replace(
    root,
    h("div", { class: "no-print" }, h("p", null, h("a", { href: "#/verify/document", class: "back" }, `← ${t("docVerify.title")}`)), msg.el),
    body,
  );
  if (!link) {
    msg.show(t("notice.badLink"), "error");
    return;
  }

  const show = async (b: ProofBundle) => {
    if (b.document.sha256.toLowerCase() !== link.sha256 || (link.leafIndex !== undefined && b.leaf.index !== link.leafIndex) || (link.transaction && b.anchor.transaction.toLowerCase() !== link.transaction)) {
      msg.show(t("notice.otherBundle"), "error");
      return;
    }
    const url = documentLinkUrl(location.origin, { sha256: link.sha256, leafIndex: b.leaf.index, transaction: b.anchor.transaction.toLowerCase() as `0x${string}` });
    const facts = noticeFacts(b);
    const sheet = await noticeSheet({
      testid: "notice",
      title: facts.title,
      rows: facts.rows,
      url,
      howTo: NOTICE_HOW_TO_ZH,
      data: { record: b.document.record.type },
      extra: fullTextBlock(b, page),
    });
    if (!page.alive) return;
    msg.clear();
    replace(body, ...sheet);
  };

  const kept = (() => {
    try {
      return sessionStorage.getItem(STORE + link.sha256);
    } catch {
      return null;
    }
  })();
  const fromFile = h("section", { class: "card no-print" }, field(t("docVerify.proof"), proofInput, t("notice.proofHint")));
  proofInput.addEventListener("change", () => {
    const f = proofInput.files?.[0];
    if (!f) return;
    void f.text().then((text) => {
      let b: ProofBundle | null = null;
      try {
        b = parseBundle(JSON.parse(text));
      } catch {
        b = null;
      }
      if (!b) return msg.show(t("docVerify.badProofFile"), "error");
      void show(b);
    });
  });
  void busy(h("button"), async () => {
    const parsed = kept ? parseBundle(JSON.parse(kept)) : null;
    if (parsed) return show(parsed);
    replace(body, h("p", { class: "loading" }, t("common.loading")));
    try {
      const res = await fetch(`/api/documents/${link.sha256}/proof`);
      const b = res.ok ? parseBundle(await res.json()) : null;
      if (!page.alive) return;
      if (b) return show(b);
    } catch {
      /* below */
    }
    if (!page.alive) return;
    msg.show(t("notice.noBundle"), "info");
    replace(body, fromFile);
  })();
}

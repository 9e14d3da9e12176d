/** Pieces shared by several pages. */
import { MATTERS, type MatterInfo } from "../../../domain/matters";
import type { ProgressBar } from "../../../domain/tally";
import type { OutcomeName, ProposalStatus, Receipt } from "../api";
import { h } from "../dom";
import { lang, t } from "../i18n";

export function matterInfoOf(matter: number): MatterInfo | null {
  return MATTERS.find((m) => m.code === matter) ?? null;
}

export function matterLabel(matter: number): string {
  const m = matterInfoOf(matter);
  if (!m) return t("matter.unknown", { n: matter });
  return `${m.article278Item}${lang() === "zh-CN" ? m.labelZh : m.labelEn}`;
}

export function matterRequirement(matter: number): string {
  const m = matterInfoOf(matter);
  if (!m) return "";
  return lang() === "zh-CN" ? m.requirementZh : m.requirementEn;
}

export function statusBadge(status: ProposalStatus, testid?: string): HTMLElement {
  return h("span", { class: `badge badge-${status}`, testid, "data-status": status }, t(`status.${status}`));
}

export function outcomeBadge(outcome: OutcomeName): HTMLElement {
  return h("span", { class: `badge outcome-${outcome}`, "data-outcome": outcome }, t(`outcome.${outcome}`));
}

/**
 * A horizontal bar: the filled part is numerator/denominator, a vertical line marks the
 * threshold. Basis points come from domain/tally (integers); they are used for drawing only.
 */
export function progressBar(opts: {
  testid: string;
  title: string;
  bar: ProgressBar;
  amount: string;
  thresholdLabel: string;
}): HTMLElement {
  const { bar } = opts;
  const pct = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, "0")}%`;
  return h(
    "div",
    { class: `progress ${bar.met ? "met" : "unmet"}`, testid: opts.testid, "data-met": String(bar.met) },
    h(
      "div",
      { class: "progress-head" },
      h("span", { class: "progress-title" }, opts.title),
      h("span", { class: bar.met ? "pill pill-ok" : "pill pill-no" }, bar.met ? `✓ ${t("progress.met")}` : t("progress.notMet")),
    ),
    h(
      "div",
      {
        class: "track",
        role: "meter",
        "aria-valuemin": 0,
        "aria-valuemax": 10000,
        "aria-valuenow": bar.percentBasisPoints,
        "aria-label": `${opts.title}: ${opts.amount}`,
      },
      h("div", { class: "fill", style: `width:${pct(bar.percentBasisPoints)}` }),
      h("div", { class: "mark", style: `left:${pct(bar.thresholdBasisPoints)}`, title: opts.thresholdLabel }),
    ),
    h("div", { class: "progress-foot" }, h("span", null, opts.amount), h("span", { class: "mark-label" }, opts.thresholdLabel)),
  );
}

// ── the receipts this browser holds (to show "my ballot" after a reload and to verify it) ──

export interface StoredReceipt {
  id: string;
  proposalId: string;
  entryId: number;
  choice: number;
  /** The ballot nonce signed (so a second change before confirmation uses a higher one). */
  nonce?: number;
  voter: string;
  signer: string;
  createdAt: number;
}

const RECEIPTS = "cl.receipts.v1";

export function storedReceipts(): StoredReceipt[] {
  try {
    const list = JSON.parse(localStorage.getItem(RECEIPTS) ?? "[]") as StoredReceipt[];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function storeReceipt(r: StoredReceipt): void {
  const list = storedReceipts().filter((x) => x.id !== r.id);
  list.push(r);
  localStorage.setItem(RECEIPTS, JSON.stringify(list.slice(-200)));
}

/** The latest receipt per entry that `signer` holds for a proposal. */
export function latestReceipts(proposalId: string, signer: string): StoredReceipt[] {
  const byEntry = new Map<number, StoredReceipt>();
  for (const r of storedReceipts()) {
    if (r.proposalId !== proposalId || r.signer.toLowerCase() !== signer.toLowerCase()) continue;
    const prev = byEntry.get(r.entryId);
    if (!prev || prev.createdAt <= r.createdAt) byEntry.set(r.entryId, r);
  }
  return [...byEntry.values()].sort((a, b) => a.entryId - b.entryId);
}

export function receiptReason(r: Receipt): string {
  if (!r.reason) return "";
  const key = `reject.${r.reason}`;
  const text = t(key);
  return text === key ? r.reason : text;
}

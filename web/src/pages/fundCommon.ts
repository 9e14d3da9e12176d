/** Pieces the fund pages share: the community, category and status words, badges, bars, hashes. */
import { api, type FundOverview, type FundPaymentSummary } from "../api";
import { h, type Child } from "../dom";
import { t } from "../i18n";
import { yuan } from "../fund/money";

let firstCommunity: Promise<string> | null = null;

/** The community of the fund pages: `?community=` in the link, else the first registered one. */
export function fundCommunityId(): Promise<string> {
  const q = new URLSearchParams(location.hash.split("?")[1] ?? "").get("community");
  if (q && /^\d{1,30}$/.test(q)) return Promise.resolve(q);
  firstCommunity ??= api.communities().then((list) => {
    const c = list[0];
    if (!c) {
      firstCommunity = null;
      throw new Error(t("list.noCommunities"));
    }
    return c.id;
  });
  return firstCommunity;
}

export function categoryLabel(category: string): string {
  return t(`fund.category.${category}`);
}

export function emergencyBadge(): HTMLElement {
  return h("span", { class: "badge badge-emergency", testid: "emergency-badge" }, t("fund.emergency"));
}

export function paymentStatusBadge(status: FundPaymentSummary["status"]): HTMLElement {
  return h("span", { class: `badge pay-${status}`, "data-status": status }, t(`fund.payStatus.${status}`));
}

/** The fund's own menu: overview, statements, the quarterly common income, the custodian. */
export function fundLinks(): HTMLElement {
  return h(
    "p",
    { class: "links fund-links" },
    h("a", { href: "#/fund", testid: "fund-link-overview" }, t("fund.overview")),
    h("a", { href: "#/fund/statements", testid: "fund-link-statements" }, t("fund.statements.title")),
    h("a", { href: "#/fund/common-income", testid: "fund-link-common-income" }, t("fund.commonIncome.link")),
    h("a", { href: "#/custodian", testid: "fund-link-custodian" }, t("custodian.title")),
  );
}

/** A labelled list of facts. */
export function facts(rows: readonly (readonly [string, Child] | null)[], testid?: string): HTMLElement {
  return h(
    "dl",
    { class: "facts", testid },
    rows.filter((r): r is readonly [string, Child] => r !== null).map(([k, v]) => [h("dt", null, k), h("dd", null, v)]),
  );
}

/** A 32-byte hash in full (it wraps), or "—" for none. */
export function hashText(hash: string | null | undefined): HTMLElement {
  if (!hash || /^0x0{64}$/.test(hash)) return h("span", null, t("fund.noDocument"));
  return h("code", { class: "wrap hash" }, hash);
}

/**
 * Horizontal bars with the amount written beside each: a list, the bars only drawn (aria-hidden).
 * Lengths are per mille of the largest amount, from integers.
 */
export function bars(title: string, rows: readonly { label: string; fen: string }[], testid: string): HTMLElement {
  const max = rows.reduce((m, r) => (BigInt(r.fen) > m ? BigInt(r.fen) : m), 0n);
  return h(
    "figure",
    { class: "bars", testid },
    h("figcaption", null, title),
    rows.length === 0
      ? h("p", { class: "empty" }, t("fund.noSpending"))
      : h(
          "ul",
          null,
          rows.map((r) => {
            const permille = max === 0n ? 0n : (BigInt(r.fen) * 1000n) / max;
            return h(
              "li",
              null,
              h("span", { class: "bar-label" }, r.label),
              h("span", { class: "bar-track", "aria-hidden": "true" }, h("span", { class: "bar-fill", style: `width:${Number(permille) / 10}%` })),
              h("span", { class: "bar-amount" }, yuan(r.fen)),
            );
          }),
        ),
  );
}

export function errorBox(text: string): HTMLElement {
  return h("p", { class: "message message-error", role: "alert" }, text);
}

/** What ended a top-up period, in words. */
export function topUpClearedBy(by: FundOverview["toppedUp"][number]["clearedBy"]): string {
  return by === null ? t("fund.stillDue") : by === "closed" ? t("fund.clearedClosed") : t(`fund.kind.${by}`);
}

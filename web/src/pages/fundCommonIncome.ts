/**
 * `#/fund/common-income`: the common income (公共收益: ads, parking …) published quarter by
 * quarter, each quarter with activity as its statement: opening balance, every income received
 * (its source, the bank record, the transaction), every movement into the unit accounts (the
 * owners' vote that decided it), closing balance. `#/fund/common-income/2026-Q1` is one quarter,
 * laid out to print on A4 (../fund/fund.css's print rules). Every figure is the API's replay of
 * the chain (GET /api/communities/{id}/fund/common-income).
 */
import { api, type FundCommonIncome } from "../api";
import { shanghaiDate } from "../../../domain/fund/statement";
import { h, replace, type Child } from "../dom";
import { groupDigits } from "../format";
import { errorText, t } from "../i18n";
import type { Page } from "../page";
import { signedYuan, yuan } from "../fund/money";
import { errorBox, facts, fundCommunityId, fundLinks, hashText } from "./fundCommon";
import "../fund/fund.css";

/** "2026-Q1" in words: 2026 年第 1 季度 / Q1 2026. */
export function quarterName(label: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(label);
  return m ? t("fund.commonIncome.quarter", { year: m[1] as string, q: m[2] as string }) : label;
}

/** The period's first and last day (its end is exclusive), in Asia/Shanghai. */
function periodText(s: { periodStart: string; periodEnd: string }): string {
  return t("fund.period", { from: shanghaiDate(BigInt(s.periodStart)), to: shanghaiDate(BigInt(s.periodEnd) - 1n) });
}

export function renderFundCommonIncome(root: HTMLElement, page: Page, quarter: string | null): void {
  const body = h("div", { class: "stack", "aria-busy": "true" }, h("p", { class: "loading" }, t("common.loading")));
  const done = (...children: Child[]) => {
    if (!page.alive) return;
    body.removeAttribute("aria-busy");
    replace(body, ...children);
  };
  if (quarter === null) {
    replace(root, fundLinks(), h("h1", null, t("fund.commonIncome.title")), h("p", { class: "lead" }, t("fund.commonIncome.lead")), body);
  } else {
    replace(root, h("div", { class: "no-print" }, fundLinks(), h("p", null, h("a", { href: "#/fund/common-income", testid: "common-income-all" }, `← ${t("fund.commonIncome.all")}`))), body);
  }
  void (async () => {
    try {
      const communityId = await fundCommunityId();
      if (quarter !== null) {
        const [s, communities] = await Promise.all([api.fundCommonIncome(communityId, quarter), api.communities()]);
        const name = communities.find((c) => c.id === communityId)?.name ?? communityId;
        return done(statementCard(s, { community: name, printable: true }));
      }
      const current = await api.fundCommonIncome(communityId);
      // newest first; each quarter's statement (the current quarter's is already here)
      const labels = current.quarters.map((q) => q.quarter).reverse();
      const statements = await Promise.all(labels.map((l) => (l === current.quarter ? Promise.resolve(current) : api.fundCommonIncome(communityId, l))));
      done(
        labels.length === 0
          ? h("p", { class: "empty", testid: "common-income-none" }, t("fund.commonIncome.none"))
          : h("ul", { class: "plain-list", testid: "common-income-quarters" }, statements.map((s) => h("li", null, statementCard(s, { printable: false })))),
      );
    } catch (err) {
      done(errorBox(errorText(err)));
    }
  })();
}

/** One period's statement: the figures, then the receipts and the movements in full. */
function statementCard(s: FundCommonIncome, opts: { community?: string; printable: boolean }): HTMLElement {
  const label = s.quarter ?? `${s.periodStart}-${s.periodEnd}`;
  const title = s.quarter ? quarterName(s.quarter) : periodText(s);
  const heading = opts.printable
    ? h("h1", null, t("fund.commonIncome.of", { community: opts.community ?? "", quarter: title }))
    : h("h2", null, h("a", { href: `#/fund/common-income/${label}`, testid: `common-income-link-${label}` }, title));
  return h(
    "section",
    { class: "card statement-head common-income", testid: `common-income-${label}`, "data-quarter": s.quarter ?? "" },
    heading,
    facts(
      [
        [t("fund.periodLabel"), periodText(s)],
        [t("fund.commonIncome.opening"), h("span", { testid: `common-income-opening-${label}` }, yuan(s.openingFen))],
        [t("fund.commonIncome.received"), h("span", { testid: `common-income-received-${label}` }, signedYuan(s.receivedFen))],
        [t("fund.commonIncome.moved"), h("span", { testid: `common-income-moved-${label}` }, signedYuan(-BigInt(s.movedFen)))],
        BigInt(s.otherFen) !== 0n || s.others.length > 0 ? [t("fund.commonIncome.other"), signedYuan(s.otherFen)] : null,
        [t("fund.commonIncome.closing"), h("strong", { testid: `common-income-closing-${label}` }, yuan(s.closingFen))],
      ],
      `common-income-facts-${label}`,
    ),
    h("h3", null, t("fund.commonIncome.receipts", { n: s.receipts.length })),
    s.receipts.length === 0 ? h("p", { class: "empty" }, t("fund.commonIncome.noReceipts")) : receiptsTable(s, label),
    h("h3", null, t("fund.commonIncome.movements", { n: s.movements.length })),
    s.movements.length === 0 ? h("p", { class: "empty" }, t("fund.commonIncome.noMovements")) : movementsTable(s, label),
    s.others.length === 0 ? null : othersTable(s),
    opts.printable
      ? h("p", { class: "no-print" }, h("button", { type: "button", class: "button", testid: "common-income-print", on: { click: () => window.print() } }, t("fund.print")))
      : null,
  );
}

function receiptsTable(s: FundCommonIncome, label: string): HTMLElement {
  return h(
    "table",
    { class: "lines common-income-table", testid: `common-income-receipts-${label}` },
    h("thead", null, h("tr", null, ["fund.date", "fund.commonIncome.source", "fund.amount", "fund.doc.bank", "fund.tx"].map((k) => h("th", { scope: "col" }, t(k))))),
    h(
      "tbody",
      null,
      s.receipts.map((r) =>
        h(
          "tr",
          { testid: `common-income-receipt-${r.entryId}`, "data-amount-fen": r.amountFen },
          h("th", { scope: "row" }, r.date),
          h(
            "td",
            null,
            r.source !== null ? h("span", { class: "ci-source" }, r.source) : h("span", { class: "meta" }, t("fund.commonIncome.sourceUnknown")),
            h("br"),
            h("span", { class: "meta" }, `${t("fund.commonIncome.sourceHash")}: `),
            hashText(r.sourceHash),
          ),
          h("td", { class: "num" }, yuan(r.amountFen)),
          h("td", { class: "line-hash" }, hashText(r.bankRecordHash)),
          h("td", { class: "line-hash" }, hashText(r.txHash)),
        ),
      ),
    ),
  );
}

function movementsTable(s: FundCommonIncome, label: string): HTMLElement {
  return h(
    "table",
    { class: "lines common-income-table", testid: `common-income-movements-${label}` },
    h("thead", null, h("tr", null, ["fund.date", "fund.planKind", "fund.scope", "fund.amount", "fund.tx"].map((k) => h("th", { scope: "col" }, t(k))))),
    h(
      "tbody",
      null,
      s.movements.map((m) =>
        h(
          "tr",
          { testid: `common-income-movement-${m.entryId}`, "data-amount-fen": m.amountFen },
          h("th", { scope: "row" }, m.date),
          h(
            "td",
            null,
            h("a", { href: `#/proposals/${m.proposalId}`, testid: `common-income-proposal-${m.proposalId}` }, t("fund.votedBy", { n: m.proposalId })),
            m.proposalTitle !== null ? [h("br"), m.proposalTitle] : null,
          ),
          h("td", null, t("fund.commonIncome.byArea", { n: groupDigits(m.unitCount) })),
          h("td", { class: "num" }, yuan(m.amountFen)),
          h("td", { class: "line-hash" }, hashText(m.txHash)),
        ),
      ),
    ),
  );
}

function othersTable(s: FundCommonIncome): HTMLElement {
  return h(
    "table",
    { class: "lines common-income-table" },
    h("caption", null, t("fund.commonIncome.other")),
    h("thead", null, h("tr", null, ["fund.date", "fund.entryKind", "fund.amount", "fund.tx"].map((k) => h("th", { scope: "col" }, t(k))))),
    h(
      "tbody",
      null,
      s.others.map((o) =>
        h("tr", null, h("th", { scope: "row" }, o.date), h("td", null, t(`fund.kind.${o.kind}`)), h("td", { class: "num" }, signedYuan(o.amountFen)), h("td", { class: "line-hash" }, hashText(o.txHash))),
      ),
    ),
  );
}

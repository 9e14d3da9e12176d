/**
 * `#/fund/statements/:id`: one published statement, laid out to print on A4 (../fund/fund.css's
 * print rules), with every unit line and its hash, and the form that verifies a printed line
 * against the chain (./fundLineCheck.ts); on screen, the files kept for it (./recordDocuments.ts).
 */
import { api, type FundStatementComputed, type FundStatementLine, type FundStatementSummary } from "../api";
import { field, h, replace } from "../dom";
import { formatTime, groupDigits } from "../format";
import { errorText, t } from "../i18n";
import type { Page } from "../page";
import { signedYuan, yuan } from "../fund/money";
import { errorBox, facts, fundCommunityId, fundLinks, hashText } from "./fundCommon";
import { reconciliation } from "./fund";
import { lineCheckCard } from "./fundLineCheck";
import { recordDocuments } from "./recordDocuments";
import "../fund/fund.css";

const PAGE_SIZE = 50;

export function renderFundStatement(root: HTMLElement, page: Page, statementId: string): void {
  const body = h("div", { class: "stack", "aria-busy": "true" }, h("p", { class: "loading" }, t("common.loading")));
  replace(root, h("div", { class: "no-print" }, fundLinks()), body);
  void (async () => {
    try {
      const communityId = await fundCommunityId();
      const [list, communities] = await Promise.all([api.fundStatements(communityId), api.communities()]);
      const s = list.find((x) => x.statementId === statementId);
      if (!s) throw new Error(t("fund.statements.notFound", { n: statementId }));
      const computed = await api.fundStatement(communityId, s.periodStart, s.periodEnd);
      if (!page.alive) return;
      const name = communities.find((c) => c.id === communityId)?.name ?? communityId;
      body.removeAttribute("aria-busy");
      replace(body, header(name, s, computed), h("section", { class: "card no-print" }, recordDocuments(page, communityId, `statement:${s.statementId}`, "statement-files")), linesCard(page, computed), h("div", { class: "no-print" }, lineCheckCard(page, communityId, s)));
    } catch (err) {
      if (!page.alive) return;
      body.removeAttribute("aria-busy");
      replace(body, errorBox(errorText(err)));
    }
  })();
}

function header(community: string, s: FundStatementSummary, c: FundStatementComputed): HTMLElement {
  return h(
    "section",
    { class: "card statement-head", testid: "statement-head" },
    h("h1", null, t("fund.statementOf", { community, n: s.statementId })),
    facts([
      [t("fund.periodLabel"), t("fund.period", { from: formatTime(s.periodStart), to: formatTime(s.periodEnd) })],
      [t("fund.root"), h("code", { class: "wrap hash", testid: "statement-root" }, s.root)],
      [t("fund.publishedTx"), hashText(s.publishedTx)],
      [t("fund.publishedAt"), formatTime(s.publishedAt)],
      [t("fund.doc.statement"), hashText(s.documentHash)],
      [t("fund.linesTotal"), h("span", { testid: "statement-total" }, t("fund.statements.lines", { n: groupDigits(s.lineCount), total: yuan(s.totalFen) }))],
      c.root.toLowerCase() === s.root.toLowerCase() ? null : [t("fund.rootRecomputed"), h("span", { class: "pill pill-no" }, c.root)],
    ]),
    reconciliation(s),
    h("p", { class: "no-print" }, h("button", { type: "button", class: "button", testid: "statement-print", on: { click: () => window.print() } }, t("fund.print"))),
  );
}

const COLUMNS = ["fund.unit", "fund.line.opening", "fund.line.deposited", "fund.line.income", "fund.line.used", "fund.line.closing", "fund.line.hash"];

function lineRow(l: FundStatementLine): HTMLElement {
  return h(
    "tr",
    { testid: `statement-line-${l.unitId}`, "data-unit": String(l.unitId) },
    h("th", { scope: "row" }, l.label),
    h("td", { class: "num", "data-col": "opening" }, yuan(l.openingFen)),
    h("td", { class: "num", "data-col": "deposited" }, signedYuan(l.depositedFen)),
    h("td", { class: "num", "data-col": "income" }, signedYuan(l.incomeFen)),
    h("td", { class: "num", "data-col": "used" }, signedYuan(l.usedFen)),
    h("td", { class: "num", "data-col": "closing" }, yuan(l.closingFen)),
    h("td", { class: "line-hash" }, h("code", { class: "wrap" }, l.lineHash)),
  );
}

/**
 * The lines, PAGE_SIZE at a time on screen (a filter finds a unit); on paper every line (of the
 * filter, if one is typed): a printed statement that left lines out could not be checked against
 * its total.
 */
function linesCard(page: Page, c: FundStatementComputed): HTMLElement {
  const filter = h("input", { type: "search", testid: "statement-filter", spellcheck: "false", autocomplete: "off" });
  const tbody = h("tbody");
  const pager = h("p", { class: "pager no-print" });
  let start = 0;
  const printing = window.matchMedia("print");
  let beforePrint = false;
  const draw = () => {
    const q = filter.value.trim();
    const lines = q === "" ? c.lines : c.lines.filter((l) => l.label.includes(q) || String(l.unitId) === q);
    if (start >= lines.length) start = 0;
    const all = printing.matches || beforePrint;
    replace(tbody, (all ? lines : lines.slice(start, start + PAGE_SIZE)).map(lineRow));
    tbody.dataset.shown = all ? "all" : "page";
    const prev = h("button", { type: "button", class: "button secondary", disabled: start === 0, on: { click: () => ((start = Math.max(0, start - PAGE_SIZE)), draw()) } }, t("fund.prev"));
    const next = h("button", { type: "button", class: "button secondary", disabled: start + PAGE_SIZE >= lines.length, on: { click: () => ((start += PAGE_SIZE), draw()) } }, t("fund.next"));
    replace(pager, prev, " ", h("span", { testid: "statement-range" }, t("fund.range", { from: lines.length === 0 ? 0 : start + 1, to: Math.min(start + PAGE_SIZE, lines.length), n: lines.length })), " ", next);
  };
  filter.addEventListener("input", () => {
    start = 0;
    draw();
  });
  const onBefore = () => ((beforePrint = true), draw());
  const onAfter = () => ((beforePrint = false), draw());
  printing.addEventListener("change", draw);
  window.addEventListener("beforeprint", onBefore);
  window.addEventListener("afterprint", onAfter);
  page.onCleanup(() => {
    printing.removeEventListener("change", draw);
    window.removeEventListener("beforeprint", onBefore);
    window.removeEventListener("afterprint", onAfter);
  });
  draw();
  return h(
    "section",
    { class: "card statement-lines" },
    h("h2", null, t("fund.lines")),
    h("div", { class: "no-print" }, field(t("fund.filter"), filter, t("fund.filterHint"))),
    h("table", { class: "lines", testid: "statement-lines" }, h("thead", null, h("tr", null, COLUMNS.map((k) => h("th", { scope: "col" }, t(k))))), tbody),
    pager,
  );
}

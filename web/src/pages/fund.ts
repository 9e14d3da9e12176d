/** `#/fund`: the community's maintenance fund at a glance (every figure from the API's replay of the chain). */
import { api, type FundOverview, type FundPlanSummary, type FundStatementSummary } from "../api";
import { field, h, replace } from "../dom";
import { formatTime } from "../format";
import { errorText, lang, t } from "../i18n";
import type { Page } from "../page";
import { yuan } from "../fund/money";
import { bars, categoryLabel, emergencyBadge, errorBox, facts, fundCommunityId, fundLinks, paymentStatusBadge, topUpClearedBy } from "./fundCommon";
import "../fund/fund.css";

export function renderFund(root: HTMLElement, page: Page): void {
  const body = h("div", { class: "stack", "aria-busy": "true" }, h("p", { class: "loading" }, t("common.loading")));
  replace(root, h("h1", null, t("fund.title")), h("p", { class: "lead" }, t("fund.lead")), fundLinks(), body);
  void (async () => {
    try {
      const communityId = await fundCommunityId();
      const fund = await api.fund(communityId);
      if (!page.alive) return;
      body.removeAttribute("aria-busy");
      replace(
        body,
        unitFinder(communityId),
        totalsCard(fund),
        buildingsCard(fund),
        paymentsCard(fund),
        spendingCard(fund),
        emergenciesCard(fund.emergencies),
        topUpCard(fund),
        fund.lastStatement ? statementCard(fund.lastStatement) : null,
      );
    } catch (err) {
      if (!page.alive) return;
      body.removeAttribute("aria-busy");
      replace(body, errorBox(errorText(err)));
    }
  })();
}

/** "My unit": by room number (楼栋-单元-房号) or unit number. */
function unitFinder(communityId: string): HTMLElement {
  const input = h("input", { type: "text", testid: "fund-unit-input", spellcheck: "false", autocomplete: "off" });
  const msg = h("p", { class: "message message-error", role: "alert", hidden: true });
  const form = h(
    "form",
    { class: "unit-finder" },
    field(t("fund.findUnit"), input, t("fund.findUnitHint")),
    h("button", { type: "submit", class: "button", testid: "fund-unit-go" }, t("fund.findUnitGo")),
    msg,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = input.value.trim();
    msg.hidden = true;
    if (/^\d{1,9}$/.test(v)) {
      location.hash = `#/fund/units/${v}`;
      return;
    }
    api
      .room(communityId, v)
      .then((r) => (location.hash = `#/fund/units/${r.unit.unitId}`))
      .catch((err: unknown) => {
        msg.hidden = false;
        msg.textContent = errorText(err);
      });
  });
  return h("section", { class: "card" }, h("h2", null, t("fund.myUnit")), form);
}

function totalsCard(f: FundOverview): HTMLElement {
  const x = f.totals;
  return h(
    "section",
    { class: "card", testid: "fund-totals" },
    h("h2", null, t("fund.totals")),
    h("p", { class: "big-figure" }, t("fund.totalHeld"), " ", h("strong", { testid: "fund-total-held" }, yuan(x.ledgerBankBalanceFen))),
    facts([
      [t("fund.deposited"), yuan(x.depositedFen)],
      [t("fund.used"), yuan(x.paidOutFen)],
      [t("fund.earned"), yuan(BigInt(x.incomeFen) + BigInt(x.commonIncomeFen))],
      [t("fund.unitsBalance"), yuan(x.unitsBalanceFen)],
      [t("fund.held"), yuan(x.heldFen)],
      [t("fund.commonBalance"), yuan(x.commonBalanceFen)],
      BigInt(x.refundedFen) > 0n ? [t("fund.refunded"), yuan(x.refundedFen)] : null,
      [t("fund.accounts"), t("fund.units", { n: f.accountCount })],
    ]),
  );
}

function buildingsCard(f: FundOverview): HTMLElement {
  return h(
    "section",
    { class: "card" },
    h("h2", null, t("fund.buildings")),
    h(
      "table",
      { testid: "fund-buildings" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("fund.building")), h("th", { scope: "col" }, t("fund.unitCount")), h("th", { scope: "col" }, t("fund.balance")), h("th", { scope: "col" }, t("fund.topUpCount")))),
      h(
        "tbody",
        null,
        f.buildings.map((b) =>
          h("tr", null, h("th", { scope: "row" }, t("fund.buildingN", { n: b.buildingId })), h("td", { class: "num" }, b.unitCount), h("td", { class: "num" }, yuan(b.balanceFen)), h("td", { class: "num" }, b.topUpCount)),
        ),
      ),
    ),
  );
}

function paymentsCard(f: FundOverview): HTMLElement {
  return h(
    "section",
    { class: "card" },
    h("h2", null, t("fund.recentPayments")),
    f.recentPayments.length === 0
      ? h("p", { class: "empty" }, t("fund.noPayments"))
      : h(
          "table",
          { testid: "fund-payments" },
          h("thead", null, h("tr", null, ["fund.date", "fund.plan", "fund.payee", "fund.amount", "fund.status"].map((k) => h("th", { scope: "col" }, t(k))))),
          h(
            "tbody",
            null,
            f.recentPayments.map((p) =>
              h(
                "tr",
                { testid: `fund-payment-${p.paymentId}`, "data-emergency": String(p.emergency), class: p.emergency ? "emergency-row" : null },
                h("td", null, formatTime(p.settledAt ?? p.heldAt)),
                h("td", null, h("a", { href: `#/fund/plans/${p.planId}` }, t("fund.planN", { n: p.planId })), " ", categoryLabel(p.category), p.emergency ? [" ", emergencyBadge()] : null),
                h("td", null, p.payee),
                h("td", { class: "num" }, yuan(p.amountFen)),
                h("td", null, paymentStatusBadge(p.status)),
              ),
            ),
          ),
        ),
  );
}

function spendingCard(f: FundOverview): HTMLElement {
  return h(
    "section",
    { class: "card" },
    h("h2", null, t("fund.spending")),
    bars(t("fund.byMonth"), f.spendingByMonth.map((m) => ({ label: m.month, fen: m.fen })), "fund-by-month"),
    bars(t("fund.byCategory"), f.spendingByCategory.map((c) => ({ label: lang() === "zh-CN" ? c.name["zh-CN"] : c.name.en, fen: c.fen })), "fund-by-category"),
  );
}

function emergenciesCard(plans: readonly FundPlanSummary[]): HTMLElement {
  return h(
    "section",
    { class: "card", testid: "fund-emergencies" },
    h("h2", null, t("fund.emergencies")),
    plans.length === 0
      ? h("p", { class: "empty" }, t("fund.noEmergencies"))
      : h(
          "ul",
          { class: "plain-list" },
          plans.map((p) =>
            h(
              "li",
              { testid: `fund-emergency-${p.planId}` },
              emergencyBadge(),
              " ",
              h("a", { href: `#/fund/plans/${p.planId}` }, t("fund.planN", { n: p.planId }), " ", categoryLabel(p.category)),
              " · ",
              p.payee,
              " · ",
              yuan(p.postedFen),
              h("br"),
              p.reportHash
                ? h("span", { class: "pill pill-ok" }, `✓ ${t("fund.reportPublished")}`)
                : p.reportOverdue
                  ? h("span", { class: "pill pill-no", testid: "report-overdue" }, `! ${t("fund.reportOverdue")}`)
                  : h("span", null, t("fund.reportDue", { time: formatTime(p.reportDue) })),
            ),
          ),
        ),
  );
}

function topUpCard(f: FundOverview): HTMLElement {
  return h(
    "section",
    { class: "card" },
    h("h2", null, t("fund.topUpDue")),
    h("p", { class: "hint" }, t("fund.topUpRule")),
    f.topUpDue.length === 0
      ? h("p", { class: "empty" }, t("fund.noTopUp"))
      : h(
          "table",
          { testid: "fund-topups" },
          h("thead", null, h("tr", null, ["fund.unit", "fund.balance", "fund.firstDeposit", "fund.needed", "fund.flaggedSince"].map((k) => h("th", { scope: "col" }, t(k))))),
          h(
            "tbody",
            null,
            f.topUpDue.map((u) =>
              h(
                "tr",
                null,
                h("th", { scope: "row" }, h("a", { href: `#/fund/units/${u.unitId}` }, u.label)),
                h("td", { class: "num" }, yuan(u.balanceFen)),
                h("td", { class: "num" }, yuan(u.firstDepositFen)),
                h("td", { class: "num" }, yuan(u.neededFen)),
                h("td", null, u.flaggedSince === null ? "—" : formatTime(u.flaggedSince)),
              ),
            ),
          ),
        ),
    f.toppedUp.length === 0
      ? null
      : h(
          "details",
          { testid: "fund-topped-up" },
          h("summary", null, t("fund.toppedUp", { n: f.toppedUp.length })),
          h(
            "table",
            null,
            h("thead", null, h("tr", null, ["fund.unit", "fund.flaggedAt", "fund.clearedAt", "fund.clearedBy"].map((k) => h("th", { scope: "col" }, t(k))))),
            h(
              "tbody",
              null,
              f.toppedUp.map((p) =>
                h(
                  "tr",
                  { testid: `fund-topped-up-${p.unitId}` },
                  h("th", { scope: "row" }, h("a", { href: `#/fund/units/${p.unitId}` }, p.label)),
                  h("td", null, formatTime(p.flaggedAt)),
                  h("td", null, p.clearedAt === null ? "—" : formatTime(p.clearedAt)),
                  h("td", null, topUpClearedBy(p.clearedBy)),
                ),
              ),
            ),
          ),
        ),
  );
}


/** A statement's reconciliation: the ledger's balance against what the custodian's bank confirmed. */
export function reconciliation(s: FundStatementSummary): HTMLElement {
  return facts(
    [
      [t("fund.ledgerBalance"), yuan(s.ledgerBalanceFen)],
      [t("fund.bankBalance"), s.bankBalanceFen === null ? t("fund.notConfirmed") : yuan(s.bankBalanceFen)],
      [t("fund.difference"), s.differenceFen === null ? "—" : yuan(s.differenceFen)],
      [
        t("fund.reconciled"),
        s.reconciled === null
          ? t("fund.notConfirmed")
          : s.reconciled
            ? h("span", { class: "pill pill-ok", testid: "reconciled", "data-reconciled": "true" }, `✓ ${t("fund.reconciledYes")}`)
            : h("span", { class: "pill pill-no", testid: "reconciled", "data-reconciled": "false" }, `✗ ${t("fund.reconciledNo")}`),
      ],
    ],
    `reconciliation-${s.statementId}`,
  );
}

function statementCard(s: FundStatementSummary): HTMLElement {
  return h(
    "section",
    { class: "card", testid: "fund-last-statement" },
    h("h2", null, t("fund.lastStatement")),
    h("p", null, h("a", { href: `#/fund/statements/${s.statementId}` }, t("fund.statementN", { n: s.statementId })), " · ", t("fund.period", { from: formatTime(s.periodStart), to: formatTime(s.periodEnd) })),
    reconciliation(s),
  );
}

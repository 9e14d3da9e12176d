/**
 * `#/fund/plans/:id`: a spending plan, its documents' hashes and the files kept for it, each
 * payment (its files too) and how it was apportioned, and the owners' ratings.
 */
import { api, type FundPlanDetail } from "../api";
import { h, replace } from "../dom";
import { formatAreaM2, formatTime } from "../format";
import { errorText, t } from "../i18n";
import type { Page } from "../page";
import { yuan } from "../fund/money";
import { categoryLabel, emergencyBadge, errorBox, facts, fundCommunityId, fundLinks, hashText, paymentStatusBadge } from "./fundCommon";
import { ratingsCard } from "./fundRating";
import { recordDocuments } from "./recordDocuments";
import "../fund/fund.css";

export function renderFundPlan(root: HTMLElement, page: Page, planId: string): void {
  const body = h("div", { class: "stack", "aria-busy": "true" }, h("p", { class: "loading" }, t("common.loading")));
  replace(root, fundLinks(), h("h1", { testid: "plan-title" }, t("fund.planN", { n: planId })), body);
  const load = async () => {
    try {
      const communityId = await fundCommunityId();
      const d = await api.fundPlan(communityId, planId);
      if (!page.alive) return;
      body.removeAttribute("aria-busy");
      replace(body, planCard(page, communityId, d), d.payments.map((p) => paymentCard(page, communityId, d, p)), ratingsCard(d, page, communityId, () => void load()));
    } catch (err) {
      if (!page.alive) return;
      body.removeAttribute("aria-busy");
      replace(body, errorBox(errorText(err)));
    }
  };
  void load();
}

function planCard(page: Page, communityId: string, d: FundPlanDetail): HTMLElement {
  const p = d.plan;
  return h(
    "section",
    { class: "card", testid: "plan", "data-emergency": String(p.emergency) },
    h("h2", null, p.emergency ? [emergencyBadge(), " "] : null, categoryLabel(p.category)),
    facts([
      [
        t("fund.planKind"),
        p.proposalId !== null
          ? h("a", { href: `#/proposals/${p.proposalId}`, testid: "plan-proposal" }, t("fund.votedBy", { n: p.proposalId }))
          : t("fund.emergencyPlan"),
      ],
      [t("fund.payee"), p.payee],
      [t("fund.budget"), yuan(p.budgetFen)],
      [t("fund.cap"), yuan(p.capFen)],
      [t("fund.committed"), yuan(p.committedFen)],
      [t("fund.posted"), yuan(p.postedFen)],
      [t("fund.scope"), `${t("fund.units", { n: p.unitCount })} · ${formatAreaM2(p.scopeAreaCm2)}`],
      [t("fund.createdAt"), formatTime(p.createdAt)],
      p.emergency ? [t("fund.reportDueAt"), formatTime(p.reportDue)] : null,
      p.emergency
        ? [
            t("fund.report"),
            p.reportHash
              ? h("span", null, h("span", { class: "pill pill-ok" }, `✓ ${t("fund.reportPublished")}`), " ", hashText(p.reportHash))
              : p.reportOverdue
                ? h("span", { class: "pill pill-no", testid: "report-overdue" }, `! ${t("fund.reportOverdue")}`)
                : t("fund.reportNotYet"),
          ]
        : null,
      [t("fund.accepted"), p.accepted ? t("common.yes") : t("common.no")],
    ]),
    h("h3", null, t("fund.documents")),
    facts([
      [t("fund.doc.text"), hashText(p.textHash)],
      [t("fund.doc.quote"), hashText(p.quoteHash)],
      [t("fund.doc.contract"), hashText(p.contractHash)],
    ], "plan-documents"),
    recordDocuments(page, communityId, `plan:${p.planId}`, "plan-files"),
  );
}

function paymentCard(page: Page, communityId: string, d: FundPlanDetail, p: FundPlanDetail["payments"][number]): HTMLElement {
  return h(
    "section",
    { class: "card", testid: `plan-payment-${p.paymentId}` },
    h("h2", null, t("fund.paymentN", { n: p.number }), " ", paymentStatusBadge(p.status)),
    facts([
      [t("fund.amount"), yuan(p.amountFen)],
      [t("fund.heldAt"), formatTime(p.heldAt)],
      p.settledAt ? [t("fund.settledAt"), formatTime(p.settledAt)] : null,
      [t("fund.doc.invoice"), hashText(p.invoiceHash)],
      [t("fund.doc.acceptance"), hashText(p.acceptanceHash)],
      p.bankRecordHash ? [t("fund.doc.bank"), hashText(p.bankRecordHash)] : null,
    ]),
    recordDocuments(page, communityId, `payment:${p.paymentId}`, `payment-files-${p.paymentId}`),
    h(
      "details",
      null,
      h("summary", null, t("fund.apportionment", { n: d.scope.length })),
      h(
        "table",
        { class: "apportion", testid: `apportion-${p.paymentId}` },
        h("caption", null, t("fund.apportionCaption", { amount: yuan(p.amountFen) })),
        h("thead", null, h("tr", null, ["fund.unit", "fund.area", "fund.share"].map((k) => h("th", { scope: "col" }, t(k))))),
        h(
          "tbody",
          null,
          d.scope.map((u, i) =>
            h(
              "tr",
              null,
              h("th", { scope: "row" }, h("a", { href: `#/fund/units/${u.unitId}` }, u.label), u.developerHeld ? [" ", h("span", { class: "badge badge-developer" }, t("fund.developerHeld"))] : null),
              h("td", { class: "num" }, formatAreaM2(u.areaCm2)),
              h("td", { class: "num" }, yuan(p.shares[i] ?? "0")),
            ),
          ),
        ),
      ),
    ),
  );
}

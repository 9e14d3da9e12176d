/**
 * `#/fund/units/:unitId` (我的房屋): one unit's sub-account, every entry, each payment share
 * computed in plain words, and a check in this browser against the chain (./fundUnitCheck.ts).
 */
import { api, type UnitFund, type UnitFundEntry } from "../api";
import { h, replace } from "../dom";
import { formatAreaM2, formatTime, groupDigits, shortHash } from "../format";
import { errorText, t } from "../i18n";
import type { Page } from "../page";
import { exactYuan, signedYuan, yuan } from "../fund/money";
import { categoryLabel, emergencyBadge, errorBox, facts, fundCommunityId, fundLinks, topUpClearedBy } from "./fundCommon";
import { unitCheckCard } from "./fundUnitCheck";
import "../fund/fund.css";

export function renderFundUnit(root: HTMLElement, page: Page, unitId: number): void {
  const body = h("div", { class: "stack", "aria-busy": "true" }, h("p", { class: "loading" }, t("common.loading")));
  replace(root, fundLinks(), h("h1", null, t("fund.myUnit")), body);
  void (async () => {
    try {
      const communityId = await fundCommunityId();
      const u = await api.fundUnit(communityId, unitId);
      if (!page.alive) return;
      body.removeAttribute("aria-busy");
      replace(body, summaryCard(u), sharesCard(u), entriesCard(u), unitCheckCard(page, communityId, u));
    } catch (err) {
      if (!page.alive) return;
      body.removeAttribute("aria-busy");
      replace(body, errorBox(errorText(err)));
    }
  })();
}

function summaryCard(u: UnitFund): HTMLElement {
  return h(
    "section",
    { class: "card", testid: "unit-summary" },
    h("h2", { testid: "unit-label" }, u.label),
    h("p", { class: "big-figure" }, t("fund.balance"), " ", h("strong", { testid: "unit-balance" }, yuan(u.balanceFen))),
    facts([
      [t("fund.building"), t("fund.buildingN", { n: u.buildingId })],
      [t("fund.area"), formatAreaM2(u.areaCm2)],
      [t("fund.firstDeposit"), yuan(u.firstDepositFen)],
      [
        t("fund.topUp"),
        u.needsTopUp
          ? h("span", { class: "pill pill-no", testid: "unit-topup" }, t("fund.topUpNeeded", { amount: yuan(u.topUpNeededFen) }))
          : h("span", { testid: "unit-topup" }, t("fund.topUpNotNeeded")),
      ],
      u.developerHeld ? [t("fund.owner"), t("fund.developerHeld")] : null,
      u.closed ? [t("fund.closed"), t("common.yes")] : null,
    ]),
    u.topUpHistory.length === 0
      ? null
      : [
          h("h3", null, t("fund.topUpHistory")),
          h(
            "ul",
            { class: "topup-history", testid: "unit-topup-history" },
            u.topUpHistory.map((p) =>
              h(
                "li",
                { "data-cleared": String(p.clearedAt !== null) },
                t("fund.topUpPeriod", { at: formatTime(p.flaggedAt), balance: yuan(p.balanceFen), first: yuan(p.firstDepositFen) }),
                " ",
                p.clearedAt === null ? h("strong", null, t("fund.stillDue")) : t("fund.topUpEnded", { at: formatTime(p.clearedAt), by: topUpClearedBy(p.clearedBy) }),
              ),
            ),
          ),
        ],
  );
}

/** "本次付款 ¥360,000.00 由 5 栋 66 户按面积分摊：…本户承担 ¥5,806.35". */
export function shareSentence(e: UnitFundEntry): string {
  const s = e.share;
  if (!s) return "";
  const params = {
    payment: yuan(s.paymentFen),
    units: groupDigits(s.scopeUnitCount),
    scopeArea: formatAreaM2(s.scopeAreaCm2),
    unitArea: formatAreaM2(s.unitAreaCm2),
    exact: exactYuan(s.exactShareFen),
    share: yuan(s.shareFen),
    before: formatAreaM2(s.areaBeforeCm2),
  };
  const rounding = BigInt(s.remainderFen) > 0n ? t("fund.share.remainder", params) : t("fund.share.noRemainder", params);
  const voided = e.kind === "void" ? ` ${t("fund.share.voided")}` : "";
  return `${t("fund.share.sentence", params)}${rounding}${voided}`;
}

function sharesCard(u: UnitFund): HTMLElement {
  const shares = u.entries.filter((e) => e.share !== null && e.kind === "hold");
  return h(
    "section",
    { class: "card", testid: "unit-shares" },
    h("h2", null, t("fund.sharesTitle")),
    h("p", { class: "hint" }, t("fund.shareRule")),
    shares.length === 0
      ? h("p", { class: "empty" }, t("fund.noShares"))
      : h(
          "ul",
          { class: "plain-list share-list" },
          shares.map((e) => {
            const s = e.share!;
            return h(
              "li",
              { testid: `unit-share-${s.paymentId}`, "data-plan": s.planId, "data-share-fen": s.shareFen },
              h("p", null, h("strong", null, h("a", { href: `#/fund/plans/${s.planId}` }, t("fund.planN", { n: s.planId }), " ", categoryLabel(s.category))), s.emergency ? [" ", emergencyBadge()] : null, " · ", s.payee, " · ", e.date),
              h("p", { class: "share-sentence" }, shareSentence(e)),
            );
          }),
        ),
  );
}

function entriesCard(u: UnitFund): HTMLElement {
  return h(
    "section",
    { class: "card" },
    h("h2", null, t("fund.entries", { n: u.entries.length })),
    h(
      "table",
      { testid: "unit-entries" },
      h("thead", null, h("tr", null, ["fund.date", "fund.entryKind", "fund.amount", "fund.balanceAfter", "fund.tx"].map((k) => h("th", { scope: "col" }, t(k))))),
      h(
        "tbody",
        null,
        u.entries.map((e) =>
          h(
            "tr",
            { testid: `unit-entry-${e.seq}`, "data-kind": e.kind },
            h("td", null, h("time", { datetime: e.date, title: formatTime(e.time) }, e.date)),
            h("td", null, t(`fund.kind.${e.kind}`), e.share?.emergency ? [" ", emergencyBadge()] : null),
            h("td", { class: "num" }, signedYuan(e.amountFen)),
            h("td", { class: "num" }, yuan(e.balanceAfterFen)),
            h("td", null, h("code", { title: e.txHash }, shortHash(e.txHash))),
          ),
        ),
      ),
    ),
  );
}

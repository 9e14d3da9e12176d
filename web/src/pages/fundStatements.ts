/** `#/fund/statements`: the statements the committee published, each with the custodian's confirmation. */
import { api } from "../api";
import { h, replace } from "../dom";
import { formatTime, groupDigits } from "../format";
import { errorText, t } from "../i18n";
import type { Page } from "../page";
import { yuan } from "../fund/money";
import { errorBox, fundCommunityId, fundLinks } from "./fundCommon";
import { reconciliation } from "./fund";
import "../fund/fund.css";

export function renderFundStatements(root: HTMLElement, page: Page): void {
  const body = h("div", { class: "stack", "aria-busy": "true" }, h("p", { class: "loading" }, t("common.loading")));
  replace(root, fundLinks(), h("h1", null, t("fund.statements.title")), h("p", { class: "lead" }, t("fund.statements.lead")), body);
  void (async () => {
    try {
      const list = await api.fundStatements(await fundCommunityId());
      if (!page.alive) return;
      body.removeAttribute("aria-busy");
      replace(
        body,
        list.length === 0
          ? h("p", { class: "empty" }, t("fund.statements.none"))
          : [...list].reverse().map((s) =>
              h(
                "section",
                { class: "card", testid: `statement-${s.statementId}` },
                h("h2", null, h("a", { href: `#/fund/statements/${s.statementId}`, testid: `statement-link-${s.statementId}` }, t("fund.statementN", { n: s.statementId }))),
                h("p", null, t("fund.period", { from: formatTime(s.periodStart), to: formatTime(s.periodEnd) })),
                h("p", null, t("fund.statements.lines", { n: groupDigits(s.lineCount), total: yuan(s.totalFen) })),
                reconciliation(s),
              ),
            ),
      );
    } catch (err) {
      if (!page.alive) return;
      body.removeAttribute("aria-busy");
      replace(body, errorBox(errorText(err)));
    }
  })();
}

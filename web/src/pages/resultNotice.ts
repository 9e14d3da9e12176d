/**
 * `#/notice/result/<id>`: the public notice (公示) of a vote's result, laid out to print on A4: the
 * facts in Chinese (../resultNotice.ts), the tally of every option, and a QR code of the
 * proposal's verify page with the node and the contracts in its link (verifyLink.ts), so the
 * sheet on the lobby board can be checked with a phone against the chain.
 */
import { api, ApiError } from "../api";
import { h, messageBox, replace } from "../dom";
import { t } from "../i18n";
import type { Page } from "../page";
import { RESULT_HOW_TO_ZH, resultNoticeFacts } from "../resultNotice";
import { noticeSheet } from "./noticeSheet";
import { verifyLinkHash } from "./verifyLink";

export function renderResultNotice(root: HTMLElement, page: Page, id: string): void {
  const msg = messageBox("result-notice-message");
  const body = h("div", { testid: "result-notice-body" }, h("p", { class: "loading" }, t("common.loading")));
  replace(root, h("div", { class: "no-print" }, h("p", null, h("a", { href: `#/proposals/${id}`, class: "back" }, `← ${t("resultNotice.back")}`)), msg.el), body);

  void (async () => {
    let p;
    let cfg;
    try {
      [p, cfg] = await Promise.all([api.proposal(id), api.config()]);
    } catch (err) {
      if (!page.alive) return;
      replace(body);
      msg.show(err instanceof ApiError && err.status === 404 ? t("resultNotice.noProposal", { id }) : t("error.network"), "error");
      return;
    }
    if (!page.alive) return;
    const facts = resultNoticeFacts(p);
    if (!facts) {
      replace(body);
      msg.show(t("resultNotice.notTallied"), "info");
      return;
    }
    const url = `${location.origin}${location.pathname}${verifyLinkHash(id, { rpcUrl: cfg.rpcUrl, registry: cfg.registry, voting: cfg.voting, fromBlock: cfg.deployBlock, chainId: cfg.chainId })}`;
    const sheet = await noticeSheet({
      testid: "result-notice",
      title: facts.title,
      rows: facts.rows,
      url,
      howTo: RESULT_HOW_TO_ZH,
      data: { outcome: p.outcome ?? "" },
      // a plain table: tableScroll.ts boxes it (a scrolling region in the tab order while it is wider than the screen)
      extra: h(
        "table",
        { class: "notice-tally", testid: "result-notice-tally" },
        h("caption", null, "各选项的得票（专有面积与人数）"),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "选项"), h("th", { scope: "col" }, "专有面积"), h("th", { scope: "col" }, "人数"))),
        h("tbody", null, facts.options.map(([name, area, heads]) => h("tr", null, h("th", { scope: "row" }, name), h("td", null, area), h("td", null, heads)))),
      ),
    });
    if (!page.alive) return;
    replace(body, ...sheet);
  })();
}

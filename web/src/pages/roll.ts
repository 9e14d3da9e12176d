/** `#/proposals/:id/roll`: the electorate roll (业主名册), paged, with an address search. */
import { isAddress } from "viem";
import { api, type RollPage } from "../api";
import { busy, field, h, messageBox, replace } from "../dom";
import { formatAreaM2, groupDigits, shortAddress } from "../format";
import { errorText, t } from "../i18n";
import { activeAddress } from "../keys";
import type { Page } from "../page";

const PAGE_SIZE = 50;

export function renderRoll(root: HTMLElement, page: Page, id: string): void {
  const totals = h("section", { class: "card", testid: "roll-totals" }, h("p", { class: "loading" }, t("common.loading")));
  const searchResult = h("div", { testid: "roll-search-result", "aria-live": "polite" });
  const msg = messageBox("roll-search-message");
  const input = h("input", {
    type: "search",
    testid: "roll-search-input",
    placeholder: "0x…",
    autocomplete: "off",
    spellcheck: "false",
    value: activeAddress() ?? "",
  });
  const searchButton = h("button", { type: "submit", class: "button", testid: "roll-search-submit" }, t("roll.search"));
  const form = h(
    "form",
    { class: "search" },
    field(t("roll.searchLabel"), input, t("roll.searchHint")),
    searchButton,
  );
  const table = h("div", { class: "roll-table" });
  const pager = h("div", { class: "pager" });

  replace(
    root,
    h("p", null, h("a", { href: `#/proposals/${id}`, class: "back" }, `← ${t("roll.back")}`)),
    h("h1", null, t("roll.title", { id })),
    h("p", { class: "lead" }, t("roll.lead")),
    totals,
    h("section", { class: "card" }, h("h2", null, t("roll.findMine")), form, msg.el, searchResult),
    h("section", { class: "card" }, h("h2", null, t("roll.all")), table, pager),
  );

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(searchButton, async () => {
      msg.clear();
      replace(searchResult);
      const address = input.value.trim();
      if (!isAddress(address, { strict: false })) {
        msg.show(t("roll.badAddress"), "error");
        return;
      }
      try {
        const entries = await api.voters(id, address);
        if (!page.alive) return;
        if (entries.length === 0) {
          msg.show(t("roll.notFound"), "error");
          return;
        }
        replace(
          searchResult,
          entries.map((e) =>
            h(
              "div",
              { class: "entry found", testid: `roll-found-${e.entryId}` },
              h("div", { class: "entry-units" }, e.unitLabels.join("、")),
              h(
                "dl",
                { class: "facts" },
                h("dt", null, t("roll.entryId")),
                h("dd", null, String(e.entryId)),
                h("dt", null, t("roll.area")),
                h("dd", null, formatAreaM2(e.areaCm2)),
                h("dt", null, t("roll.headcount")),
                h("dd", null, String(e.headcount)),
                h("dt", null, t("roll.role")),
                h("dd", null, t(`role.${e.role}`)),
              ),
            ),
          ),
        );
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    })();
  });

  let offset = 0;
  async function load(): Promise<void> {
    table.setAttribute("aria-busy", "true");
    let data: RollPage;
    try {
      data = await api.roll(id, offset, PAGE_SIZE);
    } catch (err) {
      if (!page.alive) return;
      replace(totals, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
      return;
    }
    if (!page.alive) return;
    table.removeAttribute("aria-busy");
    replace(
      totals,
      h("h2", null, t("roll.totals")),
      h(
        "dl",
        { class: "facts" },
        h("dt", null, t("proposal.owners")),
        h("dd", { testid: "roll-total-headcount" }, t("proposal.ownersValue", { n: groupDigits(data.totalHeadcount) })),
        h("dt", null, t("proposal.area")),
        h("dd", { testid: "roll-total-area" }, formatAreaM2(data.totalAreaCm2)),
        h("dt", null, t("proposal.entries")),
        h("dd", null, groupDigits(data.entryCount)),
        h("dt", null, t("roll.root")),
        h("dd", null, h("code", { class: "wrap" }, data.rollRoot)),
      ),
      h("p", { class: "hint" }, t("roll.rootHint"), " ", h("a", { href: `#/verify/${id}` }, t("proposal.verifyLink"))),
    );
    replace(
      table,
      h(
        "table",
        { class: "roll" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, t("roll.entryId")),
            h("th", { scope: "col" }, t("roll.units")),
            h("th", { scope: "col" }, t("roll.area")),
            h("th", { scope: "col" }, t("roll.headcount")),
            h("th", { scope: "col" }, t("roll.voters")),
          ),
        ),
        h(
          "tbody",
          null,
          data.entries.map((e) =>
            h(
              "tr",
              { testid: `roll-entry-${e.entryId}` },
              h("td", null, String(e.entryId)),
              h("td", null, e.unitLabels.join("、")),
              h("td", { class: "num" }, formatAreaM2(e.areaCm2)),
              h("td", { class: "num" }, String(e.headcount)),
              h(
                "td",
                null,
                e.voters.length === 0
                  ? h("span", { class: "meta" }, t("roll.noVoter"))
                  : e.voters.map((v) => h("code", { title: v, class: "addr" }, shortAddress(v))),
              ),
            ),
          ),
        ),
      ),
    );
    const from = data.entryCount === 0 ? 0 : offset + 1;
    const to = Math.min(offset + PAGE_SIZE, data.entryCount);
    const prev = h("button", { type: "button", class: "button secondary", testid: "roll-prev", disabled: offset === 0 }, `← ${t("roll.prev")}`);
    const next = h("button", { type: "button", class: "button secondary", testid: "roll-next", disabled: to >= data.entryCount }, `${t("roll.next")} →`);
    prev.addEventListener("click", () => {
      offset = Math.max(0, offset - PAGE_SIZE);
      void load();
    });
    next.addEventListener("click", () => {
      offset += PAGE_SIZE;
      void load();
    });
    replace(pager, prev, h("span", { class: "meta" }, t("roll.showing", { from, to, total: groupDigits(data.entryCount) })), next);
  }
  void load();
}

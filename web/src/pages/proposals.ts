/** `#/`: every community and its proposals. */
import { api, type Community, type ProposalSummary } from "../api";
import { h, replace } from "../dom";
import { formatAreaM2, formatTime, groupDigits } from "../format";
import { errorText, t } from "../i18n";
import type { Page } from "../page";
import { matterLabel, outcomeBadge, statusBadge } from "./common";

/** The list refreshes itself: statuses change with the chain's clock and new proposals appear. */
const REFRESH_MS = 10_000;

export function renderProposals(root: HTMLElement, page: Page): void {
  const list = h("div", { class: "stack", "aria-busy": "true" }, h("p", { class: "loading" }, t("common.loading")));
  replace(root, h("h1", null, t("list.title")), h("p", { class: "lead" }, t("list.lead")), list);

  let last = "";
  page.every(REFRESH_MS, async () => {
    try {
      const communities = await api.communities();
      const withProposals = await Promise.all(
        communities.map(async (c) => ({ c, proposals: await api.proposals(c.id) })),
      );
      if (!page.alive) return;
      const key = JSON.stringify(withProposals);
      if (key === last) return;
      last = key;
      list.removeAttribute("aria-busy");
      if (communities.length === 0) {
        replace(list, h("p", { class: "empty" }, t("list.noCommunities")));
        return;
      }
      replace(list, withProposals.map(({ c, proposals }) => communityCard(c, proposals)));
    } catch (err) {
      if (!page.alive) return;
      last = "";
      list.removeAttribute("aria-busy");
      replace(list, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
    }
  });
}

function communityCard(c: Community, proposals: ProposalSummary[]): HTMLElement {
  return h(
    "section",
    { class: "card", testid: `community-${c.id}` },
    h("h2", null, c.name),
    h(
      "p",
      { class: "meta" },
      t("list.communityMeta", { buildings: c.buildingCount, units: groupDigits(c.unitCount) }),
    ),
    proposals.length === 0
      ? h("p", { class: "empty" }, t("list.noProposals"))
      : h(
          "ul",
          { class: "proposal-list" },
          proposals.map((p) =>
            h(
              "li",
              null,
              h(
                "a",
                { href: `#/proposals/${p.id}`, class: "proposal-link", testid: `proposal-link-${p.id}` },
                h("span", { class: "proposal-title" }, p.title),
                h(
                  "span",
                  { class: "proposal-tags" },
                  statusBadge(p.status, `proposal-status-${p.id}`),
                  p.outcome ? outcomeBadge(p.outcome) : null,
                  h("span", { class: "matter-tag" }, matterLabel(p.matter)),
                ),
                h(
                  "span",
                  { class: "meta" },
                  p.status === "notice"
                    ? t("list.opensAt", { time: formatTime(p.votingStart) })
                    : p.status === "voting"
                      ? t("list.closesAt", { time: formatTime(p.votingEnd) })
                      : t("list.closedAt", { time: formatTime(p.votingEnd) }),
                  " · ",
                  t("list.electorate", { count: groupDigits(p.entryCount), area: formatAreaM2(p.totalAreaCm2) }),
                ),
              ),
            ),
          ),
        ),
  );
}

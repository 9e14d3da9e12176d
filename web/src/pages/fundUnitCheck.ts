/**
 * The unit page's "Check in this browser": reads the community's FundLedger events from a node
 * the user may change (default: /api/config), replays them, reads the contract's accountOf, and
 * shows what ../fund/checkUnit.ts found.
 */
import { isAddress, type Address } from "viem";
import { api, type UnitFund } from "../api";
import { busy, field, h, messageBox, replace } from "../dom";
import { groupDigits } from "../format";
import { errorText, t } from "../i18n";
import type { Page } from "../page";
import type { UnitCheckResult, UnitDifference } from "../fund/checkUnit";
import { yuan } from "../fund/money";

const AMOUNT_FIELDS = new Set(["contractBalance", "contractFirstDeposit", "apiBalance", "apiFirstDeposit", "entryAmount", "entryBalanceAfter", "shareFen", "sharePayment", "shareRemainder"]);

function value(d: UnitDifference, v: string | null): string {
  if (v === null) return t("fund.check.nothing");
  return AMOUNT_FIELDS.has(d.field) && /^-?\d+$/.test(v) ? yuan(v) : v;
}

function differenceItem(d: UnitDifference): HTMLElement {
  const claimedBy = d.field.startsWith("contract") ? t("fund.check.contract") : t("fund.check.api");
  return h(
    "li",
    { "data-field": d.field },
    d.seq === null ? null : `${t("fund.check.entry", { n: d.seq })} `,
    t(`fund.check.field.${d.field}`),
    `: ${claimedBy} ${value(d, d.claimed)}, ${t("fund.check.replay")} ${value(d, d.replayed)}`,
  );
}

function resultCard(r: UnitCheckResult, eventCount: number, head: bigint, rpcUrl: string): HTMLElement {
  return h(
    "div",
    { class: `verdict ${r.ok ? "ok" : "bad"}`, testid: "unit-check-verdict", "data-ok": String(r.ok), role: "status" },
    h("h3", null, r.ok ? `✓ ${t("fund.check.match")}` : `✗ ${t("fund.check.mismatch", { n: r.differences.length })}`),
    h("p", null, t("fund.check.read", { events: groupDigits(eventCount), block: groupDigits(head), rpc: rpcUrl })),
    h(
      "ul",
      null,
      h("li", { testid: "unit-check-contract" }, t("fund.check.contractLine", { chain: yuan(r.contractBalanceFen), replay: r.replayBalanceFen === null ? "—" : yuan(r.replayBalanceFen) })),
      h("li", { testid: "unit-check-api" }, t("fund.check.apiLine", { api: yuan(r.apiBalanceFen), entries: r.entriesCompared, shares: r.sharesCompared })),
    ),
    r.differences.length === 0 ? null : h("ul", { class: "problems", testid: "unit-check-differences" }, r.differences.map(differenceItem)),
  );
}

export function unitCheckCard(page: Page, communityId: string, unit: UnitFund): HTMLElement {
  const rpc = h("input", { type: "url", testid: "unit-check-rpc", spellcheck: "false" });
  const fundAddress = h("input", { type: "text", testid: "unit-check-fund", spellcheck: "false" });
  const fromBlock = h("input", { type: "number", min: 0, testid: "unit-check-from-block", value: "0" });
  const run = h("button", { type: "submit", class: "button big", testid: "unit-check-run" }, t("fund.check.run"));
  const msg = messageBox("unit-check-message");
  const results = h("div", { "aria-live": "polite", testid: "unit-check-results" });
  const form = h(
    "form",
    { class: "verify-form" },
    field(t("verify.rpc"), rpc, t("fund.check.rpcHint")),
    h("details", null, h("summary", null, t("verify.advanced")), field(t("fund.check.fundAddress"), fundAddress), field(t("verify.fromBlock"), fromBlock)),
    run,
    msg.el,
  );
  void api
    .config()
    .then((c) => {
      if (!page.alive) return;
      if (rpc.value === "") rpc.value = c.rpcUrl;
      if (fundAddress.value === "") fundAddress.value = c.fund;
      fromBlock.value = c.deployBlock;
    })
    .catch((err: unknown) => msg.show(`${t("verify.noDefaults")} ${errorText(err)}`, "info"));

  const check = async () => {
    msg.clear();
    const rpcUrl = rpc.value.trim();
    const address = fundAddress.value.trim();
    if (!/^https?:\/\//.test(rpcUrl)) return msg.show(t("verify.badRpc"), "error");
    if (!isAddress(address, { strict: false })) return msg.show(t("verify.badContract"), "error");
    if (!/^\d+$/.test(fromBlock.value.trim())) return msg.show(t("verify.badBlock"), "error");
    const status = h("p", { class: "loading", testid: "unit-check-progress" }, t("fund.check.reading"));
    replace(results, status);
    try {
      // loaded on demand: the chain client and the replay are only needed here
      const [{ readUnitOnChain }, { checkUnitAccount }] = await Promise.all([import("../fund/chainRead"), import("../fund/checkUnit")]);
      const onChain = await readUnitOnChain(rpcUrl, address as Address, BigInt(communityId), unit.unitId, BigInt(fromBlock.value.trim()), (done, total) => {
        status.textContent = t("verify.readingBlocks", { done: groupDigits(done), total: groupDigits(total) });
      });
      // the API's answer again, as it is now (the chain was read at its head)
      const fresh = await api.fundUnit(communityId, unit.unitId);
      if (!page.alive) return;
      replace(results, resultCard(checkUnitAccount(fresh, onChain.replay, onChain.account), onChain.eventCount, onChain.head, rpcUrl));
    } catch (err) {
      if (!page.alive) return;
      replace(results, h("p", { class: "message message-error", role: "alert", testid: "unit-check-error" }, t("verify.chainError"), h("br"), h("small", null, errorText(err))));
    }
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(run, check)();
  });
  return h("section", { class: "card", testid: "unit-check" }, h("h2", null, t("fund.check.title")), h("p", null, t("fund.check.lead")), form, results);
}

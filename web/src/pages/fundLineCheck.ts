/**
 * "Verify a line" on a statement page: the owner types the unit and the figures printed on their
 * line; the page computes the line hash and leaf, fetches the proof from the API, reads the
 * statement's root and total from FundReports' events on a node the user may change, and says
 * whether the printed line is the one committed on chain (../fund/verifyLine.ts).
 */
import { isAddress, type Address } from "viem";
import { api, type FundStatementSummary } from "../api";
import { busy, field, h, messageBox, replace } from "../dom";
import { groupDigits } from "../format";
import { errorText, t } from "../i18n";
import type { Page } from "../page";
import { parseYuan, yuan } from "../fund/money";
import type { LineVerification } from "../fund/verifyLine";

const FIGURES = ["opening", "deposited", "income", "used", "closing"] as const;
type Figure = (typeof FIGURES)[number];

function verdict(v: LineVerification, rpcUrl: string): HTMLElement {
  const c = v.chain;
  return h(
    "div",
    { class: `verdict ${v.ok ? "ok" : "bad"}`, testid: "line-check-verdict", "data-ok": String(v.ok), role: "status" },
    h("h3", null, v.ok ? `✓ ${t("fund.lineCheck.ok")}` : `✗ ${t("fund.lineCheck.bad")}`),
    v.ok ? h("p", null, t("fund.lineCheck.okDetail", { n: groupDigits(c.lineCount), total: yuan(c.totalFen) })) : null,
    v.problems.map((p) => h("p", { "data-problem": p }, t(`fund.lineCheck.problem.${p}`))),
    h(
      "p",
      { testid: "line-check-custodian" },
      c.bankBalanceFen === null
        ? t("fund.lineCheck.notConfirmed")
        : c.reconciled
          ? t("fund.lineCheck.reconciled", { bank: yuan(c.bankBalanceFen), ledger: yuan(c.ledgerBalanceFen) })
          : t("fund.lineCheck.notReconciled", { bank: yuan(c.bankBalanceFen), ledger: yuan(c.ledgerBalanceFen) }),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, t("fund.line.hash")),
      h("dd", null, h("code", { class: "wrap", testid: "line-check-hash" }, v.lineHash ?? "—")),
      h("dt", null, t("fund.lineCheck.leaf")),
      h("dd", null, h("code", { class: "wrap" }, v.leafHash ?? "—")),
      h("dt", null, t("fund.root")),
      h("dd", null, h("code", { class: "wrap" }, c.root)),
      h("dt", null, t("fund.lineCheck.node")),
      h("dd", null, rpcUrl),
    ),
  );
}

export function lineCheckCard(page: Page, communityId: string, s: FundStatementSummary): HTMLElement {
  const unit = h("input", { type: "text", testid: "line-check-unit", spellcheck: "false", autocomplete: "off" });
  const inputs = Object.fromEntries(
    FIGURES.map((f) => [f, h("input", { type: "text", inputmode: "decimal", testid: `line-check-${f}`, spellcheck: "false", autocomplete: "off" })]),
  ) as Record<Figure, HTMLInputElement>;
  const rpc = h("input", { type: "url", testid: "line-check-rpc", spellcheck: "false" });
  const reports = h("input", { type: "text", testid: "line-check-reports", spellcheck: "false" });
  const fromBlock = h("input", { type: "number", min: 0, testid: "line-check-from-block", value: "0" });
  const run = h("button", { type: "submit", class: "button big", testid: "line-check-run" }, t("fund.lineCheck.run"));
  const msg = messageBox("line-check-message");
  const results = h("div", { "aria-live": "polite", testid: "line-check-results" });
  void api
    .config()
    .then((c) => {
      if (!page.alive) return;
      if (rpc.value === "") rpc.value = c.rpcUrl;
      if (reports.value === "") reports.value = c.reports;
      fromBlock.value = c.deployBlock;
    })
    .catch((err: unknown) => msg.show(`${t("verify.noDefaults")} ${errorText(err)}`, "info"));

  const check = async () => {
    msg.clear();
    replace(results);
    const who = unit.value.trim();
    if (who === "") return msg.show(t("fund.lineCheck.noUnit"), "error");
    const figures = {} as Record<Figure, bigint>;
    for (const f of FIGURES) {
      const v = parseYuan(inputs[f].value);
      if (v === null) {
        inputs[f].focus();
        return msg.show(t("fund.lineCheck.badFigure", { what: t(`fund.line.${f}`) }), "error");
      }
      figures[f] = v;
    }
    const rpcUrl = rpc.value.trim();
    if (!/^https?:\/\//.test(rpcUrl)) return msg.show(t("verify.badRpc"), "error");
    if (!isAddress(reports.value.trim(), { strict: false })) return msg.show(t("verify.badContract"), "error");
    if (!/^\d+$/.test(fromBlock.value.trim())) return msg.show(t("verify.badBlock"), "error");
    replace(results, h("p", { class: "loading" }, t("fund.check.reading")));
    try {
      const unitId = /^\d{1,9}$/.test(who) ? Number(who) : (await api.room(communityId, who)).unit.unitId;
      const [proof, { readStatementOnChain }, { verifyPrintedLine }] = await Promise.all([
        api.fundLineProof(communityId, s.statementId, unitId),
        import("../fund/chainRead"),
        import("../fund/verifyLine"),
      ]);
      const onChain = await readStatementOnChain(rpcUrl, reports.value.trim() as Address, BigInt(communityId), BigInt(s.statementId), BigInt(fromBlock.value.trim()));
      if (!page.alive) return;
      if (onChain === null) {
        replace(results, h("p", { class: "message message-error", role: "alert", testid: "line-check-error" }, t("fund.lineCheck.noStatementOnChain", { n: s.statementId })));
        return;
      }
      const printed = {
        unitId,
        openingFen: figures.opening,
        depositedFen: figures.deposited,
        incomeFen: figures.income,
        usedFen: figures.used,
        closingFen: figures.closing,
      };
      replace(results, verdict(verifyPrintedLine(printed, proof, onChain), rpcUrl));
    } catch (err) {
      if (!page.alive) return;
      replace(results, h("p", { class: "message message-error", role: "alert", testid: "line-check-error" }, errorText(err)));
    }
  };
  const form = h(
    "form",
    { class: "verify-form line-check-form" },
    field(t("fund.lineCheck.unit"), unit, t("fund.findUnitHint")),
    h("div", { class: "figure-grid" }, FIGURES.map((f) => field(t(`fund.line.${f}`), inputs[f]))),
    h("details", null, h("summary", null, t("verify.advanced")), field(t("verify.rpc"), rpc), field(t("fund.lineCheck.reports"), reports), field(t("verify.fromBlock"), fromBlock)),
    run,
    msg.el,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(run, check)();
  });
  return h("section", { class: "card", testid: "line-check" }, h("h2", null, t("fund.lineCheck.title")), h("p", null, t("fund.lineCheck.lead")), form, results);
}

/**
 * `#/verify/:id`: checks a proposal against the chain itself, trusting NOT the API. The API is
 * asked only for default settings (which the user can change) and, at the end, its own figures
 * are compared with the chain's to show whether the index it serves is honest.
 */
import { isAddress } from "viem";
import type { Check, Problem, VerificationReport } from "../../../verifier/verifyProposal";
import { api, type ProposalDetail } from "../api";
import { busy, field, h, messageBox, replace, type Child } from "../dom";
import { formatAreaM2, groupDigits, shortHash } from "../format";
import { errorText, lang, t } from "../i18n";
import { activeAddress } from "../keys";
import type { Page } from "../page";
import { latestReceipts } from "./common";

const SETTINGS_KEY = "cl.verify.v1";

interface VerifySettings {
  rpcUrl: string;
  registry: string;
  voting: string;
  fromBlock: string;
}

function savedSettings(): Partial<VerifySettings> {
  try {
    return JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "{}") as Partial<VerifySettings>;
  } catch {
    return {};
  }
}

export function renderVerify(root: HTMLElement, page: Page, id: string): void {
  const rpc = h("input", { type: "url", testid: "verify-rpc", spellcheck: "false" });
  const registry = h("input", { type: "text", testid: "verify-registry", spellcheck: "false" });
  const voting = h("input", { type: "text", testid: "verify-voting", spellcheck: "false" });
  const fromBlock = h("input", { type: "number", min: 0, testid: "verify-from-block" });
  const address = h("input", { type: "text", testid: "verify-address", spellcheck: "false", placeholder: "0x…", value: activeAddress() ?? "" });
  const run = h("button", { type: "submit", class: "button big", testid: "verify-run" }, t("verify.run"));
  const reset = h("button", { type: "button", class: "button secondary", testid: "verify-reset" }, t("verify.reset"));
  const msg = messageBox("verify-message");
  const results = h("div", { class: "stack", testid: "verify-results", "aria-live": "polite" });

  const form = h(
    "form",
    { class: "verify-form" },
    field(t("verify.rpc"), rpc, t("verify.rpcHint")),
    h(
      "details",
      null,
      h("summary", null, t("verify.advanced")),
      field(t("verify.registry"), registry),
      field(t("verify.voting"), voting),
      field(t("verify.fromBlock"), fromBlock),
      reset,
    ),
    field(t("verify.address"), address, t("verify.addressHint")),
    run,
    msg.el,
  );

  replace(
    root,
    h("p", null, h("a", { href: `#/proposals/${id}`, class: "back" }, `← ${t("roll.back")}`)),
    h("h1", null, t("verify.title", { id })),
    h("p", { class: "lead" }, t("verify.lead")),
    h("section", { class: "card" }, form),
    results,
  );

  let defaults: VerifySettings | null = null;
  const fill = (s: Partial<VerifySettings>) => {
    rpc.value = s.rpcUrl ?? defaults?.rpcUrl ?? "";
    registry.value = s.registry ?? defaults?.registry ?? "";
    voting.value = s.voting ?? defaults?.voting ?? "";
    fromBlock.value = s.fromBlock ?? defaults?.fromBlock ?? "0";
  };
  reset.addEventListener("click", () => {
    localStorage.removeItem(SETTINGS_KEY);
    fill({});
  });

  async function verify(): Promise<void> {
    msg.clear();
    const settings: VerifySettings = {
      rpcUrl: rpc.value.trim(),
      registry: registry.value.trim(),
      voting: voting.value.trim(),
      fromBlock: fromBlock.value.trim() || "0",
    };
    if (!/^https?:\/\//.test(settings.rpcUrl)) return msg.show(t("verify.badRpc"), "error");
    if (!isAddress(settings.registry, { strict: false }) || !isAddress(settings.voting, { strict: false })) {
      return msg.show(t("verify.badContract"), "error");
    }
    if (!/^\d+$/.test(settings.fromBlock)) return msg.show(t("verify.badBlock"), "error");
    const who = address.value.trim();
    if (who !== "" && !isAddress(who, { strict: false })) return msg.show(t("roll.badAddress"), "error");
    // Remember what the user chose only if it differs from the defaults.
    if (defaults && JSON.stringify(settings) !== JSON.stringify(defaults)) localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));

    const status = h("p", { class: "loading", testid: "verify-progress" }, t("verify.reading"));
    replace(results, status);
    const expected = new Map<number, number>();
    if (who !== "") for (const r of latestReceipts(id, who)) expected.set(r.entryId, r.choice);

    let report: VerificationReport;
    try {
      // Loaded on demand: the verifier (roll builder, Merkle tree) is only needed on this page.
      const { verifyProposal } = await import("../../../verifier/verifyProposal");
      report = await verifyProposal({
        rpcUrl: settings.rpcUrl,
        registry: settings.registry as `0x${string}`,
        voting: settings.voting as `0x${string}`,
        fromBlock: BigInt(settings.fromBlock),
        proposalId: BigInt(id),
        address: who === "" ? undefined : (who.toLowerCase() as `0x${string}`),
        expectedChoices: expected,
        onProgress: (done, total) => {
          status.textContent = t("verify.readingBlocks", { done: groupDigits(done), total: groupDigits(total) });
        },
      });
    } catch (err) {
      if (!page.alive) return;
      replace(results, h("p", { class: "message message-error", role: "alert", testid: "verify-error" }, t("verify.chainError"), h("br"), h("small", null, shortError(err))));
      return;
    }
    if (!page.alive) return;

    // The API's own figures, compared with the chain (informative; a mismatch means a bad index).
    let apiView: ProposalDetail | null = null;
    let apiError: unknown = null;
    try {
      apiView = await api.proposal(id);
    } catch (err) {
      apiError = err;
    }
    if (!page.alive) return;
    renderReport(results, report, apiView, apiError);
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(run, verify)();
  });

  void (async () => {
    try {
      const cfg = await api.config();
      defaults = {
        rpcUrl: cfg.rpcUrl,
        registry: cfg.registry,
        voting: cfg.voting,
        fromBlock: String(cfg.deployBlock ?? "0"),
      };
    } catch (err) {
      msg.show(`${t("verify.noDefaults")} ${errorText(err)}`, "info");
    }
    if (!page.alive) return;
    fill(savedSettings());
    if (rpc.value && registry.value && voting.value) busy(run, verify)();
  })();
}

function shortError(err: unknown): string {
  const m = err instanceof Error ? ((err as { shortMessage?: string }).shortMessage ?? err.message) : String(err);
  return m.length > 300 ? `${m.slice(0, 300)}…` : m;
}

function problemText(p: Problem): string {
  const params = p.params ?? {};
  if ((p.code === "ROLL_BUILD_FAILED" || p.code === "COMPUTE_FAILED") && typeof params.zh === "string") {
    return `${t(`problem.${p.code}`)}: ${lang() === "zh-CN" ? params.zh : String(params.en)}`;
  }
  const key = `problem.${p.code}`;
  const text = t(key, params);
  return text === key ? `${p.code} ${JSON.stringify(params)}` : text;
}

function checkCard(testid: string, title: string, check: Check<unknown> | { ok: boolean; problems: readonly Problem[] }, explain: string, body: Child[], notes: Problem[] = []): HTMLElement {
  return h(
    "section",
    { class: `card verify-check ${check.ok ? "ok" : "bad"}`, testid, "data-ok": String(check.ok) },
    h("h2", null, h("span", { class: "check-icon", "aria-hidden": "true" }, check.ok ? "✓" : "✗"), " ", title, h("span", { class: "sr-only" }, check.ok ? t("verify.passed") : t("verify.failed"))),
    h("p", { class: "hint" }, explain),
    body,
    check.problems.length > 0
      ? h("ul", { class: "problems" }, check.problems.map((p) => h("li", { "data-code": p.code }, problemText(p))))
      : null,
    notes.length > 0 ? h("ul", { class: "notes" }, notes.map((p) => h("li", null, problemText(p)))) : null,
  );
}

function row(label: string, ...values: Child[]): HTMLElement[] {
  return [h("dt", null, label), h("dd", null, values)];
}

function renderReport(results: HTMLElement, report: VerificationReport, apiView: ProposalDetail | null, apiError: unknown): void {
  const options = report.proposal?.options ?? [];
  const optName = (i: number | null) => (i === null ? "—" : (options[i] ?? `#${i}`));

  // 1. roll
  const r = report.roll.details;
  const rollCard = checkCard(
    "verify-roll",
    t("verify.rollTitle"),
    report.roll,
    t("verify.rollExplain"),
    [
      h(
        "dl",
        { class: "facts" },
        row(t("verify.publishBlock"), r.publishBlock?.toString() ?? "—"),
        row(t("verify.registryState"), t("verify.registryStateValue", { units: groupDigits(r.unitCount), bindings: groupDigits(r.bindingCount) })),
        row(t("verify.excludeParking"), r.excludeParkingArea === null ? "—" : r.excludeParkingArea ? t("common.yes") : t("common.no")),
        row(t("verify.rootPublished"), h("code", { class: "wrap" }, r.published?.root ?? "—")),
        row(t("verify.rootRebuilt"), h("code", { class: "wrap" }, r.rebuilt?.root ?? "—")),
        row(t("proposal.area"), `${r.rebuilt ? formatAreaM2(r.rebuilt.totalAreaCm2) : "—"} / ${r.published ? formatAreaM2(r.published.totalAreaCm2) : "—"}`),
        row(t("proposal.owners"), `${r.rebuilt?.totalHeadcount ?? "—"} / ${r.published?.totalHeadcount ?? "—"}`),
        row(t("proposal.entries"), `${r.rebuilt?.entryCount ?? "—"} / ${r.published?.entryCount ?? "—"}`),
      ),
      h("p", { class: "meta" }, t("verify.rebuiltVsPublished")),
    ],
  );

  // 2. recount
  const rc = report.recount.details;
  const recountCard = checkCard("verify-recount", t("verify.recountTitle"), report.recount, t("verify.recountExplain"), [
    h("p", null, t("verify.recountSummary", { events: rc.ballotEvents, counted: rc.countedBallots })),
    h(
      "table",
      { class: "tallies" },
      h(
        "thead",
        null,
        h("tr", null, h("th", { scope: "col" }, t("tally.option")), h("th", { scope: "col" }, t("verify.recounted")), h("th", { scope: "col" }, t("verify.onChain")), h("th", { scope: "col" }, "")),
      ),
      h(
        "tbody",
        null,
        rc.recounted.map((x, i) => {
          const c = rc.onChain[i];
          const same = c !== undefined && c.areaCm2 === x.areaCm2 && c.headcount === x.headcount;
          return h(
            "tr",
            { testid: `verify-recount-option-${i}`, "data-ok": String(same) },
            h("th", { scope: "row" }, optName(i)),
            h("td", null, `${formatAreaM2(x.areaCm2)} · ${t("verify.people", { n: x.headcount })}`),
            h("td", null, c ? `${formatAreaM2(c.areaCm2)} · ${t("verify.people", { n: c.headcount })}` : "—"),
            h("td", { class: same ? "ok" : "bad" }, same ? "✓" : "✗"),
          );
        }),
      ),
    ),
  ]);

  // 3. result
  const rd = report.result.details;
  const summary = (s: typeof rd.computed) =>
    s === null
      ? "—"
      : `${t(`outcome.${s.outcome}`)}${s.winningOption !== null ? `（${optName(s.winningOption)}）` : ""} · ${formatAreaM2(s.participatingAreaCm2)} · ${t("verify.people", { n: s.participatingHeadcount })}`;
  const resultCard = checkCard(
    "verify-result",
    t("verify.resultTitle"),
    report.result,
    t("verify.resultExplain"),
    [
      h(
        "dl",
        { class: "facts" },
        row(t("verify.computed"), summary(rd.computed)),
        row(t("verify.onChainResult"), rd.tallied ? summary(rd.onChain) : t("verify.notTallied")),
        rd.talliedBlock !== null ? row(t("verify.talliedBlock"), rd.talliedBlock.toString()) : null,
        rd.final ? row(t("verify.finalState"), t("status.final")) : null,
      ),
    ],
  );

  // 4. my ballot
  let myCard: HTMLElement | null = null;
  if (report.myBallot) {
    const mb = report.myBallot.details;
    myCard = checkCard(
      "verify-my-ballot",
      t("verify.myTitle"),
      report.myBallot,
      t("verify.myExplain", { address: mb.address }),
      [
        mb.entries.length === 0
          ? null
          : h(
              "ul",
              { class: "entries" },
              mb.entries.map((e) =>
                h(
                  "li",
                  { class: "entry", testid: `verify-my-entry-${e.entryId}`, "data-counted": String(e.counted !== null) },
                  h("div", { class: "entry-units" }, e.unitLabels.join("、") || `#${e.entryId}`),
                  h("div", { class: "meta" }, t("vote.entryLine", { id: e.entryId, area: formatAreaM2(e.areaCm2), n: e.headcount }), " · ", t(`role.${e.role}`)),
                  e.counted
                    ? h(
                        "div",
                        { class: "entry-ballot" },
                        h("strong", { testid: `verify-my-choice-${e.entryId}` }, t("verify.countedAs", { option: optName(e.counted.choice) })),
                        ` · ${t(`ballotKind.${e.counted.kind === 2 ? "paper" : "electronic"}`)} · ${t("vote.inBlock", { block: e.counted.blockNumber.toString() })}`,
                        h("br"),
                        h("span", { class: "meta" }, `${t("mine.tx")}: `, h("code", { class: "wrap" }, e.counted.transactionHash)),
                        e.counted.castCount > 1 ? h("div", { class: "meta" }, t("verify.changedTimes", { n: e.counted.castCount })) : null,
                        e.expectedChoice !== null ? h("div", { class: "meta" }, t("verify.youSigned", { option: optName(e.expectedChoice) })) : null,
                      )
                    : h("div", { class: "entry-ballot none" }, t("verify.noBallot")),
                ),
              ),
            ),
      ],
    );
  }

  // 5. the API's index against the chain (informative)
  const apiProblems: Problem[] = [];
  if (apiView && report.proposal) {
    if (apiView.rollRoot.toLowerCase() !== (r.published?.root ?? "").toLowerCase()) apiProblems.push({ code: "API_ROOT_DIFFERS" });
    if (apiView.totalAreaCm2 !== r.published?.totalAreaCm2.toString() || apiView.totalHeadcount !== r.published?.totalHeadcount) {
      apiProblems.push({ code: "API_TOTALS_DIFFER" });
    }
    rc.onChain.forEach((c, i) => {
      const a = apiView.tallies[i];
      if (!a || a.areaCm2 !== c.areaCm2.toString() || a.headcount !== c.headcount) apiProblems.push({ code: "API_TALLY_DIFFERS", params: { option: optName(i) } });
    });
    if (rd.tallied && rd.onChain && apiView.outcome !== rd.onChain.outcome) apiProblems.push({ code: "API_OUTCOME_DIFFERS" });
  } else if (apiView === null) {
    apiProblems.push({ code: "API_UNREACHABLE", params: { reason: errorText(apiError) } });
  }
  const apiRan = apiView !== null && report.proposal !== null;
  const apiCard = checkCard(
    "verify-api",
    t("verify.apiTitle"),
    { ok: apiRan && apiProblems.length === 0, problems: apiProblems },
    t("verify.apiExplain"),
    [],
  );

  const ok = report.ok && (!apiRan || apiProblems.length === 0);
  const verdict = h(
    "section",
    { class: `card verdict ${ok ? "ok" : "bad"}`, testid: "verify-verdict", "data-ok": String(ok), role: "status" },
    h("h2", null, h("span", { class: "check-icon", "aria-hidden": "true" }, ok ? "✓" : "✗"), " ", ok ? t("verify.verdictOk") : t("verify.verdictBad")),
    h("p", null, ok ? t("verify.verdictOkText") : t("verify.verdictBadText")),
    h(
      "p",
      { class: "meta" },
      t("verify.readRange", {
        from: report.fromBlock?.toString() ?? "—",
        to: report.toBlock?.toString() ?? "—",
        chain: report.chainId ?? "—",
      }),
      report.proposal ? ` · ${shortHash(report.roll.details.published?.root ?? "")}` : "",
    ),
  );

  replace(results, verdict, rollCard, recountCard, resultCard, myCard, apiCard);
}

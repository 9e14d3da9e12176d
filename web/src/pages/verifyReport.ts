/**
 * The verify page's cards: a ProposalCheckReport (verifier/checkProposal.ts, the same report
 * `npm run verify` prints) as the page shows it, in the page's language.
 */
import type { BallotDifference, BallotView } from "../../../verifier/compareWithApi";
import type { AddressSource, ProposalCheck, ProposalCheckReport } from "../../../verifier/checkProposal";
import type { CheckFailure } from "../../../verifier/reachability";
import type { Check, Problem, VerificationReport } from "../../../verifier/verifyProposal";
import { h, type Child } from "../dom";
import { formatAreaM2, groupDigits } from "../format";
import { lang, t } from "../i18n";

/** Where the node's URL came from. */
export type RpcSource = "apiConfig" | "link" | "entered";

export function problemText(p: Problem): string {
  const params = p.params ?? {};
  if ((p.code === "ROLL_BUILD_FAILED" || p.code === "COMPUTE_FAILED") && typeof params.zh === "string") {
    return `${t(`problem.${p.code}`)}: ${lang() === "zh-CN" ? params.zh : String(params.en)}`;
  }
  const key = `problem.${p.code}`;
  const text = t(key, params);
  return text === key ? `${p.code} ${JSON.stringify(params)}` : text;
}

type CardState = "ok" | "bad" | "pending";

/** A table's region scrolls sideways inside its card instead of widening the page (360 px phones). */
const SCROLL_REGION = "max-width: 100%; min-width: 0; overflow-x: auto";

function card(testid: string, title: string, state: CardState, explain: string, body: Child[], problems: readonly Problem[] = [], extra: Record<string, string> = {}): HTMLElement {
  const icon = state === "ok" ? "✓" : state === "bad" ? "✗" : "…";
  return h(
    "section",
    { class: `card verify-check ${state === "pending" ? "" : state}`, testid, "data-ok": state === "pending" ? null : String(state === "ok"), "data-state": state, ...extra },
    h(
      "h2",
      null,
      h("span", { class: "check-icon", "aria-hidden": "true" }, icon),
      " ",
      title,
      h("span", { class: "sr-only" }, state === "ok" ? t("verify.passed") : state === "bad" ? t("verify.failed") : t("verify.pending")),
    ),
    // an explanation may name an address: it breaks anywhere rather than widen a phone's page
    h("p", { class: "hint", style: "overflow-wrap: anywhere" }, explain),
    body,
    problems.length > 0 ? h("ul", { class: "problems" }, problems.map((p) => h("li", { "data-code": p.code }, problemText(p)))) : null,
  );
}

const stateOf = (check: Check<unknown> | ProposalCheck | undefined): CardState =>
  check === undefined ? "pending" : "status" in check ? (check.status === "ok" ? "ok" : check.status === "failed" ? "bad" : "pending") : check.ok ? "ok" : "bad";

function row(label: string, ...values: Child[]): HTMLElement[] {
  return [h("dt", null, label), h("dd", null, values)];
}

// ── where the check read from ──────────────────────────────────────────────────────────────

export function addressSourceWords(source: AddressSource): string {
  switch (source.kind) {
    case "apiConfig":
      return t("verify.sourceApiConfig", { url: source.url });
    case "link":
      return t("verify.sourceLink");
    case "entered":
      return t("verify.sourceEntered");
    case "file":
      return source.path;
    case "flags":
      return t("verify.sourceEntered");
  }
}

export function sourcesCard(report: ProposalCheckReport, rpcSource: RpcSource, link: string): HTMLElement {
  const n = report.node;
  const a = report.addresses;
  const rpcWords = rpcSource === "apiConfig" ? t("verify.sourceApiConfig", { url: location.origin }) : rpcSource === "link" ? t("verify.sourceLink") : t("verify.sourceEntered");
  return h(
    "section",
    { class: "card", testid: "verify-sources" },
    h("h2", null, t("verify.sourcesTitle")),
    h(
      "dl",
      { class: "facts" },
      row(t("verify.nodeRead"), h("code", { class: "wrap", testid: "verify-node-url" }, n.url), h("br"), h("small", { testid: "verify-rpc-source", "data-source": rpcSource }, rpcWords)),
      row(
        t("verify.nodeChain"),
        h("span", { testid: "verify-node-chain" }, n.chainId === null ? "—" : String(n.chainId)),
        a.expectedChainId !== null ? ` · ${t("verify.expectedChain", { id: a.expectedChainId })}` : "",
      ),
      n.toBlock !== null ? row(t("verify.blocksRead"), t("verify.blocksReadValue", { from: n.fromBlock.toString(), to: n.toBlock.toString() })) : null,
      row(t("verify.addressesFrom"), h("span", { testid: "verify-address-source", "data-source": a.source.kind }, addressSourceWords(a.source))),
      row(t("verify.registry"), h("code", { class: "wrap" }, a.registry)),
      row(t("verify.voting"), h("code", { class: "wrap" }, a.voting)),
      row(t("verify.linkToCheck"), h("a", { href: link, testid: "verify-link" }, h("code", { class: "wrap" }, `${location.origin}${location.pathname}${link}`))),
    ),
  );
}

// ── could not check ────────────────────────────────────────────────────────────────────────

export function failureText(f: CheckFailure): string {
  switch (f.kind) {
    case "NODE_UNREACHABLE":
      return t("verify.failure.NODE_UNREACHABLE", { url: f.url, reason: f.reason });
    case "WRONG_CHAIN":
      return t("verify.failure.WRONG_CHAIN", { expected: f.expected, actual: f.actual });
    case "CONTRACT_NOT_FOUND":
      return t(`verify.failure.CONTRACT_NOT_FOUND.${f.reason}`, {
        contract: t(f.contract === "registry" ? "verify.registry" : "verify.voting"),
        address: f.address,
        actual: f.actual ?? "—",
      });
    case "RECORD_NOT_FOUND":
      return t(`verify.failure.RECORD_NOT_FOUND.${f.reason}`, {
        id: f.proposalId.toString(),
        count: f.proposalCount.toString(),
        from: f.fromBlock?.toString() ?? "—",
        to: f.toBlock?.toString() ?? "—",
      });
    case "API_UNREACHABLE":
      return t("verify.failure.API_UNREACHABLE", { url: f.url, reason: f.reason });
    case "BAD_INPUT":
      return f.detail;
  }
}

export function failureCard(f: CheckFailure): HTMLElement {
  return h(
    "section",
    { class: "card verify-check bad", testid: "verify-failure", "data-kind": f.kind, role: "alert" },
    h("h2", null, h("span", { class: "check-icon", "aria-hidden": "true" }, "✗"), " ", t(`verify.failureTitle.${f.kind}`)),
    h("p", null, failureText(f)),
  );
}

// ── the chain's own checks ─────────────────────────────────────────────────────────────────

export function chainCards(v: VerificationReport, options: readonly string[]): HTMLElement[] {
  const optName = (i: number | null) => (i === null ? "—" : (options[i] ?? `#${i}`));
  const r = v.roll.details;
  const rollCard = card("verify-roll", t("verify.rollTitle"), stateOf(v.roll), t("verify.rollExplain"), [
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
  ], v.roll.problems);

  const rc = v.recount.details;
  const recountCard = card("verify-recount", t("verify.recountTitle"), stateOf(v.recount), t("verify.recountExplain"), [
    h("p", null, t("verify.recountSummary", { events: rc.ballotEvents, counted: rc.countedBallots })),
    h(
      "div",
      { class: "roll-table", style: SCROLL_REGION, role: "region", tabindex: 0, "aria-label": t("verify.talliesTableLabel") },
      h(
      "table",
      { class: "tallies" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("tally.option")), h("th", { scope: "col" }, t("verify.recounted")), h("th", { scope: "col" }, t("verify.onChain")), h("th", { scope: "col" }, ""))),
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
            h("td", null, formatAreaM2(x.areaCm2), h("br"), t("verify.people", { n: x.headcount })),
            h("td", null, c ? [formatAreaM2(c.areaCm2), h("br"), t("verify.people", { n: c.headcount })] : "—"),
            h("td", { class: same ? "ok" : "bad" }, same ? "✓" : "✗"),
          );
        }),
      ),
      ),
    ),
  ], v.recount.problems);

  const rd = v.result.details;
  const summary = (s: typeof rd.computed) =>
    s === null
      ? "—"
      : `${t(`outcome.${s.outcome}`)}${s.winningOption !== null ? `（${optName(s.winningOption)}）` : ""} · ${formatAreaM2(s.participatingAreaCm2)} · ${t("verify.people", { n: s.participatingHeadcount })}`;
  const resultCard = card("verify-result", t("verify.resultTitle"), stateOf(v.result), t("verify.resultExplain"), [
    h(
      "dl",
      { class: "facts" },
      row(t("verify.computed"), summary(rd.computed)),
      row(t("verify.onChainResult"), rd.tallied ? summary(rd.onChain) : t("verify.notTallied")),
      rd.talliedBlock !== null ? row(t("verify.talliedBlock"), rd.talliedBlock.toString()) : null,
      rd.final ? row(t("verify.finalState"), t("status.final")) : null,
    ),
  ], v.result.problems);
  return [rollCard, recountCard, resultCard, objectionsCard(v)];
}

/** The objections filed against the result and the committee's answers, as the chain records them. */
function objectionsCard(v: VerificationReport): HTMLElement {
  const answered = v.objections.filter((o) => o.answerHash !== null).length;
  return h(
    "section",
    { class: "card", testid: "verify-objections", "data-count": String(v.objections.length), "data-answered": String(answered) },
    h("h2", null, t("verify.objectionsTitle")),
    h(
      "p",
      { class: "hint" },
      v.objections.length === 0 ? t("verify.objectionsNone") : t("verify.objectionsCount", { n: v.objections.length, answered }),
    ),
    v.objections.length > 0
      ? h(
          "ol",
          { class: "objection-list" },
          v.objections.map((o) =>
            h(
              "li",
              { testid: `verify-objection-${o.objectionId}`, style: "overflow-wrap: anywhere" },
              t("verify.objectionLine", { id: o.objectionId, entry: o.entryId, signer: o.signer, block: o.block.toString() }),
              h("br"),
              `${t("verify.objectionText")}: `,
              h("code", null, o.textHash),
              h("br"),
              o.answerHash !== null ? [`${t("verify.objectionAnswer")}: `, h("code", null, o.answerHash)] : t("verify.objectionOpen"),
            ),
          ),
        )
      : null,
  );
}

/** `finished`: the API was asked (a text check still skipped then was not possible). */
export function textCard(check: ProposalCheck | undefined, hash: string, finished: boolean): HTMLElement {
  const state = check === undefined || check.status === "skipped" ? "pending" : stateOf(check);
  const missing = check?.problems.some((p) => p.code === "TEXT_MISSING") ?? false;
  const words =
    state === "ok" ? t("verify.textMatches") : missing ? t("verify.textMissing") : state === "bad" ? t("verify.textDiffers") : finished ? t("verify.textNotChecked") : t("verify.textPending");
  return card("verify-text", t("verify.textTitle"), state, t("verify.textExplain"), [
    h("p", { testid: "verify-text-verdict", "data-missing": String(missing) }, h("strong", null, words)),
    h("dl", { class: "facts" }, row(t("verify.textHashOnChain"), h("code", { class: "wrap" }, hash))),
  ], check?.status === "failed" && !missing ? check.problems : []);
}

/** The owner's own entries: counted as signed (from the chain), and shown so by the API. */
export function myBallotCard(v: VerificationReport, options: readonly string[], apiDiffs: readonly BallotDifference[] | null): HTMLElement | null {
  if (v.myBallot === null) return null;
  const optName = (i: number | null) => (i === null ? "—" : (options[i] ?? `#${i}`));
  const mb = v.myBallot.details;
  const apiProblems: Problem[] = (apiDiffs ?? []).map((d) => ({ code: "MY_API_BALLOT_DIFFERS", params: { entryId: d.entryId, chain: viewText(d.chain, options), api: viewText(d.api, options) } }));
  const ok = !mb.mismatch && apiProblems.length === 0;
  return card(
    "verify-my-ballot",
    t("verify.myTitle"),
    ok ? (v.myBallot.ok ? "ok" : "bad") : "bad",
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
      h(
        "p",
        { class: "meta", testid: "verify-my-api", "data-ok": apiDiffs === null ? null : String(apiProblems.length === 0) },
        apiDiffs === null ? t("verify.myApiPending") : apiProblems.length === 0 ? t("verify.myApiSame") : "",
      ),
    ],
    [...v.myBallot.problems, ...apiProblems],
  );
}

export function apiSummaryCard(check: ProposalCheck | undefined): HTMLElement {
  return card("verify-api", t("verify.apiTitle"), stateOf(check), t("verify.apiExplain"), [], check?.status === "failed" ? check.problems : []);
}

function viewText(b: BallotView | null, options: readonly string[], withWeight = false): string {
  if (b === null) return t("verify.noBallotShort");
  const kind = t(`ballotKind.${b.kind === "paper" ? "paper" : "electronic"}`);
  const weight = withWeight ? ` · ${formatAreaM2(b.areaCm2)} · ${t("verify.people", { n: b.headcount })}` : "";
  return `${options[b.choice] ?? `#${b.choice}`}（${kind}）${weight}`;
}

/** Every ballot the API shows against the chain's: progress, then the differences in a table. */
export function apiBallotsCard(
  report: ProposalCheckReport,
  progress: { done: number; total: number } | null,
  ms: number | null,
): HTMLElement {
  const check = report.checks.find((c) => c.id === "apiBallots");
  const state = stateOf(check);
  const diffs = report.ballotDifferences;
  const labels = (id: number) => (report.entryLabels.get(id) ?? []).join(lang() === "zh-CN" ? "、" : ", ") || `#${id}`;
  const body: Child[] = [];
  if (check === undefined) {
    body.push(h("p", { class: "loading", testid: "verify-api-ballots-progress" }, progress ? t("verify.ballotsProgress", { done: groupDigits(progress.done), total: groupDigits(progress.total) }) : t("verify.ballotsWaiting")));
  } else if (check.status === "ok") {
    const p = check.summary.params ?? {};
    body.push(h("p", null, t("verify.ballotsSame", { compared: groupDigits(Number(p.compared ?? 0)), counted: groupDigits(Number(p.counted ?? 0)) })));
  } else if (check.status === "failed") {
    body.push(
      h("p", null, h("strong", null, t("verify.ballotsDiffer", { n: diffs.length }))),
      h(
        "div",
        { class: "roll-table", style: SCROLL_REGION, role: "region", tabindex: 0, "aria-label": t("verify.ballotsTableLabel") },
        h(
          "table",
          { testid: "verify-ballot-diffs" },
          h("thead", null, h("tr", null, h("th", { scope: "col" }, t("verify.ballotEntry")), h("th", { scope: "col" }, t("verify.ballotChain")), h("th", { scope: "col" }, t("verify.ballotApi")), h("th", { scope: "col" }, t("verify.ballotWhat")))),
          h(
            "tbody",
            null,
            diffs.map((d) => {
              const w = d.fields.includes("weight");
              return h(
                "tr",
                { testid: `verify-ballot-diff-${d.entryId}`, "data-fields": d.fields.join(" ") },
                h("th", { scope: "row" }, `${labels(d.entryId)}`, h("br"), h("small", null, t("mine.entry", { id: d.entryId }))),
                h("td", null, viewText(d.chain, report.options, w)),
                h("td", { class: "bad" }, viewText(d.api, report.options, w)),
                h("td", null, d.fields.map((f) => t(`verify.field.${f}`)).join(lang() === "zh-CN" ? "、" : ", ")),
              );
            }),
          ),
        ),
      ),
    );
  } else {
    body.push(h("p", null, t("verify.ballotsSkipped")));
  }
  return card("verify-api-ballots", t("verify.ballotsTitle"), state, t("verify.ballotsExplain"), body, [], ms === null ? {} : { "data-ms": ms.toFixed(0) });
}

/** The verdict over what has been checked so far. */
export function verdictCard(report: ProposalCheckReport, stage: "chain" | "summary" | "done", chainMs: number): HTMLElement {
  const failed = report.checks.some((c) => c.status === "failed") || (report.myBallotDifferences.length > 0) || (report.verification?.myBallot?.details.mismatch ?? false);
  const ok = !failed && report.failure === null;
  return h(
    "section",
    { class: `card verdict ${ok ? "ok" : "bad"}`, testid: "verify-verdict", "data-ok": String(ok), "data-stage": stage, "data-ms": chainMs.toFixed(0), role: "status" },
    h("h2", null, h("span", { class: "check-icon", "aria-hidden": "true" }, ok ? "✓" : "✗"), " ", ok ? t("verify.verdictOk") : t("verify.verdictBad")),
    h("p", null, ok ? t("verify.verdictOkText") : t("verify.verdictBadText")),
    stage !== "done" ? h("p", { class: "meta" }, t("verify.verdictSoFar")) : null,
  );
}

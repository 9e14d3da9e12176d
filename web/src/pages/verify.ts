/**
 * `#/verify/:id`: checks a proposal against the chain itself, trusting NOT the API, with the same
 * steps as `npm run verify` (verifier/checkProposal.ts): the node, its chain id, the contracts and
 * the proposal exist; the roll, the recount and the result from chain data alone; then the API's
 * text against the on-chain hash, its summary, and every ballot it shows, entry by entry.
 *
 * The node and the contract addresses come from the link (`?rpc=…&registry=…&voting=…`, see
 * ./verifyLink.ts), else from this server's /api/config; the user may change them, and the page
 * says which it used. The words are in ./verifyReport.ts.
 */
import { isAddress } from "viem";
import type { Address } from "../../../verifier/events";
import type { AddressSource, CheckProposalParameters, CheckStep, ProposalCheckReport } from "../../../verifier/checkProposal";
import { api } from "../api";
import { busy, field, h, messageBox, replace } from "../dom";
import { groupDigits } from "../format";
import { errorText, t } from "../i18n";
import { activeAddress } from "../keys";
import type { Page } from "../page";
import { latestReceipts } from "./common";
import { parseVerifyLink, verifyLinkHash, type VerifyLinkParams } from "./verifyLink";
import { apiBallotsCard, apiSummaryCard, chainCards, failureCard, myBallotCard, sourcesCard, textCard, verdictCard, type RpcSource } from "./verifyReport";

interface Settings {
  rpcUrl: string;
  registry: string;
  voting: string;
  fromBlock: string;
}

export function renderVerify(root: HTMLElement, page: Page, id: string): void {
  const link = parseVerifyLink(location.hash);
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
      { open: link.registry !== undefined || link.voting !== undefined ? true : null },
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

  // What the server's /api/config says, and where each setting now comes from.
  let config: (Settings & { chainId: number }) | null = null;
  let rpcSource: RpcSource = "apiConfig";
  let addressSource: "apiConfig" | "link" | "entered" = "apiConfig";
  let expectedChainId: number | undefined;
  const fill = (from: VerifyLinkParams) => {
    rpc.value = from.rpcUrl ?? config?.rpcUrl ?? "";
    registry.value = from.registry ?? config?.registry ?? "";
    voting.value = from.voting ?? config?.voting ?? "";
    fromBlock.value = from.fromBlock ?? (from.registry === undefined ? config?.fromBlock : undefined) ?? "0";
    rpcSource = from.rpcUrl !== undefined ? "link" : "apiConfig";
    const addressesFromLink = from.registry !== undefined || from.voting !== undefined;
    addressSource = addressesFromLink ? "link" : "apiConfig";
    // The chain the addresses are for: the link's, or the server's when its addresses are used.
    expectedChainId = from.chainId ?? (addressesFromLink ? undefined : config?.chainId);
  };
  rpc.addEventListener("input", () => (rpcSource = "entered"));
  for (const input of [registry, voting, fromBlock]) {
    input.addEventListener("input", () => {
      addressSource = "entered";
      expectedChainId = undefined;
    });
  }
  reset.addEventListener("click", () => {
    history.replaceState(null, "", `${location.pathname}${location.search}#/verify/${id}`);
    fill({});
  });

  // A new check supersedes one still comparing with the API: only the latest renders.
  let latest = 0;

  /** Runs the chain check; the API comparison continues in the background. */
  async function verify(): Promise<void> {
    const mine = ++latest;
    const alive = () => page.alive && mine === latest;
    msg.clear();
    const settings: Settings = {
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
    // The link of this very check, so that it can be copied or printed.
    const linkHash = verifyLinkHash(id, { ...settings, chainId: expectedChainId });
    history.replaceState(null, "", `${location.pathname}${location.search}${linkHash}`);

    const status = h("p", { class: "loading", testid: "verify-progress" }, t("verify.reading"));
    replace(results, status);
    const expected = new Map<number, number>();
    if (who !== "") for (const r of latestReceipts(id, who)) expected.set(r.entryId, r.choice);

    const started = performance.now();
    const source: AddressSource =
      addressSource === "apiConfig" ? { kind: "apiConfig", url: location.origin } : addressSource === "link" ? { kind: "link" } : { kind: "entered" };
    const params: CheckProposalParameters = {
      rpcUrl: settings.rpcUrl,
      registry: settings.registry as Address,
      voting: settings.voting as Address,
      fromBlock: BigInt(settings.fromBlock),
      addressSource: source,
      expectedChainId,
      proposalId: BigInt(id),
      apiUrl: location.origin,
      timeoutMs: 10_000,
      address: who === "" ? undefined : (who.toLowerCase() as Address),
      expectedChoices: expected,
      onProgress: (s: CheckStep) => {
        if (s.step === "logs") status.textContent = t("verify.readingBlocks", { done: groupDigits(s.doneBlocks), total: groupDigits(s.totalBlocks) });
        else if (s.step === "state") status.textContent = t("verify.recounting");
      },
    };
    // Loaded on demand: the verifier (roll builder, Merkle tree) is only needed on this page.
    const { checkChain, checkApiSummary, checkApiBallots } = await import("../../../verifier/checkProposal");
    const chain = await checkChain(params);
    if (!alive()) return;
    const chainMs = performance.now() - started;
    const head = (report: ProposalCheckReport) => sourcesCard(report, rpcSource, linkHash);
    if (chain.facts === null) {
      const f = chain.report.failure;
      replace(results, f ? failureCard(f) : null, head(chain.report));
      return;
    }
    const facts = chain.facts;
    const v = chain.report.verification;
    if (v === null) return;
    const options = chain.report.options;
    const show = (report: ProposalCheckReport, stage: "chain" | "summary" | "done", ballots: HTMLElement, myDiffs: ProposalCheckReport["myBallotDifferences"] | null) => {
      const failure = report.failure;
      replace(
        results,
        verdictCard(report, stage, chainMs),
        failure ? failureCard(failure) : null,
        head(report),
        chainCards(v, options),
        textCard(report.checks.find((c) => c.id === "text"), facts.input.textHash, stage !== "chain"),
        myBallotCard(v, options, myDiffs),
        apiSummaryCard(report.checks.find((c) => c.id === "apiSummary")),
        ballots,
      );
    };
    show(chain.report, "chain", apiBallotsCard(chain.report, null, null), null);
    void compareWithApi().catch((err: unknown) => {
      if (alive()) msg.show(errorText(err), "error");
    });

    // The API's copy: its text and summary, then every ballot it shows.
    async function compareWithApi(): Promise<void> {
      const summary = await checkApiSummary(params, chain.report, facts);
      if (!alive()) return;
      if (summary.failure !== null || summary.api === null) {
        show(summary.report, "done", apiBallotsCard(summary.report, null, null), null);
        return;
      }
      const ballotsStarted = performance.now();
      let ballots = apiBallotsCard(summary.report, null, null);
      show(summary.report, "summary", ballots, null);
      let last = 0;
      const done = await checkApiBallots({
        ...params,
        onProgress: (s) => {
          if (s.step !== "apiBallots" || !alive()) return;
          // redraw the progress line at most every 200 ms
          const now = performance.now();
          if (now - last < 200 && s.doneAddresses < s.totalAddresses) return;
          last = now;
          const next = apiBallotsCard(summary.report, { done: s.doneAddresses, total: s.totalAddresses }, null);
          ballots.replaceWith(next);
          ballots = next;
        },
      }, summary.report, facts);
      if (!alive()) return;
      show(done, "done", apiBallotsCard(done, null, performance.now() - ballotsStarted), who === "" ? null : done.myBallotDifferences);
    }
  }

  const start = () =>
    busy(run, async () => {
      try {
        await verify();
      } catch (err) {
        if (!page.alive) return;
        replace(results, h("p", { class: "message message-error", role: "alert", testid: "verify-error" }, t("verify.chainError"), h("br"), h("small", null, errorText(err))));
      }
    })();
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    start();
  });

  void (async () => {
    try {
      const cfg = await api.config();
      config = { rpcUrl: cfg.rpcUrl, registry: cfg.registry, voting: cfg.voting, fromBlock: String(cfg.deployBlock ?? "0"), chainId: cfg.chainId };
    } catch (err) {
      msg.show(`${t("verify.noDefaults")} ${errorText(err)}`, "info");
    }
    if (!page.alive) return;
    fill(link);
    if (rpc.value && registry.value && voting.value) start();
  })();
}

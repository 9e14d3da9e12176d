/** `#/proposals/:id`: one proposal, its live progress, and the vote panel. */
import { getAddress } from "viem";
import { ballotTypedData, type BallotMessage } from "../../../chain/typedData";
import { approvalThreshold, progress, progressBar as tallyBar, type ProgressBar, type Threshold } from "../../../domain/tally";
import { api, type Community, type Config, type ProposalDetail, type Receipt, type VoterEntry } from "../api";
import { busy, h, messageBox, replace } from "../dom";
import { formatArea, formatAreaM2, formatDuration, formatTime, groupDigits, shortHash } from "../format";
import { errorText, t } from "../i18n";
import { activeAddress, signTypedData } from "../keys";
import type { Page } from "../page";
import { objectionsPanel, type ObjectionsPanel } from "./objections";
import { recordDocuments } from "./recordDocuments";
import {
  latestReceipts,
  matterLabel,
  matterRequirement,
  outcomeBadge,
  progressBar,
  receiptReason,
  statusBadge,
  storeReceipt,
  storedReceipts,
} from "./common";

const POLL_MS = 3_000;
const RECEIPT_POLL_MS = 1_500;
const FINAL_RECEIPT = new Set(["confirmed", "rejected", "failed"]);

interface State {
  config: Config;
  proposal: ProposalDetail;
  community: Community | null;
}

export function renderProposal(root: HTMLElement, page: Page, id: string): void {
  const head = h("div", { class: "proposal-head" }, h("p", { class: "loading" }, t("common.loading")));
  const info = h("div");
  const live = h("section", { class: "card", "aria-live": "off", testid: "proposal-progress" });
  const anyone = h("div");
  const vote = h("section", { class: "card vote-panel", testid: "vote-panel" });
  const mine = h("section", { class: "card", testid: "my-ballot", hidden: true });
  const objectionsBox = h("div");
  let objections: ObjectionsPanel | null = null;
  const links = h(
    "section",
    { class: "card links" },
    h("a", { class: "button secondary", href: `#/proposals/${id}/roll`, testid: "link-roll" }, t("proposal.checkRoll")),
    h("a", { class: "button secondary", href: `#/verify/${id}`, testid: "link-verify" }, t("proposal.verifyLink")),
  );
  const back = h("p", null, h("a", { href: "#/", class: "back" }, `← ${t("common.backToList")}`));
  replace(root, back, head, info, live, vote, mine, objectionsBox, anyone, links);

  /**
   * Phone first: while voting is open, what is asked, the deadline and the owner's own vote come
   * right after the title, the details after them; once voting has closed, the result first.
   */
  function arrange(status: string): void {
    if (status === "voting") replace(root, back, head, vote, mine, live, info, anyone, links);
    else if (status === "notice") replace(root, back, head, info, vote, mine, live, anyone, links);
    else replace(root, back, head, live, objectionsBox, anyone, mine, info, vote, links);
  }

  let state: State | null = null;
  let lastStatus = "";
  const receiptPolls = new Set<string>();

  async function load(): Promise<void> {
    const [config, proposal] = await Promise.all([api.config(), api.proposal(id)]);
    const community = state?.community ?? (await api.communities()).find((c) => c.id === proposal.communityId) ?? null;
    if (!page.alive) return;
    const first = state === null;
    state = { config, proposal, community };
    renderHead();
    renderLive();
    if (first) renderInfo();
    else renderWindow();
    if (!objections) {
      objections = objectionsPanel(page, config, community);
      replace(objectionsBox, objections.el);
    }
    if (proposal.status !== lastStatus) {
      lastStatus = proposal.status;
      arrange(proposal.status);
      renderAnyone();
      void renderVote();
      void objections.refresh(proposal);
    }
  }

  // ── title, text, matter, electorate, window ──

  function renderHead(): void {
    const p = state!.proposal;
    replace(
      head,
      h("h1", { testid: "proposal-title", lang: p.language ?? undefined }, p.title),
      h(
        "p",
        { class: "proposal-tags" },
        statusBadge(p.status, "proposal-status"),
        p.outcome ? outcomeBadge(p.outcome) : null,
        h("span", { class: "matter-tag" }, matterLabel(p.matter)),
        state!.community ? h("span", { class: "meta" }, state!.community.name) : null,
        h("span", { class: "meta proposal-id" }, `#${p.id}`),
      ),
      p.status === "voting" ? h("p", { class: "deadline", testid: "proposal-deadline" }, t("window.closesAt", { time: formatTime(p.votingEnd), d: formatDuration(BigInt(p.votingEnd) - BigInt(p.chainTime)) })) : null,
    );
  }

  const windowBox = h("dl", { class: "facts", testid: "voting-window" });

  function renderInfo(): void {
    const p = state!.proposal;
    const scope =
      p.scope.kind === 0
        ? t("scope.community")
        : p.scope.kind === 1
          ? t("scope.buildings", { ids: p.scope.ids.join("、") })
          : t("scope.units", { ids: p.scope.ids.join("、") });
    replace(
      info,
      h(
        "section",
        { class: "card" },
        h("h2", null, t("proposal.text")),
        p.text === null
          ? h("p", { class: "empty" }, t("proposal.noText"))
          : h("div", { class: "proposal-text", testid: "proposal-text", lang: p.language ?? undefined }, p.text),
        h("p", { class: "meta" }, `${t("proposal.textHash")}: `, h("code", null, shortHash(p.textHash))),
        recordDocuments(page, p.communityId, `proposal:${p.id}`, "proposal-files"),
      ),
      h(
        "section",
        { class: "card" },
        h("h2", null, t("proposal.whatItNeeds")),
        h("p", { class: "matter-line" }, matterLabel(p.matter)),
        h("p", { class: "requirement", testid: "matter-requirement" }, matterRequirement(p.matter)),
        h(
          "dl",
          { class: "facts", testid: "electorate" },
          h("dt", null, t("proposal.scope")),
          h("dd", null, scope),
          h("dt", null, t("proposal.owners")),
          h("dd", null, t("proposal.ownersValue", { n: groupDigits(p.totalHeadcount) })),
          h("dt", null, t("proposal.area")),
          h("dd", null, formatAreaM2(p.totalAreaCm2)),
          h("dt", null, t("proposal.entries")),
          h("dd", null, groupDigits(p.entryCount)),
          p.adHoc ? [h("dt", null, t("proposal.meeting")), h("dd", null, t("proposal.adHoc"))] : null,
        ),
      ),
      h("section", { class: "card" }, h("h2", null, t("proposal.window")), windowBox),
    );
    renderWindow();
  }

  function renderWindow(): void {
    const p = state!.proposal;
    const now = BigInt(p.chainTime);
    const start = BigInt(p.votingStart);
    const end = BigInt(p.votingEnd);
    let countdown = "";
    if (now < start) countdown = t("window.opensIn", { d: formatDuration(start - now) });
    else if (now < end) countdown = t("window.closesIn", { d: formatDuration(end - now) });
    else countdown = t("window.closed");
    replace(
      windowBox,
      h("dt", null, t("window.published")),
      h("dd", null, formatTime(p.publishedAt)),
      h("dt", null, t("window.voting")),
      h("dd", null, `${formatTime(p.votingStart)} — ${formatTime(p.votingEnd)}`, p.extended ? ` (${t("window.extended")})` : ""),
      p.objectionEnd ? [h("dt", null, t("window.objectionEnd")), h("dd", null, formatTime(p.objectionEnd))] : null,
      p.rules.objectionDays !== null
        ? [h("dt", null, t("window.rules")), h("dd", { testid: "proposal-rules" }, t(p.rules.allowBallotChange ? "window.rulesChange" : "window.rulesNoChange", { days: p.rules.objectionDays }))]
        : null,
      h("dt", null, t("window.chainTime")),
      h("dd", { testid: "chain-time" }, formatTime(p.chainTime), h("br"), h("strong", null, countdown)),
    );
  }

  // ── live progress, tallies and result ──

  function renderLive(): void {
    const p = state!.proposal;
    const options = p.tallies.map((x) => ({ areaCm2: BigInt(x.areaCm2), headcount: x.headcount }));
    let prog: ReturnType<typeof progress> | null = null;
    try {
      prog = progress({
        matter: p.matter as 1,
        totalAreaCm2: BigInt(p.totalAreaCm2),
        totalHeadcount: p.totalHeadcount,
        options,
        namedChoice: p.namedChoice === true,
      });
    } catch {
      prog = null;
    }
    const partArea = options.reduce((a, o) => a + o.areaCm2, 0n);
    const partHead = options.reduce((a, o) => a + o.headcount, 0);
    const approvalWord = prog?.approval === "threeQuarters" ? t("threshold.threeQuarters") : t("threshold.half");
    // A for / against vote can pass only on "for" (option 0): its bars are the ones that matter.
    // A named-choice vote shows the leading option.
    const named = p.namedChoice === true;
    let leader: number | null = null;
    let approvalBars: { area: ProgressBar; headcount: ProgressBar } | null = null;
    if (prog && named) {
      leader = prog.leadingOption;
      approvalBars = prog.leadingApproval;
    } else if (prog && options[0]) {
      leader = 0;
      const th = approvalThreshold(prog.approval);
      approvalBars =
        partArea > 0n || partHead > 0
          ? { area: tallyBar(options[0].areaCm2, partArea, th), headcount: tallyBar(BigInt(options[0].headcount), BigInt(partHead), th) }
          : null;
    }

    replace(
      live,
      h("h2", null, t("progress.title")),
      h("p", { class: "hint" }, t("progress.explain")),
      prog
        ? [
            h("h3", null, t("progress.turnout")),
            progressBar({
              testid: "bar-quorum-area",
              title: t("progress.turnoutArea"),
              bar: prog.quorum.area,
              amount: `${formatArea(partArea)} / ${formatAreaM2(p.totalAreaCm2)}`,
              thresholdLabel: t("threshold.needArea", { word: t("threshold.twoThirds"), min: formatArea(minimum(BigInt(p.totalAreaCm2), prog.quorum.area.threshold)) }),
            }),
            progressBar({
              testid: "bar-quorum-headcount",
              title: t("progress.turnoutHeadcount"),
              bar: prog.quorum.headcount,
              amount: t("progress.people", { a: groupDigits(partHead), b: groupDigits(p.totalHeadcount) }),
              thresholdLabel: t("threshold.needPeople", { word: t("threshold.twoThirds"), min: groupDigits(minimum(BigInt(p.totalHeadcount), prog.quorum.headcount.threshold)) }),
            }),
            h(
              "h3",
              null,
              leader === null
                ? t("progress.noLeader")
                : t(named ? "progress.leading" : "progress.forOption", { option: p.options[leader] ?? String(leader) }),
            ),
            approvalBars && leader !== null
              ? [
                  progressBar({
                    testid: "bar-approval-area",
                    title: t("progress.approvalArea", { option: p.options[leader] ?? "" }),
                    bar: approvalBars.area,
                    amount: `${formatArea(options[leader]!.areaCm2)} / ${formatAreaM2(partArea)}`,
                    thresholdLabel: t("threshold.needArea", { word: approvalWord, min: formatArea(minimum(partArea, approvalBars.area.threshold)) }),
                  }),
                  progressBar({
                    testid: "bar-approval-headcount",
                    title: t("progress.approvalHeadcount", { option: p.options[leader] ?? "" }),
                    bar: approvalBars.headcount,
                    amount: t("progress.people", { a: groupDigits(options[leader]!.headcount), b: groupDigits(partHead) }),
                    thresholdLabel: t("threshold.needPeople", { word: approvalWord, min: groupDigits(minimum(BigInt(partHead), approvalBars.headcount.threshold)) }),
                  }),
                ]
              : h("p", { class: "empty" }, t("progress.noVotesYet")),
          ]
        : h("p", { class: "empty" }, t("progress.unavailable")),
      h("h3", null, t("progress.tallies")),
      h(
        "table",
        { class: "tallies" },
        h("thead", null, h("tr", null, h("th", { scope: "col" }, t("tally.option")), h("th", { scope: "col" }, t("tally.area")), h("th", { scope: "col" }, t("tally.headcount")))),
        h(
          "tbody",
          null,
          p.options.map((name, i) =>
            h(
              "tr",
              { testid: `tally-option-${i}`, class: p.winningOption === i && p.outcome === "Passed" ? "winner" : null },
              h("th", { scope: "row" }, name, i === p.options.length - 1 ? h("span", { class: "meta" }, ` (${t("tally.abstainNote")})`) : null),
              h("td", null, formatArea(p.tallies[i]?.areaCm2 ?? "0")),
              h("td", null, groupDigits(p.tallies[i]?.headcount ?? 0)),
            ),
          ),
        ),
      ),
      resultBox(p),
    );
  }

  function resultBox(p: ProposalDetail): HTMLElement | null {
    if (!p.outcome) return null;
    const winner = p.outcome === "Passed" && p.winningOption !== null ? p.options[p.winningOption] : null;
    return h(
      "div",
      { class: `result result-${p.outcome}`, testid: "proposal-result", "data-outcome": p.outcome },
      h("h3", null, t("result.title")),
      h("p", { class: "result-line" }, t(`result.${p.outcome}`, { option: winner ?? "" })),
      p.status === "provisional" && p.objectionEnd
        ? h("p", null, t("result.provisional", { time: formatTime(p.objectionEnd) }))
        : null,
      p.status === "final" ? h("p", null, t("result.final")) : null,
      p.outcome === "NoQuorum" && !p.extended && p.status === "provisional" ? h("p", { class: "hint" }, t("result.mayExtend")) : null,
      h("p", { class: "no-print" }, h("a", { href: `#/notice/result/${p.id}`, testid: "result-notice-link" }, t("result.printNotice"))),
    );
  }

  // ── finalize / confirm (anyone) ──

  function renderAnyone(): void {
    const p = state!.proposal;
    const now = BigInt(p.chainTime);
    const msg = messageBox("anyone-message");
    const canFinalize = p.status === "closed";
    const canConfirm = p.status === "provisional" && p.objectionEnd !== null && now >= BigInt(p.objectionEnd);
    if (!canFinalize && !canConfirm) {
      replace(anyone);
      return;
    }
    const button = h(
      "button",
      { type: "button", class: "button", testid: canFinalize ? "finalize-submit" : "confirm-submit" },
      canFinalize ? t("anyone.finalize") : t("anyone.confirm"),
    );
    button.addEventListener(
      "click",
      busy(button, async () => {
        msg.clear();
        try {
          const receipt = canFinalize ? await api.finalize(id) : await api.confirm(id);
          msg.show(t("anyone.sent", { status: t(`receipt.${receipt.status}`) }), "ok");
          pollReceipt(receipt.id, (r) => {
            msg.show(
              FINAL_RECEIPT.has(r.status)
                ? r.status === "confirmed"
                  ? t("anyone.done")
                  : `${t(`receipt.${r.status}`)}: ${receiptReason(r)}`
                : t("anyone.sent", { status: t(`receipt.${r.status}`) }),
              r.status === "confirmed" ? "ok" : FINAL_RECEIPT.has(r.status) ? "error" : "info",
            );
            if (r.status === "confirmed") void load();
          });
        } catch (err) {
          msg.show(errorText(err), "error");
        }
      }),
    );
    replace(
      anyone,
      h(
        "section",
        { class: "card" },
        h("h2", null, canFinalize ? t("anyone.finalizeTitle") : t("anyone.confirmTitle")),
        h("p", null, canFinalize ? t("anyone.finalizeHint") : t("anyone.confirmHint")),
        button,
        msg.el,
      ),
    );
  }

  // ── vote panel ──

  async function renderVote(): Promise<void> {
    const s = state!;
    const p = s.proposal;
    const address = activeAddress();
    if (!address) {
      replace(
        vote,
        h("h2", null, t("vote.title")),
        h("p", null, t("vote.signInFirst")),
        h("a", { class: "button", href: "#/account", testid: "vote-sign-in" }, t("vote.goSignIn")),
      );
      renderMine();
      return;
    }
    replace(vote, h("h2", null, t("vote.title")), h("p", { class: "loading" }, t("common.loading")));
    let entries: VoterEntry[];
    try {
      entries = await api.voters(id, address);
    } catch (err) {
      if (!page.alive) return;
      replace(vote, h("h2", null, t("vote.title")), h("p", { class: "message message-error", role: "alert" }, errorText(err)));
      return;
    }
    if (!page.alive) return;
    renderMine();
    if (entries.length === 0) {
      replace(
        vote,
        h("h2", null, t("vote.title")),
        h("p", { testid: "vote-not-in-roll" }, t("vote.notInRoll")),
        h("p", null, h("a", { href: `#/proposals/${id}/roll` }, t("proposal.checkRoll"))),
      );
      return;
    }
    // The proposal's own rule, fixed when it was published (not the community's settings of today).
    const allowChange = p.rules.allowBallotChange === true;
    const open = p.status === "voting";
    const canVote = (e: VoterEntry) => open && (e.ballot === null || e.ballot.kind === "paper" || allowChange);
    const checks = new Map<number, HTMLInputElement>();
    const entryList = h(
      "ul",
      { class: "entries" },
      entries.map((e) => {
        const cb = h("input", {
          type: "checkbox",
          testid: `entry-${e.entryId}`,
          checked: canVote(e),
          disabled: !canVote(e),
          "aria-label": t("vote.entryCheckbox", { id: e.entryId }),
        });
        checks.set(e.entryId, cb);
        return h(
          "li",
          { class: "entry" },
          entries.length > 1 ? h("label", { class: "entry-check" }, cb, t("vote.voteForThis")) : null,
          h("div", { class: "entry-units" }, e.unitLabels.join("、") || `#${e.entryId}`),
          h(
            "div",
            { class: "meta" },
            t("vote.entryLine", { id: e.entryId, area: formatAreaM2(e.areaCm2), n: e.headcount }),
            " · ",
            t(`role.${e.role}`),
          ),
          e.ballot
            ? h(
                "div",
                { class: "entry-ballot", testid: `entry-ballot-${e.entryId}` },
                t("vote.counted", {
                  option: p.options[e.ballot.choice] ?? String(e.ballot.choice),
                  kind: t(`ballotKind.${e.ballot.kind}`),
                }),
                e.ballot.blockNumber ? ` · ${t("vote.inBlock", { block: e.ballot.blockNumber })}` : "",
              )
            : h("div", { class: "entry-ballot none" }, t("vote.noBallotYet")),
        );
      }),
    );

    const votable = entries.filter(canVote);
    const notes: HTMLElement[] = [];
    if (!open) notes.push(h("p", { class: "message message-info", testid: "vote-closed" }, p.status === "notice" ? t("vote.notOpenYet", { time: formatTime(p.votingStart) }) : t("vote.closed")));
    else if (votable.length === 0) notes.push(h("p", { class: "message message-info", testid: "vote-no-change" }, t("vote.changeNotAllowed")));

    if (votable.length === 0) {
      replace(vote, h("h2", null, t("vote.title")), h("h3", null, t("vote.yourEntries")), entryList, notes);
      return;
    }

    const already = votable.some((e) => e.ballot !== null);
    const msg = messageBox("vote-message");
    const radios = p.options.map((name, i) =>
      h(
        "label",
        { class: "option" },
        h("input", { type: "radio", name: "choice", value: String(i), testid: `option-${i}` }),
        h("span", { lang: p.language ?? undefined }, name),
      ),
    );
    const submit = h("button", { type: "submit", class: "button big", testid: "vote-submit" }, already ? t("vote.change") : t("vote.submit"));
    // what the signature will say, decoded, for each entry ticked: rebuilt from the message itself
    const review = h("div", { class: "review review-ballot", testid: "ballot-review", "aria-live": "polite" });
    const pickedChoice = () => {
      const el = form.querySelector<HTMLInputElement>('input[name="choice"]:checked');
      return el ? Number(el.value) : null;
    };
    const targetsNow = () => votable.filter((e) => checks.get(e.entryId)?.checked);
    const renderReview = () => {
      const choice = pickedChoice();
      // shown once a choice is picked, right above the button that signs it
      review.hidden = choice === null;
      replace(
        review,
        choice === null ? null : h("p", { class: "review-title" }, t("ballotReview.title")),
        choice === null
          ? null
          : h("ul", null, targetsNow().map((e) => h("li", { testid: `ballot-review-${e.entryId}` }, describeBallot(p, e, { proposalId: BigInt(p.id), entryId: e.entryId, choice, nonce: 0, deadline: BigInt(p.votingEnd) })))),
      );
    };
    const form = h(
      "form",
      { class: "vote-form" },
      h("fieldset", { class: "options" }, h("legend", null, t("vote.chooseOne")), radios),
      review,
      submit,
      msg.el,
      h("p", { class: "hint" }, t("vote.deadlineNote", { time: formatTime(p.votingEnd) })),
    );
    form.addEventListener("change", renderReview);
    renderReview();
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      busy(submit, async () => {
        msg.clear();
        const picked = form.querySelector<HTMLInputElement>('input[name="choice"]:checked');
        if (!picked) {
          msg.show(t("vote.pickFirst"), "error");
          return;
        }
        const choice = Number(picked.value);
        const targets = votable.filter((e) => checks.get(e.entryId)?.checked);
        if (targets.length === 0) {
          msg.show(t("vote.pickEntry"), "error");
          return;
        }
        try {
          for (const e of targets) await castOne(s.config, p, e, choice, address, review.querySelector(`[data-testid="ballot-review-${e.entryId}"]`)?.textContent ?? null);
          msg.show(t("vote.sent"), "ok");
          renderMine();
        } catch (err) {
          msg.show(err instanceof BallotMismatchError ? t("ballotReview.mismatch") : errorText(err), "error");
        }
      })();
    });
    // Phone first: with one entry, the owner's own status and the choice come first, the entry's
    // details after them; with several, the owner picks the entries before voting.
    const details = [h("h3", null, t("vote.yourEntries")), entryList];
    const status = entries.length === 1 ? h("span", { class: "my-status", testid: "vote-my-status" }, myStatus(entries[0]!)) : null;
    replace(
      vote,
      h("h2", null, t("vote.title"), status ? [h("span", { "aria-hidden": "true" }, " · "), status] : null),
      entries.length === 1 ? null : details,
      form,
      already ? h("p", { class: "hint" }, t("vote.changeHint")) : null,
      entries.length === 1 ? details : null,
    );
  }

  /** "Not voted yet" or "Voted “<option>”" (the kind and the block are in the entry's details). */
  function myStatus(e: VoterEntry): string {
    const p = state!.proposal;
    return e.ballot ? t("vote.myChoice", { option: p.options[e.ballot.choice] ?? String(e.ballot.choice) }) : t("vote.noBallotYet");
  }

  /** One ballot in words, from the fields of its signed message (the nonce aside). */
  function describeBallot(p: ProposalDetail, e: VoterEntry, m: BallotMessage): string {
    return t("ballotReview.line", {
      proposal: `#${m.proposalId} ${p.id === m.proposalId.toString() ? p.title : "?"}`,
      entry: `${e.entryId === m.entryId ? e.unitLabels.join("、") : "?"} (#${m.entryId})`,
      choice: p.options[m.choice] ?? `? (${m.choice})`,
      deadline: formatTime(m.deadline),
    });
  }

  async function castOne(config: Config, p: ProposalDetail, e: VoterEntry, choice: number, signer: string, shown: string | null): Promise<void> {
    const localNonce = storedReceipts()
      .filter((r) => r.proposalId === p.id && r.entryId === e.entryId && r.signer === signer.toLowerCase())
      .reduce((m, r) => Math.max(m, r.nonce ?? 0), 0);
    const nonce = Math.max(e.ballot?.kind === "electronic" ? e.ballot.nonce : 0, localNonce) + 1;
    const message = {
      proposalId: BigInt(p.id),
      entryId: e.entryId,
      choice,
      nonce,
      deadline: BigInt(p.votingEnd),
    };
    const typedData = ballotTypedData(config.chainId, getAddress(config.voting), message);
    // sign only what the page showed: the message, put back into words, must read the same
    if (shown === null || describeBallot(p, e, typedData.message) !== shown) throw new BallotMismatchError();
    const signature = await signTypedData(typedData);
    const receipt = await api.castBallot({
      proposalId: p.id,
      entryId: e.entryId,
      voter: e.voter,
      choice,
      nonce,
      deadline: p.votingEnd,
      signature,
    });
    storeReceipt({
      id: receipt.id,
      proposalId: p.id,
      entryId: e.entryId,
      choice,
      nonce,
      voter: e.voter,
      signer: signer.toLowerCase(),
      createdAt: Date.now(),
    });
  }

  // ── my ballot: receipts this browser holds ──

  const receiptViews = new Map<string, HTMLElement>();

  function renderMine(): void {
    const address = activeAddress();
    const p = state?.proposal;
    if (!address || !p) {
      mine.hidden = true;
      return;
    }
    const list = latestReceipts(id, address);
    if (list.length === 0) {
      mine.hidden = true;
      return;
    }
    mine.hidden = false;
    const items = list.map((r, i) => {
      let view = receiptViews.get(r.id);
      if (!view) {
        view = h("div", { class: "receipt" });
        receiptViews.set(r.id, view);
      }
      view.dataset.testidSuffix = i === 0 ? "" : `-${r.entryId}`;
      return { r, view };
    });
    replace(mine, h("h2", null, t("mine.title")), items.map((x) => x.view));
    for (const { r, view } of items) {
      const suffix = view.dataset.testidSuffix ?? "";
      const show = (rec: Receipt | null, err?: unknown) => {
        replace(
          view,
          h("p", { class: "receipt-line" }, t("mine.entry", { id: r.entryId }), " · ", t("mine.choice", { option: p.options[r.choice] ?? String(r.choice) })),
          h(
            "p",
            null,
            `${t("mine.status")}: `,
            h("strong", { testid: `receipt-status${suffix}`, class: `status-${rec?.status ?? "unknown"}`, "data-status": rec?.status ?? "" }, rec ? t(`receipt.${rec.status}`) : "…"),
            rec ? h("span", { class: "meta" }, ` （${t(`receipt.${rec.status}`)}）`) : null,
          ),
          rec?.txHash ? h("p", { class: "meta" }, `${t("mine.tx")}: `, h("code", { testid: `receipt-tx${suffix}` }, rec.txHash)) : null,
          rec?.blockNumber ? h("p", { class: "meta" }, `${t("mine.block")}: `, h("span", { testid: `receipt-block${suffix}` }, rec.blockNumber)) : null,
          rec?.reason ? h("p", { class: "message message-error", testid: `receipt-reason${suffix}` }, `${t("mine.reason")}: ${receiptReason(rec)}`) : null,
          err ? h("p", { class: "message message-error" }, errorText(err)) : null,
          rec?.status === "confirmed" ? h("p", null, h("a", { href: `#/verify/${id}` }, t("mine.verify"))) : null,
        );
      };
      if (!receiptPolls.has(r.id)) {
        show(null);
        pollReceipt(
          r.id,
          (rec) => {
            show(rec);
            if (rec.status === "confirmed") void renderVote();
          },
          (err) => show(null, err),
        );
      }
    }
  }

  function pollReceipt(receiptId: string, onUpdate: (r: Receipt) => void, onError?: (err: unknown) => void): void {
    if (receiptPolls.has(receiptId)) return;
    receiptPolls.add(receiptId);
    let last = "";
    let done = false;
    page.every(RECEIPT_POLL_MS, async () => {
      if (done) return;
      try {
        const r = await api.receipt(receiptId);
        if (!page.alive) return;
        const key = `${r.status}:${r.txHash}:${r.blockNumber}:${r.reason}`;
        if (key !== last) {
          last = key;
          onUpdate(r);
        }
        if (FINAL_RECEIPT.has(r.status)) done = true;
      } catch (err) {
        onError?.(err);
        done = true;
      }
    });
  }

  // ── start ──

  page.every(POLL_MS, async () => {
    try {
      await load();
    } catch (err) {
      if (!page.alive) return;
      if (state === null) replace(head, h("p", { class: "message message-error", role: "alert", testid: "proposal-error" }, errorText(err)));
    }
  });
}

/** The smallest integer amount that meets `threshold` of `whole`. */
function minimum(whole: bigint, th: Threshold): bigint {
  const x = th.numerator * whole;
  return th.inclusive ? (x + th.denominator - 1n) / th.denominator : x / th.denominator + 1n;
}

/** The ballot about to be signed does not read as the page showed it: nothing is signed. */
class BallotMismatchError extends Error {
  constructor() {
    super("the ballot to sign differs from the one shown");
    this.name = "BallotMismatchError";
  }
}

/**
 * `#/committee`: the owners' committee console. Members sign pending actions; drafts are
 * created here (publish a proposal, enter paper ballots, register proxy mandates, extend a
 * vote that missed the quorum); anyone can trigger the tally and the confirmation.
 */
import { isAddress, keccak256 } from "viem";
import { MATTERS } from "../../../domain/matters";
import { api, type Action, type Community, type Config, type ProposalDraft, type ProposalSummary } from "../api";
import { withSession } from "../auth";
import { busy, field, h, messageBox, replace } from "../dom";
import { formatTime, fromDatetimeLocal, shortAddress, toDatetimeLocal } from "../format";
import { errorText, lang, t } from "../i18n";
import { activeAddress, signTypedData } from "../keys";
import type { Page } from "../page";
import { actionReview, checkAction, refusalText } from "./actionReview";
import { matterLabel, statusBadge } from "./common";
import { registryForm } from "./registryForm";
import { settingsForm } from "./settingsForm";
import { signInPanel } from "./signInPanel";

const COMMUNITY_KEY = "cl.committee.community";
const ACTIONS_POLL_MS = 5_000;
const ACTIONS_FAST_POLL_MS = 1_000;
const DAY = 86_400n;
const MAX_SCAN_BYTES = 50 * 1024 * 1024;
const USE_FUND = 5;

export function renderCommittee(root: HTMLElement, page: Page): void {
  const body = h("div", { class: "stack" }, h("p", { class: "loading" }, t("common.loading")));
  replace(root, h("h1", null, t("committee.title")), h("p", { class: "lead" }, t("committee.lead")), body);

  void (async () => {
    let communities: Community[];
    let config: Config;
    try {
      [communities, config] = await Promise.all([api.communities(), api.config()]);
    } catch (err) {
      if (page.alive) replace(body, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
      return;
    }
    if (!page.alive) return;
    if (communities.length === 0) {
      replace(body, h("p", { class: "empty" }, t("list.noCommunities")));
      return;
    }
    const me = activeAddress();
    const isMember = (c: Community) => me !== null && c.members.some((m) => m.toLowerCase() === me);
    const saved = localStorage.getItem(COMMUNITY_KEY);
    const initial =
      communities.find((c) => c.id === saved) ?? communities.find(isMember) ?? (communities[0] as Community);

    const select = h(
      "select",
      { testid: "community-select" },
      communities.map((c) =>
        h("option", { value: c.id, selected: c.id === initial.id }, `${c.name}${isMember(c) ? ` ✓ ${t("committee.member")}` : ""}`),
      ),
    );
    const content = h("div", { class: "stack" });
    select.addEventListener("change", () => {
      localStorage.setItem(COMMUNITY_KEY, select.value);
      const c = communities.find((x) => x.id === select.value);
      if (c) showCommunity(c);
    });
    replace(body, h("section", { class: "card" }, field(t("committee.pickCommunity"), select)), content);

    let generation = 0;
    function showCommunity(c: Community): void {
      const gen = ++generation;
      const alive = () => page.alive && gen === generation;
      const member = isMember(c);
      const membership = h(
        "p",
        { class: member ? "message message-ok" : "message message-info", testid: "committee-membership" },
        me === null
          ? [t("committee.signInFirst"), " ", h("a", { href: "#/account" }, t("vote.goSignIn"))]
          : member
            ? t("committee.youAreMember", { threshold: c.threshold, members: c.members.length })
            : t("committee.notMember", { address: shortAddress(me) }),
      );
      const actionsBox = h("div", { testid: "actions-list" }, h("p", { class: "loading" }, t("common.loading")));
      const proposalsBox = h("div", { testid: "committee-proposals" });
      const forms = h("div", { class: "stack" });

      replace(
        content,
        membership,
        // drafting needs a Sign-In with Ethereum session; signing actions does not
        member ? signInPanel(page) : null,
        h("section", { class: "card" }, h("h2", null, t("committee.pending")), actionsBox),
        forms,
        h("section", { class: "card" }, h("h2", null, t("committee.proposals")), h("p", { class: "hint" }, t("committee.proposalsHint")), proposalsBox),
      );

      // ── pending actions ──
      const optionsById = new Map<string, readonly string[]>();
      let lastActions = "";
      let lastLoad = 0;
      let inFlight = false; // an action is on its way to the chain: follow it closely
      async function loadActions(force = false): Promise<void> {
        const actions = await api.actions(c.id);
        if (!alive()) return;
        lastLoad = Date.now();
        inFlight = actions.some((a) => a.status === "queued" || a.status === "submitted");
        const key = JSON.stringify(actions.map((a) => [a.id, a.status, a.signatures.length, a.txHash, a.error]));
        if (!force && key === lastActions) return;
        lastActions = key;
        replace(
          actionsBox,
          actions.length === 0 ? h("p", { class: "empty" }, t("committee.noActions")) : h("ul", { class: "actions" }, actions.map(actionItem)),
        );
      }

      function actionItem(a: Action): HTMLElement {
        const kindName = a.kindName[lang()];
        const signed = me !== null && a.signatures.some((s) => s.signer.toLowerCase() === me);
        const msg = messageBox(`action-message-${a.id}`);
        // what is signed, decoded and rebuilt in this browser (only while it can still be signed)
        const check = a.status === "collecting" ? checkAction(a) : null;
        const sign = h(
          "button",
          {
            type: "button",
            class: "button",
            testid: `action-sign-${a.id}`,
            disabled: !member || signed || a.status !== "collecting",
          },
          signed ? `✓ ${t("committee.signed")}` : t("committee.sign"),
        );
        sign.addEventListener(
          "click",
          busy(sign, async () => {
            msg.clear();
            // the digest is rebuilt from the payload shown above; a mismatch is refused, nothing sent
            const now = checkAction(a);
            if (!now.ok) return msg.show(refusalText(now), "error");
            try {
              const signature = await signTypedData(now.typedData);
              await api.signAction(a.id, signature);
              await loadActions(true);
            } catch (err) {
              msg.show(errorText(err), "error");
            }
          }),
        );
        return h(
          "li",
          { class: "action", testid: `action-${a.id}`, "data-status": a.status },
          h("p", { class: "action-summary" }, a.summary[lang()]),
          h(
            "p",
            { class: "meta" },
            `${kindName} · `,
            h("span", { testid: `action-status-${a.id}` }, t(`actionStatus.${a.status}`)),
            " · ",
            h("span", { testid: `action-count-${a.id}` }, t("committee.signatures", { n: a.signatures.length, k: a.threshold })),
          ),
          a.signatures.length > 0
            ? h("p", { class: "meta" }, `${t("committee.signers")}: `, a.signatures.map((s) => h("code", { class: "addr", title: s.signer }, shortAddress(s.signer))))
            : null,
          a.txHash ? h("p", { class: "meta" }, `${t("mine.tx")}: `, h("code", { class: "wrap" }, a.txHash)) : null,
          a.error ? h("p", { class: "message message-error" }, `${t("committee.failed")}: ${a.error}`) : null,
          check ? actionReview(a, check, { communityName: c.name, optionsOf: (id) => optionsById.get(id) }) : null,
          a.status === "collecting" ? sign : null,
          msg.el,
        );
      }

      page.every(ACTIONS_FAST_POLL_MS, async () => {
        if (!alive() || (!inFlight && Date.now() - lastLoad < ACTIONS_POLL_MS)) return;
        try {
          await loadActions();
        } catch (err) {
          if (alive()) replace(actionsBox, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
        }
      });

      // ── proposals (for the forms and the finalize / confirm buttons) ──
      void (async () => {
        let proposals: ProposalSummary[] = [];
        let chainTime = BigInt(config.chainTime);
        try {
          const [list, cfg] = await Promise.all([api.proposals(c.id), api.config()]);
          proposals = list;
          chainTime = BigInt(cfg.chainTime);
        } catch (err) {
          if (alive()) replace(proposalsBox, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
        }
        if (!alive()) return;
        for (const p of proposals) optionsById.set(p.id, p.options);
        const onDraft = () => void loadActions(true);
        void loadActions(true).catch(() => undefined);
        replace(
          forms,
          publishForm(c, chainTime, onDraft),
          paperForm(proposals.filter((p) => p.status === "voting"), onDraft),
          mandateForm(proposals.filter((p) => p.status === "notice" || p.status === "voting"), onDraft),
          extensionForm(proposals.filter((p) => p.status === "provisional" && p.outcome === "NoQuorum"), chainTime, onDraft),
          registryForm(c.id, onDraft),
          settingsForm(c, onDraft),
        );
        replace(proposalsBox, proposalButtons(proposals, chainTime));
      })();
    }

    showCommunity(initial);
  })();
}

// ── publish a proposal ─────────────────────────────────────────────────────────────────────

function publishForm(c: Community, chainTime: bigint, onDraft: () => void): HTMLElement {
  const msg = messageBox("draft-message");
  const matter = h(
    "select",
    { testid: "draft-matter" },
    MATTERS.map((m) => h("option", { value: String(m.code), selected: m.code === USE_FUND }, matterLabel(m.code))),
  );
  const scopeCommunity = h("input", { type: "radio", name: "draft-scope", value: "0", checked: true, testid: "draft-scope-community" });
  const scopeBuildings = h("input", { type: "radio", name: "draft-scope", value: "1", testid: "draft-scope-buildings" });
  const buildingIds = h("input", { type: "text", testid: "draft-scope-ids", inputmode: "numeric", placeholder: "1, 3", disabled: true });
  const syncScope = () => {
    const fund = Number(matter.value) === USE_FUND;
    scopeBuildings.disabled = !fund;
    if (!fund) scopeCommunity.checked = true;
    buildingIds.disabled = !scopeBuildings.checked;
  };
  matter.addEventListener("change", syncScope);
  scopeCommunity.addEventListener("change", syncScope);
  scopeBuildings.addEventListener("change", syncScope);

  const title = h("input", { type: "text", testid: "draft-title", maxlength: 200 });
  const text = h("textarea", { testid: "draft-text", rows: 6 });
  const optDefault = h("input", { type: "radio", name: "draft-options", value: "default", checked: true, testid: "draft-options-default" });
  const optCustom = h("input", { type: "radio", name: "draft-options", value: "custom", testid: "draft-options-custom" });
  const optList = h("textarea", { testid: "draft-options-list", rows: 4, disabled: true, placeholder: t("draft.optionsPlaceholder") });
  const syncOptions = () => {
    optList.disabled = !optCustom.checked;
  };
  optDefault.addEventListener("change", syncOptions);
  optCustom.addEventListener("change", syncOptions);

  const adHoc = h("input", { type: "checkbox", testid: "draft-adhoc" });
  const start = h("input", { type: "datetime-local", testid: "draft-start" });
  const end = h("input", { type: "datetime-local", testid: "draft-end" });
  let edited = false;
  const setDefaults = () => {
    const notice = BigInt(adHoc.checked ? c.settings.adHocNoticeDays : c.settings.noticeDays);
    const s = chainTime + notice * DAY + 3600n;
    start.value = toDatetimeLocal(s);
    end.value = toDatetimeLocal(s + 15n * DAY);
  };
  setDefaults();
  start.addEventListener("input", () => (edited = true));
  end.addEventListener("input", () => (edited = true));
  adHoc.addEventListener("change", () => {
    if (!edited) setDefaults();
  });

  const submit = h("button", { type: "submit", class: "button", testid: "draft-submit" }, t("draft.submit"));
  const form = h(
    "form",
    { class: "draft" },
    field(t("draft.matter"), matter),
    h(
      "fieldset",
      null,
      h("legend", null, t("draft.scope")),
      h("label", { class: "option" }, scopeCommunity, h("span", null, t("scope.community"))),
      h("label", { class: "option" }, scopeBuildings, h("span", null, t("draft.scopeBuildings"))),
      field(t("draft.buildingIds"), buildingIds, t("draft.buildingIdsHint")),
    ),
    field(t("draft.title"), title),
    field(t("draft.text"), text),
    h(
      "fieldset",
      null,
      h("legend", null, t("draft.options")),
      h("label", { class: "option" }, optDefault, h("span", null, t("draft.optionsDefault"))),
      h("label", { class: "option" }, optCustom, h("span", null, t("draft.optionsCustom"))),
      field(t("draft.optionsList"), optList, t("draft.optionsHint")),
    ),
    h("label", { class: "check" }, adHoc, h("span", null, t("draft.adHoc", { days: c.settings.adHocNoticeDays }))),
    field(t("draft.start"), start, t("draft.startHint", { days: c.settings.noticeDays, time: formatTime(chainTime) })),
    field(t("draft.end"), end, t("draft.endHint")),
    submit,
    msg.el,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(submit, async () => {
      msg.clear();
      const kind = scopeBuildings.checked ? 1 : 0;
      const ids = kind === 1 ? parseIds(buildingIds.value) : [];
      if (ids === null || (kind === 1 && ids.length === 0)) return msg.show(t("draft.badIds"), "error");
      const options = optCustom.checked
        ? optList.value.split("\n").map((s) => s.trim()).filter((s) => s.length > 0)
        : [t("draft.optFor"), t("draft.optAgainst"), t("draft.optAbstain")];
      if (options.length < 2 || options.length > 16) return msg.show(t("draft.badOptions"), "error");
      if (title.value.trim() === "") return msg.show(t("draft.needTitle"), "error");
      if (text.value.trim() === "") return msg.show(t("draft.needText"), "error");
      const s = fromDatetimeLocal(start.value);
      const e = fromDatetimeLocal(end.value);
      if (s === null || e === null) return msg.show(t("draft.badDates"), "error");
      const draft: ProposalDraft = {
        matter: Number(matter.value),
        scope: { kind: kind as 0 | 1, ids },
        adHoc: adHoc.checked,
        votingStart: s.toString(),
        votingEnd: e.toString(),
        title: title.value.trim(),
        text: text.value,
        options,
        namedChoice: optCustom.checked,
      };
      try {
        await withSession((token) => api.draftProposal(c.id, draft, token));
        msg.show(t("draft.created"), "ok");
        onDraft();
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    })();
  });
  return h("section", { class: "card", testid: "draft-publish" }, h("h2", null, t("draft.publishTitle")), h("p", { class: "hint" }, t("draft.publishHint")), form);
}

function parseIds(text: string): number[] | null {
  const parts = text.split(/[\s,，、]+/).filter((s) => s.length > 0);
  const ids: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,10}$/.test(p)) return null;
    const n = Number(p);
    if (n > 0xffffffff) return null;
    ids.push(n);
  }
  return [...new Set(ids)];
}

// ── scan files ─────────────────────────────────────────────────────────────────────────────

/** A file input that shows the keccak256 of the chosen file's bytes (hashed in the browser). */
function scanInput(testid: string) {
  const input = h("input", { type: "file", testid });
  const out = h("code", { class: "wrap hash", testid: `${testid}-hash` });
  let hash: string | null = null;
  let pending: Promise<void> = Promise.resolve();
  input.addEventListener("change", () => {
    hash = null;
    out.textContent = "";
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > MAX_SCAN_BYTES) {
      out.textContent = t("scan.tooLarge");
      return;
    }
    out.textContent = t("scan.hashing");
    pending = file.arrayBuffer().then((buf) => {
      hash = keccak256(new Uint8Array(buf));
      out.textContent = hash;
    });
  });
  return {
    el: h("div", { class: "scan" }, input, out),
    async hash(): Promise<string | null> {
      await pending;
      return hash;
    },
  };
}

function proposalSelect(testid: string, proposals: ProposalSummary[]) {
  return h(
    "select",
    { testid },
    proposals.map((p) => h("option", { value: p.id }, `#${p.id} ${p.title}`)),
  );
}

// ── paper ballots and proxy mandates: rows of (entry, something, scan) ───────────────────────

interface ScannedRows<Row, Item> {
  /** data-testid prefix and i18n prefix: "paper" or "mandate". */
  prefix: "paper" | "mandate";
  proposals: ProposalSummary[];
  /** The row's own controls, beside the entry and the scan. */
  controls(i: number, proposal: () => ProposalSummary | undefined): { row: Row; fields: HTMLElement[] };
  /** The item to send for a filled row, or the text of what is wrong with it. */
  read(row: Row, entryId: number, scanHash: string): Item | string;
  send(proposalId: string, items: Item[]): Promise<unknown>;
  onProposalChange?(rows: Row[], proposal: ProposalSummary | undefined): void;
}

/** A form of rows, each a roll entry, its own controls and a scanned document hashed in the browser. */
function scannedRowsForm<Row, Item>(spec: ScannedRows<Row, Item>, onDraft: () => void): HTMLElement {
  const { prefix, proposals } = spec;
  const section = h("section", { class: "card", testid: `draft-${prefix}` }, h("h2", null, t(`${prefix}.title`)), h("p", { class: "hint" }, t(`${prefix}.hint`)));
  if (proposals.length === 0) {
    section.append(h("p", { class: "empty" }, t(`${prefix}.none`)));
    return section;
  }
  const msg = messageBox(`${prefix}-message`);
  const select = proposalSelect(`${prefix}-proposal`, proposals);
  const current = () => proposals.find((p) => p.id === select.value);
  const rows = h("div", { class: "rows" });
  const rowData: { entry: HTMLInputElement; row: Row; scan: ReturnType<typeof scanInput> }[] = [];
  const addRow = () => {
    const i = rowData.length;
    const entry = h("input", { type: "number", min: 0, step: 1, testid: `${prefix}-entry-${i}`, inputmode: "numeric" });
    const { row, fields } = spec.controls(i, current);
    const scan = scanInput(`${prefix}-file-${i}`);
    rowData.push({ entry, row, scan });
    rows.append(h("div", { class: "row" }, field(t("paper.entryId"), entry), ...fields, field(t(`${prefix}.scan`), scan.el)));
  };
  select.addEventListener("change", () => spec.onProposalChange?.(rowData.map((r) => r.row), current()));
  addRow();
  const add = h("button", { type: "button", class: "button secondary", testid: `${prefix}-add-row`, on: { click: () => addRow() } }, t(`${prefix}.addRow`));
  const submit = h("button", { type: "button", class: "button", testid: `${prefix}-submit` }, t(`${prefix}.submit`));
  submit.addEventListener(
    "click",
    busy(submit, async () => {
      msg.clear();
      const items: Item[] = [];
      for (const r of rowData) {
        if (r.entry.value === "") continue;
        const entryId = Number(r.entry.value);
        if (!Number.isSafeInteger(entryId) || entryId < 0) return msg.show(t("paper.badEntry"), "error");
        const scanHash = await r.scan.hash();
        if (!scanHash) return msg.show(t(`${prefix}.needScan`, { id: entryId }), "error");
        const item = spec.read(r.row, entryId, scanHash);
        if (typeof item === "string") return msg.show(item, "error");
        items.push(item);
      }
      if (items.length === 0) return msg.show(t("paper.empty"), "error");
      try {
        await spec.send(select.value, items);
        msg.show(t("draft.created"), "ok");
        onDraft();
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  section.append(field(t("paper.proposal"), select), rows, h("div", { class: "buttons" }, add, submit), msg.el);
  return section;
}

const optionElements = (p: ProposalSummary | undefined) => (p?.options ?? []).map((o, k) => h("option", { value: String(k) }, o));

function paperForm(proposals: ProposalSummary[], onDraft: () => void): HTMLElement {
  return scannedRowsForm<HTMLSelectElement, { entryId: number; choice: number; scanHash: string }>(
    {
      prefix: "paper",
      proposals,
      controls(i, proposal) {
        const choice = h("select", { testid: `paper-choice-${i}` }, optionElements(proposal()));
        return { row: choice, fields: [field(t("paper.choice"), choice)] };
      },
      read: (choice, entryId, scanHash) => ({ entryId, choice: Number(choice.value), scanHash }),
      send: (proposalId, ballots) => withSession((token) => api.draftPaperBallots(proposalId, ballots, token)),
      onProposalChange: (choices, proposal) => {
        for (const c of choices) replace(c, optionElements(proposal));
      },
    },
    onDraft,
  );
}

function mandateForm(proposals: ProposalSummary[], onDraft: () => void): HTMLElement {
  return scannedRowsForm<HTMLInputElement, { entryId: number; proxy: string; mandateHash: string }>(
    {
      prefix: "mandate",
      proposals,
      controls(i) {
        const proxy = h("input", { type: "text", testid: `mandate-proxy-${i}`, placeholder: "0x…", spellcheck: "false" });
        return { row: proxy, fields: [field(t("mandate.proxy"), proxy)] };
      },
      read(proxyInput, entryId, mandateHash) {
        const proxy = proxyInput.value.trim();
        if (!isAddress(proxy, { strict: false })) return t("mandate.badProxy", { id: entryId });
        return { entryId, proxy: proxy.toLowerCase(), mandateHash };
      },
      send: (proposalId, mandates) => withSession((token) => api.draftMandates(proposalId, mandates, token)),
    },
    onDraft,
  );
}

// ── extension of a vote that missed the quorum ─────────────────────────────────────────────

function extensionForm(proposals: ProposalSummary[], chainTime: bigint, onDraft: () => void): HTMLElement {
  const section = h("section", { class: "card", testid: "draft-extension" }, h("h2", null, t("extension.title")), h("p", { class: "hint" }, t("extension.hint")));
  if (proposals.length === 0) {
    section.append(h("p", { class: "empty" }, t("extension.none")));
    return section;
  }
  const msg = messageBox("extension-message");
  const select = proposalSelect("extension-proposal", proposals);
  const end = h("input", { type: "datetime-local", testid: "extension-end", value: toDatetimeLocal(chainTime + 15n * DAY) });
  const submit = h("button", { type: "button", class: "button", testid: "extension-submit" }, t("extension.submit"));
  submit.addEventListener(
    "click",
    busy(submit, async () => {
      msg.clear();
      const e = fromDatetimeLocal(end.value);
      if (e === null) return msg.show(t("draft.badDates"), "error");
      try {
        await withSession((token) => api.draftExtension(select.value, e.toString(), token));
        msg.show(t("draft.created"), "ok");
        onDraft();
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  section.append(field(t("paper.proposal"), select), field(t("extension.newEnd"), end), submit, msg.el);
  return section;
}

// ── finalize / confirm ─────────────────────────────────────────────────────────────────────

function proposalButtons(proposals: ProposalSummary[], chainTime: bigint): HTMLElement {
  if (proposals.length === 0) return h("p", { class: "empty" }, t("list.noProposals"));
  return h(
    "ul",
    { class: "proposal-list" },
    proposals.map((p) => {
      const msg = messageBox(`proposal-message-${p.id}`);
      const canFinalize = p.status === "closed";
      const canConfirm = p.status === "provisional" && p.objectionEnd !== null && chainTime >= BigInt(p.objectionEnd);
      let button: HTMLButtonElement | null = null;
      if (canFinalize || canConfirm) {
        const b = h(
          "button",
          { type: "button", class: "button", testid: canFinalize ? `proposal-finalize-${p.id}` : `proposal-confirm-${p.id}` },
          canFinalize ? t("anyone.finalize") : t("anyone.confirm"),
        );
        b.addEventListener(
          "click",
          busy(b, async () => {
            msg.clear();
            try {
              const r = canFinalize ? await api.finalize(p.id) : await api.confirm(p.id);
              msg.show(t("anyone.sent", { status: t(`receipt.${r.status}`) }), "ok");
            } catch (err) {
              msg.show(errorText(err), "error");
            }
          }),
        );
        button = b;
      }
      return h(
        "li",
        { class: "committee-proposal" },
        h("a", { href: `#/proposals/${p.id}` }, `#${p.id} ${p.title}`),
        " ",
        statusBadge(p.status),
        h("span", { class: "meta" }, ` ${matterLabel(p.matter)}`),
        button,
        msg.el,
      );
    }),
  );
}

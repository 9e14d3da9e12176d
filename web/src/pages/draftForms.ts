/**
 * The committee console's drafting forms, one task each: publish a proposal (its scope picked
 * from the community's buildings), enter paper ballots and register proxy mandates for one
 * proposal (each row's entry found by room number), extend a vote that missed the quorum.
 */
import { isAddress, keccak256 } from "viem";
import { MATTERS } from "../../../domain/matters";
import { DEFAULT_PROPOSAL_LANGUAGE, PROPOSAL_LANGUAGES, standardOptions, type ProposalLanguage } from "../../../domain/proposalLanguage";
import { api, type Community, type DocumentKindName, type ProposalDraft, type ProposalSummary } from "../api";
import { withSession } from "../auth";
import { busy, field, h, messageBox } from "../dom";
import { formatTime, fromDatetimeLocal, toDatetimeLocal } from "../format";
import { errorText, t } from "../i18n";
import { matterLabel } from "./common";
import { DOCUMENT_ACCEPT, UploadRefused, documentLimit, maxDocumentBytes, uploadFiles, type KeptFile } from "./documentUploads";
import { buildingPicker, entryPicker, rollSuggestions } from "./pickers";

const DAY = 86_400n;
const USE_FUND = 5;

// ── publish a proposal ─────────────────────────────────────────────────────────────────────

export function publishForm(c: Community, chainTime: bigint, onDraft: () => void): HTMLElement {
  const msg = messageBox("draft-message");
  const matter = h(
    "select",
    { testid: "draft-matter" },
    MATTERS.map((m) => h("option", { value: String(m.code), selected: m.code === USE_FUND }, matterLabel(m.code))),
  );
  const scopeCommunity = h("input", { type: "radio", name: "draft-scope", value: "0", checked: true, testid: "draft-scope-community" });
  const scopeBuildings = h("input", { type: "radio", name: "draft-scope", value: "1", testid: "draft-scope-buildings" });
  const buildings = buildingPicker(c.id, "draft-scope-building");
  buildings.setDisabled(true);
  const syncScope = () => {
    const fund = Number(matter.value) === USE_FUND;
    scopeBuildings.disabled = !fund;
    if (!fund) scopeCommunity.checked = true;
    buildings.setDisabled(!scopeBuildings.checked);
  };
  matter.addEventListener("change", syncScope);
  scopeCommunity.addEventListener("change", syncScope);
  scopeBuildings.addEventListener("change", syncScope);

  // The proposal's own language, chosen here: Chinese by default, whatever this interface's.
  const language = h(
    "select",
    { testid: "draft-language" },
    PROPOSAL_LANGUAGES.map((l) => h("option", { value: l, selected: l === DEFAULT_PROPOSAL_LANGUAGE }, t(`draft.language.${l}`))),
  ) as HTMLSelectElement;
  const defaultLabel = h("span", { testid: "draft-options-default-label" }, standardOptions(DEFAULT_PROPOSAL_LANGUAGE).join(" / "));
  language.addEventListener("change", () => {
    defaultLabel.textContent = standardOptions(language.value as ProposalLanguage).join(" / ");
  });
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
      h("fieldset", { class: "nested" }, h("legend", null, t("picker.buildings")), buildings.el),
    ),
    field(t("draft.languageLabel"), language, t("draft.languageHint")),
    field(t("draft.title"), title),
    field(t("draft.text"), text),
    h(
      "fieldset",
      null,
      h("legend", null, t("draft.options")),
      h("label", { class: "option" }, optDefault, defaultLabel),
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
      const ids = kind === 1 ? buildings.selected() : [];
      if (kind === 1 && ids.length === 0) return msg.show(t("draft.badIds"), "error");
      const lang = language.value as ProposalLanguage;
      // the standard options are the API's, in the proposal's language; named ones as typed
      const options = optCustom.checked ? optList.value.split("\n").map((s) => s.trim()).filter((s) => s.length > 0) : undefined;
      if (options !== undefined && (options.length < 2 || options.length > 16)) return msg.show(t("draft.badOptions"), "error");
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
        language: lang,
        ...(options !== undefined ? { options } : {}),
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

// ── scan files ─────────────────────────────────────────────────────────────────────────────

/** The limit in words, as the inputs' hints and the too-large message give it. */
export const maxDocumentMb = () => String(Math.floor(maxDocumentBytes() / 1024 / 1024));

/**
 * A labelled file input that shows the keccak256 of the chosen file's bytes (hashed in the
 * browser) and keeps the file, which the form uploads to the document store before its draft.
 */
export function scanInput(testid: string, label: string) {
  const input = h("input", { type: "file", testid, accept: DOCUMENT_ACCEPT });
  const out = h("code", { class: "wrap hash", testid: `${testid}-hash` });
  let chosen: { file: File; hash: string } | null = null;
  let pending: Promise<void> = Promise.resolve();
  input.addEventListener("change", () => {
    chosen = null;
    out.textContent = "";
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > maxDocumentBytes()) {
      out.textContent = t("scan.tooLarge", { mb: maxDocumentMb() });
      return;
    }
    out.textContent = t("scan.hashing");
    pending = file.arrayBuffer().then((buf) => {
      if (input.files?.[0] !== file) return;
      chosen = { file, hash: keccak256(new Uint8Array(buf)) };
      out.textContent = chosen.hash;
    });
  });
  const el = h("div", { class: "scan" }, field(label, input, t("scan.hint", { mb: maxDocumentMb() })), out);
  // the server's own limit, once known
  void documentLimit().then(() => {
    const hint = el.querySelector(".hint");
    if (hint) hint.textContent = t("scan.hint", { mb: maxDocumentMb() });
  });
  return {
    el,
    async hash(): Promise<string | null> {
      await pending;
      return chosen?.hash ?? null;
    },
    /** The chosen file with its keccak256 (what the draft carries), or null. */
    async chosen(): Promise<{ file: File; hash: string } | null> {
      await pending;
      return chosen;
    },
  };
}

// ── paper ballots and proxy mandates: rows of (entry by room number, something, scan) ─────────

interface ScannedRows<Row, Item> {
  /** data-testid prefix and i18n prefix: "paper" or "mandate". */
  prefix: "paper" | "mandate";
  /** The document kind of the row's scan, kept for the record `<kind>:<proposalId>/<entryId>`. */
  kind: Extract<DocumentKindName, "paper-ballot" | "mandate">;
  /** The row's own controls, beside the entry and the scan. */
  controls(i: number): { row: Row; fields: HTMLElement[] };
  /** The item to send for a filled row, or the text of what is wrong with it. */
  read(row: Row, entryId: number, scanHash: string): Item | string;
  send(items: Item[]): Promise<unknown>;
}

/** A refused upload in words: which file, the API's refusal, and that nothing was drafted. */
export function uploadRefusalText(err: unknown): string {
  if (!(err instanceof UploadRefused)) return errorText(err);
  return `${t("upload.refused", { what: err.what })}${errorText(err.refusal)} ${t("fundDraft.refused.nothingDrafted")}`;
}

/** A form of rows for one proposal, each a roll entry found by room number, its own controls and a scan hashed in the browser. */
function scannedRowsForm<Row, Item>(communityId: string, p: ProposalSummary, spec: ScannedRows<Row, Item>, onDraft: () => void): HTMLElement {
  const { prefix } = spec;
  const msg = messageBox(`${prefix}-message`);
  const suggestions = rollSuggestions(p.id, `${prefix}-rooms`);
  const rows = h("div", { class: "rows" });
  const rowData: { entry: ReturnType<typeof entryPicker>; row: Row; scan: ReturnType<typeof scanInput> }[] = [];
  const addRow = () => {
    const i = rowData.length;
    const entry = entryPicker(communityId, p.id, `${prefix}-entry-${i}`, suggestions);
    const { row, fields } = spec.controls(i);
    const scan = scanInput(`${prefix}-file-${i}`, t(`${prefix}.scan`));
    rowData.push({ entry, row, scan });
    rows.append(h("div", { class: "row" }, entry.el, ...fields, scan.el));
  };
  addRow();
  const add = h("button", { type: "button", class: "button secondary", testid: `${prefix}-add-row`, on: { click: () => addRow() } }, t(`${prefix}.addRow`));
  const submit = h("button", { type: "button", class: "button", testid: `${prefix}-submit` }, t(`${prefix}.submit`));
  submit.addEventListener(
    "click",
    busy(submit, async () => {
      msg.clear();
      const items: Item[] = [];
      const files: KeptFile[] = [];
      for (const r of rowData) {
        const entryId = await r.entry.entryId();
        if (entryId === null) continue;
        if (typeof entryId === "string") return msg.show(entryId, "error");
        const scan = await r.scan.chosen();
        if (!scan) return msg.show(t(`${prefix}.needScan`, { id: entryId }), "error");
        const item = spec.read(r.row, entryId, scan.hash);
        if (typeof item === "string") return msg.show(item, "error");
        items.push(item);
        files.push({ file: scan.file, kind: spec.kind, record: `${spec.kind}:${p.id}/${entryId}`, what: t(`${prefix}.scanOf`, { id: entryId }) });
      }
      if (items.length === 0) return msg.show(t("paper.empty"), "error");
      try {
        await uploadFiles(communityId, files, (text) => msg.show(text, "info"));
      } catch (err) {
        return msg.show(uploadRefusalText(err), "error");
      }
      try {
        await spec.send(items);
        msg.show(t("draft.created"), "ok");
        onDraft();
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  return h(
    "section",
    { class: "card", testid: `draft-${prefix}` },
    h("h2", null, t(`${prefix}.title`)),
    h("p", { class: "lead", testid: `${prefix}-proposal` }, `#${p.id} ${p.title}`),
    h("p", { class: "hint" }, t(`${prefix}.hint`)),
    suggestions,
    rows,
    h("div", { class: "buttons" }, add, submit),
    msg.el,
  );
}

export function paperForm(communityId: string, p: ProposalSummary, onDraft: () => void): HTMLElement {
  return scannedRowsForm<HTMLSelectElement, { entryId: number; choice: number; scanHash: string }>(
    communityId,
    p,
    {
      prefix: "paper",
      kind: "paper-ballot",
      controls(i) {
        const choice = h("select", { testid: `paper-choice-${i}` }, p.options.map((o, k) => h("option", { value: String(k) }, o)));
        return { row: choice, fields: [field(t("paper.choice"), choice)] };
      },
      read: (choice, entryId, scanHash) => ({ entryId, choice: Number(choice.value), scanHash }),
      send: (ballots) => withSession((token) => api.draftPaperBallots(p.id, ballots, token)),
    },
    onDraft,
  );
}

export function mandateForm(communityId: string, p: ProposalSummary, onDraft: () => void, proxyField: (testid: string) => { el: HTMLElement; input: HTMLInputElement }): HTMLElement {
  return scannedRowsForm<HTMLInputElement, { entryId: number; proxy: string; mandateHash: string }>(
    communityId,
    p,
    {
      prefix: "mandate",
      kind: "mandate",
      controls(i) {
        const proxy = proxyField(`mandate-proxy-${i}`);
        return { row: proxy.input, fields: [proxy.el] };
      },
      read(proxyInput, entryId, mandateHash) {
        const proxy = proxyInput.value.trim();
        if (!isAddress(proxy, { strict: false })) return t("mandate.badProxy", { id: entryId });
        return { entryId, proxy: proxy.toLowerCase(), mandateHash };
      },
      send: (mandates) => withSession((token) => api.draftMandates(p.id, mandates, token)),
    },
    onDraft,
  );
}

// ── extension of a vote that missed the quorum ─────────────────────────────────────────────

export function extensionForm(p: ProposalSummary, chainTime: bigint, onDraft: () => void): HTMLElement {
  const msg = messageBox("extension-message");
  const end = h("input", { type: "datetime-local", testid: "extension-end", value: toDatetimeLocal(chainTime + 15n * DAY) });
  const submit = h("button", { type: "button", class: "button", testid: "extension-submit" }, t("extension.submit"));
  submit.addEventListener(
    "click",
    busy(submit, async () => {
      msg.clear();
      const e = fromDatetimeLocal(end.value);
      if (e === null) return msg.show(t("draft.badDates"), "error");
      try {
        await withSession((token) => api.draftExtension(p.id, e.toString(), token));
        msg.show(t("draft.created"), "ok");
        onDraft();
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  return h(
    "section",
    { class: "card", testid: "draft-extension" },
    h("h2", null, t("extension.title")),
    h("p", { class: "lead" }, `#${p.id} ${p.title}`),
    h("p", { class: "hint" }, t("extension.hint")),
    field(t("extension.newEnd"), end),
    submit,
    msg.el,
  );
}

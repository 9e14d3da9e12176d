/**
 * The committee console's maintenance-fund forms, one task each (committeeTasks.ts FundTaskId):
 * a spending plan for a passed fund-use vote, a payment on a plan, an emergency plan, an
 * emergency plan's statement, moving common income into the unit accounts, a period's
 * statement, the fund's settings. Amounts are typed in yuan and read with parseYuan into integer
 * fen (a bad amount is refused here, before anything is sent); documents are fingerprinted in
 * this browser (keccak256 of a chosen file's bytes; a plan's text with textHashOf), and each
 * chosen file is kept in the document store for its record before the draft is sent (an upload
 * refused stops the form, nothing drafted: ./documentUploads.ts). Each form sends its drafts with an Idempotency-Key (fundDrafter) and, once drafted, goes to the action's
 * page, where the members review what they sign and sign it; a refusal is shown with what it
 * names (fundRefusal.ts).
 */
import { textHashOf } from "../../../chain/textHash";
import { formatYuan } from "../../../domain/fund/money";
import { api, ApiError, type Community, type DocumentKindName, type FundPlanSummary, type ProposalSummary } from "../api";
import { withSession } from "../auth";
import { busy, field, h, messageBox, replace, type Child } from "../dom";
import { formatTime, fromDatetimeLocal, toDatetimeLocal } from "../format";
import { parseYuan, yuan } from "../fund/money";
import { errorText, t } from "../i18n";
import { taskHref, type FundFacts, type FundTaskId, type Task } from "./committeeTasks";
import { maxDocumentMb, scanInput } from "./draftForms";
import { UploadRefused, uploadFiles, type KeptFile } from "./documentUploads";
import { fundRefusal } from "./fundRefusal";
import { buildingPicker } from "./pickers";

const UINT64_MAX = 2n ** 64n - 1n;
const DAY = 86_400n;

/**
 * A draft as POST /api/communities/{id}/fund-drafts takes it (FundDraftBody in
 * ledger-api/src/http/modules/fund/drafts.ts): amounts in fen and ids as decimal strings.
 */
export type FundDraftRequest =
  | { action: "changeFundSettings"; depositRateFenPerM2: string; emergencyCapFen: string; emergencyReportDays: number }
  | { action: "createPlan"; proposalId: string; budgetFen: string; payee: string; textHash: string; text: string; quoteHash: string; contractHash: string }
  | {
      action: "createEmergencyPlan";
      category: EmergencyCategory;
      scope: { kind: 0 | 1 | 2; ids: number[] };
      budgetFen: string;
      payee: string;
      textHash: string;
      text: string;
      quoteHash: string;
      contractHash: string;
    }
  | { action: "requestPayment"; planId: string; amountFen: string; invoiceHash: string; acceptanceHash?: string }
  | { action: "publishEmergencyReport"; planId: string; reportHash: string }
  | { action: "moveCommonIncome"; proposalId: string; amountFen: string }
  | { action: "publishStatement"; periodStart: string; periodEnd: string; documentHash: string };

/** FundLedger's emergency categories, 1–5, with their names (fund.category.*). */
type EmergencyCategory = 1 | 2 | 3 | 4 | 5;
const CATEGORIES: readonly [EmergencyCategory, string][] = [
  [1, "lift"],
  [2, "roof"],
  [3, "fireSafety"],
  [4, "pipe"],
  [5, "other"],
];

/** What a fund form needs of the console. */
export interface FundFormCtx {
  community: Community;
  chainTime: bigint;
  alive: () => boolean;
}

// ── reading what is typed ──────────────────────────────────────────────────────────────────

/** A positive amount typed in yuan ("12,500.00", "¥80") → fen, or the words of what is wrong (`what` names the field). */
export function readYuan(text: string, what: string): bigint | string {
  const fen = parseYuan(text);
  if (fen === null) return t("fundDraft.badAmount", { what });
  if (fen <= 0n) return t("fundDraft.notPositive", { what });
  if (fen > UINT64_MAX) return t("fundDraft.tooLarge", { what });
  return fen;
}

// ── the task list's lines ──────────────────────────────────────────────────────────────────

/** The fund's facts for the task list: its plans, which of them have a payment held, its common income. */
export async function fundFacts(communityId: string): Promise<FundFacts> {
  const [overview, plans] = await Promise.all([api.fund(communityId), api.fundPlans(communityId)]);
  const details = await Promise.all(plans.filter((p) => p.paymentCount > 0).map((p) => api.fundPlan(communityId, p.planId)));
  const heldPlanIds = new Set(details.filter((d) => d.payments.some((x) => x.status === "held")).map((d) => d.plan.planId));
  return { plans, heldPlanIds, commonBalanceFen: overview.totals.commonBalanceFen };
}

const payFacts = (p: FundPlanSummary) => t("tasks.draft.fund-payFacts", { committed: yuan(p.committedFen), budget: yuan(p.budgetFen), cap: yuan(p.capFen) });

/** The words of a fund task in the list: what to draft, and what it is about (a plan's money, a statement's due date). */
export function fundTaskLabel(task: Task, facts: FundFacts | null): { text: string; meta: Child } {
  const kind = task.id.startsWith("fund-plan-") ? "fund-plan" : task.id.startsWith("fund-pay-") ? "fund-pay" : task.id.startsWith("fund-report-") ? "fund-report" : task.id;
  const plan = task.plan;
  if (kind === "fund-plan" && task.proposal) return { text: t("tasks.draft.fund-plan", { id: task.proposal.id, title: task.proposal.title }), meta: null };
  if (kind === "fund-pay" && plan) {
    return { text: t("tasks.draft.fund-pay", { plan: plan.planId, payee: plan.payee }), meta: h("span", { testid: `task-facts-${task.id}` }, payFacts(plan)) };
  }
  if (kind === "fund-report" && plan) {
    const due = plan.reportDue === null ? null : formatTime(plan.reportDue);
    return {
      text: t("tasks.draft.fund-report", { plan: plan.planId, payee: plan.payee }),
      meta:
        due === null
          ? null
          : h(
              "span",
              { class: plan.reportOverdue ? "pill pill-no" : undefined, testid: `task-due-${task.id}`, "data-overdue": String(plan.reportOverdue) },
              plan.reportOverdue ? `⚠ ${t("tasks.draft.fund-reportOverdue", { time: due })}` : t("tasks.draft.fund-reportDue", { time: due }),
            ),
    };
  }
  if (kind === "fund-common") return { text: t("tasks.draft.fund-common", { amount: yuan(facts?.commonBalanceFen ?? "0") }), meta: null };
  return { text: t(`tasks.draft.${kind}`), meta: null };
}

// ── one task's page ────────────────────────────────────────────────────────────────────────

/** Renders the form of fund task `id` into `root` (loading what it needs first). */
export function fundTaskPage(ctx: FundFormCtx, root: HTMLElement, id: FundTaskId): void {
  const c = ctx.community;
  const load = <T>(get: () => Promise<T>, show: (v: T) => HTMLElement) => {
    replace(root, h("p", { class: "loading" }, t("common.loading")));
    get().then(
      (v) => ctx.alive() && replace(root, show(v)),
      (err: unknown) => ctx.alive() && replace(root, h("p", { class: "message message-error", role: "alert" }, errorText(err))),
    );
  };
  const [, kind, ref = ""] = /^fund-(plan|pay|report)-(\d+)$/.exec(id) ?? [null, id, ""];
  if (kind === "plan") return load(() => api.proposal(ref), (p) => planForm(c, p));
  if (kind === "pay") return load(() => api.fundPlan(c.id, ref), (d) => paymentForm(c, d.plan, d.payments.some((x) => x.status === "held")));
  if (kind === "report") return load(() => api.fundPlan(c.id, ref), (d) => reportForm(c, d.plan));
  if (id === "fund-common") return load(() => Promise.all([api.fund(c.id), api.proposals(c.id)]), ([o, ps]) => commonForm(c, o.totals.commonBalanceFen, ps));
  if (id === "fund-emergency") return load(() => api.fund(c.id), (o) => emergencyForm(c, o.settings.emergencyCapFen));
  if (id === "fund-statement") return load(() => api.fund(c.id), (o) => statementForm(c, ctx.chainTime, o.lastStatement?.periodEnd ?? null));
  return load(() => api.fund(c.id), (o) => settingsForm(c, o.settings));
}

// ── the forms' parts ───────────────────────────────────────────────────────────────────────

/** A fresh key for one submission; a retry of it keeps the key. */
const newKey = () => `fund-${crypto.randomUUID()}`;

/**
 * Sends one form's drafts. The Idempotency-Key is kept while a retry may find the draft already
 * made (the answer was lost: a network failure, a 5xx) and renewed after success, or after a
 * refusal (a 4xx: nothing was drafted under it, so the corrected form is a new operation).
 * Drafted, it goes to the action's page.
 */
function fundDrafter(communityId: string, out: HTMLElement) {
  let key = newKey();
  return async (body: FundDraftRequest): Promise<void> => {
    replace(out);
    try {
      const action = await withSession((token) => api.draftFund(communityId, body, token, key));
      key = newKey();
      location.hash = taskHref(`action-${action.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) key = newKey();
      replace(out, fundRefusal(err, "fund-refusal"));
    }
  };
}

/** A text input for an amount in yuan. */
const yuanInput = (testid: string, value = "") =>
  h("input", { type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false", testid, value, placeholder: "12,500.00" });

/**
 * A file fingerprinted in this browser and kept, once the form is sent, as a `kind` document of
 * `record` (`type:id`); `what` names the document (fundDraft.quote, …), `label` the input.
 */
const documentInput = (testid: string, what: string, kind: DocumentKindName, record: string, label = t("fundDraft.fileOf", { what })) => ({
  what,
  kind,
  record,
  ...scanInput(testid, label),
});
type DocumentInput = ReturnType<typeof documentInput>;

/** The files chosen in these inputs, to keep before the draft is sent. */
async function chosenFiles(docs: readonly DocumentInput[]): Promise<KeptFile[]> {
  const out: KeptFile[] = [];
  for (const d of docs) {
    const c = await d.chosen();
    if (c) out.push({ file: c.file, kind: d.kind, record: d.record, what: d.what });
  }
  return out;
}

/** The hashes of the documents, or the words for the first one missing. */
async function hashesOf<K extends string>(docs: Record<K, DocumentInput>): Promise<Record<K, string> | string> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(docs) as K[]) {
    const hash = await docs[k].hash();
    if (!hash) return t("fundDraft.needFile", { what: docs[k].what });
    out[k] = hash;
  }
  return out;
}

/**
 * A fund form: its title and hint, its fields, the submit button; `read` gives the draft to send
 * or the words of what is wrong (shown, nothing sent). The files chosen in `docs` are uploaded
 * after `read` and before the draft; a refused upload is shown and nothing is drafted.
 */
function fundForm(c: Community, name: string, fields: Child, read: () => Promise<FundDraftRequest | string>, intro?: Child, docs: readonly DocumentInput[] = []): HTMLElement {
  const msg = messageBox("fund-message");
  const out = h("div", { testid: "fund-result" });
  const send = fundDrafter(c.id, out);
  const submit = h("button", { type: "submit", class: "button", testid: "fund-submit" }, t("fundDraft.submit"));
  const form = h("form", { class: "draft", novalidate: true }, fields, h("p", { class: "hint" }, t("fundDraft.submitHint")), h("div", { class: "buttons" }, submit), msg.el, out);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(submit, async () => {
      msg.clear();
      replace(out);
      const body = await read();
      if (typeof body === "string") return msg.show(body, "error");
      try {
        await uploadFiles(c.id, await chosenFiles(docs), (text) => msg.show(text, "info"));
      } catch (err) {
        if (!(err instanceof UploadRefused)) throw err;
        msg.show(t("upload.refusedFile", { what: err.what }), "error");
        replace(out, fundRefusal(err.refusal, "fund-refusal"));
        return;
      }
      msg.clear();
      await send(body);
    })();
  });
  return h("section", { class: "card", testid: `fund-form-${name}` }, h("h2", null, t(`fundDraft.${name}.title`)), intro, h("p", { class: "hint" }, t(`fundDraft.${name}.hint`)), form);
}

/** A plan's money as a description list: budget, cap, committed, what is left under the cap. */
function planFacts(p: FundPlanSummary): HTMLElement {
  const room = BigInt(p.capFen) - BigInt(p.committedFen);
  return h(
    "dl",
    { class: "facts", testid: "fund-plan-facts" },
    h("dt", null, t("fund.payee")),
    h("dd", null, p.payee),
    h("dt", null, t("fund.budget")),
    h("dd", { testid: "fund-plan-budget" }, yuan(p.budgetFen)),
    h("dt", null, t("fund.cap")),
    h("dd", { testid: "fund-plan-cap" }, yuan(p.capFen)),
    h("dt", null, t("fundDraft.pay.committed")),
    h("dd", { testid: "fund-plan-committed" }, yuan(p.committedFen)),
    h("dt", null, t("fundDraft.pay.room")),
    h("dd", { testid: "fund-plan-room" }, yuan(room > 0n ? room : 0n)),
  );
}

const fileHint = () => h("p", { class: "hint" }, t("fundDraft.fileHint", { mb: maxDocumentMb() }));
/** The record of a file kept for the community before the record it supports exists (a plan's quote, a statement's document). */
const communityRecord = (c: Community) => `community:${c.id}`;

// ── the forms ──────────────────────────────────────────────────────────────────────────────

function planForm(c: Community, p: Awaited<ReturnType<typeof api.proposal>>): HTMLElement {
  const budget = yuanInput("fund-plan-budget-input");
  const payee = h("input", { type: "text", testid: "fund-plan-payee", maxlength: 200, autocomplete: "off" });
  const text = h("textarea", { testid: "fund-plan-text", rows: 6 }, p.text ?? "");
  const docs = {
    quoteHash: documentInput("fund-plan-quote", t("fundDraft.quote"), "quote", communityRecord(c)),
    contractHash: documentInput("fund-plan-contract", t("fundDraft.contract"), "contract", communityRecord(c)),
  };
  return fundForm(
    c,
    "plan",
    [field(t("fundDraft.budgetYuan"), budget, t("fundDraft.amountHint")), field(t("fundDraft.payee"), payee), field(t("fundDraft.planText"), text, t("fundDraft.planTextHint")), docs.quoteHash.el, docs.contractHash.el, fileHint()],
    async () => {
      const budgetFen = readYuan(budget.value, t("fundDraft.budget"));
      if (typeof budgetFen === "string") return budgetFen;
      if (payee.value.trim() === "") return t("fundDraft.needPayee");
      if (text.value.trim() === "") return t("fundDraft.needText");
      const hashes = await hashesOf(docs);
      if (typeof hashes === "string") return hashes;
      return { action: "createPlan", proposalId: p.id, budgetFen: budgetFen.toString(), payee: payee.value.trim(), textHash: textHashOf(text.value.trim()), text: text.value.trim(), ...hashes };
    },
    h("p", { class: "lead", testid: "fund-plan-proposal" }, `#${p.id} ${p.title}`),
    Object.values(docs),
  );
}

function paymentForm(c: Community, plan: FundPlanSummary, held: boolean): HTMLElement {
  const amount = yuanInput("fund-pay-amount");
  // The payment does not exist yet: its files are kept for the community and join the payment by
  // the hashes PaymentHeld carries (so the plan does not list them as its own).
  const record = communityRecord(c);
  const invoice = documentInput("fund-pay-invoice", t("fundDraft.invoice"), "invoice", record);
  const acceptance = documentInput("fund-pay-acceptance", t("fundDraft.acceptance"), "acceptance-report", record, t("fundDraft.acceptanceOptional"));
  return fundForm(
    c,
    "pay",
    [
      held ? h("p", { class: "message message-info", testid: "fund-pay-held" }, t("fundDraft.pay.held")) : null,
      field(t("fundDraft.amountYuan"), amount, t("fundDraft.amountHint")),
      invoice.el,
      acceptance.el,
      fileHint(),
    ],
    async () => {
      const amountFen = readYuan(amount.value, t("fundDraft.amount"));
      if (typeof amountFen === "string") return amountFen;
      const hashes = await hashesOf({ invoiceHash: invoice });
      if (typeof hashes === "string") return hashes;
      const acceptanceHash = await acceptance.hash();
      return { action: "requestPayment", planId: plan.planId, amountFen: amountFen.toString(), ...hashes, ...(acceptanceHash ? { acceptanceHash } : {}) };
    },
    [h("p", { class: "lead" }, t("fundDraft.pay.facts", { plan: plan.planId, payee: plan.payee })), planFacts(plan)],
    [invoice, acceptance],
  );
}

function reportForm(c: Community, plan: FundPlanSummary): HTMLElement {
  const report = documentInput("fund-report-file", t("fundDraft.report"), "emergency-report", `plan:${plan.planId}`);
  const due = plan.reportDue === null ? null : formatTime(plan.reportDue);
  return fundForm(
    c,
    "report",
    [report.el, fileHint()],
    async () => {
      const hashes = await hashesOf({ reportHash: report });
      if (typeof hashes === "string") return hashes;
      return { action: "publishEmergencyReport", planId: plan.planId, ...hashes };
    },
    [
      h("p", { class: "lead" }, t("tasks.draft.fund-report", { plan: plan.planId, payee: plan.payee })),
      due === null
        ? null
        : h(
            "p",
            { class: plan.reportOverdue ? "message message-error" : "meta", testid: "fund-report-due", "data-overdue": String(plan.reportOverdue) },
            plan.reportOverdue ? `⚠ ${t("tasks.draft.fund-reportOverdue", { time: due })}` : t("tasks.draft.fund-reportDue", { time: due }),
          ),
    ],
    [report],
  );
}

function commonForm(c: Community, balanceFen: string, proposals: readonly ProposalSummary[]): HTMLElement {
  const passed = proposals.filter((p) => p.status === "final" && p.outcome === "Passed");
  const proposal = h("select", { testid: "fund-common-proposal" }, passed.map((p) => h("option", { value: p.id }, `#${p.id} ${p.title}`)));
  const amount = yuanInput("fund-common-amount", formatYuan(BigInt(balanceFen)));
  return fundForm(
    c,
    "common",
    [
      passed.length === 0 ? h("p", { class: "message message-info" }, t("fundDraft.common.noProposal")) : field(t("fundDraft.common.proposal"), proposal),
      field(t("fundDraft.amountYuan"), amount, t("fundDraft.amountHint")),
    ],
    async () => {
      if (passed.length === 0) return t("fundDraft.common.noProposal");
      const amountFen = readYuan(amount.value, t("fundDraft.amount"));
      if (typeof amountFen === "string") return amountFen;
      return { action: "moveCommonIncome", proposalId: proposal.value, amountFen: amountFen.toString() };
    },
    h("p", { class: "lead", testid: "fund-common-balance" }, t("fundDraft.common.balance", { amount: yuan(balanceFen) })),
  );
}

function emergencyForm(c: Community, capFen: string): HTMLElement {
  const category = h("select", { testid: "fund-emergency-category" }, CATEGORIES.map(([code, name]) => h("option", { value: String(code) }, t(`fund.category.${name}`))));
  const radio = (value: string, testid: string, checked = false) => h("input", { type: "radio", name: "fund-emergency-scope", value, testid, checked });
  const scopeCommunity = radio("0", "fund-emergency-scope-community", true);
  const scopeBuildings = radio("1", "fund-emergency-scope-buildings");
  const scopeUnits = radio("2", "fund-emergency-scope-units");
  const buildings = buildingPicker(c.id, "fund-emergency-building");
  const rooms = h("textarea", { testid: "fund-emergency-rooms", rows: 3, placeholder: "12-1-101\n12-1-102", spellcheck: "false" });
  const sync = () => {
    buildings.setDisabled(!scopeBuildings.checked);
    rooms.disabled = !scopeUnits.checked;
  };
  for (const r of [scopeCommunity, scopeBuildings, scopeUnits]) r.addEventListener("change", sync);
  sync();
  const budget = yuanInput("fund-emergency-budget");
  const payee = h("input", { type: "text", testid: "fund-emergency-payee", maxlength: 200, autocomplete: "off" });
  const text = h("textarea", { testid: "fund-emergency-text", rows: 4 });
  const docs = {
    quoteHash: documentInput("fund-emergency-quote", t("fundDraft.quote"), "quote", communityRecord(c)),
    contractHash: documentInput("fund-emergency-contract", t("fundDraft.contract"), "contract", communityRecord(c)),
  };

  /** The scope chosen, or the words of what is wrong; rooms are looked up by their number. */
  async function scope(): Promise<{ kind: 0 | 1 | 2; ids: number[] } | string> {
    if (scopeBuildings.checked) {
      const ids = buildings.selected();
      return ids.length === 0 ? t("fundDraft.needBuildings") : { kind: 1, ids };
    }
    if (!scopeUnits.checked) return { kind: 0, ids: [] };
    const labels = [...new Set(rooms.value.split(/[\n,，、\s]+/).map((s) => s.trim()).filter((s) => s !== ""))];
    if (labels.length === 0) return t("fundDraft.needRooms");
    const ids: number[] = [];
    for (const room of labels) {
      try {
        ids.push((await api.room(c.id, room)).unit.unitId);
      } catch (err) {
        return t("fundDraft.badRoom", { room, problem: errorText(err) });
      }
    }
    return { kind: 2, ids };
  }

  return fundForm(
    c,
    "emergency",
    [
      field(t("fundDraft.category"), category),
      h(
        "fieldset",
        null,
        h("legend", null, t("fundDraft.scope")),
        h("label", { class: "option" }, scopeCommunity, h("span", null, t("scope.community"))),
        h("label", { class: "option" }, scopeBuildings, h("span", null, t("fundDraft.scopeBuildings"))),
        h("fieldset", { class: "nested" }, h("legend", null, t("picker.buildings")), buildings.el),
        h("label", { class: "option" }, scopeUnits, h("span", null, t("fundDraft.scopeUnits"))),
        field(t("fundDraft.rooms"), rooms),
      ),
      field(t("fundDraft.budgetYuan"), budget, `${t("fundDraft.amountHint")} ${t("fundDraft.capHint", { cap: yuan(capFen) })}`),
      field(t("fundDraft.payee"), payee),
      field(t("fundDraft.emergencyText"), text, t("fundDraft.textHint")),
      docs.quoteHash.el,
      docs.contractHash.el,
      fileHint(),
    ],
    async () => {
      const budgetFen = readYuan(budget.value, t("fundDraft.budget"));
      if (typeof budgetFen === "string") return budgetFen;
      if (payee.value.trim() === "") return t("fundDraft.needPayee");
      if (text.value.trim() === "") return t("fundDraft.needText");
      const s = await scope();
      if (typeof s === "string") return s;
      const hashes = await hashesOf(docs);
      if (typeof hashes === "string") return hashes;
      return {
        action: "createEmergencyPlan",
        category: Number(category.value) as EmergencyCategory,
        scope: s,
        budgetFen: budgetFen.toString(),
        payee: payee.value.trim(),
        // the text goes along (the service keeps it and files it as the plan's document); its hash on chain
        textHash: textHashOf(text.value.trim()),
        text: text.value.trim(),
        ...hashes,
      };
    },
    undefined,
    Object.values(docs),
  );
}

function statementForm(c: Community, chainTime: bigint, lastEnd: string | null): HTMLElement {
  const start = h("input", { type: "datetime-local", testid: "fund-statement-start", value: toDatetimeLocal(lastEnd === null ? chainTime - 365n * DAY : BigInt(lastEnd)) });
  const end = h("input", { type: "datetime-local", testid: "fund-statement-end", value: toDatetimeLocal(chainTime) });
  const doc = documentInput("fund-statement-file", t("fundDraft.document"), "statement", communityRecord(c));
  return fundForm(
    c,
    "statement",
    [field(t("fundDraft.statement.start"), start), field(t("fundDraft.statement.end"), end, t("fundDraft.statement.endHint", { time: formatTime(chainTime) })), doc.el, fileHint()],
    async () => {
      const s = fromDatetimeLocal(start.value);
      const e = fromDatetimeLocal(end.value);
      if (s === null || e === null) return t("draft.badDates");
      if (e <= s) return t("fundDraft.statement.badPeriod");
      const hashes = await hashesOf({ documentHash: doc });
      if (typeof hashes === "string") return hashes;
      return { action: "publishStatement", periodStart: s.toString(), periodEnd: e.toString(), ...hashes };
    },
    undefined,
    [doc],
  );
}

function settingsForm(c: Community, settings: { depositRateFenPerM2: string; emergencyCapFen: string; emergencyReportDays: number }): HTMLElement {
  const rate = yuanInput("fund-settings-rate", formatYuan(BigInt(settings.depositRateFenPerM2)));
  const cap = yuanInput("fund-settings-cap", formatYuan(BigInt(settings.emergencyCapFen)));
  const days = h("input", { type: "text", inputmode: "numeric", testid: "fund-settings-days", value: String(settings.emergencyReportDays), autocomplete: "off" });
  return fundForm(
    c,
    "settings",
    [field(t("fundDraft.settings.rate"), rate, t("fundDraft.amountHint")), field(t("fundDraft.settings.cap"), cap, t("fundDraft.amountHint")), field(t("fundDraft.settings.days"), days)],
    async () => {
      const rateFen = readYuan(rate.value, t("fundDraft.settings.rate"));
      if (typeof rateFen === "string") return rateFen;
      const capFen = readYuan(cap.value, t("fundDraft.settings.cap"));
      if (typeof capFen === "string") return capFen;
      const d = days.value.trim();
      if (!/^\d{1,3}$/.test(d) || Number(d) < 1 || Number(d) > 365) return t("fundDraft.settings.badDays");
      return { action: "changeFundSettings", depositRateFenPerM2: rateFen.toString(), emergencyCapFen: capFen.toString(), emergencyReportDays: Number(d) };
    },
  );
}

/**
 * `#/custodian`: the custodian's console (托管银行 / 住建部门), as a list of the tasks waiting for it:
 * payments the committee has requested (held on the units) to post once the bank has paid, or to
 * void; statements to confirm with the bank's balance; interest and common income received. Each
 * task drafts the custodian's action (with an Idempotency-Key kept for the submission, so a retry
 * gets the same draft), shows everything that will be signed, decoded, and signs it only if the
 * digest rebuilt from what is shown is the server's.
 */
import { keccak256 } from "viem";
import { api, type Action, type FundPaymentSummary } from "../api";
import { currentSession } from "../auth";
import { textHashOf } from "../../../chain/textHash";
import { busy, field, h, messageBox, replace } from "../dom";
import { yuan } from "../fund/money";
import { errorText, t } from "../i18n";
import { signTypedData } from "../keys";
import type { Page } from "../page";
import { actionReview, checkAction, refusalText } from "./actionReview";
import { documentUploadForm } from "./documentUpload";
import { DOCUMENT_ACCEPT } from "./documentUploads";
import { fundCommunityId } from "./fundCommon";
import { signInPanel } from "./signInPanel";

const POLL_MS = 1_000;

/** A fresh key for one submission; the same submission retried keeps it. */
const newKey = () => `custodian-${crypto.randomUUID()}`;

export function renderCustodian(root: HTMLElement, page: Page): void {
  const list = h("div", { class: "stack", testid: "custodian-tasks" });
  replace(root, h("section", { class: "card" }, h("h1", null, t("custodian.title")), h("p", null, t("custodian.intro"))), signInPanel(page), list);
  void load();

  async function load(): Promise<void> {
    try {
      const communityId = await fundCommunityId();
      const plans = await api.fundPlans(communityId);
      const held: FundPaymentSummary[] = [];
      for (const p of plans) {
        if (p.paymentCount === 0) continue;
        const detail = await api.fundPlan(communityId, p.planId);
        for (const pay of detail.payments) if (pay.status === "held") held.push(pay);
      }
      const statements = (await api.fundStatements(communityId)).filter((s) => !s.confirmed);
      if (!page.alive) return;
      replace(
        list,
        h(
          "section",
          { class: "card", testid: "custodian-payments" },
          h("h2", null, t("custodian.payments", { n: held.length })),
          held.length === 0 ? h("p", null, t("custodian.noPayments")) : null,
          ...held.map((p) => paymentTask(communityId, p)),
        ),
        h(
          "section",
          { class: "card", testid: "custodian-statements" },
          h("h2", null, t("custodian.statements", { n: statements.length })),
          statements.length === 0 ? h("p", null, t("custodian.noStatements")) : null,
          ...statements.map((s) =>
            task(
              communityId,
              `statement-${s.statementId}`,
              t("custodian.statementTask", { id: s.statementId, ledger: yuan(s.ledgerBalanceFen) }),
              [["bankBalanceFen", t("custodian.bankBalance"), s.ledgerBalanceFen]],
              `statement:${s.statementId}`,
              [{ label: t("custodian.confirm"), body: (v) => ({ action: "confirmStatement", statementId: s.statementId, bankBalanceFen: v.bankBalanceFen, bankRecordHash: v.bankRecordHash }) }],
            ),
          ),
        ),
        h(
          "section",
          { class: "card", testid: "custodian-income" },
          h("h2", null, t("custodian.income")),
          task(communityId, "interest", t("custodian.interestTask"), [["amountFen", t("custodian.amountFen"), ""]], `community:${communityId}`, [
            { label: t("custodian.record"), body: (v) => ({ action: "recordInterest", amountFen: v.amountFen, bankRecordHash: v.bankRecordHash }) },
          ]),
        ),
        // the bank's statements and transfer slips, kept and anchored like the committee's documents
        documentUploadForm(communityId),
      );
    } catch (err) {
      replace(list, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
    }
  }

  function paymentTask(communityId: string, p: FundPaymentSummary): HTMLElement {
    return task(
      communityId,
      `payment-${p.paymentId}`,
      t("custodian.paymentTask", { amount: yuan(p.amountFen), payee: p.payee, plan: p.planId, seq: p.seq, units: p.unitCount }),
      [],
      `payment:${p.paymentId}`,
      [
        { label: t("custodian.post"), body: (v) => ({ action: "postPayment", paymentId: p.paymentId, bankRecordHash: v.bankRecordHash }) },
        { label: t("custodian.void"), body: (v) => ({ action: "voidPayment", paymentId: p.paymentId, bankRecordHash: v.bankRecordHash }), secondary: true },
      ],
    );
  }

  /**
   * One task: the bank record — the bank's slip as a file (kept in the document store, its
   * keccak256 on chain, so it joins the record it is for) or its reference typed in (hashed,
   * never on chain in clear) — any other fields, and one button per action; the draft comes back
   * decoded and is signed from there.
   */
  function task(
    communityId: string,
    id: string,
    title: string,
    fields: readonly [name: string, label: string, value: string][],
    /** the record a bank slip is kept for ("payment:12", "statement:1", "community:1") */
    slipRecord: string,
    actions: readonly { label: string; body: (v: Record<string, string>) => Record<string, unknown>; secondary?: boolean }[],
  ): HTMLElement {
    const record = h("input", { type: "text", class: "input", testid: `custodian-${id}-record`, autocomplete: "off" }) as HTMLInputElement;
    const slip = h("input", { type: "file", accept: DOCUMENT_ACCEPT, testid: `custodian-${id}-slip` }) as HTMLInputElement;
    const inputs = fields.map(([name, label, value]) => {
      const input = h("input", { type: "text", inputmode: "numeric", class: "input", testid: `custodian-${id}-${name}`, value }) as HTMLInputElement;
      return { name, label, input };
    });
    const review = h("div", { class: "stack" });
    const msg = messageBox(`custodian-${id}-message`);
    let key = newKey();
    const buttons = actions.map((a) => {
      const b = h("button", { type: "button", class: a.secondary ? "button secondary" : "button", testid: `custodian-${id}-${a.body({}).action as string}` }, a.label) as HTMLButtonElement;
      b.addEventListener(
        "click",
        busy(b, async () => {
          msg.clear();
          const session = currentSession();
          if (!session) return msg.show(t("custodian.signInFirst"), "error");
          const file = slip.files?.[0];
          if (!file && record.value.trim() === "") return msg.show(t("custodian.recordRequired"), "error");
          let bankRecordHash = textHashOf(record.value.trim());
          if (file) {
            // The slip is kept first: a refusal (not a PDF, JPEG or PNG; too large) drafts nothing.
            try {
              await api.uploadDocument(communityId, file, "bank-record", slipRecord, session.token);
            } catch (err) {
              return msg.show(errorText(err), "error");
            }
            bankRecordHash = keccak256(new Uint8Array(await file.arrayBuffer()));
          }
          const values: Record<string, string> = { bankRecordHash };
          for (const i of inputs) values[i.name] = i.input.value.trim();
          try {
            const action = await api.draftCustodian(communityId, a.body(values), session.token, key);
            showReview(action);
          } catch (err) {
            msg.show(errorText(err), "error");
          }
        }),
      );
      return b;
    });

    function showReview(action: Action): void {
      const check = checkAction(action);
      const sign = h("button", { type: "button", class: "button", testid: `custodian-${id}-sign`, disabled: !check.ok }, t("custodian.sign")) as HTMLButtonElement;
      sign.addEventListener(
        "click",
        busy(sign, async () => {
          const now = checkAction(action);
          if (!now.ok) return msg.show(refusalText(now), "error");
          try {
            await api.signAction(action.id, await signTypedData(now.typedData));
            msg.show(t("custodian.sent"), "info");
            for (;;) {
              const a = await api.action(action.id);
              if (a.status === "confirmed") break;
              if (a.status === "failed") return msg.show(a.error ?? t("custodian.failed"), "error");
              await new Promise((r) => setTimeout(r, POLL_MS));
            }
            key = newKey(); // done: the next submission is a new operation
            msg.show(t("custodian.confirmed"), "ok");
            await load();
          } catch (err) {
            msg.show(errorText(err), "error");
          }
        }),
      );
      replace(review, actionReview(action, check, { optionsOf: () => undefined }), check.ok ? null : h("p", { class: "message message-error", role: "alert" }, refusalText(check)), h("div", { class: "buttons" }, sign));
    }

    return h(
      "article",
      { class: "card task", testid: `custodian-task-${id}` },
      h("h3", null, title),
      field(t("custodian.slipLabel"), slip, t("custodian.slipHint")),
      field(t("custodian.recordLabel"), record, t("custodian.recordHint")),
      ...inputs.map((i) => field(i.label, i.input)),
      h("div", { class: "buttons" }, ...buttons),
      review,
      msg.el,
    );
  }
}

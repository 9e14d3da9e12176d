/**
 * The proposal page's objections (询异): the objections filed against a tallied result with the
 * committee's answers; during the objection period an owner of the roll (or their proxy) files
 * one, shown in full before signing; a committee member drafts an answer for the committee to sign.
 */
import { getAddress } from "viem";
import { textHashOf } from "../../../chain/textHash";
import { objectionTypes, votingDomain } from "../../../chain/typedData";
import { api, type Community, type Config, type ObjectionView, type ObjectionsAnswer, type ProposalDetail, type VoterEntry } from "../api";
import { withSession } from "../auth";
import { busy, field, h, messageBox, replace } from "../dom";
import { formatTime, shortAddress, shortHash } from "../format";
import { errorText, t } from "../i18n";
import { activeAddress, signTypedData } from "../keys";
import type { Page } from "../page";
import { recordDocuments } from "./recordDocuments";

const DAY = 86_400n;
const MAX_TEXT = 5_000;

export interface ObjectionsPanel {
  el: HTMLElement;
  /** Loads the objections again (after a change on chain, or a new state of the proposal). */
  refresh(p: ProposalDetail): Promise<void>;
}

export function objectionsPanel(page: Page, config: Config, community: Community | null): ObjectionsPanel {
  const el = h("section", { class: "card", testid: "objections", hidden: true });
  let proposal: ProposalDetail | null = null;

  async function refresh(p: ProposalDetail): Promise<void> {
    proposal = p;
    if (p.status !== "provisional" && p.status !== "final") {
      el.hidden = true;
      return;
    }
    const answer = await api.objections(p.id);
    const me = activeAddress();
    const entries = me && answer.open ? await api.voters(p.id, me).catch(() => []) : [];
    const member = me !== null && (community?.members ?? []).some((m) => m.toLowerCase() === me);
    el.hidden = false;
    replace(
      el,
      h("h2", null, t("objection.title")),
      h("p", { class: "hint" }, rulesLine(answer)),
      answer.objections.length === 0
        ? h("p", { testid: "objections-none" }, t("objection.none"))
        : h("ol", { class: "objection-list" }, ...answer.objections.map((o) => objectionItem(p, o, member))),
      answer.open ? fileForm(p, entries, me) : null,
    );
  }

  function rulesLine(a: ObjectionsAnswer): string {
    const period = a.open && a.objectionEnd ? t("objection.openUntil", { time: formatTime(a.objectionEnd) }) : t("objection.closed");
    const rule = a.finalWithOpenObjections ? t("objection.ruleMayFinal") : t("objection.ruleMustAnswer");
    return `${period} ${rule}`;
  }

  function objectionItem(p: ProposalDetail, o: ObjectionView, member: boolean): HTMLElement {
    return h(
      "li",
      { class: "objection", testid: `objection-${o.objectionId}`, "data-answered": o.answer ? "yes" : "no" },
      h("p", { class: "meta" }, t("objection.byline", { id: o.objectionId, entry: o.entryId, signer: shortAddress(o.signer) })),
      h("blockquote", { class: "objection-text", testid: `objection-text-${o.objectionId}` }, o.text ?? t("objection.textMissing", { hash: shortHash(o.textHash) })),
      o.answer
        ? h(
            "div",
            { class: "objection-answer", testid: `objection-answer-${o.objectionId}` },
            h("p", { class: "meta" }, t("objection.answered")),
            h("blockquote", null, o.answer.text ?? t("objection.textMissing", { hash: shortHash(o.answer.answerHash) })),
          )
        : h("p", { class: "badge badge-waiting", testid: `objection-waiting-${o.objectionId}` }, t("objection.waiting")),
      // the objection's text and the answer as filed documents: fingerprints, proofs, printable notices
      recordDocuments(page, p.communityId, `objection:${p.id}/${o.objectionId}`, `objection-files-${o.objectionId}`),
      !o.answer && member ? answerForm(p, o) : null,
    );
  }

  /** An owner's objection: the text, then everything that will be signed, then the signature. */
  function fileForm(p: ProposalDetail, entries: VoterEntry[], me: string | null): HTMLElement {
    const msg = messageBox("objection-message");
    if (!me) return h("p", { class: "hint", testid: "objection-sign-in" }, t("objection.signInHint"));
    if (entries.length === 0) return h("p", { class: "hint", testid: "objection-not-voter" }, t("objection.notVoter"));
    const entry = entries[0]!;
    const text = h("textarea", { rows: 5, maxlength: MAX_TEXT, testid: "objection-input" }) as HTMLTextAreaElement;
    const preview = h("div", { class: "sign-preview", testid: "objection-preview", hidden: true });
    const review = h("button", { type: "button", class: "button secondary", testid: "objection-review" }, t("objection.review"));
    const submit = h("button", { type: "button", class: "button", testid: "objection-submit", hidden: true }, t("objection.submit"));
    let pending: { text: string; deadline: bigint } | null = null;

    review.addEventListener("click", () => {
      msg.clear();
      const value = text.value.trim();
      if (value.length === 0) return msg.show(t("objection.empty"), "error");
      const deadline = BigInt(p.chainTime) + DAY;
      pending = { text: value, deadline };
      const textHash = textHashOf(value);
      replace(
        preview,
        h("h3", null, t("objection.youSign")),
        h(
          "dl",
          { class: "facts" },
          h("dt", null, t("objection.signProposal")),
          h("dd", null, `#${p.id} ${p.title}`),
          h("dt", null, t("objection.signEntry")),
          h("dd", null, t("objection.entryLine", { entry: entry.entryId, units: entry.unitLabels.join("、") })),
          h("dt", null, t("objection.signText")),
          h("dd", null, h("blockquote", { testid: "objection-preview-text" }, value)),
          h("dt", null, t("objection.signHash")),
          h("dd", { class: "hash" }, textHash),
          h("dt", null, t("objection.signDeadline")),
          h("dd", null, formatTime(deadline)),
        ),
      );
      preview.hidden = false;
      submit.hidden = false;
    });
    text.addEventListener("input", () => {
      // what is shown is what is signed: a changed text must be reviewed again
      pending = null;
      preview.hidden = true;
      submit.hidden = true;
    });
    submit.addEventListener(
      "click",
      busy(submit, async () => {
        if (!pending) return;
        msg.clear();
        try {
          const textHash = textHashOf(pending.text);
          const signature = await signTypedData({
            domain: votingDomain(config.chainId, getAddress(config.voting)),
            types: objectionTypes,
            primaryType: "Objection",
            message: { proposalId: BigInt(p.id), entryId: entry.entryId, textHash, deadline: pending.deadline },
          });
          const receipt = await api.fileObjection(p.id, {
            entryId: entry.entryId,
            voter: entry.voter,
            text: pending.text,
            deadline: pending.deadline.toString(),
            signature,
          });
          msg.show(t("objection.sent", { status: t(`receipt.${receipt.status}`) }), "ok");
          text.value = "";
          preview.hidden = true;
          submit.hidden = true;
          await followReceipt(receipt.id, msg);
        } catch (err) {
          msg.show(errorText(err), "error");
        }
      }),
    );
    return h(
      "div",
      { class: "objection-form", testid: "objection-form" },
      h("h3", null, t("objection.fileTitle")),
      field(t("objection.textLabel"), text, t("objection.textHint", { max: MAX_TEXT })),
      review,
      preview,
      submit,
      msg.el,
    );
  }

  /** Polls a receipt until it is final, then reloads the list. */
  async function followReceipt(id: string, msg: ReturnType<typeof messageBox>): Promise<void> {
    for (let i = 0; i < 120; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const r = await api.receipt(id).catch(() => null);
      if (!r) continue;
      if (r.status === "confirmed") {
        msg.show(t("objection.confirmed"), "ok");
        if (proposal) await refresh(await api.proposal(proposal.id));
        return;
      }
      if (r.status === "rejected" || r.status === "failed") {
        msg.show(`${t(`receipt.${r.status}`)}: ${r.reason ?? ""}`, "error");
        return;
      }
    }
  }

  /** A committee member drafts the answer; the committee signs it in the console. */
  function answerForm(p: ProposalDetail, o: ObjectionView): HTMLElement {
    const msg = messageBox(`answer-message-${o.objectionId}`);
    const text = h("textarea", { rows: 4, maxlength: MAX_TEXT, testid: `answer-input-${o.objectionId}` }) as HTMLTextAreaElement;
    const submit = h("button", { type: "button", class: "button secondary", testid: `answer-submit-${o.objectionId}` }, t("objection.draftAnswer"));
    submit.addEventListener(
      "click",
      busy(submit, async () => {
        msg.clear();
        const value = text.value.trim();
        if (value.length === 0) return msg.show(t("objection.empty"), "error");
        try {
          await withSession((token) => api.draftObjectionAnswer(p.id, o.objectionId, value, token));
          text.value = "";
          msg.show(t("objection.answerDrafted"), "ok");
        } catch (err) {
          msg.show(errorText(err), "error");
        }
      }),
    );
    return h(
      "div",
      { class: "objection-answer-form" },
      field(t("objection.answerLabel"), text, t("objection.answerHint")),
      submit,
      msg.el,
    );
  }

  return { el, refresh };
}

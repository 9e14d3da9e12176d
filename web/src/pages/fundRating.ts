/**
 * On a plan's page: the owners' ratings of the work (stars and comments, as the chain records
 * them), and the form with which an owner of the plan's vote rates it once its acceptance report
 * is in. What is signed (EIP-712 `WorkRating`: the plan, the entry, the stars, the comment's hash,
 * the deadline) is shown in words first and rebuilt from those words before signing; the receipt
 * says "received" until the rating is on chain.
 */
import { getAddress, type Hex } from "viem";
import { textHashOf } from "../../../chain/textHash";
import { fundReportsDomain, workRatingTypes } from "../../../chain/typedData";
import { api, type FundPlanDetail, type VoterEntry } from "../api";
import { busy, field, h, messageBox, replace } from "../dom";
import { formatTime } from "../format";
import { errorText, t } from "../i18n";
import { activeAddress, signTypedData } from "../keys";
import type { Page } from "../page";
import { receiptReason } from "./common";

const RECEIPT_POLL_MS = 1_000;
/** The API's bound (LIMITS.ratingCommentChars); it refuses a longer comment with a 400. */
const COMMENT_CHARS = 500;
/** How long a signed rating may wait for the relayer. */
const DEADLINE_SECONDS = 86_400n;

const stars = (n: number) => `${"★".repeat(n)}${"☆".repeat(5 - n)}`;

/** The ratings so far and, for an owner who may still rate, the form. */
export function ratingsCard(d: FundPlanDetail, page: Page, communityId: string, reload: () => void): HTMLElement {
  const r = d.ratings;
  const form = h("div", { class: "stack", testid: "rate-box" });
  const card = h(
    "section",
    { class: "card", testid: "plan-ratings" },
    h("h2", null, t("fund.ratings")),
    r.count === 0 ? h("p", { class: "empty" }, t("fund.noRatings")) : h("p", { testid: "rating-summary" }, t("fund.ratingSummary", { n: r.count, average: r.average ?? "—" })),
    r.list.length > 0
      ? h(
          "ul",
          { class: "ratings", testid: "rating-list" },
          r.list.map((x) =>
            h(
              "li",
              { testid: `rating-${x.entryId}`, "data-stars": String(x.stars) },
              h("span", { class: "stars", "aria-label": t("rate.starsLabel", { n: x.stars }) }, stars(x.stars)),
              " ",
              x.comment !== null ? (x.comment === "" ? h("span", { class: "meta" }, t("rate.noComment")) : h("q", null, x.comment)) : h("code", { class: "wrap hash" }, x.commentHash),
              h("span", { class: "meta" }, ` · ${t("rate.entry", { id: x.entryId })} · ${formatTime(x.time)}`),
            ),
          ),
        )
      : null,
    form,
  );
  if (d.plan.proposalId === null) replace(form, h("p", { class: "hint" }, t("rate.emergencyNoVote")));
  else if (!d.plan.accepted) replace(form, h("p", { class: "hint", testid: "rate-not-yet" }, t("rate.notYet")));
  else void rateForm(form, d, d.plan.proposalId, page, communityId, reload);
  return card;
}

async function rateForm(box: HTMLElement, d: FundPlanDetail, proposalId: string, page: Page, communityId: string, reload: () => void): Promise<void> {
  const me = activeAddress();
  if (!me) {
    replace(box, h("p", { class: "hint", testid: "rate-sign-in" }, t("rate.signIn"), " ", h("a", { href: "#/account" }, t("vote.goSignIn"))));
    return;
  }
  let entries: VoterEntry[];
  let config: Awaited<ReturnType<typeof api.config>>;
  try {
    [entries, config] = await Promise.all([api.voters(proposalId, me), api.config()]);
  } catch (err) {
    replace(box, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
    return;
  }
  if (!page.alive) return;
  // The contract takes a rating signed by the roll's own voter: a proxy's mandate was for the vote.
  const own = entries.filter((e) => e.role === "owner");
  if (own.length === 0) {
    replace(box, h("p", { class: "hint", testid: "rate-not-in-vote" }, t("rate.notInVote")));
    return;
  }
  const rated = new Map(d.ratings.list.map((x) => [x.entryId, x.stars] as const));
  replace(
    box,
    h("h3", null, t("rate.title")),
    own.map((e) => (rated.has(e.entryId) ? h("p", { class: "message message-ok", testid: `rate-done-${e.entryId}` }, t("rate.done", { units: e.unitLabels.join("、"), stars: stars(rated.get(e.entryId)!) })) : entryForm(e))),
  );

  function entryForm(e: VoterEntry): HTMLElement {
    const id = `rate-${e.entryId}`;
    const starInputs = [1, 2, 3, 4, 5].map((n) => h("input", { type: "radio", name: `${id}-stars`, value: String(n), testid: `${id}-star-${n}` }) as HTMLInputElement);
    const comment = h("textarea", { rows: 3, maxlength: String(COMMENT_CHARS), testid: `${id}-comment` }) as HTMLTextAreaElement;
    const review = h("div", { class: "review", testid: `${id}-review`, "aria-live": "polite" });
    const msg = messageBox(`${id}-message`);
    const status = h("p", { testid: `${id}-status` });
    const submit = h("button", { type: "button", class: "button big", testid: `${id}-submit` }, t("rate.sign")) as HTMLButtonElement;
    let deadline = 0n;

    const picked = () => starInputs.find((x) => x.checked)?.value;
    /** The rating in words, from the values that will be signed. */
    const describe = (m: { planId: bigint; entryId: number; stars: number; commentHash: Hex; deadline: bigint }, text: string) =>
      t("rate.review", {
        plan: `#${m.planId} ${d.plan.payee}`,
        entry: `${m.entryId === e.entryId ? e.unitLabels.join("、") : "?"} (#${m.entryId})`,
        stars: `${stars(m.stars)} (${m.stars})`,
        comment: text === "" ? t("rate.noComment") : `“${text}”`,
        deadline: formatTime(m.deadline),
      });
    const messageOf = (n: number, text: string) => ({ planId: BigInt(d.plan.planId), entryId: e.entryId, stars: n, commentHash: textHashOf(text), deadline });
    const renderReview = () => {
      const n = Number(picked() ?? 0);
      const text = comment.value.trim();
      if (n === 0) return replace(review, h("p", { class: "hint" }, t("rate.pickStars")));
      deadline = BigInt(config.chainTime) + DEADLINE_SECONDS;
      const m = messageOf(n, text);
      replace(
        review,
        h("p", { class: "hint" }, t("rate.youSign")),
        h("p", { testid: `${id}-review-text` }, describe(m, text)),
        h("p", { class: "meta" }, `${t("rate.commentHash")}: `, h("code", { class: "wrap" }, m.commentHash)),
      );
    };
    for (const x of starInputs) x.addEventListener("change", renderReview);
    comment.addEventListener("input", renderReview);
    renderReview();

    submit.addEventListener(
      "click",
      busy(submit, async () => {
        msg.clear();
        const n = Number(picked() ?? 0);
        if (n === 0) return msg.show(t("rate.pickStars"), "error");
        const text = comment.value.trim();
        const m = messageOf(n, text);
        // sign only what the page showed: the message, put back into words, must read the same
        if (review.querySelector(`[data-testid="${id}-review-text"]`)?.textContent !== describe(m, text)) return msg.show(t("ballotReview.mismatch"), "error");
        try {
          const signature = await signTypedData({
            domain: fundReportsDomain(config.chainId, getAddress(config.reports)),
            types: workRatingTypes,
            primaryType: "WorkRating",
            message: m,
          });
          const receipt = await api.rateWork(communityId, d.plan.planId, { entryId: e.entryId, voter: e.voter, stars: n, comment: text, deadline: deadline.toString(), signature });
          submit.disabled = true;
          msg.show(t("rate.sent"), "ok");
          let r = receipt;
          while (page.alive && (r.status === "accepted" || r.status === "submitted")) {
            replace(status, h("span", { "data-status": r.status }, `${t("rate.status")}: ${t(`receipt.${r.status}`)}`));
            await new Promise((res) => setTimeout(res, RECEIPT_POLL_MS));
            r = await api.receipt(r.id);
          }
          if (!page.alive) return;
          replace(
            status,
            h("span", { "data-status": r.status }, `${t("rate.status")}: ${t(`receipt.${r.status}`)}`),
            r.reason ? h("span", { class: "message message-error" }, ` ${receiptReason(r)}`) : null,
          );
          if (r.status === "confirmed") reload();
        } catch (err) {
          msg.show(errorText(err), "error");
        }
      }),
    );
    return h(
      "article",
      { class: "card task", testid: id },
      h("p", null, t("rate.forEntry", { units: e.unitLabels.join("、"), id: e.entryId })),
      h("fieldset", { class: "stars-pick" }, h("legend", null, t("rate.stars")), starInputs.map((x, i) => h("label", { class: "check" }, x, ` ${stars(i + 1)} ${t("rate.starsLabel", { n: i + 1 })}`))),
      field(t("rate.comment"), comment, t("rate.commentHint")),
      review,
      h("div", { class: "buttons" }, submit),
      msg.el,
      status,
    );
  }
}

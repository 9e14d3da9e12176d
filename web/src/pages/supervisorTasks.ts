/**
 * The supervisor's tasks (居委会 / 街道): the actions of its communities that need its own
 * signature beside the committee's, today an emergency use of the maintenance fund. For each
 * community whose supervisor is the signed-in key, every action still collecting signatures that
 * asks for the supervisor's and lacks it (supervisorQueue.ts) is shown in full, decoded
 * (actionReview.ts), with the committee's signatures so far; the sign button works only if the
 * SupervisorAction digest rebuilt in this browser from what is shown equals the server's. After
 * signing, the action's status follows: collecting until the committee's threshold is met, then
 * queued, confirmed.
 */
import { api, type Action, type Community } from "../api";
import { busy, h, messageBox, replace, type Child } from "../dom";
import { shortAddress } from "../format";
import { errorText, lang, t } from "../i18n";
import { activeAddress, signTypedData } from "../keys";
import type { Page } from "../page";
import { actionReview, checkSupervisorAction, refusalText } from "./actionReview";
import { supervisorQueue } from "./supervisorQueue";

const POLL_MS = 1_000;

/** The card of the supervisor's tasks; it loads itself. */
export function supervisorTasks(page: Page): HTMLElement {
  const list = h("div", { class: "stack", testid: "supervisor-tasks-list" }, h("p", { class: "loading" }, t("common.loading")));
  const card = h(
    "section",
    { class: "card", testid: "supervisor-tasks" },
    h("h2", null, t("supervisor.tasks.title")),
    h("p", { class: "hint" }, t("supervisor.tasks.hint")),
    list,
  );
  void load(page, list);
  return card;
}

async function load(page: Page, list: HTMLElement): Promise<void> {
  const me = activeAddress();
  if (me === null) {
    replace(list, h("p", { class: "message message-info", testid: "supervisor-tasks-sign-in" }, t("supervisor.tasks.signIn"), " ", h("a", { href: "#/account" }, t("vote.goSignIn"))));
    return;
  }
  try {
    const [communities, config] = await Promise.all([api.communities(), api.config()]);
    const mine = communities.filter((c) => c.supervisor.toLowerCase() === me);
    const chainTime = BigInt(config.chainTime);
    const groups = await Promise.all(mine.map(async (c) => ({ community: c, ...supervisorQueue(await api.actions(c.id), chainTime) })));
    if (!page.alive) return;
    const toSign = groups.flatMap((g) => g.toSign.map((a) => ({ a, c: g.community })));
    const signed = groups.flatMap((g) => g.signed.map((a) => ({ a, c: g.community })));
    replace(
      list,
      mine.length === 0 ? h("p", { class: "empty", testid: "supervisor-tasks-not-supervisor" }, t("supervisor.tasks.notSupervisor", { address: shortAddress(me) })) : null,
      mine.length > 0 && toSign.length === 0 ? h("p", { class: "empty", testid: "supervisor-tasks-none" }, t("supervisor.tasks.none")) : null,
      toSign.map(({ a, c }) => taskCard(page, a, c)),
      signed.length > 0
        ? h(
            "div",
            { testid: "supervisor-tasks-signed" },
            h("h3", null, t("supervisor.tasks.signed", { n: signed.length })),
            h("ul", { class: "plain-list" }, signed.map(({ a, c }) => h("li", { testid: `supervisor-signed-${a.id}` }, `${c.name}: ${a.summary[lang()]}`, progressLine(a)))),
          )
        : null,
    );
  } catch (err) {
    if (page.alive) replace(list, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
  }
}

/** The committee's signatures so far, the supervisor's, and the status. */
function progressLine(a: Action): Child {
  return [
    h(
      "p",
      { class: "meta" },
      h("span", { testid: `supervisor-status-${a.id}`, "data-status": a.status }, t(`actionStatus.${a.status}`)),
      " · ",
      h("span", { testid: `supervisor-count-${a.id}` }, t("committee.signatures", { n: a.signatures.length, k: a.threshold })),
      " · ",
      a.supervisor?.signature ? t("supervisor.cosign.done") : t("supervisor.cosign.waiting"),
    ),
    a.signatures.length > 0
      ? h("p", { class: "meta" }, `${t("committee.signers")}: `, a.signatures.map((s) => [h("code", { class: "addr", title: s.signer }, shortAddress(s.signer)), " "]))
      : null,
    a.txHash ? h("p", { class: "meta" }, `${t("mine.tx")}: `, h("code", { class: "wrap" }, a.txHash)) : null,
    a.error ? h("p", { class: "message message-error" }, `${t("committee.failed")}: ${a.error}`) : null,
  ];
}

/** One action to co-sign: shown in full, decoded; signed only if the digest rebuilt here is the server's. */
function taskCard(page: Page, a: Action, c: Community): HTMLElement {
  const check = checkSupervisorAction(a);
  const msg = messageBox(`supervisor-task-message-${a.id}`);
  const progress = h("div", { testid: `supervisor-progress-${a.id}` }, progressLine(a));
  const sign = h("button", { type: "button", class: "button big", testid: `supervisor-sign-${a.id}`, disabled: !check.ok }, t("supervisor.cosign.sign"));
  sign.addEventListener(
    "click",
    busy(sign, async () => {
      msg.clear();
      // rebuilt again from what is shown; a mismatch is refused and nothing is sent
      const now = checkSupervisorAction(a);
      if (!now.ok) return msg.show(refusalText(now), "error");
      try {
        const signature = await signTypedData(now.typedData);
        let after = await api.signAction(a.id, signature);
        sign.remove();
        msg.show(t("supervisor.cosign.sent"), "ok");
        for (;;) {
          replace(progress, progressLine(after));
          if (!page.alive || after.status === "confirmed" || after.status === "failed" || after.status === "collecting") break;
          await new Promise((r) => setTimeout(r, POLL_MS));
          after = await api.action(a.id);
        }
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  return h(
    "article",
    { class: "card action", testid: `supervisor-task-${a.id}`, "data-status": a.status },
    h("h3", { class: "action-summary" }, `${c.name}: ${a.summary[lang()]}`),
    progress,
    actionReview(a, check, { communityName: c.name, optionsOf: () => undefined }),
    sign,
    msg.el,
  );
}

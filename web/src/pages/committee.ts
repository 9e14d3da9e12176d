/**
 * `#/committee`: the owners' committee console, as a list of the tasks waiting for this member
 * (actions to sign, with who has signed; drafts the proposals call for: paper ballots, proxy
 * mandates, an extension; drafts the maintenance fund calls for: a plan, a payment, an emergency
 * statement, moving common income; the drafts always possible). Each task has its own page,
 * `#/committee/task/<id>` (committeeTasks.ts); anyone can trigger the tally and the confirmation
 * from the list.
 */
import { api, type Action, type Community, type Config, type ProposalSummary } from "../api";
import { busy, field, h, messageBox, replace, type Child } from "../dom";
import { shortAddress } from "../format";
import { errorText, lang, t } from "../i18n";
import { activeAddress, signTypedData } from "../keys";
import type { Page } from "../page";
import { actionReview, checkAction, refusalText } from "./actionReview";
import { addressField } from "./addressField";
import { committeeTasks, isFundTask, parseTaskId, taskHref, type FundFacts, type Task, type TaskGroup, type TaskId } from "./committeeTasks";
import { matterLabel, statusBadge } from "./common";
import { documentUploadForm } from "./documentUpload";
import { extensionForm, mandateForm, paperForm, publishForm } from "./draftForms";
import { fundFacts, fundTaskLabel, fundTaskPage } from "./fundDraftForms";
import { registryForm } from "./registryForm";
import { settingsForm } from "./settingsForm";
import { signInPanel } from "./signInPanel";

const COMMUNITY_KEY = "cl.committee.community";
const ACTIONS_POLL_MS = 5_000;
const ACTIONS_FAST_POLL_MS = 1_000;

/** What every task page of one community needs. */
interface Ctx {
  page: Page;
  community: Community;
  config: Config;
  me: string | null;
  member: boolean;
  alive: () => boolean;
}

export function renderCommittee(root: HTMLElement, page: Page, task: string | null): void {
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
      const member = isMember(c);
      const ctx: Ctx = { page, community: c, config, me, member, alive: () => page.alive && gen === generation };
      const membership = h(
        "p",
        { class: member ? "message message-ok" : "message message-info", testid: "committee-membership" },
        me === null
          ? [t("committee.signInFirst"), " ", h("a", { href: "#/account" }, t("vote.goSignIn"))]
          : member
            ? t("committee.youAreMember", { threshold: c.threshold, members: c.members.length })
            : t("committee.notMember", { address: shortAddress(me) }),
      );
      const main = h("div", { class: "stack" });
      const id = task === null ? null : parseTaskId(task);
      replace(
        content,
        membership,
        task !== null ? h("p", null, h("a", { href: "#/committee", testid: "back-to-tasks" }, `← ${t("tasks.back")}`)) : null,
        // drafting needs a Sign-In with Ethereum session; signing actions does not
        member && (id === null || !id.startsWith("action-")) ? signInPanel(page) : null,
        main,
      );
      if (task === null) taskList(ctx, main);
      else if (id === null) replace(main, h("p", { class: "message message-error", role: "alert" }, t("tasks.unknown")));
      else taskPage(ctx, main, id);
    }

    showCommunity(initial);
  })();
}

// ── the task list ──────────────────────────────────────────────────────────────────────────

const GROUPS: TaskGroup[] = ["toSign", "waiting", "toDraft", "always"];

function taskList(ctx: Ctx, root: HTMLElement): void {
  const list = h("div", { testid: "actions-list", class: "stack" }, h("p", { class: "loading" }, t("common.loading")));
  const proposalsBox = h("div", { testid: "committee-proposals" });
  replace(
    root,
    list,
    h("section", { class: "card" }, h("h2", null, t("committee.proposals")), h("p", { class: "hint" }, t("committee.proposalsHint")), proposalsBox),
  );
  let proposals: ProposalSummary[] | null = null;
  let chainTime = BigInt(ctx.config.chainTime);
  let last = "";
  let lastLoad = 0;
  let inFlight = false;
  async function load(): Promise<void> {
    const [actions, ps, cfg] = await Promise.all([api.actions(ctx.community.id), proposals ? Promise.resolve(proposals) : api.proposals(ctx.community.id), api.config()]);
    if (!ctx.alive()) return;
    lastLoad = Date.now();
    chainTime = BigInt(cfg.chainTime);
    if (proposals === null) {
      proposals = ps;
      replace(proposalsBox, proposalButtons(ps, chainTime));
    }
    inFlight = actions.some((a) => a.status === "queued" || a.status === "submitted");
    const key = JSON.stringify(actions.map((a) => [a.id, a.status, a.signatures.length, a.supervisor?.signature ?? null, a.txHash, a.error]));
    if (key === last) return;
    // the fund's tasks change only with an action confirmed (or with the custodian's): read it again
    // whenever the actions change; a fund that cannot be read leaves only the drafts always possible
    const fund = await fundFacts(ctx.community.id).catch(() => null);
    if (!ctx.alive()) return;
    last = key;
    const tasks = committeeTasks(actions, ps, ctx.me, fund);
    const done = actions.filter((a) => a.status === "confirmed" || a.status === "failed");
    replace(
      list,
      GROUPS.map((g) => groupCard(g, tasks.filter((x) => x.group === g), ctx, fund)),
      done.length > 0
        ? h("section", { class: "card" }, h("details", null, h("summary", null, t("tasks.done", { n: done.length })), h("ul", { class: "actions" }, done.map((a) => actionLine(a)))))
        : null,
    );
  }
  ctx.page.every(ACTIONS_FAST_POLL_MS, async () => {
    if (!ctx.alive() || (!inFlight && lastLoad > 0 && Date.now() - lastLoad < ACTIONS_POLL_MS)) return;
    try {
      await load();
    } catch (err) {
      if (ctx.alive()) replace(list, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
    }
  });
}

function groupCard(group: TaskGroup, tasks: Task[], ctx: Ctx, fund: FundFacts | null): HTMLElement {
  return h(
    "section",
    { class: "card", testid: `tasks-${group}` },
    h("h2", null, t(`tasks.${group}`)),
    tasks.length === 0 ? h("p", { class: "empty" }, t(`tasks.${group}.none`)) : h("ul", { class: "tasks" }, tasks.map((x) => taskItem(x, ctx, fund))),
  );
}

function taskItem(task: Task, ctx: Ctx, fund: FundFacts | null): HTMLElement {
  if (task.action) return actionLine(task.action, task.group === "toSign" && ctx.member ? t("tasks.reviewAndSign") : t("tasks.open"));
  if (isFundTask(task.id)) {
    const { text, meta } = fundTaskLabel(task, fund);
    return h("li", { class: "task", testid: `task-${task.id}` }, h("a", { href: taskHref(task.id), class: "task-link" }, text), meta ? h("p", { class: "meta" }, meta) : null);
  }
  const p = task.proposal;
  const kind = task.id.split("-")[0] as string;
  return h(
    "li",
    { class: "task", testid: `task-${task.id}` },
    h("a", { href: taskHref(task.id), class: "task-link" }, p ? t(`tasks.draft.${kind}`, { id: p.id, title: p.title }) : t(`tasks.draft.${kind}`)),
  );
}

/** One action in a list: its summary, status and who has signed, linking to its page. */
function actionLine(a: Action, linkText?: string): HTMLElement {
  return h(
    "li",
    { class: "action", testid: `action-${a.id}`, "data-status": a.status },
    h("p", { class: "action-summary" }, h("a", { href: taskHref(`action-${a.id}`), class: "task-link", testid: `task-link-${a.id}` }, linkText ? `${linkText}: ${a.summary[lang()]}` : a.summary[lang()])),
    statusLine(a),
  );
}

function statusLine(a: Action): Child {
  return [
    h(
      "p",
      { class: "meta" },
      `${a.kindName[lang()]} · `,
      h("span", { testid: `action-status-${a.id}` }, t(`actionStatus.${a.status}`)),
      " · ",
      h("span", { testid: `action-count-${a.id}` }, t("committee.signatures", { n: a.signatures.length, k: a.threshold })),
    ),
    a.signatures.length > 0
      ? h("p", { class: "meta" }, `${t("committee.signers")}: `, a.signatures.map((s) => h("code", { class: "addr", title: s.signer }, shortAddress(s.signer))))
      : null,
    // an emergency plan needs the supervisor's signature too
    a.supervisor !== null
      ? h(
          "p",
          { class: a.supervisor.signature ? "meta cosign-done" : "meta cosign-waiting", testid: `action-supervisor-${a.id}`, "data-cosigned": String(a.supervisor.signature !== null) },
          a.supervisor.signature ? t("supervisor.cosign.done") : t("supervisor.cosign.waiting"),
        )
      : null,
  ];
}

// ── one task's page ────────────────────────────────────────────────────────────────────────

function taskPage(ctx: Ctx, root: HTMLElement, id: TaskId): void {
  if (id.startsWith("action-")) return actionPage(ctx, root, id.slice("action-".length));
  const onDraft = () => undefined;
  const chainTime = BigInt(ctx.config.chainTime);
  if (id === "publish") return replace(root, publishForm(ctx.community, chainTime, onDraft));
  if (id === "registry") return replace(root, registryForm(ctx.community.id, onDraft));
  if (id === "settings") return replace(root, settingsForm(ctx.community, onDraft));
  if (id === "documents") return replace(root, documentUploadForm(ctx.community.id));
  if (isFundTask(id)) return fundTaskPage({ community: ctx.community, chainTime, alive: ctx.alive }, root, id);
  const [kind, proposalId] = id.split("-") as [string, string];
  replace(root, h("p", { class: "loading" }, t("common.loading")));
  void api.proposals(ctx.community.id).then(
    (ps) => {
      if (!ctx.alive()) return;
      const p = ps.find((x) => x.id === proposalId);
      if (!p) return replace(root, h("p", { class: "message message-error", role: "alert" }, t("tasks.noProposal", { id: proposalId })));
      if (kind === "paper") replace(root, paperForm(ctx.community.id, p, onDraft));
      else if (kind === "mandate") replace(root, mandateForm(ctx.community.id, p, onDraft, (testid) => addressField(testid, t("mandate.proxy"))));
      else replace(root, extensionForm(p, chainTime, onDraft));
    },
    (err: unknown) => replace(root, h("p", { class: "message message-error", role: "alert" }, errorText(err))),
  );
}

/** One action: everything it says, decoded, the signatures so far, and the sign button. */
function actionPage(ctx: Ctx, root: HTMLElement, actionId: string): void {
  const box = h("div", { testid: `action-page-${actionId}` }, h("p", { class: "loading" }, t("common.loading")));
  replace(root, box);
  const options = new Map<string, readonly string[]>();
  let last = "";
  let inFlight = true;
  let lastLoad = 0;

  async function load(force = false): Promise<void> {
    const a = await api.action(actionId);
    if (!ctx.alive()) return;
    lastLoad = Date.now();
    inFlight = a.status === "queued" || a.status === "submitted";
    const proposalId = typeof a.payload?.args.proposalId === "string" ? a.payload.args.proposalId : null;
    if (proposalId !== null && !options.has(proposalId)) {
      const p = await api.proposal(proposalId).catch(() => null);
      if (p) options.set(proposalId, p.options);
    }
    const key = JSON.stringify([a.status, a.signatures.length, a.supervisor?.signature ?? null, a.txHash, a.error]);
    if (!force && key === last) return;
    last = key;
    replace(box, actionView(ctx, a, options, () => load(true)));
  }
  ctx.page.every(ACTIONS_FAST_POLL_MS, async () => {
    if (!ctx.alive() || (!inFlight && lastLoad > 0 && Date.now() - lastLoad < ACTIONS_POLL_MS)) return;
    try {
      await load();
    } catch (err) {
      if (ctx.alive()) replace(box, h("p", { class: "message message-error", role: "alert" }, errorText(err)));
    }
  });
}

function actionView(ctx: Ctx, a: Action, options: Map<string, readonly string[]>, reload: () => Promise<void>): HTMLElement {
  const signed = ctx.me !== null && a.signatures.some((s) => s.signer.toLowerCase() === ctx.me);
  const msg = messageBox(`action-message-${a.id}`);
  // what is signed, decoded and rebuilt in this browser (only while it can still be signed)
  const check = a.status === "collecting" ? checkAction(a) : null;
  const sign = h(
    "button",
    { type: "button", class: "button", testid: `action-sign-${a.id}`, disabled: !ctx.member || signed || a.status !== "collecting" },
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
        await reload();
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  return h(
    "section",
    { class: "card action", testid: `action-${a.id}`, "data-status": a.status },
    h("h2", { class: "action-summary" }, a.summary[lang()]),
    statusLine(a),
    a.txHash ? h("p", { class: "meta" }, `${t("mine.tx")}: `, h("code", { class: "wrap" }, a.txHash)) : null,
    a.error ? h("p", { class: "message message-error" }, `${t("committee.failed")}: ${a.error}`) : null,
    check ? actionReview(a, check, { communityName: ctx.community.name, optionsOf: (id) => options.get(id) }) : null,
    a.status === "collecting" ? sign : null,
    msg.el,
  );
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

/**
 * The committee console's tasks: what waits for this member, derived from the community's
 * actions, proposals and maintenance fund. Each task has its own page, `#/committee/task/<id>`.
 * Pure: no I/O, no DOM.
 */
import type { Action, FundPlanSummary, ProposalSummary } from "../api";

export type TaskId =
  | `action-${string}`
  | `paper-${string}`
  | `mandate-${string}`
  | `extension-${string}`
  | "publish"
  | "registry"
  | "settings"
  | "documents"
  | FundTaskId;

/**
 * The fund's drafts: a spending plan for a passed fund-use vote, a payment on a plan, an
 * emergency plan's statement, moving common income into the unit accounts; and the drafts
 * always possible (an emergency plan, a period's statement, the fund's settings).
 */
export type FundTaskId =
  | `fund-plan-${string}`
  | `fund-pay-${string}`
  | `fund-report-${string}`
  | "fund-common"
  | "fund-emergency"
  | "fund-statement"
  | "fund-settings";

/** True for the fund's task ids. */
export const isFundTask = (id: TaskId): id is FundTaskId => id.startsWith("fund-");

/** What the fund's tasks are derived from (the fund's read API). */
export interface FundFacts {
  plans: readonly FundPlanSummary[];
  /** Plans with a payment held (requested, not yet posted or voided by the custodian). */
  heldPlanIds: ReadonlySet<string>;
  /** The common income not yet moved into the unit accounts, in fen (a decimal string). */
  commonBalanceFen: string;
}

/** The fund-use matter (五: 使用维修资金). */
const USE_FUND = 5;

export type TaskGroup = "toSign" | "waiting" | "toDraft" | "always";

export interface Task {
  id: TaskId;
  group: TaskGroup;
  /** The action shown (an action task), or the proposal or fund plan drafted for. */
  action?: Action;
  proposal?: ProposalSummary;
  plan?: FundPlanSummary;
}

/** The route of a task's page. */
export const taskHref = (id: TaskId) => `#/committee/task/${id}`;

/** A task id from a route's last segment, or null if it is not one. */
export function parseTaskId(s: string): TaskId | null {
  if (s === "publish" || s === "registry" || s === "settings" || s === "documents") return s;
  if (s === "fund-common" || s === "fund-emergency" || s === "fund-statement" || s === "fund-settings") return s;
  if (/^action-[0-9a-f-]{36}$/.test(s)) return s as TaskId;
  if (/^(paper|mandate|extension)-\d{1,30}$/.test(s)) return s as TaskId;
  if (/^fund-(plan|pay|report)-[1-9]\d{0,19}$/.test(s)) return s as TaskId;
  return null;
}

/**
 * The tasks of one member (`me`, lower-case, or null when not signed in): actions they have not
 * signed first, then actions waiting for others or for the chain, then drafts the proposals call
 * for (paper ballots and mandates while a vote is open, an extension after a missed quorum) and
 * the fund calls for (when `fund` is known: see fundTasks), and the drafts that are always
 * possible.
 */
export function committeeTasks(actions: readonly Action[], proposals: readonly ProposalSummary[], me: string | null, fund: FundFacts | null = null): Task[] {
  const tasks: Task[] = [];
  for (const a of actions) {
    const signed = me !== null && a.signatures.some((s) => s.signer.toLowerCase() === me);
    if (a.status === "collecting" && !signed) tasks.push({ id: `action-${a.id}`, group: "toSign", action: a });
  }
  for (const a of actions) {
    const signed = me !== null && a.signatures.some((s) => s.signer.toLowerCase() === me);
    if ((a.status === "collecting" && signed) || a.status === "queued" || a.status === "submitted") {
      tasks.push({ id: `action-${a.id}`, group: "waiting", action: a });
    }
  }
  for (const p of proposals) {
    if (p.status === "voting") tasks.push({ id: `paper-${p.id}`, group: "toDraft", proposal: p });
    if (p.status === "notice" || p.status === "voting") tasks.push({ id: `mandate-${p.id}`, group: "toDraft", proposal: p });
    if (p.status === "provisional" && p.outcome === "NoQuorum") tasks.push({ id: `extension-${p.id}`, group: "toDraft", proposal: p });
  }
  if (fund) tasks.push(...fundTasks(proposals, fund));
  for (const id of ["publish", "registry", "settings", "documents", "fund-emergency", "fund-statement", "fund-settings"] as const) tasks.push({ id, group: "always" });
  return tasks;
}

/**
 * The drafts the fund calls for: a spending plan for each passed, final fund-use vote that has
 * none; a payment on each plan with no payment held and room under its cap (budget + 10 %); the
 * statement of each emergency plan not yet published; moving the common income when there is
 * some (it needs a passed vote, picked on the task's page).
 */
export function fundTasks(proposals: readonly ProposalSummary[], fund: FundFacts): Task[] {
  const tasks: Task[] = [];
  const planned = new Set(fund.plans.flatMap((x) => (x.proposalId === null ? [] : [x.proposalId])));
  for (const p of proposals) {
    if (p.matter === USE_FUND && p.status === "final" && p.outcome === "Passed" && !planned.has(p.id)) {
      tasks.push({ id: `fund-plan-${p.id}`, group: "toDraft", proposal: p });
    }
  }
  for (const plan of fund.plans) {
    if (!fund.heldPlanIds.has(plan.planId) && BigInt(plan.committedFen) < BigInt(plan.capFen)) {
      tasks.push({ id: `fund-pay-${plan.planId}`, group: "toDraft", plan });
    }
  }
  for (const plan of fund.plans) {
    if (plan.emergency && plan.reportHash === null) tasks.push({ id: `fund-report-${plan.planId}`, group: "toDraft", plan });
  }
  if (BigInt(fund.commonBalanceFen) > 0n) tasks.push({ id: "fund-common", group: "toDraft" });
  return tasks;
}

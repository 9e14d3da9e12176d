/**
 * The committee console's tasks: what waits for this member, derived from the community's
 * actions and proposals. Each task has its own page, `#/committee/task/<id>`. Pure: no I/O, no DOM.
 */
import type { Action, ProposalSummary } from "../api";

export type TaskId =
  | `action-${string}`
  | `paper-${string}`
  | `mandate-${string}`
  | `extension-${string}`
  | "publish"
  | "registry"
  | "settings";

export type TaskGroup = "toSign" | "waiting" | "toDraft" | "always";

export interface Task {
  id: TaskId;
  group: TaskGroup;
  /** The action shown (an action task), or the proposal drafted for. */
  action?: Action;
  proposal?: ProposalSummary;
}

/** The route of a task's page. */
export const taskHref = (id: TaskId) => `#/committee/task/${id}`;

/** A task id from a route's last segment, or null if it is not one. */
export function parseTaskId(s: string): TaskId | null {
  if (s === "publish" || s === "registry" || s === "settings") return s;
  if (/^action-[0-9a-f-]{36}$/.test(s)) return s as TaskId;
  if (/^(paper|mandate|extension)-\d{1,30}$/.test(s)) return s as TaskId;
  return null;
}

/**
 * The tasks of one member (`me`, lower-case, or null when not signed in): actions they have not
 * signed first, then actions waiting for others or for the chain, then drafts the proposals call
 * for (paper ballots and mandates while a vote is open, an extension after a missed quorum), and
 * the drafts that are always possible.
 */
export function committeeTasks(actions: readonly Action[], proposals: readonly ProposalSummary[], me: string | null): Task[] {
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
  for (const id of ["publish", "registry", "settings"] as const) tasks.push({ id, group: "always" });
  return tasks;
}

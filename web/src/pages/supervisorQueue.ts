/**
 * The supervisor's queue, derived from a community's actions: those that ask for its own
 * signature beside the committee's (an emergency plan) and lack it, still collecting and not
 * expired at the chain's time; and those it has signed that are still under way. Pure: no I/O,
 * no DOM.
 */
import type { Action } from "../api";

export function supervisorQueue(actions: readonly Action[], chainTime: bigint): { toSign: Action[]; signed: Action[] } {
  const asks = actions.filter((a) => a.supervisor !== null);
  return {
    toSign: asks.filter((a) => a.status === "collecting" && a.supervisor?.signature === null && BigInt(a.typedData.message.deadline) >= chainTime),
    signed: asks.filter((a) => a.supervisor?.signature !== null && (a.status === "collecting" || a.status === "queued" || a.status === "submitted")),
  };
}

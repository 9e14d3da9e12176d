import type { ModuleName } from "../../../chain/modules";

/** What the relayer's queue holds: shared by the routes that queue jobs and the worker that sends them. */

/** A committee action's life: signatures gathered, queued for the relayer, sent, then on chain or failed. */
export const ACTION_STATUSES = ["collecting", "queued", "submitted", "confirmed", "failed"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A contract call relayed as it is (committee and supervisor actions, finalize, confirm). */
export interface CallPayload {
  /** the module contract called (chain/modules.ts) */
  contract: ModuleName;
  functionName: string;
  args: unknown; // tagged JSON (see ../json.ts)
  actionId?: string;
}

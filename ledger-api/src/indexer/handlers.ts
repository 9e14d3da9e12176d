/**
 * Applies decoded chain events to the index, in chain order, so the registry tables always hold
 * the state as of the event being applied (a proposal's roll is computed from exactly the state
 * it was published against). Each module brings its own handlers (./modules/*.ts): one per event,
 * and for events that come in runs (units registered, owners bound, ballots in a relayed batch)
 * one for the whole run, which writes it with one statement. Events no module handles
 * (CommitteeActionExecuted, BallotRejected, ModuleRegistered, role events) stay in ChainLog only.
 */
import type { Abi, ContractEventName, GetEventArgs, Hex } from "viem";
import type { Prisma } from "../generated/prisma/client";

export type Tx = Prisma.TransactionClient;

export interface LedgerLog {
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hex;
  blockHash: Hex;
  address: Hex;
  /** The block's timestamp (unix seconds), for the modules whose records are dated (the fund's). */
  blockTime?: bigint;
}

export type EventHandler = (tx: Tx, log: LedgerLog, onWarning: (m: string) => void) => Promise<void>;
export type RunHandler = (tx: Tx, run: readonly LedgerLog[]) => Promise<void>;

/** What a module contributes to the indexer. */
export interface ModuleEventHandlers {
  events: Readonly<Record<string, EventHandler>>;
  runs: Readonly<Record<string, RunHandler>>;
}

/** An event's arguments, every one present, as viem decodes them with the module's ABI. */
export type EventArgs<A extends Abi, N extends ContractEventName<A>> = GetEventArgs<
  A,
  N,
  { EnableUnion: false; IndexedOnly: false; Required: true }
>;
/** A log of event N of a module whose ABI is A. */
export type TypedLog<A extends Abi, N extends ContractEventName<A>> = Omit<LedgerLog, "eventName" | "args"> & {
  eventName: N;
  args: EventArgs<A, N>;
};

/** A module's handlers, each typed by its event's arguments in the module's ABI. */
export interface TypedModuleHandlers<A extends Abi> {
  events: { readonly [N in ContractEventName<A>]?: (tx: Tx, log: TypedLog<A, N>, onWarning: (m: string) => void) => Promise<void> };
  runs: { readonly [N in ContractEventName<A>]?: (tx: Tx, run: readonly TypedLog<A, N>[]) => Promise<void> };
}

/**
 * A module's handlers for the indexer. The indexer decodes every log with the ABI of the module
 * whose address emitted it (indexer.ts), so a log named N carries N's arguments: the one place
 * where the types are widened to the indexer's untyped dispatch.
 */
export function moduleHandlers<A extends Abi>(_abi: A, handlers: TypedModuleHandlers<A>): ModuleEventHandlers {
  return handlers as unknown as ModuleEventHandlers;
}

export const lower = (a: string) => a.toLowerCase();

/** The handlers of every module, merged; an event name belongs to one module. */
export function mergeHandlers(modules: readonly ModuleEventHandlers[]): ModuleEventHandlers {
  const events: Record<string, EventHandler> = {};
  const runs: Record<string, RunHandler> = {};
  for (const m of modules) {
    for (const [name, h] of Object.entries(m.events)) {
      if (events[name] || runs[name]) throw new Error(`two modules handle ${name}`);
      events[name] = h;
    }
    for (const [name, h] of Object.entries(m.runs)) {
      if (events[name] || runs[name]) throw new Error(`two modules handle ${name}`);
      runs[name] = h;
    }
  }
  return { events, runs };
}

/**
 * Longest run applied by one handler call. A run handler writes its run with one statement of a
 * dozen parameters per event; PostgreSQL takes at most 65,535 parameters in one statement, so
 * a longer run (two relayed votes' ballots in the same blocks, say) is applied in parts.
 */
export const MAX_RUN = 2_000;

/** Applies events in order; consecutive events with a run handler are applied as one run (of at most MAX_RUN). */
export async function applyEventsWith(
  handlers: ModuleEventHandlers,
  tx: Tx,
  logs: readonly LedgerLog[],
  onWarning: (m: string) => void,
): Promise<void> {
  let run: LedgerLog[] = [];
  const flush = async () => {
    if (run.length > 0) await handlers.runs[run[0]!.eventName]!(tx, run);
    run = [];
  };
  for (const l of logs) {
    if (handlers.runs[l.eventName]) {
      if (run.length >= MAX_RUN || (run.length > 0 && run[0]!.eventName !== l.eventName)) await flush();
      run.push(l);
      continue;
    }
    await flush();
    await handlers.events[l.eventName]?.(tx, l, onWarning);
  }
  await flush();
}

/**
 * Decodes a ledger contract's log. viem's decodeEventLog hashes the signature of every event in
 * the ABI it is given to find the one that matches; with a table from topic0 to event, built
 * once, each log costs one lookup instead of one hash per event.
 */
import { decodeEventLog, toEventSelector, type Abi, type AbiEvent, type Hex } from "viem";

const tables = new WeakMap<Abi, Map<string, AbiEvent>>();

function tableOf(abi: Abi): Map<string, AbiEvent> {
  let t = tables.get(abi);
  if (!t) {
    t = new Map();
    for (const item of abi) if (item.type === "event") t.set(toEventSelector(item).toLowerCase(), item);
    tables.set(abi, t);
  }
  return t;
}

export interface DecodedLog {
  eventName: string;
  args: Record<string, unknown>;
}

/** The decoded event, or null when the log is not one of `abi`'s events. */
export function decodeLedgerLog(abi: Abi, log: { data: Hex; topics: readonly Hex[] }): DecodedLog | null {
  const topic0 = log.topics[0];
  if (!topic0) return null;
  const event = tableOf(abi).get(topic0.toLowerCase());
  if (!event) return null;
  try {
    const d = decodeEventLog({ abi: [event], data: log.data, topics: log.topics as [Hex, ...Hex[]] });
    return { eventName: d.eventName as string, args: (d.args ?? {}) as Record<string, unknown> };
  } catch {
    return null;
  }
}

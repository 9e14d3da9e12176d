/**
 * Top-up tracking (续筹): from the replay's flag changes (ledgerReplay.ts TopUpMark), each unit's
 * periods of being due a top-up, from the entry that took its balance below 30 % of its first
 * deposit to the entry that brought it back (a top-up, interest, a voided payment) or the
 * account's closing; a period still open has no end. Pure: no I/O.
 */
import type { TopUpMark } from "./ledgerReplay";
import type { EntryKind, LedgerEntry } from "./statement";

export interface TopUpPeriod {
  readonly unitId: number;
  readonly flaggedSeq: number;
  readonly flaggedAt: bigint;
  /** the balance and first deposit when it was flagged */
  readonly balanceFen: bigint;
  readonly firstDepositFen: bigint;
  /** null while the unit is still due a top-up */
  readonly cleared: { readonly seq: number; readonly time: bigint; readonly by: EntryKind | "closed" } | null;
}

/** The top-up periods of every unit (or of `unitId`), in the order they began. */
export function topUpPeriods(marks: readonly TopUpMark[], entries: readonly LedgerEntry[], unitId?: number): TopUpPeriod[] {
  const open = new Map<number, number>(); // unit → index in out
  const out: {
    unitId: number;
    flaggedSeq: number;
    flaggedAt: bigint;
    balanceFen: bigint;
    firstDepositFen: bigint;
    cleared: TopUpPeriod["cleared"];
  }[] = [];
  for (const m of marks) {
    if (unitId !== undefined && m.unitId !== unitId) continue;
    if (m.flagged) {
      open.set(m.unitId, out.length);
      out.push({ unitId: m.unitId, flaggedSeq: m.seq, flaggedAt: m.time, balanceFen: m.balanceFen, firstDepositFen: m.firstDepositFen, cleared: null });
      continue;
    }
    const i = open.get(m.unitId);
    if (i === undefined) continue;
    open.delete(m.unitId);
    const entry = m.seq > 0 ? entries[m.seq - 1] : undefined;
    // a refund closes the account; a reversed first deposit leaves nothing to top up
    const by: EntryKind | "closed" = entry === undefined || entry.kind === "refund" ? "closed" : entry.kind;
    out[i]!.cleared = { seq: m.seq, time: m.time, by };
  }
  return out;
}

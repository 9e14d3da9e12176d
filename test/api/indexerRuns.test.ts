/**
 * Runs of events (ballots of relayed batches) are applied in parts of at most MAX_RUN: one
 * statement per run, a dozen parameters per event, and PostgreSQL takes at most 65,535
 * parameters in one statement. Two votes relayed in the same blocks made a run of ~4,800 ballots.
 */
import { describe, expect, it } from "vitest";
import { MAX_RUN, applyEventsWith, type LedgerLog, type Tx } from "../../ledger-api/src/indexer/handlers";

const log = (eventName: string, i: number): LedgerLog =>
  ({ eventName, blockNumber: BigInt(i), logIndex: 0, transactionHash: "0x", address: "0x", args: {} }) as unknown as LedgerLog;

describe("applyEventsWith", () => {
  it("applies a long run in parts of at most MAX_RUN, in order, and ends a run at another event", async () => {
    const runs: number[][] = [];
    const single: number[] = [];
    const handlers = {
      events: { Other: async (_tx: Tx, l: LedgerLog) => void single.push(Number(l.blockNumber)) },
      runs: { BallotCast: async (_tx: Tx, run: readonly LedgerLog[]) => void runs.push(run.map((l) => Number(l.blockNumber))) },
    };
    const logs = [
      ...Array.from({ length: 2 * MAX_RUN + 500 }, (_, i) => log("BallotCast", i)),
      log("Other", 1_000_000),
      ...Array.from({ length: 3 }, (_, i) => log("BallotCast", 2_000_000 + i)),
    ];
    await applyEventsWith(handlers, {} as Tx, logs, () => undefined);
    expect(runs.map((r) => r.length)).toEqual([MAX_RUN, MAX_RUN, 500, 3]);
    expect(runs.flat()).toEqual(logs.filter((l) => l.eventName === "BallotCast").map((l) => Number(l.blockNumber)));
    expect(single).toEqual([1_000_000]);
    expect(MAX_RUN * 12).toBeLessThan(65_535);
  });
});

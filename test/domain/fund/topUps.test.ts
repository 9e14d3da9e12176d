/**
 * Top-up tracking from the replayed ledger: a unit is flagged by the entry that takes it below
 * 30 % of its first deposit, stays flagged through further movements, and is cleared by the
 * entry that brings it back (a top-up, a voided hold) or by its account's closing.
 */
import { describe, expect, it } from "vitest";
import { encodeScope, replayFund, type FundEvent } from "../../../domain/fund/ledgerReplay";
import { topUpPeriods } from "../../../domain/fund/topUps";

const H = `0x${"ab".repeat(32)}` as const;
let block = 0n;
const ev = (time: bigint, body: Record<string, unknown>): FundEvent => ({ time, block: ++block, logIndex: 0, txHash: H, ...body }) as unknown as FundEvent;

// two units of 100 m² and 50 m², first deposits 10,000 and 5,000 fen
const base: FundEvent[] = [
  ev(10n, { type: "AccountOpened", unitId: 101, accountIndex: 0, buildingId: 1, areaCm2: 10_000n }),
  ev(10n, { type: "AccountOpened", unitId: 102, accountIndex: 1, buildingId: 1, areaCm2: 5_000n }),
  ev(20n, { type: "Deposited", entryId: 1n, kind: "first", lines: [{ unitId: 101, amountFen: 10_000n }, { unitId: 102, amountFen: 5_000n }], totalFen: 15_000n, bankRecordHash: H }),
  ev(30n, {
    type: "PlanCreated", planId: 1n, kind: "voted", proposalId: 7n, category: 0, scopeKind: 1, scopeIds: [1], budgetFen: 20_000n, payee: "x",
    textHash: H, quoteHash: H, contractHash: H, scope: encodeScope([{ accountIndex: 0, areaCm2: 10_000n }, { accountIndex: 1, areaCm2: 5_000n }]), scopeAreaCm2: 15_000n, reportDue: 0n,
  }),
];
// 12,000 fen over 150 m²: 8,000 from 101 (left 2,000 < 3,000) and 4,000 from 102 (left 1,000 < 1,500)
const hold = (paymentId: bigint, time: bigint, amountFen: bigint) => ev(time, { type: "PaymentHeld", planId: 1n, paymentId, amountFen, invoiceHash: H, acceptanceHash: H });

describe("top-up tracking", () => {
  it("flags both units at the hold, clears 101 at its top-up and 102 when its account closes", () => {
    const state = replayFund([
      ...base,
      hold((1n << 32n) | 1n, 40n, 12_000n),
      ev(50n, { type: "PaymentPosted", paymentId: (1n << 32n) | 1n, entryId: 3n, bankRecordHash: H }),
      ev(60n, { type: "InterestAllocated", entryId: 4n, amountFen: 30n, totalWeightFen: 3_000n, bankRecordHash: H }),
      ev(70n, { type: "Deposited", entryId: 5n, kind: "topUp", lines: [{ unitId: 101, amountFen: 1_000n }], totalFen: 1_000n, bankRecordHash: H }),
      ev(80n, { type: "UnitRefunded", unitId: 102, entryId: 6n, amountFen: 1_010n, bankRecordHash: H }),
    ]);
    const periods = topUpPeriods(state.topUpMarks, state.entries);
    expect(periods.map((p) => [p.unitId, p.flaggedAt, p.balanceFen, p.cleared?.time ?? null, p.cleared?.by ?? null])).toEqual([
      [101, 40n, 2_000n, 70n, "topUp"],
      [102, 40n, 1_000n, 80n, "closed"],
    ]);
    // the interest in between (20 fen and 10 fen) moved neither flag
    expect(state.topUpMarks).toHaveLength(4);
    expect([...state.flaggedUnits]).toEqual([]);
    expect(topUpPeriods(state.topUpMarks, state.entries, 102)).toHaveLength(1);
  });

  it("a top-up too small leaves the unit flagged; a voided hold clears it; a second hold flags it again", () => {
    const p1 = (1n << 32n) | 1n;
    const p2 = (1n << 32n) | 2n;
    const state = replayFund([
      ...base,
      hold(p1, 40n, 12_000n),
      ev(45n, { type: "Deposited", entryId: 3n, kind: "topUp", lines: [{ unitId: 101, amountFen: 999n }], totalFen: 999n, bankRecordHash: H }),
      ev(50n, { type: "PaymentVoided", paymentId: p1, entryId: 4n, bankRecordHash: H }),
      hold(p2, 60n, 12_000n),
    ]);
    const of101 = topUpPeriods(state.topUpMarks, state.entries, 101);
    // 2,000 + 999 = 2,999 < 3,000: still due; the void gives back 8,000
    expect(of101.map((p) => [p.flaggedAt, p.cleared?.by ?? null])).toEqual([
      [40n, "void"],
      [60n, null],
    ]);
    expect(state.flaggedUnits.has(101)).toBe(true);
    // the replay goes on from a saved state the same way
    const again = replayFund([ev(70n, { type: "Deposited", entryId: 6n, kind: "topUp", lines: [{ unitId: 101, amountFen: 5_000n }], totalFen: 5_000n, bankRecordHash: H })], state);
    expect(topUpPeriods(again.topUpMarks, again.entries, 101).at(-1)!.cleared).toMatchObject({ time: 70n, by: "topUp" });
  });
});

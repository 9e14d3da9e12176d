import { describe, expect, it } from "vitest";
import { keccak256, toHex, type Hex } from "viem";
import { DomainError } from "../../../domain/errors";
import { commonIncomeQuarters, commonIncomeStatement, parseQuarter, quarterOf, quarterPeriod } from "../../../domain/fund/commonIncome";
import { encodeScope, replayFund, type FundEvent, type FundEventBody } from "../../../domain/fund/ledgerReplay";

/** Unix seconds of a Beijing-time (UTC+8) wall clock. */
const bj = (y: number, m: number, d: number, h = 12, min = 0, s = 0): bigint => BigInt(Date.UTC(y, m - 1, d, h - 8, min, s) / 1000);
const hash = (s: string): Hex => keccak256(toHex(s));

let block = 0n;
const at = (time: bigint, body: FundEventBody): FundEvent => {
  block += 1n;
  return { ...body, time, block, logIndex: 0, txHash: hash(`tx ${block}`) } as FundEvent;
};

/** Two units, common income each quarter of 2026, one movement in Q2 and one on Q3's first second. */
const events: FundEvent[] = [
  at(bj(2025, 12, 1), { type: "AccountOpened", unitId: 101, accountIndex: 0, buildingId: 1, areaCm2: 10000n }),
  at(bj(2025, 12, 1), { type: "AccountOpened", unitId: 102, accountIndex: 1, buildingId: 1, areaCm2: 5000n }),
  at(bj(2025, 12, 1), { type: "Deposited", entryId: 1n, kind: "first", lines: [{ unitId: 101, amountFen: 120000n }, { unitId: 102, amountFen: 60000n }], totalFen: 180000n, bankRecordHash: hash("b1") }),
  at(bj(2025, 12, 31, 23, 59, 59), { type: "CommonIncomeReceived", entryId: 2n, amountFen: 1000n, sourceHash: hash("电梯广告 2025Q4"), bankRecordHash: hash("b2") }),
  // exactly at Q1's start (2026-01-01 00:00 Beijing): in Q1
  at(bj(2026, 1, 1, 0), { type: "CommonIncomeReceived", entryId: 3n, amountFen: 1_800_000n, sourceHash: hash("电梯广告 Q1"), bankRecordHash: hash("b3") }),
  at(bj(2026, 2, 14), { type: "CommonIncomeReceived", entryId: 4n, amountFen: 3_600_000n, sourceHash: hash("地面停车 Q1"), bankRecordHash: hash("b4") }),
  at(bj(2026, 3, 20), { type: "InterestAllocated", entryId: 5n, amountFen: 300n, totalWeightFen: 180000n, bankRecordHash: hash("b5") }),
  at(bj(2026, 5, 1), {
    type: "CommonIncomeMoved",
    entryId: 6n,
    proposalId: 7n,
    amountFen: 3_000_001n,
    scope: encodeScope([{ accountIndex: 0, areaCm2: 10000n }, { accountIndex: 1, areaCm2: 5000n }]),
    scopeAreaCm2: 15000n,
  }),
  at(bj(2026, 6, 30, 23, 59, 59), { type: "CommonIncomeReceived", entryId: 7n, amountFen: 5n, sourceHash: hash("场地租用"), bankRecordHash: hash("b7") }),
  // exactly at Q3's start: not in Q2
  at(bj(2026, 7, 1, 0), { type: "CommonIncomeReceived", entryId: 8n, amountFen: 7n, sourceHash: hash("Q3"), bankRecordHash: hash("b8") }),
];
const state = replayFund(events);

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return undefined;
}

describe("quarters in Asia/Shanghai", () => {
  it("starts each quarter at 00:00 Beijing time on its first day", () => {
    const q1 = quarterPeriod(2026, 1);
    expect([q1.label, q1.fromTime, q1.toTime]).toEqual(["2026-Q1", bj(2026, 1, 1, 0), bj(2026, 4, 1, 0)]);
    const q4 = quarterPeriod(2024, 4);
    expect([q4.fromTime, q4.toTime]).toEqual([bj(2024, 10, 1, 0), bj(2025, 1, 1, 0)]);
    // a leap year's Q1 is 91 days
    expect(quarterPeriod(2024, 1).toTime - quarterPeriod(2024, 1).fromTime).toBe(91n * 86_400n);
    expect(quarterPeriod(2025, 1).toTime - quarterPeriod(2025, 1).fromTime).toBe(90n * 86_400n);
  });

  it("finds the quarter of a time at its edges, and parses only well-formed labels", () => {
    expect(quarterOf(bj(2026, 3, 31, 23, 59, 59)).label).toBe("2026-Q1");
    expect(quarterOf(bj(2026, 4, 1, 0)).label).toBe("2026-Q2");
    // 2025-12-31T16:00Z is already 2026 in Shanghai
    expect(quarterOf(BigInt(Date.UTC(2025, 11, 31, 16) / 1000)).label).toBe("2026-Q1");
    expect(quarterOf(0n)).toMatchObject({ label: "1970-Q1", fromTime: 0n });
    expect(parseQuarter("2026-Q3")).toEqual(quarterPeriod(2026, 3));
    for (const bad of ["2026-Q5", "2026-Q0", "2026Q1", "26-Q1", "1969-Q4", " 2026-Q1", "2026-q1"]) expect(parseQuarter(bad)).toBeNull();
  });
});

describe("the common-income statement", () => {
  it("a quarter: opening from before it, each receipt with its source and bank references, closing", () => {
    const q1 = quarterPeriod(2026, 1);
    const s = commonIncomeStatement(state, q1.fromTime, q1.toTime);
    expect(s.openingFen).toBe(1000n);
    expect(s.receipts.map((r) => [r.entryId, r.amountFen, r.sourceHash, r.bankRecordHash])).toEqual([
      [3n, 1_800_000n, hash("电梯广告 Q1"), hash("b3")],
      [4n, 3_600_000n, hash("地面停车 Q1"), hash("b4")],
    ]);
    expect(s.receipts[0]!.txHash).toBe(events[4]!.txHash);
    expect(s.movements).toEqual([]);
    // interest goes to the units, not the common account: not in this statement
    expect(s.others).toEqual([]);
    expect([s.receivedFen, s.movedFen, s.closingFen]).toEqual([5_400_000n, 0n, 5_401_000n]);
  });

  it("a movement into the units names its proposal and the units; period edges are [from, to)", () => {
    const q2 = quarterPeriod(2026, 2);
    const s = commonIncomeStatement(state, q2.fromTime, q2.toTime);
    expect(s.openingFen).toBe(5_401_000n);
    expect(s.movements).toHaveLength(1);
    expect(s.movements[0]).toMatchObject({ entryId: 6n, proposalId: 7n, amountFen: 3_000_001n, unitCount: 2, scopeAreaCm2: 15000n });
    expect(s.receipts.map((r) => r.amountFen)).toEqual([5n]);
    expect(s.closingFen).toBe(5_401_000n + 5n - 3_000_001n);
    // the closing balance is the account's balance at the period's end
    const all = commonIncomeStatement(state, 0n, q2.toTime);
    expect(all.openingFen).toBe(0n);
    expect(all.closingFen).toBe(s.closingFen);
    expect(commonIncomeStatement(state, 0n, 2n ** 62n).closingFen).toBe(state.totals.commonBalance);
  });

  it("a period with no activity has its opening balance as closing", () => {
    const s = commonIncomeStatement(state, bj(2026, 3, 1), bj(2026, 4, 1));
    expect([s.openingFen, s.receipts.length, s.movements.length, s.closingFen]).toEqual([5_401_000n, 0, 0, 5_401_000n]);
  });

  it("refuses a period that does not end after it starts", () => {
    expect(code(() => commonIncomeStatement(state, 10n, 10n))).toBe("FUND_BAD_PERIOD");
    expect(code(() => commonIncomeStatement(state, 11n, 10n))).toBe("FUND_BAD_PERIOD");
    expect(code(() => commonIncomeStatement(state, -1n, 10n))).toBe("FUND_BAD_PERIOD");
  });

  it("lists the quarters with activity, oldest first, with their figures", () => {
    const qs = commonIncomeQuarters(state);
    expect(qs.map((q) => [q.quarter.label, q.receivedFen, q.movedFen, q.closingFen, q.entryCount])).toEqual([
      ["2025-Q4", 1000n, 0n, 1000n, 1],
      ["2026-Q1", 5_400_000n, 0n, 5_401_000n, 2],
      ["2026-Q2", 5n, 3_000_001n, 2_401_004n, 2],
      ["2026-Q3", 7n, 0n, 2_401_011n, 1],
    ]);
    // each quarter's figures are its statement's
    for (const q of qs) {
      const s = commonIncomeStatement(state, q.quarter.fromTime, q.quarter.toTime);
      expect([s.receivedFen, s.movedFen, s.closingFen]).toEqual([q.receivedFen, q.movedFen, q.closingFen]);
    }
  });
});

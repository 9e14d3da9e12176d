import { describe, expect, it } from "vitest";
import { DomainError } from "../../../domain/errors";
import { buildMerkleSumTree, lineHashOf, verifyMerkleSumProof } from "../../../domain/fund/merkleSum";
import { allocateInterest } from "../../../domain/fund/rules";
import {
  STATEMENT_CSV_HEADER,
  computeStatement,
  csvField,
  reconcile,
  shanghaiDate,
  statementCsv,
  statementLeaves,
  validateLedger,
  type AccountRef,
  type EntryKind,
  type LedgerEntry,
  type LedgerLeg,
} from "../../../domain/fund/statement";
import { mulberry32 } from "../../../scripts/demo/generateCommunity";

/** Unix seconds of a Beijing-time (UTC+8) wall clock. */
const bj = (y: number, m: number, d: number, h = 12, min = 0, s = 0): bigint => BigInt(Date.UTC(y, m - 1, d, h - 8, min, s) / 1000);

const bank: AccountRef = { type: "bank" };
const common: AccountRef = { type: "common" };
const unit = (unitId: number): AccountRef => ({ type: "unit", unitId });
const payable = (paymentId: number): AccountRef => ({ type: "payable", paymentId });
const payee = (paymentId: number): AccountRef => ({ type: "payee", paymentId });
const leg = (account: AccountRef, amountFen: bigint): LedgerLeg => ({ account, amountFen });
const e = (seq: number, time: bigint, kind: EntryKind, legs: LedgerLeg[], extra: Partial<LedgerEntry> = {}): LedgerEntry => ({ seq, time, kind, legs, ...extra });

const interest = allocateInterest(1000n, [90000n, 108000n, 72000n]);

/** A small history, hand-computed below. Period: the first half of 2026, Beijing time. */
const history: LedgerEntry[] = [
  e(1, bj(2025, 6, 1), "deposit", [leg(bank, -300000n), leg(unit(101), 100000n), leg(unit(102), 120000n), leg(unit(103), 80000n)]),
  e(2, bj(2025, 9, 1), "commonIncome", [leg(bank, -5000n), leg(common, 5000n)], { reference: "广告收入 2025Q3" }),
  e(3, bj(2025, 12, 20), "hold", [leg(unit(101), -10000n), leg(unit(102), -12000n), leg(unit(103), -8000n), leg(payable(1), 30000n)]),
  // exactly at the period's start: 2025-12-31T16:00Z, 2026-01-01 in Shanghai
  e(4, bj(2026, 1, 1, 0), "post", [leg(payable(1), -30000n), leg(bank, 28500n), leg(payee(1), 1500n)], { reference: "发票 No. 8812, 质保金 5%" }),
  e(5, bj(2026, 2, 1), "hold", [leg(unit(101), -3333n), leg(unit(102), -4000n), leg(unit(103), -2667n), leg(payable(2), 10000n)]),
  e(6, bj(2026, 2, 10), "void", [leg(payable(2), -10000n), leg(unit(101), 3333n), leg(unit(102), 4000n), leg(unit(103), 2667n)]),
  e(7, bj(2026, 3, 21), "interest", [leg(bank, -1000n), leg(unit(101), interest[0]!), leg(unit(102), interest[1]!), leg(unit(103), interest[2]!)]),
  e(8, bj(2026, 4, 1), "deposit", [leg(bank, -5000n), leg(unit(103), 5000n)]),
  e(9, bj(2026, 4, 2), "reversal", [leg(bank, 5000n), leg(unit(103), -5000n)], { reverses: 8, reference: "录入错误" }),
  e(10, bj(2026, 4, 3), "topUp", [leg(bank, -500n), leg(unit(103), 500n)]),
  e(11, bj(2026, 5, 1), "commonToUnits", [leg(common, -3000n), leg(unit(101), 1000n), leg(unit(102), 1000n), leg(unit(103), 1000n)]),
  e(12, bj(2026, 6, 1), "refund", [leg(unit(103), -1000n), leg(bank, 1000n)]),
  e(13, bj(2026, 6, 30, 23, 59, 59), "hold", [leg(unit(101), -100n), leg(payable(3), 100n)]),
  // exactly at the period's end: excluded
  e(14, bj(2026, 7, 1, 0), "deposit", [leg(bank, -7n), leg(unit(104), 7n)]),
];
const period = { fromTime: bj(2026, 1, 1, 0), toTime: bj(2026, 7, 1, 0) };

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return undefined;
}

describe("computeStatement: a small hand-computed history", () => {
  const s = computeStatement(history, period);

  it("allocated the interest by balance as 333, 400, 267", () => expect(interest).toEqual([333n, 400n, 267n]));

  it("has one line per unit with a leg before the period's end", () => {
    expect(s.lines).toEqual([
      { unitId: 101, openingFen: 90000n, depositedFen: 0n, incomeFen: 1333n, usedFen: 100n, refundedFen: 0n, closingFen: 91233n },
      { unitId: 102, openingFen: 108000n, depositedFen: 0n, incomeFen: 1400n, usedFen: 0n, refundedFen: 0n, closingFen: 109400n },
      // the deposit of #8 and its reversal #9 cancel out; the top-up remains
      { unitId: 103, openingFen: 72000n, depositedFen: 500n, incomeFen: 1267n, usedFen: 0n, refundedFen: 1000n, closingFen: 72767n },
    ]);
    expect(s.entryCount).toBe(10);
    expect(s.legCount).toBe(29);
  });

  it("has the totals", () => {
    expect(s.totals).toEqual({
      unitsOpeningFen: 270000n,
      depositedFen: 500n,
      incomeToUnitsFen: 4000n,
      usedFen: 100n,
      refundedFen: 1000n,
      interestFen: 1000n,
      commonIncomeFen: 0n,
      earnedFen: 1000n,
      paidOutFen: 28500n,
      unitsBalanceFen: 273400n,
      heldInPayablesFen: 100n,
      owedToPayeesFen: 1500n,
      commonBalanceFen: 2000n,
      bankOpeningFen: 305000n,
      bankBalanceFen: 277000n,
    });
    const t = s.totals;
    expect(t.bankBalanceFen).toBe(t.unitsBalanceFen + t.heldInPayablesFen + t.owedToPayeesFen + t.commonBalanceFen);
  });

  it("a period holding everything starts from zero; an empty one only has openings", () => {
    const all = computeStatement(history, { fromTime: 0n, toTime: bj(2030, 1, 1) });
    expect(all.lines.map((l) => l.openingFen)).toEqual([0n, 0n, 0n, 0n]);
    expect(all.totals.commonIncomeFen).toBe(5000n);
    expect(all.totals.bankBalanceFen).toBe(277007n);
    const empty = computeStatement(history, { fromTime: period.toTime, toTime: period.toTime });
    expect(empty.entryCount).toBe(0);
    expect(empty.lines.map((l) => l.closingFen)).toEqual([91233n, 109400n, 72767n]);
  });

  it("counts a void of an earlier period's hold as negative use", () => {
    const next = computeStatement(
      [...history, e(15, bj(2026, 8, 1), "void", [leg(payable(3), -100n), leg(unit(101), 100n)])],
      { fromTime: period.toTime, toTime: bj(2027, 1, 1) },
    );
    expect(next.lines[0]).toMatchObject({ unitId: 101, openingFen: 91233n, usedFen: -100n, closingFen: 91333n });
    expect(lineHashOf(next.lines[0]!)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("gives Merkle-sum leaves whose total is the units' balance", () => {
    const leaves = statementLeaves(s);
    const tree = buildMerkleSumTree(leaves);
    expect(tree.total).toBe(s.totals.unitsBalanceFen);
    expect(leaves[2]).toEqual({ unitId: 103, balanceFen: 72767n, lineHash: lineHashOf(s.lines[2]!) });
    leaves.forEach((leaf, index) => {
      expect(verifyMerkleSumProof({ leaf, index, leafCount: leaves.length, proof: tree.proof(index), root: tree.root, total: tree.total })).toBe(true);
    });
  });
});

describe("validateLedger: double entry and the kinds' rules", () => {
  const d = (legs: LedgerLeg[], kind: EntryKind = "deposit", extra: Partial<LedgerEntry> = {}): LedgerEntry[] => [e(1, 100n, kind, legs, extra)];

  it("accepts the history", () => expect(validateLedger(history).get(9)).toBe("deposit"));

  it("refuses unbalanced entries, zero legs and single legs", () => {
    expect(code(() => validateLedger(d([leg(bank, -100n), leg(unit(1), 99n)])))).toBe("FUND_ENTRY_UNBALANCED");
    expect(code(() => validateLedger(d([leg(bank, 0n), leg(unit(1), 0n)])))).toBe("FUND_ENTRY_BAD_AMOUNT");
    expect(code(() => validateLedger(d([])))).toBe("FUND_ENTRY_UNBALANCED");
  });

  it("refuses a leg in the wrong direction or on an account the kind does not touch", () => {
    expect(code(() => validateLedger(d([leg(bank, 100n), leg(unit(1), -100n)])))).toBe("FUND_ENTRY_BAD_LEG");
    expect(code(() => validateLedger(d([leg(bank, -100n), leg(common, 100n)])))).toBe("FUND_ENTRY_BAD_LEG");
    expect(code(() => validateLedger(d([leg(unit(1), -100n), leg(payee(1), 100n)], "hold")))).toBe("FUND_ENTRY_BAD_LEG");
  });

  it("refuses a balance going below zero", () => {
    const legs = [leg(unit(1), -1n), leg(payable(1), 1n)];
    expect(code(() => validateLedger(d(legs, "hold")))).toBe("FUND_NEGATIVE_BALANCE");
    const overPost = [...history.slice(0, 3), e(4, bj(2026, 1, 1), "post", [leg(payable(1), -30001n), leg(bank, 30001n)])];
    expect(code(() => validateLedger(overPost))).toBe("FUND_NEGATIVE_BALANCE");
  });

  it("refuses reversals that do not mirror their entry, repeat, or point nowhere", () => {
    const base = history.slice(0, 8);
    const rev = (legs: LedgerLeg[], reverses: number | undefined, seq = 9): LedgerEntry => e(seq, bj(2026, 4, 2), "reversal", legs, reverses === undefined ? {} : { reverses });
    expect(code(() => validateLedger([...base, rev([leg(bank, 5000n), leg(unit(103), -4999n), leg(unit(101), -1n)], 8)]))).toBe("FUND_ENTRY_BAD_REVERSAL");
    expect(code(() => validateLedger([...base, rev([leg(unit(103), -5000n), leg(bank, 5000n)], 8)]))).toBe("FUND_ENTRY_BAD_REVERSAL");
    expect(code(() => validateLedger([...base, rev([leg(bank, 5000n), leg(unit(103), -5000n)], undefined)]))).toBe("FUND_ENTRY_BAD_REVERSAL");
    expect(code(() => validateLedger([...base, rev([leg(bank, 5000n), leg(unit(103), -5000n)], 99)]))).toBe("FUND_ENTRY_BAD_REVERSAL");
    const twice = [...history.slice(0, 9), e(10, bj(2026, 4, 3), "reversal", [leg(bank, 5000n), leg(unit(103), -5000n)], { reverses: 8 })];
    expect(code(() => validateLedger(twice))).toBe("FUND_ENTRY_BAD_REVERSAL");
    expect(code(() => validateLedger(d([leg(bank, -1n), leg(unit(1), 1n)], "deposit", { reverses: 0 })))).toBe("FUND_ENTRY_BAD_REVERSAL");
  });

  it("refuses entries out of order, bad ids and unknown kinds or accounts", () => {
    const a = e(2, 100n, "deposit", [leg(bank, -1n), leg(unit(1), 1n)]);
    expect(code(() => validateLedger([a, { ...a, seq: 2 }]))).toBe("FUND_ENTRY_OUT_OF_ORDER");
    expect(code(() => validateLedger([a, { ...a, seq: 3, time: 99n }]))).toBe("FUND_ENTRY_OUT_OF_ORDER");
    expect(code(() => validateLedger([{ ...a, seq: -1 }]))).toBe("FUND_ENTRY_BAD_SEQ");
    expect(code(() => validateLedger([{ ...a, time: -1n }]))).toBe("FUND_ENTRY_BAD_TIME");
    expect(code(() => validateLedger(d([leg(bank, -1n), leg(unit(-1), 1n)])))).toBe("FUND_ENTRY_BAD_ACCOUNT");
    expect(code(() => validateLedger([{ ...a, kind: "gift" as EntryKind }]))).toBe("FUND_ENTRY_BAD_KIND");
    expect(code(() => validateLedger(d([leg(bank, -1n), leg({ type: "cash" } as unknown as AccountRef, 1n)])))).toBe("FUND_ENTRY_BAD_ACCOUNT");
    expect(code(() => computeStatement(history, { fromTime: 10n, toTime: 9n }))).toBe("FUND_BAD_PERIOD");
  });
});

describe("statementCsv: the period's journal", () => {
  const names = { units: new Map([[101, "3栋1单元101"]]), payees: new Map([[1, 'Lift "Up", Ltd.']]) };
  const csv = statementCsv(history, period, names);
  const rows = csv.slice(1).split("\r\n");

  it("starts with a BOM and the bilingual header, ends every row with CRLF", () => {
    expect(csv.startsWith("\uFEFF序号 seq,日期 date,")).toBe(true);
    expect(rows[0]).toBe(STATEMENT_CSV_HEADER.join(","));
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(rows.at(-1)).toBe("");
  });

  it("has exactly one row per leg of the period's entries, plus the header", () => {
    const legs = history.filter((x) => x.time >= period.fromTime && x.time < period.toTime).reduce((n, x) => n + x.legs.length, 0);
    expect(rows.length - 1).toBe(legs + 1);
    expect(legs).toBe(29);
  });

  it("writes debits and credits in fen and yuan, dates in Shanghai time, RFC 4180 quoting", () => {
    expect(rows[1]).toBe('4,2026-01-01,支付 post,应付 payable #1,30000,,300.00,,"发票 No. 8812, 质保金 5%"');
    expect(rows[2]).toBe('4,2026-01-01,支付 post,银行存款 bank,,28500,,285.00,"发票 No. 8812, 质保金 5%"');
    expect(rows[3]).toBe('4,2026-01-01,支付 post,"收款人 payee #1 Lift ""Up"", Ltd.",,1500,,15.00,"发票 No. 8812, 质保金 5%"');
    expect(rows[4]).toBe("5,2026-02-01,冻结 hold,分户 unit 101 3栋1单元101,3333,,33.33,,");
    expect(rows).toContain("9,2026-04-02,冲正 reversal,分户 unit 103,5000,,50.00,,冲正 #8 reverses #8; 录入错误");
    expect(rows.at(-2)).toBe("13,2026-06-30,冻结 hold,应付 payable #3,,100,,1.00,");
  });

  it("has no row limit", () => {
    const many: LedgerEntry[] = [];
    const n = 3109;
    many.push(e(1, 1n, "deposit", [leg(bank, -BigInt(n)), ...Array.from({ length: n }, (_, i) => leg(unit(i + 1), 1n))]));
    for (let i = 0; i < 2000; i++) many.push(e(i + 2, 2n, "topUp", [leg(bank, -1n), leg(unit(1), 1n)]));
    const lines = statementCsv(many, { fromTime: 0n, toTime: 10n }).split("\r\n");
    expect(lines.length - 2).toBe(n + 1 + 2000 * 2);
  });

  it("keeps a typed reference from running as a spreadsheet formula, and quotes line breaks", () => {
    const x = [e(1, 1n, "deposit", [leg(bank, -1n), leg(unit(1), 1n)], { reference: '=HYPERLINK("x")' }), e(2, 1n, "deposit", [leg(bank, -1n), leg(unit(1), 1n)], { reference: "a\nb" })];
    const out = statementCsv(x, { fromTime: 0n, toTime: 10n }).slice(1).split("\r\n");
    expect(out[1]).toBe('1,1970-01-01,缴存 deposit,银行存款 bank,1,,0.01,,"\'=HYPERLINK(""x"")"');
    expect(out[3]).toBe('2,1970-01-01,缴存 deposit,银行存款 bank,1,,0.01,,"a\nb"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a"b')).toBe('"a""b"');
  });
});

describe("shanghaiDate: UTC+8 by integer arithmetic", () => {
  it("turns the date at 16:00 UTC", () => {
    expect(shanghaiDate(0n)).toBe("1970-01-01");
    expect(shanghaiDate(57_599n)).toBe("1970-01-01");
    expect(shanghaiDate(57_600n)).toBe("1970-01-02");
    expect(shanghaiDate(bj(2024, 2, 29, 0))).toBe("2024-02-29");
    expect(shanghaiDate(bj(2024, 2, 29, 0) - 1n)).toBe("2024-02-28");
    expect(shanghaiDate(bj(2100, 3, 1, 0) - 1n)).toBe("2100-02-28");
  });

  it("agrees with Date's UTC calendar shifted by 8 hours on random times", () => {
    const next = mulberry32(8);
    for (let i = 0; i < 2000; i++) {
      const t = BigInt(next()) * 2n + BigInt(next() % 2); // up to 2106
      expect(shanghaiDate(t)).toBe(new Date(Number(t + 28_800n) * 1000).toISOString().slice(0, 10));
    }
  });
});

describe("reconcile", () => {
  it("matches equal balances and reports the difference otherwise", () => {
    expect(reconcile(277000n, 277000n)).toEqual({ matches: true, differenceFen: 0n });
    expect(reconcile(277000n, 276990n)).toEqual({ matches: false, differenceFen: -10n });
    expect(reconcile(277000n, 277001n)).toEqual({ matches: false, differenceFen: 1n });
  });
});

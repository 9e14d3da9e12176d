import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../domain/errors";
import { apportion } from "../../../domain/fund/apportion";
import { formatYuan, yuanPlain } from "../../../domain/fund/money";
import { allocateInterest, firstDepositFen, needsTopUp, topUpNeededFen, withinBudgetCap } from "../../../domain/fund/rules";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

describe("firstDepositFen: area × rate, rounded half up to the fen", () => {
  it("computes (areaCm2·rate + 50) / 100", () => {
    expect(firstDepositFen(8912n, 10000n)).toBe(891200n); // 89.12 m² × 100 yuan/m²
    expect(firstDepositFen(1n, 50n)).toBe(1n); // 0.5 fen rounds up
    expect(firstDepositFen(1n, 49n)).toBe(0n); // 0.49 fen rounds down
    expect(firstDepositFen(3n, 150n)).toBe(5n); // 4.5 → 5
    expect(firstDepositFen(0n, 12345n)).toBe(0n);
  });

  it("refuses negative areas and rates", () => {
    expect(code(() => firstDepositFen(-1n, 100n))).toBe("FUND_BAD_AMOUNT");
    expect(code(() => firstDepositFen(100n, -1n))).toBe("FUND_BAD_AMOUNT");
  });
});

describe("needsTopUp and topUpNeededFen: below 30 % of the first deposit", () => {
  it("flags below 30 %, not at exactly 30 %", () => {
    expect(needsTopUp(299n, 1000n)).toBe(true);
    expect(needsTopUp(300n, 1000n)).toBe(false);
    expect(needsTopUp(0n, 1000n)).toBe(true);
    expect(needsTopUp(0n, 0n)).toBe(false);
    // 30 % of 1001 is 300.3: 300 needs a top-up, 301 does not
    expect(needsTopUp(300n, 1001n)).toBe(true);
    expect(needsTopUp(301n, 1001n)).toBe(false);
  });

  it("asks for the smallest amount that reaches 30 %", () => {
    expect(topUpNeededFen(299n, 1000n)).toBe(1n);
    expect(topUpNeededFen(300n, 1000n)).toBe(0n);
    expect(topUpNeededFen(0n, 1001n)).toBe(301n);
    expect(topUpNeededFen(0n, 0n)).toBe(0n);
    expect(topUpNeededFen(5000n, 1000n)).toBe(0n);
  });

  it("property: after the top-up no top-up is needed, and one fen less is not enough", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (balance, first) => {
        const x = topUpNeededFen(balance, first);
        if (needsTopUp(balance + x, first)) return false;
        return x === 0n ? !needsTopUp(balance, first) : needsTopUp(balance + x - 1n, first);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a negative balance", () => {
    expect(code(() => needsTopUp(-1n, 100n))).toBe("FUND_BAD_AMOUNT");
  });
});

describe("withinBudgetCap: at most 10 % over the approved budget", () => {
  it("allows exactly 110 %, not one fen more", () => {
    expect(withinBudgetCap(0n, 1100n, 1000n)).toBe(true);
    expect(withinBudgetCap(0n, 1101n, 1000n)).toBe(false);
    expect(withinBudgetCap(600n, 500n, 1000n)).toBe(true);
    expect(withinBudgetCap(600n, 501n, 1000n)).toBe(false);
    // 110 % of 999 is 1098.9: 1098 fits, 1099 does not
    expect(withinBudgetCap(0n, 1098n, 999n)).toBe(true);
    expect(withinBudgetCap(0n, 1099n, 999n)).toBe(false);
    expect(withinBudgetCap(0n, 0n, 0n)).toBe(true);
    expect(withinBudgetCap(0n, 1n, 0n)).toBe(false);
  });

  it("refuses negative amounts", () => {
    expect(code(() => withinBudgetCap(0n, -1n, 100n))).toBe("FUND_BAD_AMOUNT");
  });
});

describe("allocateInterest: pro rata to balances", () => {
  it("apportions by balance, a zero balance getting 0", () => {
    expect(allocateInterest(100n, [500n, 0n, 500n])).toEqual([50n, 0n, 50n]);
    expect(allocateInterest(10n, [1n, 1n, 1n])).toEqual(apportion(10n, [1n, 1n, 1n]));
  });

  it("refuses when every balance is zero or there are none", () => {
    expect(code(() => allocateInterest(100n, [0n, 0n]))).toBe("FUND_INTEREST_NO_BALANCE");
    expect(code(() => allocateInterest(0n, [0n]))).toBe("FUND_INTEREST_NO_BALANCE");
    expect(code(() => allocateInterest(1n, []))).toBe("FUND_INTEREST_NO_BALANCE");
    expect(code(() => allocateInterest(1n, [-1n, 5n]))).toBe("FUND_APPORTION_BAD_INPUT");
  });
});

describe("formatYuan and yuanPlain", () => {
  it("formats from the integer", () => {
    expect(formatYuan(0n)).toBe("0.00");
    expect(formatYuan(1n)).toBe("0.01");
    expect(formatYuan(99n)).toBe("0.99");
    expect(formatYuan(100n)).toBe("1.00");
    expect(formatYuan(-5n)).toBe("-0.05");
    expect(formatYuan(123456n)).toBe("1,234.56");
    expect(formatYuan(123456789n)).toBe("1,234,567.89");
    expect(formatYuan(-123456789n)).toBe("-1,234,567.89");
    expect(formatYuan(100000n)).toBe("1,000.00");
    expect(formatYuan(99999n)).toBe("999.99");
    expect(formatYuan(18446744073709551615n)).toBe("184,467,440,737,095,516.15");
  });

  it("has a plain form for CSV cells", () => {
    expect(yuanPlain(0n)).toBe("0.00");
    expect(yuanPlain(-5n)).toBe("-0.05");
    expect(yuanPlain(123456789n)).toBe("1234567.89");
  });
});

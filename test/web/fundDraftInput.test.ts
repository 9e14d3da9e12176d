/**
 * The committee's fund forms, what they read before sending (web/src/pages/fundDraftForms.ts
 * readYuan: yuan typed → integer fen, bad input refused in words) and what a refusal names
 * (web/src/pages/fundRefusal.ts shortUnitsOf: the units of FUND_UNITS_SHORT, malformed ones left out).
 */
import { describe, expect, it } from "vitest";
import { setLang } from "../../web/src/i18n";
import { readYuan } from "../../web/src/pages/fundDraftForms";
import { shortUnitsOf } from "../../web/src/pages/fundRefusal";

describe("an amount typed in yuan", () => {
  it("becomes integer fen", () => {
    expect(readYuan("12,500.00", "x")).toBe(1_250_000n);
    expect(readYuan("¥0.01", "x")).toBe(1n);
    expect(readYuan(" 80 ", "x")).toBe(8_000n);
    expect(readYuan("9,999,999,999,999,999.99", "x")).toBe(999_999_999_999_999_999n);
  });

  it("is refused in words when it is not an amount, not positive or too large", () => {
    setLang("zh-CN");
    expect(readYuan("12.345", "付款金额")).toBe("付款金额：请填写以元为单位的金额，最多两位小数（例如 12,500.00）。");
    expect(readYuan("0", "付款金额")).toBe("付款金额：金额必须大于零。");
    setLang("en");
    for (const bad of ["", "abc", "1e5", "1.2.3", "12,50x"]) expect(readYuan(bad, "The payment"), bad).toMatch(/^The payment: enter an amount in yuan/);
    expect(readYuan("-5", "The payment")).toBe("The payment: the amount must be more than zero.");
    // (parseYuan reads at most 16 digits of yuan, under 2^64 fen)
    expect(readYuan("184467440737095516.16", "The payment")).toMatch(/^The payment: enter an amount in yuan/);
    setLang("zh-CN");
  });
});

describe("the units a FUND_UNITS_SHORT refusal names", () => {
  it("are read from details.units, skipping malformed ones", () => {
    const good = { unitId: 7, label: "5-1-101", balanceFen: "100", shareFen: "350", shortFen: "250" };
    expect(shortUnitsOf({ units: [good, { ...good, unitId: "7" }, { ...good, shortFen: 2.5 }, null, { ...good, unitId: 8, label: undefined }] })).toEqual([
      good,
      { ...good, unitId: 8, label: "8" },
    ]);
    for (const d of [undefined, null, "x", [], { units: "x" }]) expect(shortUnitsOf(d)).toEqual([]);
  });
});

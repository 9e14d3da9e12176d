import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../domain/errors";
import { apportion, decimal2, explainShare, shareOf } from "../../../domain/fund/apportion";
import { UINT64_MAX } from "../../../domain/fund/check";
import { APPORTION_CASES_PATH, apportionCasesJson, type ApportionCase } from "../../../scripts/fund/writeApportionCases";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);

/** |share − A·w/T| < 1, i.e. |share·T − A·w| < T. */
function withinOneFen(share: bigint, amount: bigint, weight: bigint, total: bigint): boolean {
  const diff = share * total - amount * weight;
  return (diff < 0n ? -diff : diff) < total;
}

const weightArb = fc.bigInt({ min: 0n, max: 1_000_000_000n });
const amountArb = fc.oneof(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: UINT64_MAX }));
const weightsArb = fc.array(weightArb, { minLength: 1, maxLength: 80 }).filter((ws) => ws.some((w) => w > 0n));

describe("apportion: the running-total rule", () => {
  it("splits 100 fen over 3 equal units as 33, 33, 34", () => {
    expect(apportion(100n, [1n, 1n, 1n])).toEqual([33n, 33n, 34n]);
    expect(apportion(200n, [1n, 1n, 1n])).toEqual([66n, 67n, 67n]);
  });

  it("gives one unit everything and a zero weight nothing", () => {
    expect(apportion(12345n, [77n])).toEqual([12345n]);
    expect(apportion(1000n, [5n, 0n, 5n])).toEqual([500n, 0n, 500n]);
  });

  it("gives all zeros for a zero amount, even over zero or no weights", () => {
    expect(apportion(0n, [3n, 4n])).toEqual([0n, 0n]);
    expect(apportion(0n, [0n, 0n])).toEqual([0n, 0n]);
    expect(apportion(0n, [])).toEqual([]);
  });

  it("handles very unequal areas and amounts near 2^64", () => {
    expect(apportion(123456789n, [1n, 10_000_000n])).toEqual([12n, 123456777n]);
    const big = apportion(UINT64_MAX, [1n, 1n, 1n]);
    expect(sum(big)).toBe(UINT64_MAX);
    expect(big).toEqual([UINT64_MAX / 3n, UINT64_MAX / 3n, UINT64_MAX / 3n]); // 2^64 − 1 is divisible by 3
  });

  it("refuses negative inputs, values above 2^64 − 1, no units and a zero total", () => {
    expect(code(() => apportion(-1n, [1n]))).toBe("FUND_APPORTION_BAD_INPUT");
    expect(code(() => apportion(1n, [1n, -1n]))).toBe("FUND_APPORTION_BAD_INPUT");
    expect(code(() => apportion(UINT64_MAX + 1n, [1n]))).toBe("FUND_APPORTION_BAD_INPUT");
    expect(code(() => apportion(1n, [UINT64_MAX + 1n]))).toBe("FUND_APPORTION_BAD_INPUT");
    expect(code(() => apportion(1n, []))).toBe("FUND_APPORTION_EMPTY");
    expect(code(() => apportion(1n, [0n, 0n, 0n]))).toBe("FUND_APPORTION_ZERO_TOTAL");
  });

  it("property: the parts always add up to the amount", () => {
    fc.assert(fc.property(amountArb, weightsArb, (a, ws) => sum(apportion(a, ws)) === a), { numRuns: 300 });
  });

  it("property: each part is within 1 fen of the exact share (floor or floor + 1)", () => {
    fc.assert(
      fc.property(amountArb, weightsArb, (a, ws) => {
        const t = sum(ws);
        return apportion(a, ws).every((s, i) => {
          const w = ws[i] as bigint;
          const floor = (a * w) / t;
          return withinOneFen(s, a, w, t) && (s === floor || s === floor + 1n);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("property: any order gives the same total, and each unit still within 1 fen", () => {
    fc.assert(
      fc.property(amountArb, weightsArb, fc.integer(), (a, ws, seed) => {
        const order = ws.map((_, i) => i);
        let s = seed >>> 0;
        for (let i = order.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [order[i], order[j]] = [order[j] as number, order[i] as number];
        }
        const shuffled = order.map((i) => ws[i] as bigint);
        const shares = apportion(a, shuffled);
        const t = sum(ws);
        return sum(shares) === a && shares.every((x, k) => withinOneFen(x, a, shuffled[k] as bigint, t));
      }),
      { numRuns: 200 },
    );
  });

  it("property: all-zero weights with a positive amount are refused", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: UINT64_MAX }), fc.integer({ min: 1, max: 50 }), (a, n) => {
        return code(() => apportion(a, Array.from({ length: n }, () => 0n))) === "FUND_APPORTION_ZERO_TOTAL";
      }),
      { numRuns: 50 },
    );
  });

  it("property: shareOf gives each unit's share from three numbers", () => {
    fc.assert(
      fc.property(amountArb, weightsArb, (a, ws) => {
        const t = sum(ws);
        const shares = apportion(a, ws);
        let before = 0n;
        return ws.every((w, i) => {
          const one = shareOf(a, before, w, t);
          before += w;
          return one.share === shares[i] && one.exactNumerator === a * w && one.denominator === t;
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("shareOf and explainShare", () => {
  it("explains the third of 100 fen over 3 equal units", () => {
    expect(shareOf(100n, 20000n, 10000n, 30000n)).toEqual({ share: 34n, exactNumerator: 1_000_000n, denominator: 30000n });
    expect(explainShare(100n, 20000n, 10000n, 30000n)).toEqual({
      amountFen: 100n,
      scopeAreaCm2: 30000n,
      areaBeforeCm2: 20000n,
      unitAreaCm2: 10000n,
      exactShareFen: "33.33",
      floorShareFen: 33n,
      shareFen: 34n,
      remainderFen: 1n,
    });
    const second = explainShare(200n, 10000n, 10000n, 30000n);
    expect(second.exactShareFen).toBe("66.67");
    expect(second.shareFen).toBe(67n);
    expect(second.remainderFen).toBe(1n);
    expect(explainShare(200n, 0n, 10000n, 30000n).remainderFen).toBe(0n);
  });

  it("rounds the exact share half up to two decimals, from integers", () => {
    expect(decimal2(1n, 8n)).toBe("0.13"); // 0.125
    expect(decimal2(1n, 3n)).toBe("0.33");
    expect(decimal2(2n, 3n)).toBe("0.67");
    expect(decimal2(500n, 1n)).toBe("500.00");
    expect(decimal2(UINT64_MAX, 1n)).toBe(`${UINT64_MAX}.00`);
  });

  it("refuses a unit outside its scope and a zero scope", () => {
    expect(code(() => shareOf(100n, 20000n, 10001n, 30000n))).toBe("FUND_APPORTION_BAD_RANGE");
    expect(code(() => shareOf(100n, 0n, 0n, 0n))).toBe("FUND_APPORTION_ZERO_TOTAL");
    expect(code(() => explainShare(-1n, 0n, 1n, 1n))).toBe("FUND_APPORTION_BAD_INPUT");
    expect(shareOf(0n, 0n, 0n, 0n)).toEqual({ share: 0n, exactNumerator: 0n, denominator: 1n });
  });
});

describe("test/fixtures/apportionCases.json (shared with the contract tests)", () => {
  const text = readFileSync(APPORTION_CASES_PATH, "utf8");
  const cases = JSON.parse(text) as ApportionCase[];

  it("is up to date with scripts/fund/writeApportionCases.ts", () => {
    expect(text).toBe(apportionCasesJson());
  });

  it("holds the shares apportion gives, covering the required situations", () => {
    for (const c of cases) {
      const shares = apportion(BigInt(c.amountFen), c.weights.map(BigInt)).map(String);
      expect(shares, c.name).toEqual(c.shares);
      expect(sum(c.shares.map(BigInt)), c.name).toBe(BigInt(c.amountFen));
      expect(sum(c.weights.map(BigInt)) <= UINT64_MAX, c.name).toBe(true);
    }
    const names = cases.map((c) => c.name).join("\n");
    for (const needed of ["100 fen over 3 equal units", "one unit", "1 cm²", "developer-held", "72 units", "smaller than unit count", "2^64 − 1"]) {
      expect(names).toContain(needed);
    }
  });
});

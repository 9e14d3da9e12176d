import { describe, expect, it } from "vitest";
import { DomainError } from "../../domain/errors";
import { MATTERS, Matter } from "../../domain/matters";
import { OUTCOME_CODE, basisPoints, computeResult, progress, type OptionTally, type TallyInput } from "../../domain/tally";

const opt = (areaCm2: bigint | number, headcount: number): OptionTally => ({ areaCm2: BigInt(areaCm2), headcount });

function input(matter: Matter, totalAreaCm2: bigint | number, totalHeadcount: number, options: OptionTally[]): TallyInput {
  return { matter, totalAreaCm2: BigInt(totalAreaCm2), totalHeadcount, options };
}

describe("computeResult: quorum (2/3 of area AND of headcount, bound included)", () => {
  it("passes at exactly 2/3 of area and headcount", () => {
    const r = computeResult(input(Matter.UseFund, 300, 30, [opt(150, 15), opt(0, 0), opt(50, 5)]));
    expect(r.participation).toEqual({ areaCm2: 200n, headcount: 20 });
    expect(r.quorumAreaMet).toBe(true);
    expect(r.quorumHeadcountMet).toBe(true);
    expect(r.quorumMet).toBe(true);
    expect(r.outcome).toBe("Passed");
    expect(r.winningOption).toBe(0);
  });

  it("fails one hundredth of a m² below 2/3 of the area, headcount being met", () => {
    const r = computeResult(input(Matter.UseFund, 300, 30, [opt(149, 15), opt(0, 0), opt(50, 5)]));
    expect(r.participation.areaCm2).toBe(199n);
    expect(r.quorumAreaMet).toBe(false);
    expect(r.quorumHeadcountMet).toBe(true);
    expect(r.quorumMet).toBe(false);
    expect(r.outcome).toBe("NoQuorum");
    expect(r.winningOption).toBeNull();
  });

  it("fails one person below 2/3 of the headcount, area being met", () => {
    const r = computeResult(input(Matter.UseFund, 300, 30, [opt(150, 14), opt(0, 0), opt(50, 5)]));
    expect(r.participation.headcount).toBe(19);
    expect(r.quorumAreaMet).toBe(true);
    expect(r.quorumHeadcountMet).toBe(false);
    expect(r.outcome).toBe("NoQuorum");
  });

  it("rounds the bound correctly when 2/3 is not an integer", () => {
    // 2/3 of 1000 is 666.67: 667 passes, 666 fails. 2/3 of 31 is 20.67: 21 passes, 20 fails.
    const ok = computeResult(input(Matter.ElectCommittee, 1000, 31, [opt(667, 21), opt(0, 0)]));
    expect(ok.quorumMet).toBe(true);
    const lowArea = computeResult(input(Matter.ElectCommittee, 1000, 31, [opt(666, 21), opt(0, 0)]));
    expect(lowArea.quorumAreaMet).toBe(false);
    const lowHead = computeResult(input(Matter.ElectCommittee, 1000, 31, [opt(667, 20), opt(0, 0)]));
    expect(lowHead.quorumHeadcountMet).toBe(false);
  });

  it("gives NoQuorum with zero participation", () => {
    const r = computeResult(input(Matter.UseFund, 320_000_00, 3109, [opt(0, 0), opt(0, 0), opt(0, 0)]));
    expect(r.participation).toEqual({ areaCm2: 0n, headcount: 0 });
    expect(r.quorumAreaMet).toBe(false);
    expect(r.quorumHeadcountMet).toBe(false);
    expect(r.outcome).toBe("NoQuorum");
    expect(r.winningOption).toBeNull();
    expect(r.options.every((o) => !o.approved)).toBe(true);
  });

  it("is NoQuorum even if every participant agrees", () => {
    const r = computeResult(input(Matter.UseFund, 300, 30, [opt(100, 10), opt(0, 0)]));
    expect(r.options[0]?.approved).toBe(true);
    expect(r.outcome).toBe("NoQuorum");
  });
});

describe("computeResult: approval 'half' (more than 1/2, exactly half fails)", () => {
  // Full participation so that the quorum is met.
  it("fails at exactly half of the area", () => {
    const r = computeResult(input(Matter.UseFund, 200, 20, [opt(100, 11), opt(100, 9), opt(0, 0)]));
    expect(r.quorumMet).toBe(true);
    expect(r.options[0]?.areaApproved).toBe(false);
    expect(r.options[0]?.headcountApproved).toBe(true);
    expect(r.outcome).toBe("Rejected");
    expect(r.winningOption).toBeNull();
  });

  it("fails at exactly half of the headcount", () => {
    const r = computeResult(input(Matter.UseFund, 200, 20, [opt(101, 10), opt(99, 10), opt(0, 0)]));
    expect(r.options[0]?.areaApproved).toBe(true);
    expect(r.options[0]?.headcountApproved).toBe(false);
    expect(r.outcome).toBe("Rejected");
  });

  it("passes just over half of both", () => {
    const r = computeResult(input(Matter.UseFund, 200, 20, [opt(101, 11), opt(99, 9), opt(0, 0)]));
    expect(r.outcome).toBe("Passed");
    expect(r.winningOption).toBe(0);
  });

  it("in a for/against vote, 'against' reaching the majority is a rejection", () => {
    const r = computeResult(input(Matter.HireOrFireManager, 200, 20, [opt(40, 4), opt(160, 16), opt(0, 0)]));
    expect(r.options[1]?.approved).toBe(true);
    expect(r.outcome).toBe("Rejected");
    expect(r.winningOption).toBe(null);
  });
});

describe("computeResult: approval 'threeQuarters' for (六)(七)(八) (3/4 included)", () => {
  for (const matter of [Matter.RaiseFund, Matter.Rebuild, Matter.ChangeUseOfCommonParts]) {
    it(`passes at exactly 3/4 and fails one below, matter ${matter}`, () => {
      expect(computeResult(input(matter, 200, 20, [opt(150, 15), opt(50, 5), opt(0, 0)])).outcome).toBe("Passed");
      const lowArea = computeResult(input(matter, 200, 20, [opt(149, 15), opt(51, 5), opt(0, 0)]));
      expect(lowArea.options[0]?.areaApproved).toBe(false);
      expect(lowArea.outcome).toBe("Rejected");
      const lowHead = computeResult(input(matter, 200, 20, [opt(150, 14), opt(50, 6), opt(0, 0)]));
      expect(lowHead.options[0]?.headcountApproved).toBe(false);
      expect(lowHead.outcome).toBe("Rejected");
    });
  }

  it("maps every matter kind to its threshold: 70% support passes only 'half' matters", () => {
    for (const m of MATTERS) {
      const r = computeResult(input(m.code, 1000, 100, [opt(700, 70), opt(300, 30), opt(0, 0)]));
      expect(r.approval).toBe(m.approval);
      expect(r.outcome).toBe(m.approval === "half" ? "Passed" : "Rejected");
    }
  });
});

describe("computeResult: abstentions", () => {
  it("counts abstentions in the denominator", () => {
    // for 100, against 40, abstain 61: 100/201 is not more than half (it would be of 140).
    const r = computeResult(input(Matter.UseFund, 201, 21, [opt(100, 11), opt(40, 4), opt(61, 6)]));
    expect(r.participation).toEqual({ areaCm2: 201n, headcount: 21 });
    expect(r.options[0]?.areaApproved).toBe(false);
    expect(r.outcome).toBe("Rejected");
    const without = computeResult(input(Matter.UseFund, 140, 15, [opt(100, 11), opt(40, 4), opt(0, 0)]));
    expect(without.outcome).toBe("Passed");
  });

  it("counts abstentions towards the quorum, and abstain never wins", () => {
    const r = computeResult(input(Matter.UseFund, 300, 30, [opt(0, 0), opt(0, 0), opt(300, 30)]));
    expect(r.quorumMet).toBe(true);
    expect(r.options[2]?.isAbstain).toBe(true);
    expect(r.options[2]?.approved).toBe(false);
    expect(r.outcome).toBe("Rejected");
    expect(r.winningOption).toBeNull();
  });
});

describe("computeResult: a choice between two bids (+ abstain)", () => {
  const choose = (a: OptionTally, b: OptionTally, abstain: OptionTally) =>
    computeResult({ ...input(Matter.HireOrFireManager, 1000, 100, [a, b, abstain]), namedChoice: true });

  it("elects the bid with more than half of both", () => {
    const r = choose(opt(300, 30), opt(600, 60), opt(100, 10));
    expect(r.outcome).toBe("Passed");
    expect(r.winningOption).toBe(1);
  });

  it("rejects when one bid has the area majority and the other the headcount majority", () => {
    const r = choose(opt(600, 40), opt(300, 55), opt(100, 5));
    expect(r.options[0]?.areaApproved).toBe(true);
    expect(r.options[1]?.headcountApproved).toBe(true);
    expect(r.options.some((o) => o.approved)).toBe(false);
    expect(r.outcome).toBe("Rejected");
  });

  it("rejects when no bid has more than half", () => {
    const r = choose(opt(450, 45), opt(450, 45), opt(100, 10));
    expect(r.outcome).toBe("Rejected");
  });
});

describe("computeResult: cross-check with ceiling-division thresholds", () => {
  // A different formulation of the same law: count ≥ ceil(2t/3), count ≥ floor(p/2)+1, count ≥ ceil(3p/4).
  const ceil = (n: bigint, d: bigint): bigint => (n + d - 1n) / d;
  let state = 12345;
  const rand = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };

  it("agrees on 5,000 random tallies near the bounds", () => {
    for (let k = 0; k < 5000; k++) {
      const matter = (1 + rand(9)) as Matter;
      const totalHead = 1 + rand(40);
      const totalArea = BigInt(1 + rand(400));
      const n = 2 + rand(3);
      const options: OptionTally[] = [];
      let headLeft = totalHead;
      let areaLeft = totalArea;
      for (let i = 0; i < n; i++) {
        const h = rand(headLeft + 1);
        const a = BigInt(rand(Number(areaLeft) + 1));
        headLeft -= h;
        areaLeft -= a;
        options.push(opt(a, h));
      }
      const r = computeResult({ ...input(matter, totalArea, totalHead, options), namedChoice: true });
      const pa = options.reduce((s, o) => s + o.areaCm2, 0n);
      const ph = BigInt(options.reduce((s, o) => s + o.headcount, 0));
      const quorum = pa >= ceil(2n * totalArea, 3n) && ph >= ceil(2n * BigInt(totalHead), 3n);
      expect(r.quorumMet).toBe(quorum);
      const three = matter === 6 || matter === 7 || matter === 8;
      const approved = options.map((o, i) => {
        if (i === n - 1) return false;
        const h = BigInt(o.headcount);
        return three
          ? o.areaCm2 >= ceil(3n * pa, 4n) && h >= ceil(3n * ph, 4n)
          : o.areaCm2 >= pa / 2n + 1n && h >= ph / 2n + 1n;
      });
      const winner = quorum ? approved.indexOf(true) : -1;
      expect(r.winningOption).toBe(winner === -1 ? null : winner);
      expect(r.outcome).toBe(!quorum ? "NoQuorum" : winner === -1 ? "Rejected" : "Passed");
    }
  });
});

describe("computeResult: bad input", () => {
  it("refuses fewer than two options, negative or fractional numbers, unknown matters", () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof DomainError ? e.code : e instanceof RangeError ? "RangeError" : "other";
      }
      return undefined;
    };
    expect(code(() => computeResult(input(Matter.UseFund, 10, 1, [opt(1, 1)])))).toBe("TALLY_BAD_OPTION_COUNT");
    expect(code(() => computeResult(input(Matter.UseFund, 10, 1, [opt(-1, 1), opt(0, 0)])))).toBe("TALLY_BAD_AREA");
    expect(code(() => computeResult(input(Matter.UseFund, 10, 1.5, [opt(1, 1), opt(0, 0)])))).toBe("TALLY_BAD_HEADCOUNT");
    expect(code(() => computeResult(input(0 as Matter, 10, 1, [opt(1, 1), opt(0, 0)])))).toBe("RangeError");
    const e = (() => {
      try {
        computeResult(input(Matter.UseFund, 10, 1, []));
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).zh).toContain("弃权");
  });

  it("maps outcomes to the contract's enum numbers", () => {
    expect(OUTCOME_CODE).toEqual({ Passed: 1, Rejected: 2, NoQuorum: 3 });
  });
});

describe("progress", () => {
  it("gives exact numerators, denominators and thresholds for the bars", () => {
    const p = progress(input(Matter.UseFund, 300, 30, [opt(120, 12), opt(30, 3), opt(50, 5)]));
    expect(p.quorum.area).toMatchObject({ numerator: 200n, denominator: 300n, met: true, percentBasisPoints: 6666, thresholdBasisPoints: 6666 });
    expect(p.quorum.area.threshold).toEqual({ numerator: 2n, denominator: 3n, inclusive: true });
    expect(p.quorum.headcount).toMatchObject({ numerator: 20n, denominator: 30n, met: true, percentBasisPoints: 6666 });
    expect(p.leadingOption).toBe(0);
    expect(p.leadingApproval?.area).toMatchObject({ numerator: 120n, denominator: 200n, met: true, percentBasisPoints: 6000, thresholdBasisPoints: 5000 });
    expect(p.leadingApproval?.area.threshold).toEqual({ numerator: 1n, denominator: 2n, inclusive: false });
    expect(p.leadingApproval?.headcount).toMatchObject({ numerator: 12n, denominator: 20n, met: true });
  });

  it("marks exactly half as not met and uses 7500 for three quarters", () => {
    const half = progress(input(Matter.UseFund, 200, 20, [opt(100, 10), opt(100, 10), opt(0, 0)]));
    expect(half.leadingApproval?.area).toMatchObject({ percentBasisPoints: 5000, met: false });
    const three = progress(input(Matter.Rebuild, 200, 20, [opt(150, 15), opt(50, 5), opt(0, 0)]));
    expect(three.leadingApproval?.area).toMatchObject({ percentBasisPoints: 7500, thresholdBasisPoints: 7500, met: true });
  });

  it("leads with the option with most area when nobody wins, and has no leader with no votes", () => {
    const p = progress(input(Matter.HireOrFireManager, 1000, 100, [opt(300, 45), opt(400, 30), opt(300, 25)]));
    expect(p.leadingOption).toBe(1);
    const none = progress(input(Matter.UseFund, 1000, 100, [opt(0, 0), opt(0, 0), opt(500, 50)]));
    expect(none.leadingOption).toBeNull();
    expect(none.leadingApproval).toBeNull();
    expect(none.quorum.area.percentBasisPoints).toBe(5000);
    const empty = progress(input(Matter.UseFund, 1000, 100, [opt(0, 0), opt(0, 0)]));
    expect(empty.quorum.area.percentBasisPoints).toBe(0);
  });

  it("agrees with computeResult about what is met", () => {
    const i = input(Matter.UseFund, 300, 30, [opt(149, 15), opt(0, 0), opt(50, 5)]);
    const r = computeResult(i);
    const p = progress(i);
    expect(p.quorum.area.met).toBe(r.quorumAreaMet);
    expect(p.quorum.headcount.met).toBe(r.quorumHeadcountMet);
  });

  it("computes basis points with integer division, capped to 0..10000", () => {
    expect(basisPoints(1n, 3n)).toBe(3333);
    expect(basisPoints(2n, 3n)).toBe(6666);
    expect(basisPoints(5n, 0n)).toBe(0);
    expect(basisPoints(7n, 5n)).toBe(10000);
    expect(Number.isInteger(basisPoints(123456789n, 987654321n))).toBe(true);
  });
});

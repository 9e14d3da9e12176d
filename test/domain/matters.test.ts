import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ADHOC_NOTICE_DAYS,
  DEFAULT_NOTICE_DAYS,
  DEFAULT_OBJECTION_DAYS,
  MATTERS,
  MAX_VOTING_DAYS,
  MIN_VOTING_DAYS,
  Matter,
  approvalOf,
  isMatter,
  matterInfo,
  partialScopeAllowed,
} from "../../domain/matters";

describe("matters (民法典 第278条)", () => {
  it("numbers the nine matters exactly like the Solidity enum", () => {
    expect(Matter).toEqual({
      RulesOfProcedure: 1,
      ManagementCovenant: 2,
      ElectCommittee: 3,
      HireOrFireManager: 4,
      UseFund: 5,
      RaiseFund: 6,
      Rebuild: 7,
      ChangeUseOfCommonParts: 8,
      OtherMajorMatter: 9,
    });
    expect(MATTERS.map((m) => m.code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const m of MATTERS) expect(Matter[m.name]).toBe(m.code);
  });

  it("matches the enum in contracts/interfaces/IOwnerVoting.sol", () => {
    const sol = readFileSync(new URL("../../contracts/interfaces/IOwnerVoting.sol", import.meta.url), "utf8");
    const body = /enum\s+Matter\s*\{([^}]*)\}/.exec(sol)?.[1];
    expect(body).toBeDefined();
    const names = (body ?? "")
      .split("\n")
      .map((line) => line.replace(/\/\/.*$/, "").trim().replace(/,$/, ""))
      .filter((name) => name.length > 0);
    expect(names).toEqual(["None", ...MATTERS.map((m) => m.name)]);
  });

  it("needs three quarters for (六)(七)(八) and more than half for the rest", () => {
    const threeQuarters = MATTERS.filter((m) => m.approval === "threeQuarters").map((m) => m.code);
    expect(threeQuarters).toEqual([Matter.RaiseFund, Matter.Rebuild, Matter.ChangeUseOfCommonParts]);
    expect(approvalOf(Matter.UseFund)).toBe("half");
    expect(approvalOf(Matter.ElectCommittee)).toBe("half");
    expect(approvalOf(Matter.OtherMajorMatter)).toBe("half");
    expect(approvalOf(Matter.Rebuild)).toBe("threeQuarters");
  });

  it("has labels and plain-words requirements in both languages", () => {
    expect(matterInfo(Matter.UseFund).labelZh).toBe("使用建筑物及其附属设施的维修资金");
    expect(matterInfo(Matter.RaiseFund).labelZh).toBe("筹集建筑物及其附属设施的维修资金");
    expect(matterInfo(Matter.UseFund).article278Item).toBe("（五）");
    for (const m of MATTERS) {
      expect(m.labelZh.length).toBeGreaterThan(0);
      expect(m.labelEn.length).toBeGreaterThan(0);
      expect(m.requirementZh).toContain("三分之二以上");
      expect(m.requirementEn).toContain("two thirds");
      if (m.approval === "half") {
        expect(m.requirementZh).toContain("过半数");
        expect(m.requirementEn).toContain("more than half");
      } else {
        expect(m.requirementZh).toContain("四分之三以上");
        expect(m.requirementEn).toContain("three quarters");
      }
    }
  });

  it("allows a narrower scope only for using the fund", () => {
    for (const m of MATTERS) expect(partialScopeAllowed(m.code)).toBe(m.code === Matter.UseFund);
  });

  it("rejects codes that are not matters", () => {
    expect(isMatter(0)).toBe(false);
    expect(isMatter(10)).toBe(false);
    expect(isMatter(1.5)).toBe(false);
    expect(isMatter("5")).toBe(false);
    expect(isMatter(9)).toBe(true);
    expect(() => matterInfo(0 as Matter)).toThrow(RangeError);
    expect(() => partialScopeAllowed(10 as Matter)).toThrow(RangeError);
  });

  it("exports the legal periods", () => {
    expect(DEFAULT_NOTICE_DAYS).toBe(15);
    expect(DEFAULT_ADHOC_NOTICE_DAYS).toBe(7);
    expect(DEFAULT_OBJECTION_DAYS).toBe(7);
    expect(MIN_VOTING_DAYS).toBe(5);
    expect(MAX_VOTING_DAYS).toBe(60);
  });
});

/** The pure parts of the CLI verifier: the text against its hash, the API's ballots and summary against the chain's. */
import { describe, expect, it } from "vitest";
import { apiBase, compareBallots, compareSummary, type ApiBallot, type ApiProposal } from "../../verifier/compareWithApi";
import type { Address, Hex, ProposalInput } from "../../verifier/events";
import type { CountedBallot } from "../../verifier/recount";
import { formatArea, message } from "../../verifier/reportText";
import { checkText, textHashOf } from "../../verifier/textCheck";

const TX = `0x${"ab".repeat(32)}` as Hex;
const counted = (entryId: number, choice: number, kind = 1): [number, CountedBallot] => [
  entryId,
  { entryId, choice, kind, nonce: 1, signer: `0x${"11".repeat(20)}` as Address, areaCm2: 100n, headcount: 1, blockNumber: 5n, logIndex: 0, transactionHash: TX, castCount: 1 },
];
const shown = (choice: number, kind = "electronic"): ApiBallot => ({ choice, kind, nonce: 1 });

describe("checkText", () => {
  const hash = textHashOf("全文 text");
  it("passes the text whose keccak256 is the on-chain hash, and names a changed or missing text", () => {
    expect(checkText("全文 text", hash, { kind: "api", url: "x" }).ok).toBe(true);
    const changed = checkText("全文 text.", hash, { kind: "file", path: "/t" });
    expect(changed.ok).toBe(false);
    expect(changed.problems.map((p) => p.code)).toEqual(["TEXT_HASH_DIFFERS"]);
    expect(checkText(null, hash, { kind: "api", url: "x" }).problems.map((p) => p.code)).toEqual(["TEXT_MISSING"]);
  });
});

describe("compareBallots", () => {
  it("finds no difference when the API shows each counted ballot", () => {
    const r = compareBallots({
      counted: new Map([counted(0, 0), counted(2, 1, 2)]),
      api: { ballots: new Map([[0, shown(0)], [2, shown(1, "paper")]]), shownEntries: new Set([0, 1, 2]) },
    });
    expect(r.differences).toEqual([]);
    expect(r.compared).toBe(3);
    expect(r.notShown).toEqual([]);
  });

  it("lists swapped, missing, invented and re-kinded ballots, and the ones the API gives no lookup for", () => {
    const r = compareBallots({
      counted: new Map([counted(0, 0), counted(1, 1), counted(2, 2), counted(4, 0), counted(5, 1)]),
      api: {
        ballots: new Map([[0, shown(1)], [1, shown(0)], [3, shown(2)], [5, shown(1, "paper")]]),
        shownEntries: new Set([0, 1, 2, 3, 5]),
      },
    });
    const b = (choice: number, kind = "electronic") => ({ choice, kind, areaCm2: 100n, headcount: 1 });
    expect(r.differences).toEqual([
      { entryId: 0, chain: b(0), api: b(1), fields: ["choice"] },
      { entryId: 1, chain: b(1), api: b(0), fields: ["choice"] },
      { entryId: 2, chain: b(2), api: null, fields: ["presence"] },
      { entryId: 3, chain: null, api: { choice: 2, kind: "electronic", areaCm2: 0n, headcount: 0 }, fields: ["presence"] },
      { entryId: 5, chain: b(1), api: b(1, "paper"), fields: ["kind"] },
    ]);
    expect(r.notShown).toEqual([4]);
  });

  it("names a ballot the API shows with another weight than the chain counted, and compares only the entries asked for", () => {
    const api = {
      ballots: new Map([[0, shown(0)], [1, shown(1)]]),
      shownEntries: new Set([0, 1]),
      weights: new Map([[0, { areaCm2: 100n, headcount: 1 }], [1, { areaCm2: 250n, headcount: 1 }]]),
    };
    const r = compareBallots({ counted: new Map([counted(0, 0), counted(1, 1)]), api });
    expect(r.differences.map((d) => [d.entryId, d.fields])).toEqual([[1, ["weight"]]]);
    expect(r.differences[0]?.api).toMatchObject({ areaCm2: 250n });
    expect(compareBallots({ counted: new Map([counted(0, 0), counted(1, 1)]), api, entries: [0] }).differences).toEqual([]);
  });
});

describe("compareSummary", () => {
  const input: ProposalInput = {
    communityId: 1n,
    matter: 5,
    scopeKind: 0,
    scopeIds: [],
    adHoc: false,
    votingStart: 1n,
    votingEnd: 2n,
    title: "电梯",
    textHash: textHashOf("t"),
    options: ["同意", "反对", "弃权"],
    namedChoice: false,
    rollRoot: `0x${"cd".repeat(32)}` as Hex,
    totalAreaCm2: 1000n,
    totalHeadcount: 3,
    entryCount: 3,
  };
  const api: ApiProposal = {
    id: "1",
    title: "电梯",
    text: "t",
    textHash: input.textHash,
    rollRoot: input.rollRoot.toUpperCase().replace("0X", "0x"),
    totalAreaCm2: "1000",
    totalHeadcount: 3,
    entryCount: 3,
    options: ["同意", "反对", "弃权"],
    outcome: null,
    tallies: [{ areaCm2: "100", headcount: 1 }, { areaCm2: "0", headcount: 0 }, { areaCm2: "0", headcount: 0 }],
  };
  const tallies = [{ areaCm2: 100n, headcount: 1 }, { areaCm2: 0n, headcount: 0 }, { areaCm2: 0n, headcount: 0 }];
  it("agrees with an honest API and names each altered field", () => {
    expect(compareSummary({ input, onChainTallies: tallies, onChainResult: null, api })).toEqual([]);
    const bad = compareSummary({
      input,
      onChainTallies: tallies,
      onChainResult: { outcome: "Rejected", winningOption: null, participatingAreaCm2: 100n, participatingHeadcount: 1, quorumMet: false },
      api: { ...api, title: "电梯改造", totalHeadcount: 4, tallies: [{ areaCm2: "0", headcount: 0 }, ...api.tallies.slice(1)], outcome: "Passed" },
    });
    expect(bad.map((p) => p.code)).toEqual(["API_TOTALS_DIFFER", "API_TITLE_DIFFERS", "API_TALLY_DIFFERS", "API_OUTCOME_DIFFERS"]);
    expect(compareSummary({ input, onChainTallies: tallies, onChainResult: null, api: null }).map((p) => p.code)).toEqual(["API_PROPOSAL_MISSING"]);
  });
});

describe("report words", () => {
  it("has every message in both languages and formats areas", () => {
    expect(message("zh-CN", "failure.WRONG_CHAIN", { expected: 1, actual: 2 })).toContain("链不对");
    expect(message("en", "failure.WRONG_CHAIN", { expected: 1, actual: 2 })).toContain("wrong chain");
    expect(formatArea(123456789n)).toBe("1,234,567.89 m²");
    expect(apiBase("http://h:8787/api/")).toBe("http://h:8787");
  });
});

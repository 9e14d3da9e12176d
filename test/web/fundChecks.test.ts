/**
 * The fund pages' pure checks: a unit's account (web/src/fund/checkUnit.ts) against the replay of
 * its events and the contract's balance, with the API's answer built by the API's own view from
 * the same replay (so they match) and then altered (so they must not); and a printed statement
 * line (web/src/fund/verifyLine.ts) against a Merkle-sum root, refused when one figure changes.
 * Also the money helpers (integer fen, no floating point).
 */
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { encodeScope, replayFund, type EventMeta, type FundEvent, type FundEventBody } from "../../domain/fund/ledgerReplay";
import { buildMerkleSumTree, lineHashOf } from "../../domain/fund/merkleSum";
import { unitHistory } from "../../ledger-api/src/http/modules/fund/views";
import type { FundLineProof, UnitFund } from "../../web/src/api";
import { checkUnitAccount, type ChainAccount } from "../../web/src/fund/checkUnit";
import { exactYuan, parseYuan, signedYuan, yuan } from "../../web/src/fund/money";
import { verifyPrintedLine, type ChainStatement } from "../../web/src/fund/verifyLine";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const meta = (i: number): EventMeta => ({ time: 1_700_000_000n + BigInt(i) * 86_400n, block: BigInt(i), logIndex: 0, txHash: hash(1000 + i) });
const AREAS = [9_876n, 10_000n, 12_345n];

function events(): FundEvent[] {
  const bodies: FundEventBody[] = [
    { type: "FundSettingsChanged", depositRateFenPerM2: 12_000n, emergencyCapFen: 20_000_000n, emergencyReportDays: 30 },
    ...AREAS.map((areaCm2, i): FundEventBody => ({ type: "AccountOpened", unitId: i + 1, accountIndex: i, buildingId: 5, areaCm2 })),
    {
      type: "Deposited",
      entryId: 1n,
      kind: "first",
      lines: AREAS.map((a, i) => ({ unitId: i + 1, amountFen: (a * 12_000n) / 100n })),
      totalFen: AREAS.reduce((s, a) => s + (a * 12_000n) / 100n, 0n),
      bankRecordHash: hash(1),
    },
    {
      type: "PlanCreated",
      planId: 1n,
      kind: "voted",
      proposalId: 7n,
      category: 0,
      scopeKind: 1,
      scopeIds: [5],
      budgetFen: 20_000n,
      payee: "Lift Co.",
      textHash: hash(2),
      quoteHash: hash(3),
      contractHash: hash(4),
      scope: encodeScope(AREAS.map((areaCm2, accountIndex) => ({ accountIndex, areaCm2 }))),
      scopeAreaCm2: AREAS.reduce((s, a) => s + a, 0n),
      reportDue: 0n,
    },
    { type: "PaymentHeld", planId: 1n, paymentId: 1n, amountFen: 10_001n, invoiceHash: hash(5), acceptanceHash: hash(6) },
    { type: "PaymentPosted", paymentId: 1n, entryId: 2n, bankRecordHash: hash(7) },
  ];
  return bodies.map((b, i) => ({ ...b, ...meta(i + 1) }) as FundEvent);
}

function setup(unitId: number) {
  const evs = events();
  const replay = replayFund(evs);
  const api = unitHistory({ state: replayFund(evs), events: evs, reports: [] }, { unitId, label: `5-1-${unitId}01`, buildingId: 5, developerHeld: false }) as UnitFund;
  const a = replay.accountOfUnit.get(unitId)!;
  const chain: ChainAccount = { opened: true, closed: false, accountIndex: a.accountIndex, balanceFen: a.balanceFen, firstDepositFen: a.firstDepositFen, areaCm2: a.areaCm2 };
  return { replay, api, chain };
}

describe("checkUnitAccount", () => {
  it("the API's own answer, the replay and the contract agree: every entry and the share compared", () => {
    for (const unitId of [1, 2, 3]) {
      const { replay, api, chain } = setup(unitId);
      const r = checkUnitAccount(api, replay, chain);
      expect(r.differences).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.entriesCompared).toBe(2);
      expect(r.sharesCompared).toBe(1);
    }
  });

  it("a contract balance other than the replay's is a difference", () => {
    const { replay, api, chain } = setup(2);
    const r = checkUnitAccount(api, replay, { ...chain, balanceFen: chain.balanceFen + 1n });
    expect(r.ok).toBe(false);
    expect(r.differences.map((d) => d.field)).toEqual(["contractBalance"]);
  });

  it("an API that changes a share, an amount or the balance, or drops an entry, is caught entry by entry", () => {
    const { replay, api, chain } = setup(2);
    const hold = api.entries.findIndex((e) => e.kind === "hold");
    const share = api.entries[hold]!.share!;
    const tampered: UnitFund = {
      ...api,
      balanceFen: (BigInt(api.balanceFen) + 1n).toString(),
      entries: api.entries.map((e, i) =>
        i === hold ? { ...e, amountFen: (BigInt(e.amountFen) + 1n).toString(), share: { ...share, shareFen: (BigInt(share.shareFen) - 1n).toString(), exactShareFen: "1.00" } } : e,
      ),
    };
    const r = checkUnitAccount(tampered, replay, chain);
    expect(r.differences.map((d) => [d.field, d.seq])).toEqual([
      ["apiBalance", null],
      ["entryAmount", api.entries[hold]!.seq],
      ["shareFen", api.entries[hold]!.seq],
      ["shareExact", api.entries[hold]!.seq],
    ]);
    const dropped = checkUnitAccount({ ...api, entries: api.entries.slice(1) }, replay, chain);
    expect(dropped.differences.map((d) => d.field)).toEqual(["entryMissingInApi"]);
  });

  it("a unit the chain has no account for", () => {
    const { replay, api } = setup(1);
    const r = checkUnitAccount({ ...api, unitId: 99 }, replay, { opened: false, closed: false, accountIndex: 0, balanceFen: 0n, firstDepositFen: 0n, areaCm2: 0n });
    expect(r.ok).toBe(false);
  });
});

describe("verifyPrintedLine", () => {
  const lines = [
    { unitId: 3, openingFen: 100_00n, depositedFen: 50_00n, incomeFen: 1_23n, usedFen: 20_00n, closingFen: 131_23n },
    { unitId: 5, openingFen: 0n, depositedFen: 1_000_00n, incomeFen: 0n, usedFen: 0n, closingFen: 1_000_00n },
    { unitId: 8, openingFen: 500_00n, depositedFen: 0n, incomeFen: 5n, usedFen: 100_00n, closingFen: 400_05n },
  ];
  const tree = buildMerkleSumTree(lines.map((l) => ({ unitId: l.unitId, balanceFen: l.closingFen, lineHash: lineHashOf(l) })));
  const chain: ChainStatement = { statementId: 1n, root: tree.root, totalFen: tree.total, lineCount: 3, ledgerBalanceFen: tree.total, publishedTx: hash(9), bankBalanceFen: tree.total, reconciled: true };
  const proofOf = (i: number): FundLineProof => {
    const l = lines[i]!;
    const s = (n: bigint) => n.toString();
    return {
      statement: {} as FundLineProof["statement"],
      line: { unitId: l.unitId, label: String(l.unitId), openingFen: s(l.openingFen), depositedFen: s(l.depositedFen), incomeFen: s(l.incomeFen), usedFen: s(l.usedFen), refundedFen: "0", closingFen: s(l.closingFen), lineHash: lineHashOf(l) },
      leafIndex: i,
      leafCount: 3,
      proof: tree.proof(i).map((x) => ({ hash: x.hash, sum: s(x.sum), side: x.side })),
    };
  };

  it("each printed line, as printed, is the one committed", () => {
    lines.forEach((l, i) => {
      const v = verifyPrintedLine(l, proofOf(i), chain);
      expect(v.problems).toEqual([]);
      expect(v.ok).toBe(true);
      expect(v.sameAsApiLine).toBe(true);
    });
  });

  it("one changed figure, a wrong root or total, or another unit's proof is refused", () => {
    const l = lines[0]!;
    for (const key of ["openingFen", "depositedFen", "incomeFen", "usedFen", "closingFen"] as const) {
      const v = verifyPrintedLine({ ...l, [key]: l[key] + 1n }, proofOf(0), chain);
      expect(v.ok, key).toBe(false);
      expect(v.problems).toEqual(["notCommitted"]);
    }
    expect(verifyPrintedLine(l, proofOf(0), { ...chain, totalFen: chain.totalFen + 1n }).ok).toBe(false);
    expect(verifyPrintedLine(l, proofOf(0), { ...chain, root: hash(1) }).ok).toBe(false);
    // (a different line count changes the audit path of the last leaf)
    expect(verifyPrintedLine(lines[2]!, proofOf(2), { ...chain, lineCount: 4 }).ok).toBe(false);
    expect(verifyPrintedLine(l, proofOf(1), chain).problems).toEqual(["otherUnit", "notCommitted"]);
    expect(verifyPrintedLine({ ...l, closingFen: -1n }, proofOf(0), chain).problems).toContain("badFigures");
  });
});

describe("money on the fund pages", () => {
  it("formats and parses integer fen", () => {
    expect(yuan("36000000")).toBe("¥360,000.00");
    expect(yuan(-5n)).toBe("-¥0.05");
    expect(signedYuan("580635")).toBe("+¥5,806.35");
    expect(signedYuan("-580635")).toBe("-¥5,806.35");
    expect(exactYuan("580634.12")).toBe("5,806.3412");
    expect(parseYuan("¥12,345.67")).toBe(1_234_567n);
    expect(parseYuan("+¥5.5".replace("+", ""))).toBe(550n);
    expect(parseYuan("-0.05")).toBe(-5n);
    expect(parseYuan("1.234")).toBeNull();
    expect(parseYuan("abc")).toBeNull();
  });
});

/**
 * The common-income statement (公共收益收支情况), published each quarter: what the common parts
 * earned (ads, parking: FundLedger `recordCommonIncome`) and what was moved from the
 * common-income account into the unit accounts (`moveCommonIncome`, on a passed vote), over a
 * period [fromTime, toTime), read from the replayed fund (ledgerReplay.ts) alone.
 *
 * Opening balance: the sum of the `common` account's legs in entries before fromTime; each
 * receipt and each movement in the period with its chain reference (the source text's hash, the
 * bank record, the proposal, the transaction); any other entry touching the account (none today)
 * is listed apart so nothing is left out; closing = opening + received − moved + other, which
 * equals the account's balance at toTime. Quarters are calendar quarters in Asia/Shanghai (fixed
 * UTC+8), computed with integer arithmetic only; money is bigint fen.
 */
import type { Hex } from "viem";
import { checkNonNegative, fail } from "./check";
import type { FundState } from "./ledgerReplay";
import { shanghaiDate, type EntryKind } from "./statement";

const DAY = 86_400n;
const UTC_PLUS_8 = 8n * 3_600n;

/** A calendar quarter in Asia/Shanghai: [fromTime, toTime) in unix seconds. */
export interface Quarter {
  /** "2026-Q1" */
  readonly label: string;
  readonly year: number;
  readonly quarter: 1 | 2 | 3 | 4;
  readonly fromTime: bigint;
  readonly toTime: bigint;
}

/** Days from 1970-01-01 to a civil date (H. Hinnant's days_from_civil), integers only. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Unix seconds of 00:00 Asia/Shanghai on the first day of `month` of `year`. */
function shanghaiMonthStart(year: number, month: number): bigint {
  return BigInt(daysFromCivil(year, month, 1)) * DAY - UTC_PLUS_8;
}

/** The quarter `quarter` of `year` (1970 ≤ year ≤ 9999). */
export function quarterPeriod(year: number, quarter: 1 | 2 | 3 | 4): Quarter {
  if (!Number.isSafeInteger(year) || year < 1970 || year > 9999 || ![1, 2, 3, 4].includes(quarter)) {
    fail("FUND_BAD_PERIOD", `没有这个季度：${year} 年第 ${quarter} 季度`, `No such quarter: ${year}-Q${quarter}`);
  }
  // (1970-Q1 would start 8 hours before the epoch: it starts at 0)
  const start = shanghaiMonthStart(year, quarter * 3 - 2);
  const fromTime = start < 0n ? 0n : start;
  const toTime = quarter === 4 ? shanghaiMonthStart(year + 1, 1) : shanghaiMonthStart(year, quarter * 3 + 1);
  return { label: `${year}-Q${quarter}`, year, quarter, fromTime, toTime };
}

/** The quarter a time (unix seconds, Asia/Shanghai) falls in. */
export function quarterOf(time: bigint): Quarter {
  const [y, m] = shanghaiDate(time).split("-").map(Number) as [number, number];
  return quarterPeriod(y, Math.ceil(m / 3) as 1 | 2 | 3 | 4);
}

/** "2026-Q1" → that quarter; null if the text is not one. */
export function parseQuarter(text: string): Quarter | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  return year < 1970 ? null : quarterPeriod(year, Number(m[2]) as 1 | 2 | 3 | 4);
}

interface ChainRef {
  /** The ledger entry's seq (statement.ts). */
  readonly seq: number;
  readonly time: bigint;
  readonly txHash: Hex;
  readonly block: bigint;
}

/** Income received into the common-income account (FundLedger CommonIncomeReceived). */
export interface CommonIncomeReceipt extends ChainRef {
  readonly entryId: bigint;
  readonly amountFen: bigint;
  /** keccak256 of the source's text (ads, parking …), as the custodian signed it. */
  readonly sourceHash: Hex;
  readonly bankRecordHash: Hex;
}

/** Common income moved into the unit accounts by area (FundLedger CommonIncomeMoved). */
export interface CommonIncomeMovement extends ChainRef {
  readonly entryId: bigint;
  /** The passed vote that decided it. */
  readonly proposalId: bigint;
  readonly amountFen: bigint;
  readonly unitCount: number;
  readonly scopeAreaCm2: bigint;
}

/** Any other entry touching the common-income account; amountFen is signed (+ in, − out). */
export interface CommonIncomeOther extends ChainRef {
  readonly kind: EntryKind;
  readonly amountFen: bigint;
}

export interface CommonIncomeStatement {
  readonly fromTime: bigint;
  readonly toTime: bigint;
  readonly openingFen: bigint;
  readonly receipts: readonly CommonIncomeReceipt[];
  readonly movements: readonly CommonIncomeMovement[];
  readonly others: readonly CommonIncomeOther[];
  readonly receivedFen: bigint;
  readonly movedFen: bigint;
  /** Σ of the others' signed amounts. */
  readonly otherFen: bigint;
  /** opening + received − moved + other: the account's balance at toTime. */
  readonly closingFen: bigint;
}

/** The common-income statement of [fromTime, toTime); FUND_BAD_PERIOD unless 0 ≤ fromTime < toTime. */
export function commonIncomeStatement(state: FundState, fromTime: bigint, toTime: bigint): CommonIncomeStatement {
  checkNonNegative(fromTime, "FUND_BAD_PERIOD", "账期开始时间", "The period's start");
  if (toTime <= fromTime) fail("FUND_BAD_PERIOD", "账期的结束时间必须晚于开始时间", "The period must end after it starts");
  let openingFen = 0n;
  const receipts: CommonIncomeReceipt[] = [];
  const movements: CommonIncomeMovement[] = [];
  const others: CommonIncomeOther[] = [];
  for (let i = 0; i < state.entries.length; i++) {
    const entry = state.entries[i]!;
    if (entry.time >= toTime) break; // entries come in time order
    const commonFen = entry.legs.reduce((s, l) => (l.account.type === "common" ? s + l.amountFen : s), 0n);
    if (commonFen === 0n) continue;
    if (entry.time < fromTime) {
      openingFen += commonFen;
      continue;
    }
    const ev = state.contexts[i]!.event;
    const ref = { seq: entry.seq, time: entry.time, txHash: ev.txHash, block: ev.block };
    if (entry.kind === "commonIncome" && ev.type === "CommonIncomeReceived") {
      receipts.push({ ...ref, entryId: ev.entryId, amountFen: ev.amountFen, sourceHash: ev.sourceHash, bankRecordHash: ev.bankRecordHash });
    } else if (entry.kind === "commonToUnits" && ev.type === "CommonIncomeMoved") {
      const unitCount = entry.legs.filter((l) => l.account.type === "unit").length;
      movements.push({ ...ref, entryId: ev.entryId, proposalId: ev.proposalId, amountFen: ev.amountFen, unitCount, scopeAreaCm2: ev.scopeAreaCm2 });
    } else {
      others.push({ ...ref, kind: entry.kind, amountFen: commonFen });
    }
  }
  const receivedFen = receipts.reduce((s, r) => s + r.amountFen, 0n);
  const movedFen = movements.reduce((s, m) => s + m.amountFen, 0n);
  const otherFen = others.reduce((s, o) => s + o.amountFen, 0n);
  return {
    fromTime,
    toTime,
    openingFen,
    receipts,
    movements,
    others,
    receivedFen,
    movedFen,
    otherFen,
    closingFen: openingFen + receivedFen - movedFen + otherFen,
  };
}

/** A quarter with activity on the common-income account, and its figures. */
export interface CommonIncomeQuarter {
  readonly quarter: Quarter;
  readonly receivedFen: bigint;
  readonly movedFen: bigint;
  readonly closingFen: bigint;
  readonly entryCount: number;
}

/** Every quarter in which the common-income account moved, oldest first. */
export function commonIncomeQuarters(state: FundState): CommonIncomeQuarter[] {
  const out: { quarter: Quarter; receivedFen: bigint; movedFen: bigint; closingFen: bigint; entryCount: number }[] = [];
  let balance = 0n;
  for (const entry of state.entries) {
    const commonFen = entry.legs.reduce((s, l) => (l.account.type === "common" ? s + l.amountFen : s), 0n);
    if (commonFen === 0n) continue;
    balance += commonFen;
    let q = out.at(-1);
    if (!q || entry.time >= q.quarter.toTime) {
      q = { quarter: quarterOf(entry.time), receivedFen: 0n, movedFen: 0n, closingFen: 0n, entryCount: 0 };
      out.push(q);
    }
    if (entry.kind === "commonIncome") q.receivedFen += commonFen;
    else if (entry.kind === "commonToUnits") q.movedFen -= commonFen;
    q.closingFen = balance;
    q.entryCount += 1;
  }
  return out;
}

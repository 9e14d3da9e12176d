/**
 * The maintenance fund's double-entry ledger, read back as a period statement (分户账对账单)
 * and as a CSV journal in accounting layout, and the reconciliation with the bank.
 *
 * Ledger. An entry moves money between accounts; each leg says how much is credited to an
 * account (amountFen > 0) or debited from it (amountFen < 0); an entry's legs add up to 0.
 * Balances are derived, entries never edited: a correction is a `reversal` entry.
 * - `bank`: the fund's account at the custodian bank, an asset: money in is a debit, so the
 *   ledger's bank balance is −(sum of its legs).
 * - `unit` (分户账), `common` (public income of common parts, 民法典 282), `payable`
 *   (money held for a payment, two-phase like a pending transfer) and `payee` (the part of
 *   a posted payment still owed to the payee, e.g. a retention): balance = sum of legs.
 * Every balance stays ≥ 0 after every entry (`FUND_NEGATIVE_BALANCE`).
 *
 * The kinds, with the accounts they may touch and in which direction (a reversal touches
 * exactly the accounts of the entry it reverses, with every amount negated):
 * - `deposit`, `topUp` (首次缴存, 续筹): debit bank, credit units;
 * - `interest` (利息): debit bank, credit units (pro rata to balances, `allocateInterest`)
 *   and/or common;
 * - `commonIncome` (公共收益): debit bank, credit common;
 * - `commonToUnits` (公共收益转入分户): debit common, credit units;
 * - `hold` (冻结): debit units (the expense apportioned by area), credit payable;
 * - `void` (撤销冻结): debit payable, credit units;
 * - `post` (支付): debit payable (and/or a payee's outstanding amount), credit bank (paid
 *   out) and/or payee (kept back, owed to the payee);
 * - `refund` (退还, on demolition): debit unit, credit bank;
 * - `reversal` (冲正): `reverses` names an earlier entry, not yet reversed, whose legs it
 *   repeats in the same order with each amount negated.
 * Entries come in strictly ascending `seq` with non-decreasing `time` (unix seconds);
 * a leg's amount is non-zero and at most 2^64 − 1 in absolute value; ids are uint32.
 * Any other input is refused (`FUND_ENTRY_*`).
 *
 * Statement over a period [fromTime, toTime): entries with time < fromTime make the
 * opening balances, entries with fromTime ≤ time < toTime the movements, later entries are
 * ignored. Per unit with a leg before toTime (ascending unit id), the signed sums of its
 * legs in the period's entries by column (a reversal counts in the column of the entry it
 * reverses):
 * - deposited = deposit + topUp; income = interest + commonToUnits;
 * - used = −(hold + void): holds net of voids; refunded = −refund;
 * - closing = opening + deposited + income − used − refunded (its balance at toTime).
 * Totals: the column sums, interest and common income received from the bank
 * (earned = interest + commonIncome), paid out by posts, and at toTime the balances of
 * units, payables, payees, common and the bank; the bank balance always equals
 * units + payables + payees + common (the legs add up to 0).
 *
 * CSV (`statementCsv`): UTF-8 with a BOM, RFC 4180 (fields quoted when they hold a comma,
 * a quote, CR or LF; quotes doubled; CRLF line ends), a bilingual header and one row per
 * leg of each entry in the period, no limit: seq, date (YYYY-MM-DD in Asia/Shanghai, fixed
 * UTC+8, from integer arithmetic), kind, account, debit and credit in fen and in yuan
 * (two decimals, from the integer), reference. A text cell that would start with = + - @
 * (a name typed by someone) is prefixed with ' so a spreadsheet does not run it as a formula.
 */
import { UINT64_MAX, checkNonNegative, checkUint32, fail } from "./check";
import { lineHashOf, type MerkleSumLeaf } from "./merkleSum";
import { yuanPlain } from "./money";

export type AccountRef =
  | { readonly type: "bank" }
  | { readonly type: "unit"; readonly unitId: number }
  | { readonly type: "payable"; readonly paymentId: number }
  | { readonly type: "common" }
  | { readonly type: "payee"; readonly paymentId: number };

export type EntryKind = "deposit" | "topUp" | "interest" | "commonIncome" | "hold" | "post" | "void" | "reversal" | "refund" | "commonToUnits";

export const ENTRY_KINDS: readonly EntryKind[] = Object.freeze([
  "deposit",
  "topUp",
  "interest",
  "commonIncome",
  "hold",
  "post",
  "void",
  "reversal",
  "refund",
  "commonToUnits",
]);

export interface LedgerLeg {
  readonly account: AccountRef;
  /** Positive: credit to the account; negative: debit. Never 0. */
  readonly amountFen: bigint;
}

export interface LedgerEntry {
  readonly seq: number;
  /** Unix seconds. */
  readonly time: bigint;
  readonly kind: EntryKind;
  readonly legs: readonly LedgerLeg[];
  /** For a reversal: the seq of the entry it reverses (required), otherwise absent. */
  readonly reverses?: number;
  /** Free text for the CSV's reference column: invoice, contract, payment number … */
  readonly reference?: string;
}

/** [fromTime, toTime) in unix seconds. */
export interface StatementPeriod {
  readonly fromTime: bigint;
  readonly toTime: bigint;
}

export interface StatementLine {
  readonly unitId: number;
  readonly openingFen: bigint;
  readonly depositedFen: bigint;
  readonly incomeFen: bigint;
  readonly usedFen: bigint;
  readonly refundedFen: bigint;
  readonly closingFen: bigint;
}

export interface StatementTotals {
  /** Sum of the units' opening balances. */
  readonly unitsOpeningFen: bigint;
  readonly depositedFen: bigint;
  /** Credited to units by interest and by common income moved to them. */
  readonly incomeToUnitsFen: bigint;
  readonly usedFen: bigint;
  readonly refundedFen: bigint;
  /** Interest received from the bank (to units and common). */
  readonly interestFen: bigint;
  /** Public income of common parts received from the bank. */
  readonly commonIncomeFen: bigint;
  /** interestFen + commonIncomeFen. */
  readonly earnedFen: bigint;
  /** Paid out of the bank by posts, net of their reversals. */
  readonly paidOutFen: bigint;
  /** Balances at toTime: */
  readonly unitsBalanceFen: bigint;
  readonly heldInPayablesFen: bigint;
  readonly owedToPayeesFen: bigint;
  readonly commonBalanceFen: bigint;
  readonly bankOpeningFen: bigint;
  /** The bank balance as the ledger says (= units + payables + payees + common). */
  readonly bankBalanceFen: bigint;
}

export interface Statement {
  readonly period: StatementPeriod;
  /** One line per unit with a leg before toTime, ascending unit id. */
  readonly lines: readonly StatementLine[];
  readonly totals: StatementTotals;
  /** Number of entries (and of legs) in the period. */
  readonly entryCount: number;
  readonly legCount: number;
}

type Column = "deposited" | "income" | "used" | "refunded" | "none";
type Direction = "credit" | "debit" | "either";
type AccountType = AccountRef["type"];

/** For each kind but reversal: the accounts it may touch and the direction of their legs. */
const KIND_RULES: Readonly<Record<Exclude<EntryKind, "reversal">, Partial<Record<AccountType, Direction>>>> = {
  deposit: { bank: "debit", unit: "credit" },
  topUp: { bank: "debit", unit: "credit" },
  interest: { bank: "debit", unit: "credit", common: "credit" },
  commonIncome: { bank: "debit", common: "credit" },
  commonToUnits: { common: "debit", unit: "credit" },
  hold: { unit: "debit", payable: "credit" },
  void: { payable: "debit", unit: "credit" },
  post: { payable: "debit", payee: "either", bank: "credit" },
  refund: { unit: "debit", bank: "credit" },
};

const COLUMN: Readonly<Record<Exclude<EntryKind, "reversal">, Column>> = {
  deposit: "deposited",
  topUp: "deposited",
  interest: "income",
  commonToUnits: "income",
  hold: "used",
  void: "used",
  refund: "refunded",
  commonIncome: "none",
  post: "none",
};

export function accountKey(account: AccountRef): string {
  switch (account.type) {
    case "bank":
    case "common":
      return account.type;
    case "unit":
      return `unit:${account.unitId}`;
    case "payable":
    case "payee":
      return `${account.type}:${account.paymentId}`;
  }
}

function entryFail(entry: LedgerEntry | undefined, code: string, zh: string, en: string): never {
  const at = entry === undefined ? "" : ` #${String(entry.seq)}`;
  return fail(code, `记账分录${at}：${zh}`, `Ledger entry${at}: ${en}`);
}

function checkAccount(entry: LedgerEntry, account: AccountRef): void {
  switch (account?.type) {
    case "bank":
    case "common":
      return;
    case "unit":
      checkUint32(account.unitId, "FUND_ENTRY_BAD_ACCOUNT", `分录 #${entry.seq} 的房屋编号`, `Entry #${entry.seq}: the unit id`);
      return;
    case "payable":
    case "payee":
      checkUint32(account.paymentId, "FUND_ENTRY_BAD_ACCOUNT", `分录 #${entry.seq} 的支付编号`, `Entry #${entry.seq}: the payment id`);
      return;
    default:
      entryFail(entry, "FUND_ENTRY_BAD_ACCOUNT", `未知账户 ${JSON.stringify(account)}`, `unknown account ${JSON.stringify(account)}`);
  }
}

/** The kind whose column and rules an entry follows: a reversal's is that of the entry it reverses. */
export type BaseKind = Exclude<EntryKind, "reversal">;

/** Balances by account key, natural sign (the bank's is −sum of its legs). */
class Books {
  readonly balances = new Map<string, bigint>();

  apply(entry: LedgerEntry): void {
    for (const leg of entry.legs) {
      const key = accountKey(leg.account);
      const delta = leg.account.type === "bank" ? -leg.amountFen : leg.amountFen;
      this.balances.set(key, (this.balances.get(key) ?? 0n) + delta);
    }
    for (const leg of entry.legs) {
      const key = accountKey(leg.account);
      const balance = this.balances.get(key) ?? 0n;
      if (balance < 0n) {
        entryFail(entry, "FUND_NEGATIVE_BALANCE", `账户 ${key} 的余额将变为 ${balance} 分`, `the balance of ${key} would become ${balance} fen`);
      }
    }
  }

  sum(type: AccountType): bigint {
    let total = 0n;
    for (const [key, value] of this.balances) if (key === type || key.startsWith(`${type}:`)) total += value;
    return total;
  }
}

/**
 * Checks the whole ledger (see the module comment) and returns each entry's base kind, by
 * seq. Throws DomainError (`FUND_ENTRY_*`, `FUND_NEGATIVE_BALANCE`) on the first fault.
 */
export function validateLedger(entries: readonly LedgerEntry[]): Map<number, BaseKind> {
  const base = new Map<number, BaseKind>();
  const byseq = new Map<number, LedgerEntry>();
  const reversed = new Set<number>();
  const books = new Books();
  let previous: LedgerEntry | undefined;
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.seq) || entry.seq < 0) {
      entryFail(entry, "FUND_ENTRY_BAD_SEQ", "序号必须是非负整数", "the seq must be a non-negative integer");
    }
    checkNonNegative(entry.time, "FUND_ENTRY_BAD_TIME", `分录 #${entry.seq} 的时间（Unix 秒）`, `Entry #${entry.seq}: the time (unix seconds)`);
    if (previous !== undefined) {
      if (entry.seq <= previous.seq) {
        entryFail(entry, "FUND_ENTRY_OUT_OF_ORDER", `序号须严格递增，前一条为 #${previous.seq}`, `seqs must be strictly ascending, the previous one is #${previous.seq}`);
      }
      if (entry.time < previous.time) {
        entryFail(entry, "FUND_ENTRY_OUT_OF_ORDER", `时间早于前一条分录 #${previous.seq}`, `its time is before that of the previous entry #${previous.seq}`);
      }
    }
    if (!ENTRY_KINDS.includes(entry.kind)) {
      entryFail(entry, "FUND_ENTRY_BAD_KIND", `未知类型 ${String(entry.kind)}`, `unknown kind ${String(entry.kind)}`);
    }
    if (entry.legs.length < 2) {
      entryFail(entry, "FUND_ENTRY_UNBALANCED", "复式记账至少需要两个账户", "double entry needs at least two legs");
    }
    let sum = 0n;
    for (const leg of entry.legs) {
      checkAccount(entry, leg.account);
      const amount = leg.amountFen;
      if (typeof amount !== "bigint" || amount === 0n || amount > UINT64_MAX || -amount > UINT64_MAX) {
        entryFail(entry, "FUND_ENTRY_BAD_AMOUNT", `金额必须是非零整数分，绝对值不超过 ${UINT64_MAX}，收到 ${String(amount)}`, `an amount must be a non-zero integer of fen of at most ${UINT64_MAX} in absolute value, got ${String(amount)}`);
      }
      sum += amount;
    }
    if (sum !== 0n) {
      entryFail(entry, "FUND_ENTRY_UNBALANCED", `借贷不平衡，合计 ${sum} 分`, `the legs do not add up to 0 (they add up to ${sum} fen)`);
    }
    let kind: BaseKind;
    if (entry.kind === "reversal") {
      const target = entry.reverses === undefined ? undefined : byseq.get(entry.reverses);
      if (target === undefined) {
        entryFail(entry, "FUND_ENTRY_BAD_REVERSAL", `冲正须指向一条更早的分录，收到 ${String(entry.reverses)}`, `a reversal must name an earlier entry, got ${String(entry.reverses)}`);
      }
      if (reversed.has(target.seq)) {
        entryFail(entry, "FUND_ENTRY_BAD_REVERSAL", `分录 #${target.seq} 已被冲正`, `entry #${target.seq} is already reversed`);
      }
      const mirrors =
        target.legs.length === entry.legs.length &&
        target.legs.every((leg, i) => {
          const other = entry.legs[i] as LedgerLeg;
          return accountKey(leg.account) === accountKey(other.account) && leg.amountFen === -other.amountFen;
        });
      if (!mirrors) {
        entryFail(entry, "FUND_ENTRY_BAD_REVERSAL", `冲正须按原顺序逐项取反分录 #${target.seq}`, `a reversal must repeat the legs of entry #${target.seq} in order with every amount negated`);
      }
      reversed.add(target.seq);
      kind = base.get(target.seq) as BaseKind;
    } else {
      if (entry.reverses !== undefined) {
        entryFail(entry, "FUND_ENTRY_BAD_REVERSAL", "只有冲正分录可以指定被冲正的分录", "only a reversal names an entry it reverses");
      }
      kind = entry.kind;
      const rules = KIND_RULES[kind];
      for (const leg of entry.legs) {
        const direction = rules[leg.account.type];
        const actual: Direction = leg.amountFen > 0n ? "credit" : "debit";
        if (direction === undefined || (direction !== "either" && direction !== actual)) {
          entryFail(
            entry,
            "FUND_ENTRY_BAD_LEG",
            `类型 ${kind} 不能${actual === "credit" ? "贷记" : "借记"}账户 ${accountKey(leg.account)}`,
            `a ${kind} entry cannot ${actual} the account ${accountKey(leg.account)}`,
          );
        }
      }
    }
    books.apply(entry);
    base.set(entry.seq, kind);
    byseq.set(entry.seq, entry);
    previous = entry;
  }
  return base;
}

function checkPeriod(period: StatementPeriod): void {
  checkNonNegative(period.fromTime, "FUND_BAD_PERIOD", "对账期开始时间（Unix 秒）", "The period's start (unix seconds)");
  checkNonNegative(period.toTime, "FUND_BAD_PERIOD", "对账期结束时间（Unix 秒）", "The period's end (unix seconds)");
  if (period.toTime < period.fromTime) {
    fail("FUND_BAD_PERIOD", "对账期结束时间早于开始时间", "The period ends before it starts");
  }
}

interface LineAcc {
  opening: bigint;
  deposited: bigint;
  income: bigint;
  used: bigint;
  refunded: bigint;
}

/** The period statement of the ledger (see the module comment). Validates the whole ledger first. */
export function computeStatement(entries: readonly LedgerEntry[], period: StatementPeriod): Statement {
  checkPeriod(period);
  const base = validateLedger(entries);
  const lines = new Map<number, LineAcc>();
  const opening = new Books();
  const closing = new Books();
  let interestFen = 0n;
  let commonIncomeFen = 0n;
  let paidOutFen = 0n;
  let entryCount = 0;
  let legCount = 0;
  for (const entry of entries) {
    if (entry.time >= period.toTime) break;
    const inPeriod = entry.time >= period.fromTime;
    closing.apply(entry);
    if (!inPeriod) opening.apply(entry);
    else {
      entryCount++;
      legCount += entry.legs.length;
    }
    const kind = base.get(entry.seq) as BaseKind;
    const column = COLUMN[kind];
    for (const leg of entry.legs) {
      const account = leg.account;
      if (inPeriod && account.type === "bank") {
        if (kind === "interest") interestFen -= leg.amountFen;
        else if (kind === "commonIncome") commonIncomeFen -= leg.amountFen;
        else if (kind === "post") paidOutFen += leg.amountFen;
      }
      if (account.type !== "unit") continue;
      let line = lines.get(account.unitId);
      if (line === undefined) {
        line = { opening: 0n, deposited: 0n, income: 0n, used: 0n, refunded: 0n };
        lines.set(account.unitId, line);
      }
      if (!inPeriod) {
        line.opening += leg.amountFen;
        continue;
      }
      if (column === "deposited") line.deposited += leg.amountFen;
      else if (column === "income") line.income += leg.amountFen;
      else if (column === "used") line.used -= leg.amountFen;
      else if (column === "refunded") line.refunded -= leg.amountFen;
    }
  }
  const out: StatementLine[] = [...lines.entries()]
    .sort(([a], [b]) => a - b)
    .map(([unitId, l]) => ({
      unitId,
      openingFen: l.opening,
      depositedFen: l.deposited,
      incomeFen: l.income,
      usedFen: l.used,
      refundedFen: l.refunded,
      closingFen: l.opening + l.deposited + l.income - l.used - l.refunded,
    }));
  const sum = (pick: (l: StatementLine) => bigint): bigint => out.reduce((acc, l) => acc + pick(l), 0n);
  const totals: StatementTotals = {
    unitsOpeningFen: sum((l) => l.openingFen),
    depositedFen: sum((l) => l.depositedFen),
    incomeToUnitsFen: sum((l) => l.incomeFen),
    usedFen: sum((l) => l.usedFen),
    refundedFen: sum((l) => l.refundedFen),
    interestFen,
    commonIncomeFen,
    earnedFen: interestFen + commonIncomeFen,
    paidOutFen,
    unitsBalanceFen: sum((l) => l.closingFen),
    heldInPayablesFen: closing.sum("payable"),
    owedToPayeesFen: closing.sum("payee"),
    commonBalanceFen: closing.sum("common"),
    bankOpeningFen: opening.sum("bank"),
    bankBalanceFen: closing.sum("bank"),
  };
  return { period, lines: out, totals, entryCount, legCount };
}

/** The statement's Merkle-sum leaves: one per line, balance = closing, lineHash = `lineHashOf(line)`. */
export function statementLeaves(statement: Statement): MerkleSumLeaf[] {
  return statement.lines.map((line) => ({ unitId: line.unitId, balanceFen: line.closingFen, lineHash: lineHashOf(line) }));
}

export interface Reconciliation {
  readonly matches: boolean;
  /** confirmed − ledger: positive when the bank holds more than the ledger says. */
  readonly differenceFen: bigint;
}

/** Compares the ledger's bank balance with the balance the bank confirmed (对账). */
export function reconcile(ledgerBankBalanceFen: bigint, confirmedBankBalanceFen: bigint): Reconciliation {
  const differenceFen = confirmedBankBalanceFen - ledgerBankBalanceFen;
  return { matches: differenceFen === 0n, differenceFen };
}

// ---------------------------------------------------------------------------------------
// CSV

/** Display names for the CSV's account column (a room number, a contractor's name). */
export interface StatementNames {
  readonly units?: ReadonlyMap<number, string>;
  readonly payees?: ReadonlyMap<number, string>;
}

export const STATEMENT_CSV_HEADER: readonly string[] = Object.freeze([
  "序号 seq",
  "日期 date",
  "类型 kind",
  "账户 account",
  "借方(分) debit fen",
  "贷方(分) credit fen",
  "借方(元) debit yuan",
  "贷方(元) credit yuan",
  "备注 reference",
]);

export const ENTRY_KIND_LABEL: Readonly<Record<EntryKind, string>> = Object.freeze({
  deposit: "缴存 deposit",
  topUp: "续筹 top-up",
  interest: "利息 interest",
  commonIncome: "公共收益 common income",
  hold: "冻结 hold",
  post: "支付 post",
  void: "撤销冻结 void",
  reversal: "冲正 reversal",
  refund: "退还 refund",
  commonToUnits: "公共收益转入分户 common to units",
});

const DAY = 86_400n;
const UTC_PLUS_8 = 8n * 3_600n;

/** YYYY-MM-DD of unix seconds ≥ 0 in Asia/Shanghai (fixed UTC+8), by integer arithmetic only. */
export function shanghaiDate(time: bigint): string {
  checkNonNegative(time, "FUND_ENTRY_BAD_TIME", "时间（Unix 秒）", "The time (unix seconds)");
  // Days since 1970-01-01 → civil date (H. Hinnant's days_from_civil inverse), all ≥ 0 here.
  const z = Number((time + UTC_PLUS_8) / DAY) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A text cell that would start a spreadsheet formula gets a leading ' (a name typed by someone). */
function textCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function accountLabel(account: AccountRef, names: StatementNames | undefined): string {
  switch (account.type) {
    case "bank":
      return "银行存款 bank";
    case "common":
      return "公共收益 common";
    case "unit": {
      const name = names?.units?.get(account.unitId);
      return `分户 unit ${account.unitId}${name === undefined ? "" : ` ${name}`}`;
    }
    case "payable":
      return `应付 payable #${account.paymentId}`;
    case "payee": {
      const name = names?.payees?.get(account.paymentId);
      return `收款人 payee #${account.paymentId}${name === undefined ? "" : ` ${name}`}`;
    }
  }
}

/**
 * The period's journal as CSV (see the module comment): BOM, header, one row per leg of
 * each entry with fromTime ≤ time < toTime, CRLF after every row. Validates the whole ledger.
 */
export function statementCsv(entries: readonly LedgerEntry[], period: StatementPeriod, names?: StatementNames): string {
  checkPeriod(period);
  validateLedger(entries);
  const rows: string[] = [STATEMENT_CSV_HEADER.map(csvField).join(",")];
  for (const entry of entries) {
    if (entry.time < period.fromTime) continue;
    if (entry.time >= period.toTime) break;
    const date = shanghaiDate(entry.time);
    const notes: string[] = [];
    if (entry.reverses !== undefined) notes.push(`冲正 #${entry.reverses} reverses #${entry.reverses}`);
    if (entry.reference !== undefined && entry.reference !== "") notes.push(entry.reference);
    const reference = textCell(notes.join("; "));
    for (const leg of entry.legs) {
      const credit = leg.amountFen > 0n;
      const abs = credit ? leg.amountFen : -leg.amountFen;
      const cells = [
        String(entry.seq),
        date,
        ENTRY_KIND_LABEL[entry.kind],
        textCell(accountLabel(leg.account, names)),
        credit ? "" : abs.toString(),
        credit ? abs.toString() : "",
        credit ? "" : yuanPlain(abs),
        credit ? yuanPlain(abs) : "",
        reference,
      ];
      rows.push(cells.map(csvField).join(","));
    }
  }
  return `\uFEFF${rows.join("\r\n")}\r\n`;
}

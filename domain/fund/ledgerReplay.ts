/**
 * The maintenance fund rebuilt from its chain events alone: every account's balance, every plan,
 * every payment and every unit's share of it, and the double-entry ledger (statement.ts's
 * entries) with one entry per movement of money. The API builds its answers with it, the browser
 * and `npm run verify` rebuild the same state from the chain to check those answers, and the
 * tests check it against the contract: one definition of the rules, replayed the same way
 * everywhere.
 *
 * Shares are not in the events (a payment over 3,109 units emits one event); they are
 * recomputed here by the contract's running-total rule (apportion.ts) from the plan's scope,
 * which PlanCreated carries, and interest from the balances before it, in account order. Where
 * an event states a total the replay can check (an interest allocation's weight), a mismatch is
 * refused (`FUND_REPLAY_MISMATCH`): the events then do not describe this ledger.
 */
import type { Hex } from "viem";
import { apportion } from "./apportion";
import { fail } from "./check";
import { needsTopUp } from "./rules";
import type { LedgerEntry, LedgerLeg } from "./statement";

export interface EventMeta {
  /** Block timestamp, unix seconds. */
  readonly time: bigint;
  readonly block: bigint;
  readonly logIndex: number;
  readonly txHash: Hex;
}

export interface DepositLineEvent {
  readonly unitId: number;
  readonly amountFen: bigint;
}

export type FundEventBody =
  | { readonly type: "FundSettingsChanged"; readonly depositRateFenPerM2: bigint; readonly emergencyCapFen: bigint; readonly emergencyReportDays: number }
  | { readonly type: "AccountOpened"; readonly unitId: number; readonly accountIndex: number; readonly buildingId: number; readonly areaCm2: bigint }
  | {
      readonly type: "Deposited";
      readonly entryId: bigint;
      readonly kind: "first" | "topUp";
      readonly lines: readonly DepositLineEvent[];
      readonly totalFen: bigint;
      readonly bankRecordHash: Hex;
    }
  | {
      readonly type: "DepositReversed";
      readonly entryId: bigint;
      readonly reversedEntryId: bigint;
      readonly lines: readonly DepositLineEvent[];
      readonly totalFen: bigint;
      readonly bankRecordHash: Hex;
    }
  | { readonly type: "InterestAllocated"; readonly entryId: bigint; readonly amountFen: bigint; readonly totalWeightFen: bigint; readonly bankRecordHash: Hex }
  | { readonly type: "CommonIncomeReceived"; readonly entryId: bigint; readonly amountFen: bigint; readonly sourceHash: Hex; readonly bankRecordHash: Hex }
  | {
      readonly type: "CommonIncomeMoved";
      readonly entryId: bigint;
      readonly proposalId: bigint;
      readonly amountFen: bigint;
      readonly scope: Hex;
      readonly scopeAreaCm2: bigint;
    }
  | {
      readonly type: "PlanCreated";
      readonly planId: bigint;
      readonly kind: "voted" | "emergency";
      readonly proposalId: bigint;
      readonly category: number;
      readonly scopeKind: number;
      readonly scopeIds: readonly number[];
      readonly budgetFen: bigint;
      readonly payee: string;
      readonly textHash: Hex;
      readonly quoteHash: Hex;
      readonly contractHash: Hex;
      readonly scope: Hex;
      readonly scopeAreaCm2: bigint;
      readonly reportDue: bigint;
    }
  | {
      readonly type: "PaymentHeld";
      readonly planId: bigint;
      readonly paymentId: bigint;
      readonly amountFen: bigint;
      readonly invoiceHash: Hex;
      readonly acceptanceHash: Hex;
    }
  | { readonly type: "PaymentPosted"; readonly paymentId: bigint; readonly entryId: bigint; readonly bankRecordHash: Hex }
  | { readonly type: "PaymentVoided"; readonly paymentId: bigint; readonly entryId: bigint; readonly bankRecordHash: Hex }
  | { readonly type: "UnitRefunded"; readonly unitId: number; readonly entryId: bigint; readonly amountFen: bigint; readonly bankRecordHash: Hex }
  | { readonly type: "EmergencyReportPublished"; readonly planId: bigint; readonly reportHash: Hex; readonly late: boolean };

export type FundEvent = FundEventBody & EventMeta;

/** One unit of a scope: its account index and the area its share is computed from. */
export interface ScopeEntry {
  readonly accountIndex: number;
  readonly areaCm2: bigint;
}

export interface FundAccount {
  readonly unitId: number;
  readonly accountIndex: number;
  readonly buildingId: number;
  readonly areaCm2: bigint;
  balanceFen: bigint;
  firstDepositFen: bigint;
  closed: boolean;
}

export type PaymentStatus = "held" | "posted" | "voided";

export interface FundPayment {
  readonly paymentId: bigint;
  readonly planId: bigint;
  readonly seq: number;
  /** 1, 2, … in the order payments were held in this community (the ledger's payable number). */
  readonly number: number;
  readonly amountFen: bigint;
  readonly invoiceHash: Hex;
  readonly acceptanceHash: Hex;
  /** Each scope unit's share, in the plan's scope order. */
  readonly shares: readonly bigint[];
  readonly heldAt: EventMeta;
  status: PaymentStatus;
  settledAt: EventMeta | null;
  bankRecordHash: Hex | null;
}

export interface FundPlan {
  readonly planId: bigint;
  readonly kind: "voted" | "emergency";
  readonly proposalId: bigint;
  readonly category: number;
  readonly scopeKind: number;
  readonly scopeIds: readonly number[];
  readonly budgetFen: bigint;
  readonly payee: string;
  readonly textHash: Hex;
  readonly quoteHash: Hex;
  readonly contractHash: Hex;
  readonly scope: readonly ScopeEntry[];
  readonly scopeAreaCm2: bigint;
  readonly reportDue: bigint;
  readonly createdAt: EventMeta;
  committedFen: bigint;
  postedFen: bigint;
  reportHash: Hex | null;
  reportLate: boolean;
  accepted: boolean;
  readonly paymentIds: bigint[];
}

export interface FundSettingsState {
  depositRateFenPerM2: bigint;
  emergencyCapFen: bigint;
  emergencyReportDays: number;
}

export interface FundTotalsState {
  deposited: bigint;
  income: bigint;
  commonIncome: bigint;
  paidOut: bigint;
  reversed: bigint;
  refunded: bigint;
  /** Units' balances plus what is held on them (the contract's unitFunds). */
  unitFunds: bigint;
  commonBalance: bigint;
}

/** What an entry refers to, for pages and the CSV's reference column. */
export interface EntryContext {
  readonly event: FundEvent;
  readonly planId?: bigint;
  readonly paymentId?: bigint;
}

/**
 * A unit's top-up flag (续筹) changing: the entry that took its balance below 30 % of its first
 * deposit (`flagged`), or the one that brought it back to at least that, or closed the account.
 */
export interface TopUpMark {
  readonly unitId: number;
  /** the ledger entry that changed it; 0 for an empty account closed (no money moved) */
  readonly seq: number;
  readonly time: bigint;
  readonly flagged: boolean;
  /** the balance and first deposit after that entry */
  readonly balanceFen: bigint;
  readonly firstDepositFen: bigint;
}

export interface FundState {
  readonly settings: FundSettingsState;
  /** By account index. */
  readonly accounts: FundAccount[];
  readonly accountOfUnit: Map<number, FundAccount>;
  readonly plans: Map<bigint, FundPlan>;
  readonly payments: Map<bigint, FundPayment>;
  readonly totals: FundTotalsState;
  /** The double-entry ledger, in chain order (seq 1, 2, …). */
  readonly entries: LedgerEntry[];
  /** entries[i]'s context. */
  readonly contexts: EntryContext[];
  /** Every change of a unit's top-up flag, in chain order. */
  readonly topUpMarks: TopUpMark[];
  /** The units flagged for a top-up now. */
  readonly flaggedUnits: Set<number>;
}

/** Scope bytes (6-byte entries: uint16 account index ‖ uint32 area), as PlanCreated emits them. */
export function decodeScope(scope: Hex): ScopeEntry[] {
  const hex = scope.slice(2);
  if (hex.length % 12 !== 0) fail("FUND_REPLAY_MISMATCH", "范围编码长度不对", "scope bytes are not 6-byte entries");
  const out: ScopeEntry[] = [];
  for (let i = 0; i < hex.length; i += 12) {
    out.push({ accountIndex: parseInt(hex.slice(i, i + 4), 16), areaCm2: BigInt(`0x${hex.slice(i + 4, i + 12)}`) });
  }
  return out;
}

/** Scope bytes of the given entries (the inverse of decodeScope). */
export function encodeScope(entries: readonly ScopeEntry[]): Hex {
  return `0x${entries.map((e) => e.accountIndex.toString(16).padStart(4, "0") + e.areaCm2.toString(16).padStart(8, "0")).join("")}`;
}

function mismatch(en: string, zh: string): never {
  return fail("FUND_REPLAY_MISMATCH", `链上事件与账本不符：${zh}`, `The chain's events do not add up: ${en}`);
}

export function emptyFundState(): FundState {
  return {
    settings: { depositRateFenPerM2: 0n, emergencyCapFen: 0n, emergencyReportDays: 0 },
    accounts: [],
    accountOfUnit: new Map(),
    plans: new Map(),
    payments: new Map(),
    totals: { deposited: 0n, income: 0n, commonIncome: 0n, paidOut: 0n, reversed: 0n, refunded: 0n, unitFunds: 0n, commonBalance: 0n },
    entries: [],
    contexts: [],
    topUpMarks: [],
    flaggedUnits: new Set(),
  };
}

/** Replays `events` (one community's, in chain order) onto `state` (a new one by default). */
export function replayFund(events: readonly FundEvent[], state: FundState = emptyFundState()): FundState {
  const depositSeq = new Map<bigint, number>(); // chain entryId → ledger seq
  for (const e of state.contexts) {
    if (e.event.type === "Deposited") depositSeq.set(e.event.entryId, state.contexts.indexOf(e) + 1);
  }
  const push = (event: FundEvent, kind: LedgerEntry["kind"], legs: LedgerLeg[], extra: Partial<EntryContext> & { reverses?: number; reference?: string } = {}) => {
    const seq = state.entries.length + 1;
    const { reverses, reference, ...ctx } = extra;
    state.entries.push({
      seq,
      time: event.time,
      kind,
      legs,
      ...(reverses !== undefined ? { reverses } : {}),
      ...(reference !== undefined ? { reference } : {}),
    });
    state.contexts.push({ event, ...ctx });
    // (every case has moved the accounts before it pushes the entry)
    for (const l of legs) if (l.account.type === "unit") markTopUp(l.account.unitId, seq, event.time);
    return seq;
  };
  /** Records a change of the unit's top-up flag after entry `seq`. */
  const markTopUp = (unitId: number, seq: number, time: bigint) => {
    const a = state.accountOfUnit.get(unitId);
    if (!a) return;
    const flagged = !a.closed && needsTopUp(a.balanceFen, a.firstDepositFen);
    if (flagged === state.flaggedUnits.has(unitId)) return;
    if (flagged) state.flaggedUnits.add(unitId);
    else state.flaggedUnits.delete(unitId);
    state.topUpMarks.push({ unitId, seq, time, flagged, balanceFen: a.balanceFen, firstDepositFen: a.firstDepositFen });
  };
  const account = (unitId: number): FundAccount => {
    const a = state.accountOfUnit.get(unitId);
    if (!a) return mismatch(`unit ${unitId} has no account`, `房屋 ${unitId} 没有分户账`);
    return a;
  };
  const unitLegs = (pairs: readonly { unitId: number; amountFen: bigint }[], sign: 1n | -1n): LedgerLeg[] =>
    pairs.filter((p) => p.amountFen !== 0n).map((p) => ({ account: { type: "unit", unitId: p.unitId }, amountFen: sign * p.amountFen }));
  const sharesOf = (scope: readonly ScopeEntry[], amount: bigint) => apportion(amount, scope.map((s) => s.areaCm2));
  const scopeUnits = (scope: readonly ScopeEntry[], shares: readonly bigint[]) =>
    scope.map((s, i) => {
      const a = state.accounts[s.accountIndex];
      if (!a) return mismatch(`account ${s.accountIndex} is not open`, `分户账 ${s.accountIndex} 未开立`);
      return { account: a, unitId: a.unitId, amountFen: shares[i]! };
    });

  for (const ev of events) {
    switch (ev.type) {
      case "FundSettingsChanged":
        state.settings.depositRateFenPerM2 = ev.depositRateFenPerM2;
        state.settings.emergencyCapFen = ev.emergencyCapFen;
        state.settings.emergencyReportDays = ev.emergencyReportDays;
        break;
      case "AccountOpened": {
        if (ev.accountIndex !== state.accounts.length) mismatch(`account ${ev.accountIndex} opened out of order`, `分户账 ${ev.accountIndex} 开立顺序不对`);
        const a: FundAccount = { unitId: ev.unitId, accountIndex: ev.accountIndex, buildingId: ev.buildingId, areaCm2: ev.areaCm2, balanceFen: 0n, firstDepositFen: 0n, closed: false };
        state.accounts.push(a);
        state.accountOfUnit.set(ev.unitId, a);
        break;
      }
      case "Deposited": {
        for (const l of ev.lines) {
          const a = account(l.unitId);
          a.balanceFen += l.amountFen;
          if (ev.kind === "first") a.firstDepositFen = l.amountFen;
        }
        state.totals.deposited += ev.totalFen;
        state.totals.unitFunds += ev.totalFen;
        const seq = push(ev, ev.kind === "first" ? "deposit" : "topUp", [{ account: { type: "bank" }, amountFen: -ev.totalFen }, ...unitLegs(ev.lines, 1n)], {
          reference: ev.bankRecordHash,
        });
        depositSeq.set(ev.entryId, seq);
        break;
      }
      case "DepositReversed": {
        const original = depositSeq.get(ev.reversedEntryId);
        if (original === undefined) mismatch(`entry ${ev.reversedEntryId} reversed but never made`, `冲正的分录 ${ev.reversedEntryId} 不存在`);
        const originalEvent = state.contexts[original - 1]!.event;
        for (const l of ev.lines) {
          const a = account(l.unitId);
          a.balanceFen -= l.amountFen;
          if (originalEvent.type === "Deposited" && originalEvent.kind === "first") a.firstDepositFen = 0n;
        }
        state.totals.reversed += ev.totalFen;
        state.totals.unitFunds -= ev.totalFen;
        push(ev, "reversal", [{ account: { type: "bank" }, amountFen: ev.totalFen }, ...unitLegs(ev.lines, -1n)], { reverses: original, reference: ev.bankRecordHash });
        break;
      }
      case "InterestAllocated": {
        const weights = state.accounts.map((a) => a.balanceFen);
        const weight = weights.reduce((s, w) => s + w, 0n);
        if (weight !== ev.totalWeightFen) mismatch(`interest weighed ${ev.totalWeightFen} fen, balances add up to ${weight}`, `利息分配基数 ${ev.totalWeightFen} 与余额合计 ${weight} 不符`);
        const shares = apportion(ev.amountFen, weights);
        state.accounts.forEach((a, i) => (a.balanceFen += shares[i]!));
        state.totals.income += ev.amountFen;
        state.totals.unitFunds += ev.amountFen;
        push(
          ev,
          "interest",
          [{ account: { type: "bank" }, amountFen: -ev.amountFen }, ...unitLegs(state.accounts.map((a, i) => ({ unitId: a.unitId, amountFen: shares[i]! })), 1n)],
          { reference: ev.bankRecordHash },
        );
        break;
      }
      case "CommonIncomeReceived":
        state.totals.commonIncome += ev.amountFen;
        state.totals.commonBalance += ev.amountFen;
        push(ev, "commonIncome", [{ account: { type: "bank" }, amountFen: -ev.amountFen }, { account: { type: "common" }, amountFen: ev.amountFen }], {
          reference: ev.bankRecordHash,
        });
        break;
      case "CommonIncomeMoved": {
        const scope = decodeScope(ev.scope);
        const units = scopeUnits(scope, sharesOf(scope, ev.amountFen));
        for (const u of units) u.account.balanceFen += u.amountFen;
        state.totals.commonBalance -= ev.amountFen;
        state.totals.unitFunds += ev.amountFen;
        push(ev, "commonToUnits", [{ account: { type: "common" }, amountFen: -ev.amountFen }, ...unitLegs(units, 1n)], { reference: `proposal ${ev.proposalId}` });
        break;
      }
      case "PlanCreated": {
        const scope = decodeScope(ev.scope);
        const area = scope.reduce((s, x) => s + x.areaCm2, 0n);
        if (area !== ev.scopeAreaCm2) mismatch(`plan ${ev.planId}'s scope area`, `计划 ${ev.planId} 的范围面积`);
        state.plans.set(ev.planId, {
          planId: ev.planId,
          kind: ev.kind,
          proposalId: ev.proposalId,
          category: ev.category,
          scopeKind: ev.scopeKind,
          scopeIds: ev.scopeIds,
          budgetFen: ev.budgetFen,
          payee: ev.payee,
          textHash: ev.textHash,
          quoteHash: ev.quoteHash,
          contractHash: ev.contractHash,
          scope,
          scopeAreaCm2: ev.scopeAreaCm2,
          reportDue: ev.reportDue,
          createdAt: ev,
          committedFen: 0n,
          postedFen: 0n,
          reportHash: null,
          reportLate: false,
          accepted: false,
          paymentIds: [],
        });
        break;
      }
      case "PaymentHeld": {
        const plan = state.plans.get(ev.planId);
        if (!plan) return mismatch(`payment on unknown plan ${ev.planId}`, `付款所属计划 ${ev.planId} 不存在`);
        const shares = sharesOf(plan.scope, ev.amountFen);
        const units = scopeUnits(plan.scope, shares);
        for (const u of units) {
          if (u.account.balanceFen < u.amountFen) mismatch(`unit ${u.unitId} held below zero`, `房屋 ${u.unitId} 余额不足却被冻结`);
          u.account.balanceFen -= u.amountFen;
        }
        const number = state.payments.size + 1;
        state.payments.set(ev.paymentId, {
          paymentId: ev.paymentId,
          planId: ev.planId,
          seq: Number(ev.paymentId & 0xffffffffn),
          number,
          amountFen: ev.amountFen,
          invoiceHash: ev.invoiceHash,
          acceptanceHash: ev.acceptanceHash,
          shares,
          heldAt: ev,
          status: "held",
          settledAt: null,
          bankRecordHash: null,
        });
        plan.committedFen += ev.amountFen;
        plan.paymentIds.push(ev.paymentId);
        push(ev, "hold", [...unitLegs(units, -1n), { account: { type: "payable", paymentId: number }, amountFen: ev.amountFen }], {
          planId: ev.planId,
          paymentId: ev.paymentId,
          reference: ev.invoiceHash,
        });
        break;
      }
      case "PaymentPosted":
      case "PaymentVoided": {
        const p = state.payments.get(ev.paymentId);
        if (!p || p.status !== "held") return mismatch(`payment ${ev.paymentId} settled but not held`, `付款 ${ev.paymentId} 未冻结却被结算`);
        const plan = state.plans.get(p.planId)!;
        p.settledAt = ev;
        p.bankRecordHash = ev.bankRecordHash;
        const payable = { type: "payable", paymentId: p.number } as const;
        if (ev.type === "PaymentPosted") {
          p.status = "posted";
          plan.postedFen += p.amountFen;
          if (p.acceptanceHash !== ZERO_HASH) plan.accepted = true;
          state.totals.paidOut += p.amountFen;
          state.totals.unitFunds -= p.amountFen;
          push(ev, "post", [{ account: payable, amountFen: -p.amountFen }, { account: { type: "bank" }, amountFen: p.amountFen }], {
            planId: p.planId,
            paymentId: p.paymentId,
            reference: ev.bankRecordHash,
          });
        } else {
          p.status = "voided";
          plan.committedFen -= p.amountFen;
          const units = scopeUnits(plan.scope, p.shares);
          for (const u of units) u.account.balanceFen += u.amountFen;
          push(ev, "void", [{ account: payable, amountFen: -p.amountFen }, ...unitLegs(units, 1n)], {
            planId: p.planId,
            paymentId: p.paymentId,
            reference: ev.bankRecordHash,
          });
        }
        break;
      }
      case "UnitRefunded": {
        const a = account(ev.unitId);
        if (a.balanceFen !== ev.amountFen) mismatch(`unit ${ev.unitId} refunded ${ev.amountFen} of ${a.balanceFen}`, `房屋 ${ev.unitId} 退款额与余额不符`);
        a.balanceFen = 0n;
        a.closed = true;
        state.totals.refunded += ev.amountFen;
        state.totals.unitFunds -= ev.amountFen;
        if (ev.amountFen > 0n) {
          push(ev, "refund", [{ account: { type: "unit", unitId: ev.unitId }, amountFen: -ev.amountFen }, { account: { type: "bank" }, amountFen: ev.amountFen }], {
            reference: ev.bankRecordHash,
          });
        } else markTopUp(ev.unitId, 0, ev.time); // an empty account closed: no entry, but no longer due a top-up
        break;
      }
      case "EmergencyReportPublished": {
        const plan = state.plans.get(ev.planId);
        if (plan) {
          plan.reportHash = ev.reportHash;
          plan.reportLate = ev.late;
        }
        break;
      }
    }
  }
  return state;
}

const ZERO_HASH = `0x${"0".repeat(64)}`;

/** Money held on units for payments not yet posted or voided. */
export function heldFen(state: FundState): bigint {
  let s = 0n;
  for (const p of state.payments.values()) if (p.status === "held") s += p.amountFen;
  return s;
}

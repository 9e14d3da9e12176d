/**
 * One unit's sub-account checked three ways, with no network (the page does the reading): the
 * contract's own `accountOf` balance against the balance replayed from the chain's events, and the
 * API's answer (balance, first deposit, every entry's amount and running balance, every payment
 * share and its computation) against the same replay. Entries are matched by their ledger seq,
 * which the API and the replay number alike (1, 2, … in chain order).
 */
import { explainShare } from "../../../domain/fund/apportion";
import type { FundState } from "../../../domain/fund/ledgerReplay";
import type { UnitFund } from "../api";

/** What FundLedger.accountOf(communityId, unitId) returned. */
export interface ChainAccount {
  readonly opened: boolean;
  readonly closed: boolean;
  readonly accountIndex: number;
  readonly balanceFen: bigint;
  readonly firstDepositFen: bigint;
  readonly areaCm2: bigint;
}

/** The facts a difference is about; the page words each one. */
export type UnitField =
  | "contractBalance"
  | "contractFirstDeposit"
  | "contractArea"
  | "apiBalance"
  | "apiFirstDeposit"
  | "entryMissingInApi"
  | "entryMissingInReplay"
  | "entryKind"
  | "entryAmount"
  | "entryBalanceAfter"
  | "entryTx"
  | "shareMissing"
  | "shareFen"
  | "shareExact"
  | "shareRemainder"
  | "shareScopeArea"
  | "shareUnitArea"
  | "shareAreaBefore"
  | "sharePayment";

export interface UnitDifference {
  readonly field: UnitField;
  /** The entry's ledger seq, for an entry's difference. */
  readonly seq: number | null;
  /** What the API (or, for contract…, the contract) says; null when it has nothing. */
  readonly claimed: string | null;
  /** What the replay of the chain's events says; null when it has nothing. */
  readonly replayed: string | null;
}

export interface UnitCheckResult {
  readonly ok: boolean;
  readonly contractBalanceFen: bigint;
  readonly replayBalanceFen: bigint | null;
  readonly apiBalanceFen: bigint;
  readonly entriesCompared: number;
  readonly sharesCompared: number;
  readonly differences: readonly UnitDifference[];
}

/** The unit's entries as the replay has them: what unitHistory (the API) derives, from the chain alone. */
interface ReplayedEntry {
  readonly seq: number;
  readonly kind: string;
  readonly amountFen: bigint;
  readonly balanceAfterFen: bigint;
  readonly txHash: string;
  readonly share: {
    readonly paymentFen: bigint;
    readonly scopeAreaCm2: bigint;
    readonly unitAreaCm2: bigint;
    readonly areaBeforeCm2: bigint;
    readonly exactShareFen: string;
    readonly remainderFen: bigint;
    readonly shareFen: bigint;
  } | null;
}

function replayedEntries(state: FundState, unitId: number, accountIndex: number): ReplayedEntry[] {
  const out: ReplayedEntry[] = [];
  let balance = 0n;
  state.entries.forEach((e, i) => {
    const leg = e.legs.find((l) => l.account.type === "unit" && l.account.unitId === unitId);
    if (!leg) return;
    balance += leg.amountFen;
    const ctx = state.contexts[i];
    let share: ReplayedEntry["share"] = null;
    if (ctx?.paymentId !== undefined && (e.kind === "hold" || e.kind === "void")) {
      const p = state.payments.get(ctx.paymentId);
      const plan = p ? state.plans.get(p.planId) : undefined;
      if (p && plan) {
        let before = 0n;
        let index = -1;
        for (let k = 0; k < plan.scope.length; k++) {
          const s = plan.scope[k];
          if (s?.accountIndex === accountIndex) {
            index = k;
            break;
          }
          before += s?.areaCm2 ?? 0n;
        }
        const own = plan.scope[index];
        if (own) {
          const x = explainShare(p.amountFen, before, own.areaCm2, plan.scopeAreaCm2);
          // the share the replay applied to the account (the payment's shares, in scope order)
          const applied = p.shares[index] ?? x.shareFen;
          share = {
            paymentFen: p.amountFen,
            scopeAreaCm2: plan.scopeAreaCm2,
            unitAreaCm2: own.areaCm2,
            areaBeforeCm2: before,
            exactShareFen: x.exactShareFen,
            remainderFen: x.remainderFen,
            shareFen: applied,
          };
        }
      }
    }
    out.push({ seq: e.seq, kind: e.kind, amountFen: leg.amountFen, balanceAfterFen: balance, txHash: ctx?.event.txHash ?? "", share });
  });
  return out;
}

/** Compares the contract, the replay and the API for one unit (see the module comment). */
export function checkUnitAccount(api: UnitFund, replay: FundState, chain: ChainAccount): UnitCheckResult {
  const diffs: UnitDifference[] = [];
  const diff = (field: UnitField, seq: number | null, claimed: string | bigint | null, replayed: string | bigint | null) =>
    diffs.push({ field, seq, claimed: claimed === null ? null : String(claimed), replayed: replayed === null ? null : String(replayed) });
  const account = replay.accountOfUnit.get(api.unitId);
  const apiBalance = BigInt(api.balanceFen);

  // (a) the contract's balance against the replay's
  if (!account) {
    diff("contractBalance", null, chain.opened ? chain.balanceFen : null, null);
  } else {
    if (!chain.opened || chain.balanceFen !== account.balanceFen) diff("contractBalance", null, chain.opened ? chain.balanceFen : null, account.balanceFen);
    if (chain.opened && chain.firstDepositFen !== account.firstDepositFen) diff("contractFirstDeposit", null, chain.firstDepositFen, account.firstDepositFen);
    if (chain.opened && chain.areaCm2 !== account.areaCm2) diff("contractArea", null, chain.areaCm2, account.areaCm2);
  }

  // (b) the API against the replay
  let entriesCompared = 0;
  let sharesCompared = 0;
  if (account) {
    if (apiBalance !== account.balanceFen) diff("apiBalance", null, apiBalance, account.balanceFen);
    if (BigInt(api.firstDepositFen) !== account.firstDepositFen) diff("apiFirstDeposit", null, api.firstDepositFen, account.firstDepositFen);
    const mine = replayedEntries(replay, api.unitId, account.accountIndex);
    const bySeq = new Map(mine.map((e) => [e.seq, e]));
    const apiSeqs = new Set(api.entries.map((e) => e.seq));
    for (const e of mine) if (!apiSeqs.has(e.seq)) diff("entryMissingInApi", e.seq, null, `${e.kind} ${e.amountFen}`);
    for (const a of api.entries) {
      const r = bySeq.get(a.seq);
      if (!r) {
        diff("entryMissingInReplay", a.seq, `${a.kind} ${a.amountFen}`, null);
        continue;
      }
      entriesCompared += 1;
      if (a.kind !== r.kind) diff("entryKind", a.seq, a.kind, r.kind);
      if (BigInt(a.amountFen) !== r.amountFen) diff("entryAmount", a.seq, a.amountFen, r.amountFen);
      if (BigInt(a.balanceAfterFen) !== r.balanceAfterFen) diff("entryBalanceAfter", a.seq, a.balanceAfterFen, r.balanceAfterFen);
      if (a.txHash.toLowerCase() !== r.txHash.toLowerCase()) diff("entryTx", a.seq, a.txHash, r.txHash);
      if (r.share === null && a.share === null) continue;
      if (r.share === null || a.share === null) {
        diff("shareMissing", a.seq, a.share ? a.share.shareFen : null, r.share ? r.share.shareFen : null);
        continue;
      }
      sharesCompared += 1;
      const s = a.share;
      const x = r.share;
      if (BigInt(s.paymentFen) !== x.paymentFen) diff("sharePayment", a.seq, s.paymentFen, x.paymentFen);
      if (BigInt(s.shareFen) !== x.shareFen) diff("shareFen", a.seq, s.shareFen, x.shareFen);
      if (s.exactShareFen !== x.exactShareFen) diff("shareExact", a.seq, s.exactShareFen, x.exactShareFen);
      if (BigInt(s.remainderFen) !== x.remainderFen) diff("shareRemainder", a.seq, s.remainderFen, x.remainderFen);
      if (BigInt(s.scopeAreaCm2) !== x.scopeAreaCm2) diff("shareScopeArea", a.seq, s.scopeAreaCm2, x.scopeAreaCm2);
      if (BigInt(s.unitAreaCm2) !== x.unitAreaCm2) diff("shareUnitArea", a.seq, s.unitAreaCm2, x.unitAreaCm2);
      if (BigInt(s.areaBeforeCm2) !== x.areaBeforeCm2) diff("shareAreaBefore", a.seq, s.areaBeforeCm2, x.areaBeforeCm2);
    }
  }
  return {
    ok: diffs.length === 0,
    contractBalanceFen: chain.balanceFen,
    replayBalanceFen: account?.balanceFen ?? null,
    apiBalanceFen: apiBalance,
    entriesCompared,
    sharesCompared,
    differences: diffs,
  };
}

/**
 * The fund's answers, built from a community's replayed fund (ledger-api/src/fund/fundState.ts)
 * and the index's units: overview, one unit's history with each share explained, plans and
 * payments with their apportionment, and reconciliation with the custodian's confirmed balances.
 * Amounts are integer fen as decimal strings; times unix seconds as decimal strings.
 */
import { explainShare } from "../../../../../domain/fund/apportion";
import { heldFen, type FundPayment, type FundPlan } from "../../../../../domain/fund/ledgerReplay";
import { needsTopUp, topUpNeededFen } from "../../../../../domain/fund/rules";
import { topUpPeriods, type TopUpPeriod } from "../../../../../domain/fund/topUps";
import { shanghaiDate } from "../../../../../domain/fund/statement";
import type { CommunityFund, ReportEvent } from "../../../fund/fundState";

export interface UnitInfo {
  unitId: number;
  label: string;
  buildingId: number;
  developerHeld: boolean;
}

const s = (n: bigint | number) => n.toString();
/** Ended top-up periods the overview lists. */
const RECENT_TOP_UPS = 20;

/** A unit's period of being due a top-up, as the API shows it. */
function topUpPeriodView(p: TopUpPeriod) {
  return {
    unitId: p.unitId,
    flaggedAt: s(p.flaggedAt),
    flaggedSeq: p.flaggedSeq,
    balanceFen: s(p.balanceFen),
    firstDepositFen: s(p.firstDepositFen),
    clearedAt: p.cleared ? s(p.cleared.time) : null,
    clearedSeq: p.cleared ? p.cleared.seq : null,
    clearedBy: p.cleared ? p.cleared.by : null,
  };
}

export const EMERGENCY_CATEGORIES = ["other", "lift", "roof", "fireSafety", "pipe", "other"] as const;
export type SpendingCategory = "voted" | (typeof EMERGENCY_CATEGORIES)[number];
export const CATEGORY_NAMES: Record<SpendingCategory, { "zh-CN": string; en: string }> = {
  voted: { "zh-CN": "经表决的维修", en: "Voted repairs" },
  lift: { "zh-CN": "电梯（应急）", en: "Lift (emergency)" },
  roof: { "zh-CN": "屋面渗漏（应急）", en: "Roof leak (emergency)" },
  fireSafety: { "zh-CN": "消防设施（应急）", en: "Fire safety (emergency)" },
  pipe: { "zh-CN": "管道爆裂（应急）", en: "Burst pipe (emergency)" },
  other: { "zh-CN": "其他危及安全的情形（应急）", en: "Other danger (emergency)" },
};

export function categoryOf(plan: FundPlan): SpendingCategory {
  return plan.kind === "emergency" ? (EMERGENCY_CATEGORIES[plan.category] ?? "other") : "voted";
}

/** An emergency plan's statement is overdue when it is not published by its due time. */
export function reportOverdue(plan: FundPlan, now: bigint): boolean {
  return plan.kind === "emergency" && plan.reportHash === null && now > plan.reportDue;
}

export function planSummary(plan: FundPlan, now: bigint) {
  return {
    planId: s(plan.planId),
    kind: plan.kind,
    emergency: plan.kind === "emergency",
    category: categoryOf(plan),
    proposalId: plan.proposalId === 0n ? null : s(plan.proposalId),
    payee: plan.payee,
    budgetFen: s(plan.budgetFen),
    capFen: s((plan.budgetFen * 11n) / 10n),
    committedFen: s(plan.committedFen),
    postedFen: s(plan.postedFen),
    unitCount: plan.scope.length,
    scopeAreaCm2: s(plan.scopeAreaCm2),
    scopeKind: plan.scopeKind,
    scopeIds: [...plan.scopeIds],
    textHash: plan.textHash,
    quoteHash: plan.quoteHash,
    contractHash: plan.contractHash,
    createdAt: s(plan.createdAt.time),
    createdTx: plan.createdAt.txHash,
    reportDue: plan.kind === "emergency" ? s(plan.reportDue) : null,
    reportHash: plan.reportHash,
    reportOverdue: reportOverdue(plan, now),
    accepted: plan.accepted,
    paymentCount: plan.paymentIds.length,
  };
}

export function paymentSummary(p: FundPayment, plan: FundPlan) {
  return {
    paymentId: s(p.paymentId),
    planId: s(p.planId),
    seq: p.seq,
    number: p.number,
    amountFen: s(p.amountFen),
    status: p.status,
    emergency: plan.kind === "emergency",
    category: categoryOf(plan),
    payee: plan.payee,
    invoiceHash: p.invoiceHash,
    acceptanceHash: p.acceptanceHash,
    heldAt: s(p.heldAt.time),
    heldTx: p.heldAt.txHash,
    settledAt: p.settledAt ? s(p.settledAt.time) : null,
    settledTx: p.settledAt?.txHash ?? null,
    bankRecordHash: p.bankRecordHash,
    unitCount: plan.scope.length,
  };
}

/** Statements the committee published and what the custodian confirmed, with reconciliation. */
export function statementsOf(reports: readonly ReportEvent[]) {
  const confirmed = new Map<string, ReportEvent>();
  for (const r of reports) if (r.eventName === "StatementConfirmed") confirmed.set(String(r.args.statementId), r);
  return reports
    .filter((r) => r.eventName === "StatementPublished")
    .map((r) => {
      const st = r.args.statement as {
        periodStart: bigint;
        periodEnd: bigint;
        root: string;
        totalFen: bigint;
        lineCount: number;
        ledgerBalanceFen: bigint;
        documentHash: string;
      };
      const c = confirmed.get(String(r.args.statementId));
      const bank = c ? (c.args.bankBalanceFen as bigint) : null;
      return {
        statementId: String(r.args.statementId),
        periodStart: s(st.periodStart),
        periodEnd: s(st.periodEnd),
        root: st.root,
        totalFen: s(st.totalFen),
        lineCount: Number(st.lineCount),
        ledgerBalanceFen: s(st.ledgerBalanceFen),
        documentHash: st.documentHash,
        publishedAt: s(r.time),
        publishedTx: r.txHash,
        confirmed: c !== undefined,
        bankBalanceFen: bank === null ? null : s(bank),
        bankRecordHash: c ? String(c.args.bankRecordHash) : null,
        reconciled: c ? Boolean(c.args.reconciled) : null,
        differenceFen: bank === null ? null : s(bank - st.ledgerBalanceFen),
      };
    });
}

/** The community's fund at a glance: totals, buildings, recent payments, spending, emergencies, top-ups. */
export function fundOverview(fund: CommunityFund, units: ReadonlyMap<number, UnitInfo>, now: bigint) {
  const { state } = fund;
  const held = heldFen(state);
  const unitsBalance = state.accounts.reduce((a, x) => a + x.balanceFen, 0n);
  const byBuilding = new Map<number, { units: number; balance: bigint; topUps: number }>();
  const periods = topUpPeriods(state.topUpMarks, state.entries);
  const since = new Map(periods.filter((p) => p.cleared === null).map((p) => [p.unitId, p.flaggedAt] as const));
  const topUpDue = [];
  for (const a of state.accounts) {
    const b = byBuilding.get(a.buildingId) ?? { units: 0, balance: 0n, topUps: 0 };
    b.units += 1;
    b.balance += a.balanceFen;
    if (!a.closed && needsTopUp(a.balanceFen, a.firstDepositFen)) {
      b.topUps += 1;
      topUpDue.push({
        unitId: a.unitId,
        label: units.get(a.unitId)?.label ?? String(a.unitId),
        buildingId: a.buildingId,
        balanceFen: s(a.balanceFen),
        firstDepositFen: s(a.firstDepositFen),
        neededFen: s(topUpNeededFen(a.balanceFen, a.firstDepositFen)),
        flaggedSince: since.has(a.unitId) ? s(since.get(a.unitId)!) : null,
      });
    }
    byBuilding.set(a.buildingId, b);
  }
  // the latest top-up periods that ended, newest first
  const toppedUp = periods
    .filter((p) => p.cleared !== null)
    .sort((x, y) => (y.cleared!.seq === x.cleared!.seq ? x.unitId - y.unitId : y.cleared!.seq - x.cleared!.seq))
    .slice(0, RECENT_TOP_UPS)
    .map((p) => ({ ...topUpPeriodView(p), label: units.get(p.unitId)?.label ?? String(p.unitId) }));
  const payments = [...state.payments.values()];
  const byMonth = new Map<string, bigint>();
  const byCategory = new Map<SpendingCategory, bigint>();
  for (const p of payments) {
    if (p.status !== "posted" || !p.settledAt) continue;
    const plan = state.plans.get(p.planId)!;
    const month = shanghaiDate(p.settledAt.time).slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? 0n) + p.amountFen);
    const cat = categoryOf(plan);
    byCategory.set(cat, (byCategory.get(cat) ?? 0n) + p.amountFen);
  }
  const t = state.totals;
  const statements = statementsOf(fund.reports);
  const last = statements.filter((x) => x.confirmed).at(-1) ?? null;
  return {
    settings: {
      depositRateFenPerM2: s(state.settings.depositRateFenPerM2),
      emergencyCapFen: s(state.settings.emergencyCapFen),
      emergencyReportDays: state.settings.emergencyReportDays,
    },
    totals: {
      depositedFen: s(t.deposited),
      incomeFen: s(t.income),
      commonIncomeFen: s(t.commonIncome),
      paidOutFen: s(t.paidOut),
      reversedFen: s(t.reversed),
      refundedFen: s(t.refunded),
      unitsBalanceFen: s(unitsBalance),
      heldFen: s(held),
      commonBalanceFen: s(t.commonBalance),
      /** What the custodian's bank account holds, as the ledger says. */
      ledgerBankBalanceFen: s(t.unitFunds + t.commonBalance),
    },
    accountCount: state.accounts.length,
    buildings: [...byBuilding.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([buildingId, b]) => ({ buildingId, unitCount: b.units, balanceFen: s(b.balance), topUpCount: b.topUps })),
    recentPayments: payments
      .slice(-10)
      .reverse()
      .map((p) => paymentSummary(p, state.plans.get(p.planId)!)),
    spendingByMonth: [...byMonth.entries()].sort().map(([month, fen]) => ({ month, fen: s(fen) })),
    spendingByCategory: [...byCategory.entries()].map(([category, fen]) => ({ category, name: CATEGORY_NAMES[category], fen: s(fen) })),
    emergencies: [...state.plans.values()].filter((p) => p.kind === "emergency").map((p) => planSummary(p, now)),
    topUpDue,
    toppedUp,
    lastStatement: last,
  };
}

/** The unit's scope position in a plan: the area of the units before it, and its own. */
function positionIn(plan: FundPlan, accountIndex: number) {
  let before = 0n;
  for (const e of plan.scope) {
    if (e.accountIndex === accountIndex) return { areaBeforeCm2: before, unitAreaCm2: e.areaCm2 };
    before += e.areaCm2;
  }
  return null;
}

/** One unit's account: every entry that touched it, with each share's computation. */
export function unitHistory(fund: CommunityFund, unit: UnitInfo) {
  const { state } = fund;
  const a = state.accountOfUnit.get(unit.unitId);
  if (!a) return null;
  let balance = 0n;
  const entries = [];
  for (let i = 0; i < state.entries.length; i++) {
    const e = state.entries[i]!;
    const leg = e.legs.find((l) => l.account.type === "unit" && l.account.unitId === unit.unitId);
    if (!leg) continue;
    balance += leg.amountFen;
    const ctx = state.contexts[i]!;
    let share = null;
    if (ctx.paymentId !== undefined && (e.kind === "hold" || e.kind === "void")) {
      const p = state.payments.get(ctx.paymentId)!;
      const plan = state.plans.get(p.planId)!;
      const pos = positionIn(plan, a.accountIndex)!;
      const x = explainShare(p.amountFen, pos.areaBeforeCm2, pos.unitAreaCm2, plan.scopeAreaCm2);
      share = {
        paymentId: s(p.paymentId),
        planId: s(p.planId),
        emergency: plan.kind === "emergency",
        category: categoryOf(plan),
        payee: plan.payee,
        paymentFen: s(p.amountFen),
        scopeAreaCm2: s(plan.scopeAreaCm2),
        scopeUnitCount: plan.scope.length,
        unitAreaCm2: s(pos.unitAreaCm2),
        areaBeforeCm2: s(pos.areaBeforeCm2),
        exactShareFen: x.exactShareFen,
        remainderFen: s(x.remainderFen),
        shareFen: s(x.shareFen),
        status: p.status,
      };
    }
    entries.push({
      seq: e.seq,
      time: s(e.time),
      date: shanghaiDate(e.time),
      kind: e.kind,
      amountFen: s(leg.amountFen),
      balanceAfterFen: s(balance),
      txHash: ctx.event.txHash,
      block: s(ctx.event.block),
      reference: e.reference ?? null,
      share,
    });
  }
  return {
    unitId: unit.unitId,
    label: unit.label,
    buildingId: a.buildingId,
    developerHeld: unit.developerHeld,
    accountIndex: a.accountIndex,
    areaCm2: s(a.areaCm2),
    balanceFen: s(a.balanceFen),
    firstDepositFen: s(a.firstDepositFen),
    closed: a.closed,
    needsTopUp: !a.closed && needsTopUp(a.balanceFen, a.firstDepositFen),
    topUpNeededFen: s(topUpNeededFen(a.balanceFen, a.firstDepositFen)),
    topUpHistory: topUpPeriods(state.topUpMarks, state.entries, unit.unitId).map(topUpPeriodView),
    entries,
  };
}

/** A plan with its payments, each payment's apportionment over the scope, and its ratings. */
export function planDetail(
  fund: CommunityFund,
  plan: FundPlan,
  units: ReadonlyMap<number, UnitInfo>,
  now: bigint,
  /** the ratings' comments by hash, where the API has the text */
  comments: ReadonlyMap<string, string> = new Map(),
) {
  const { state } = fund;
  const scope = plan.scope.map((e) => {
    const a = state.accounts[e.accountIndex]!;
    const u = units.get(a.unitId);
    return { unitId: a.unitId, label: u?.label ?? String(a.unitId), developerHeld: u?.developerHeld ?? false, areaCm2: s(e.areaCm2) };
  });
  const ratings = fund.reports
    .filter((r) => r.eventName === "WorkRated" && BigInt(r.args.planId as bigint) === plan.planId)
    .map((r) => {
      const commentHash = String(r.args.commentHash);
      return { entryId: Number(r.args.entryId), stars: Number(r.args.stars), commentHash, comment: comments.get(commentHash.toLowerCase()) ?? null, time: s(r.time), txHash: r.txHash };
    });
  return {
    plan: planSummary(plan, now),
    scope,
    payments: plan.paymentIds.map((id) => {
      const p = state.payments.get(id)!;
      return { ...paymentSummary(p, plan), shares: p.shares.map((x) => s(x)) };
    }),
    ratings: {
      count: ratings.length,
      average: ratings.length === 0 ? null : averageStars(ratings.reduce((a, r) => a + r.stars, 0), ratings.length),
      list: ratings,
    },
  };
}

/** The mean of `count` ratings summing to `sum` stars, to one decimal, rounded half up, in integers: 13 / 3 → "4.3". */
export function averageStars(sum: number, count: number): string {
  const tenths = Math.floor((sum * 20 + count) / (2 * count));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

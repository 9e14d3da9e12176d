/**
 * The maintenance-fund module's answers (FundLedger, FundReports). Imports nothing but zod and
 * the shared schemas: the web client takes its types from here. Amounts are integer fen as
 * decimal strings (SignedDecimal where a movement may be negative), areas hundredths of m²,
 * times unix seconds.
 */
import { z } from "@hono/zod-openapi";
import { LIMITS } from "../../../limits";
import { Address, Bilingual, Bytes32, Decimal, FreeText, Signature, SignedDecimal, Uint } from "../../schemas";

const Count = z.number().int().min(0);
const Category = z.enum(["voted", "lift", "roof", "fireSafety", "pipe", "other"]);
const PaymentStatus = z.enum(["held", "posted", "voided"]);
const EntryKind = z.enum(["deposit", "topUp", "interest", "commonIncome", "hold", "post", "void", "reversal", "refund", "commonToUnits"]);

/** A unit's period of being due a top-up (续筹): from the entry that took it below 30 % of its first deposit to the one that ended it. */
const TopUpPeriod = z.strictObject({
  unitId: z.number().int(),
  flaggedAt: Decimal,
  flaggedSeq: Count,
  /** the balance and first deposit when it was flagged */
  balanceFen: Decimal,
  firstDepositFen: Decimal,
  /** null while it is still due */
  clearedAt: Decimal.nullable(),
  clearedSeq: Count.nullable(),
  /** what ended it: a top-up, interest, a voided payment …, or the account's closing */
  clearedBy: z.union([EntryKind, z.literal("closed")]).nullable(),
});

export const PlanSummary = z
  .strictObject({
    planId: Decimal,
    kind: z.enum(["voted", "emergency"]),
    emergency: z.boolean(),
    category: Category,
    proposalId: Decimal.nullable(),
    payee: z.string(),
    budgetFen: Decimal,
    /** payments may reach the budget plus 10 % */
    capFen: Decimal,
    committedFen: Decimal,
    postedFen: Decimal,
    unitCount: Count,
    scopeAreaCm2: Decimal,
    scopeKind: z.number().int(),
    scopeIds: z.array(z.number().int()),
    textHash: Bytes32,
    quoteHash: Bytes32,
    contractHash: Bytes32,
    createdAt: Decimal,
    createdTx: Bytes32,
    reportDue: Decimal.nullable(),
    reportHash: Bytes32.nullable(),
    reportOverdue: z.boolean(),
    accepted: z.boolean(),
    paymentCount: Count,
  })
  .openapi("FundPlan");

export const PaymentSummary = z
  .strictObject({
    paymentId: Decimal,
    planId: Decimal,
    seq: Count,
    number: Count,
    amountFen: Decimal,
    status: PaymentStatus,
    emergency: z.boolean(),
    category: Category,
    payee: z.string(),
    invoiceHash: Bytes32,
    acceptanceHash: Bytes32,
    heldAt: Decimal,
    heldTx: Bytes32,
    settledAt: Decimal.nullable(),
    settledTx: Bytes32.nullable(),
    bankRecordHash: Bytes32.nullable(),
    unitCount: Count,
  })
  .openapi("FundPayment");

export const StatementSummary = z
  .strictObject({
    statementId: Decimal,
    periodStart: Decimal,
    periodEnd: Decimal,
    root: Bytes32,
    totalFen: Decimal,
    lineCount: Count,
    ledgerBalanceFen: Decimal,
    documentHash: Bytes32,
    publishedAt: Decimal,
    publishedTx: Bytes32,
    confirmed: z.boolean(),
    bankBalanceFen: Decimal.nullable(),
    bankRecordHash: Bytes32.nullable(),
    reconciled: z.boolean().nullable(),
    /** bank − ledger; "0" when reconciled */
    differenceFen: SignedDecimal.nullable(),
  })
  .openapi("FundStatement");

export const FundOverviewAnswer = z
  .strictObject({
    settings: z.strictObject({ depositRateFenPerM2: Decimal, emergencyCapFen: Decimal, emergencyReportDays: Count }),
    totals: z.strictObject({
      depositedFen: Decimal,
      incomeFen: Decimal,
      commonIncomeFen: Decimal,
      paidOutFen: Decimal,
      reversedFen: Decimal,
      refundedFen: Decimal,
      unitsBalanceFen: Decimal,
      heldFen: Decimal,
      commonBalanceFen: Decimal,
      ledgerBankBalanceFen: Decimal,
    }),
    accountCount: Count,
    buildings: z.array(z.strictObject({ buildingId: z.number().int(), unitCount: Count, balanceFen: Decimal, topUpCount: Count })),
    recentPayments: z.array(PaymentSummary),
    spendingByMonth: z.array(z.strictObject({ month: z.string(), fen: Decimal })),
    spendingByCategory: z.array(z.strictObject({ category: Category, name: Bilingual, fen: Decimal })),
    emergencies: z.array(PlanSummary),
    topUpDue: z.array(
      z.strictObject({
        unitId: z.number().int(),
        label: z.string(),
        buildingId: z.number().int(),
        balanceFen: Decimal,
        firstDepositFen: Decimal,
        neededFen: Decimal,
        /** when the entry that took it below 30 % was made */
        flaggedSince: Decimal.nullable(),
      }),
    ),
    /** the latest top-up periods that ended, newest first */
    toppedUp: z.array(TopUpPeriod.extend({ label: z.string() })),
    lastStatement: StatementSummary.nullable(),
  })
  .openapi("FundOverview");

export const UnitFundAnswer = z
  .strictObject({
    unitId: z.number().int(),
    label: z.string(),
    buildingId: z.number().int(),
    developerHeld: z.boolean(),
    accountIndex: Count,
    areaCm2: Decimal,
    balanceFen: Decimal,
    firstDepositFen: Decimal,
    closed: z.boolean(),
    needsTopUp: z.boolean(),
    topUpNeededFen: Decimal,
    topUpHistory: z.array(TopUpPeriod),
    entries: z.array(
      z.strictObject({
        seq: Count,
        time: Decimal,
        date: z.string(),
        kind: EntryKind,
        amountFen: SignedDecimal,
        balanceAfterFen: SignedDecimal,
        txHash: Bytes32,
        block: Decimal,
        reference: z.string().nullable(),
        /** for a payment's hold or void: how the unit's share was computed */
        share: z
          .strictObject({
            paymentId: Decimal,
            planId: Decimal,
            emergency: z.boolean(),
            category: Category,
            payee: z.string(),
            paymentFen: Decimal,
            scopeAreaCm2: Decimal,
            scopeUnitCount: Count,
            unitAreaCm2: Decimal,
            areaBeforeCm2: Decimal,
            /** amount × unit area ÷ scope area, in fen with two decimals */
            exactShareFen: z.string(),
            remainderFen: Decimal,
            shareFen: Decimal,
            status: PaymentStatus,
          })
          .nullable(),
      }),
    ),
  })
  .openapi("UnitFund");

export const PlansAnswer = z.strictObject({ plans: z.array(PlanSummary) }).openapi("FundPlans");

export const PlanAnswer = z
  .strictObject({
    plan: PlanSummary,
    scope: z.array(z.strictObject({ unitId: z.number().int(), label: z.string(), developerHeld: z.boolean(), areaCm2: Decimal })),
    payments: z.array(PaymentSummary.extend({ shares: z.array(Decimal) })),
    ratings: z.strictObject({
      count: Count,
      average: z.string().nullable(),
      list: z.array(
        z.strictObject({
          entryId: Count,
          stars: z.number().int().min(1).max(5),
          commentHash: Bytes32,
          /** the comment as the owner wrote it, when the API holds the text that hashes to commentHash */
          comment: z.string().nullable(),
          time: Decimal,
          txHash: Bytes32,
        }),
      ),
    }),
  })
  .openapi("FundPlanDetail");

export const StatementLine = z.strictObject({
  unitId: z.number().int(),
  label: z.string(),
  openingFen: Decimal,
  depositedFen: SignedDecimal,
  incomeFen: SignedDecimal,
  usedFen: SignedDecimal,
  refundedFen: SignedDecimal,
  closingFen: Decimal,
  lineHash: Bytes32,
});

export const FundStatementAnswer = z
  .strictObject({
    periodStart: Decimal,
    periodEnd: Decimal,
    root: Bytes32,
    totalFen: Decimal,
    lineCount: Count,
    entryCount: Count,
    totals: z.record(z.string(), Decimal),
    lines: z.array(StatementLine),
    /** the published statement of exactly this period, if any */
    published: StatementSummary.nullable(),
  })
  .openapi("FundStatementComputed");

export const StatementsAnswer = z.strictObject({ statements: z.array(StatementSummary) }).openapi("FundStatements");

export const LineProofAnswer = z
  .strictObject({
    statement: StatementSummary,
    line: StatementLine,
    leafIndex: Count,
    leafCount: Count,
    proof: z.array(z.strictObject({ hash: Bytes32, sum: Decimal, side: z.enum(["left", "right"]) })),
  })
  .openapi("FundLineProof");

/** An owner's signed rating of a plan's work; the comment is optional, its keccak256 (UTF-8, the empty text included) is signed. */
export const RatingBody = z
  .object({
    entryId: z.number().int().min(0).max(LIMITS.maxIndexedId),
    /** the roll leaf's address: the owner who rates (a proxy's mandate was for the vote, not for this) */
    voter: Address,
    stars: z.number().int().min(1).max(5),
    comment: FreeText(0, LIMITS.ratingCommentChars),
    deadline: Uint(2n ** 64n - 1n, "deadline"),
    signature: Signature,
  })
  .strict()
  .openapi("SignedWorkRating");
export type RatingBody = z.input<typeof RatingBody>;
const ChainRef = { seq: Count, time: Decimal, date: z.string(), txHash: Bytes32, block: Decimal };

/** A quarter in which the common-income account moved, with its figures. */
export const CommonIncomeQuarter = z.strictObject({
  /** "2026-Q1": a calendar quarter in Asia/Shanghai */
  quarter: z.string(),
  periodStart: Decimal,
  periodEnd: Decimal,
  receivedFen: Decimal,
  movedFen: Decimal,
  closingFen: Decimal,
  entryCount: Count,
});

export const CommonIncomeAnswer = z
  .strictObject({
    periodStart: Decimal,
    periodEnd: Decimal,
    /** the quarter the period is, when it is one */
    quarter: z.string().nullable(),
    openingFen: Decimal,
    receivedFen: Decimal,
    movedFen: Decimal,
    /** entries of other kinds touching the account (none today), signed */
    otherFen: SignedDecimal,
    closingFen: Decimal,
    receipts: z.array(
      z.strictObject({
        ...ChainRef,
        entryId: Decimal,
        amountFen: Decimal,
        /** keccak256 of the source's text, as the custodian signed it */
        sourceHash: Bytes32,
        /** the source's text when the service keeps it (it hashes to sourceHash) */
        source: z.string().nullable(),
        bankRecordHash: Bytes32,
      }),
    ),
    movements: z.array(
      z.strictObject({
        ...ChainRef,
        entryId: Decimal,
        proposalId: Decimal,
        proposalTitle: z.string().nullable(),
        amountFen: Decimal,
        unitCount: Count,
        scopeAreaCm2: Decimal,
      }),
    ),
    others: z.array(z.strictObject({ ...ChainRef, kind: EntryKind, amountFen: SignedDecimal })),
    /** every quarter with activity on the account, oldest first */
    quarters: z.array(CommonIncomeQuarter),
  })
  .openapi("FundCommonIncome");

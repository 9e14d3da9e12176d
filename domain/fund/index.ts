/**
 * The maintenance-fund ledger's pure domain rules (DESIGN.md "Maintenance fund"): the
 * reference that the API, the web client, the verifier and the fund contract's tests share.
 * No I/O; money is bigint fen, area bigint hundredths of m².
 */
export { apportion, decimal2, explainShare, shareOf, type ShareExplanation, type ShareOf } from "./apportion";
export { UINT32_MAX, UINT64_MAX } from "./check";
export {
  buildMerkleSumTree,
  lineHashOf,
  merkleSumLeafHash,
  merkleSumNodeHash,
  merkleSumProof,
  proofSides,
  verifyMerkleSumProof,
  type LineHashFields,
  type MerkleSumLeaf,
  type MerkleSumProofInput,
  type MerkleSumStep,
  type MerkleSumTree,
} from "./merkleSum";
export { formatYuan, yuanPlain } from "./money";
export { allocateInterest, firstDepositFen, needsTopUp, topUpNeededFen, withinBudgetCap } from "./rules";
export { topUpPeriods, type TopUpPeriod } from "./topUps";
export {
  ENTRY_KINDS,
  ENTRY_KIND_LABEL,
  STATEMENT_CSV_HEADER,
  accountKey,
  computeStatement,
  csvField,
  reconcile,
  shanghaiDate,
  statementCsv,
  statementLeaves,
  validateLedger,
  type AccountRef,
  type BaseKind,
  type EntryKind,
  type LedgerEntry,
  type LedgerLeg,
  type Reconciliation,
  type Statement,
  type StatementLine,
  type StatementNames,
  type StatementPeriod,
  type StatementTotals,
} from "./statement";
export {
  decodeScope,
  emptyFundState,
  encodeScope,
  heldFen,
  replayFund,
  type EventMeta,
  type FundAccount,
  type FundEvent,
  type FundEventBody,
  type FundPayment,
  type FundPlan,
  type FundState,
  type PaymentStatus,
  type ScopeEntry,
} from "./ledgerReplay";
export { periodStatement, type PeriodStatement } from "./periodStatement";
export {
  commonIncomeQuarters,
  commonIncomeStatement,
  parseQuarter,
  quarterOf,
  quarterPeriod,
  type CommonIncomeMovement,
  type CommonIncomeOther,
  type CommonIncomeQuarter,
  type CommonIncomeReceipt,
  type CommonIncomeStatement,
  type Quarter,
} from "./commonIncome";

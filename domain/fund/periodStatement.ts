/**
 * A period's statement of a replayed fund as it is published: the statement (statement.ts), the
 * Merkle-sum tree of its unit lines (merkleSum.ts) whose root and total go on chain, and the
 * ledger's bank balance at the period's end that the custodian confirms. The committee's draft,
 * the seed and the pages that prove a printed line all build it here.
 */
import type { Hex } from "viem";
import type { FundState } from "./ledgerReplay";
import { buildMerkleSumTree, type MerkleSumTree } from "./merkleSum";
import { computeStatement, statementLeaves, type Statement } from "./statement";

export interface PeriodStatement {
  readonly statement: Statement;
  readonly tree: MerkleSumTree;
  readonly root: Hex;
  /** Σ closing balances of the lines: the root's sum. */
  readonly totalFen: bigint;
  /** What the bank should hold at the period's end: units + held payables + common. */
  readonly ledgerBalanceFen: bigint;
}

/** The statement of [fromTime, toTime); null if no unit has an account before toTime. */
export function periodStatement(state: FundState, fromTime: bigint, toTime: bigint): PeriodStatement | null {
  const statement = computeStatement(state.entries, { fromTime, toTime });
  if (statement.lines.length === 0) return null;
  const tree = buildMerkleSumTree(statementLeaves(statement));
  return { statement, tree, root: tree.root, totalFen: tree.total, ledgerBalanceFen: statement.totals.bankBalanceFen };
}

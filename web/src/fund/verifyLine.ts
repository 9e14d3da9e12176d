/**
 * An owner's printed statement line checked against the statement committed on chain, with no
 * network (the page does the reading): the figures typed in give the line hash (lineHashOf) and
 * the leaf; the API's Merkle-sum proof must lead from that leaf to the root AND the total that
 * FundReports' StatementPublished event carries, over as many lines as the event says. A proof
 * that holds shows both that this very line was committed and that all the lines add up to that
 * total; the custodian's StatementConfirmed event then says whether the bank held the ledger's
 * balance. One changed figure changes the line hash, and the proof fails.
 */
import type { Hex } from "viem";
import { lineHashOf, merkleSumLeafHash, verifyMerkleSumProof, type LineHashFields } from "../../../domain/fund/merkleSum";
import type { FundLineProof } from "../api";

/** The statement as FundReports recorded it (StatementPublished, and StatementConfirmed if any). */
export interface ChainStatement {
  readonly statementId: bigint;
  readonly root: Hex;
  readonly totalFen: bigint;
  readonly lineCount: number;
  readonly ledgerBalanceFen: bigint;
  readonly publishedTx: Hex;
  /** StatementConfirmed's bank balance, null while the custodian has not confirmed. */
  readonly bankBalanceFen: bigint | null;
  readonly reconciled: boolean | null;
}

export type LineProblem =
  /** a figure does not fit the statement's format (negative balance, too large) */
  | "badFigures"
  /** the proof from the typed figures does not reach the chain's root and total */
  | "notCommitted"
  /** the API's proof is for another unit than the one entered */
  | "otherUnit";

export interface LineVerification {
  readonly ok: boolean;
  readonly problems: readonly LineProblem[];
  readonly lineHash: Hex | null;
  readonly leafHash: Hex | null;
  /** The typed line's hash equals the one the API printed for this unit. */
  readonly sameAsApiLine: boolean;
  readonly chain: ChainStatement;
}

export function verifyPrintedLine(printed: LineHashFields, proof: FundLineProof, chain: ChainStatement): LineVerification {
  const problems: LineProblem[] = [];
  let lineHash: Hex | null = null;
  let leafHash: Hex | null = null;
  try {
    lineHash = lineHashOf(printed);
    leafHash = merkleSumLeafHash({ unitId: printed.unitId, balanceFen: printed.closingFen, lineHash });
  } catch {
    problems.push("badFigures");
  }
  if (proof.line.unitId !== printed.unitId) problems.push("otherUnit");
  if (lineHash !== null) {
    const holds = verifyMerkleSumProof({
      leaf: { unitId: printed.unitId, balanceFen: printed.closingFen, lineHash },
      index: proof.leafIndex,
      leafCount: chain.lineCount,
      proof: proof.proof.map((s) => ({ hash: s.hash as Hex, sum: BigInt(s.sum), side: s.side })),
      root: chain.root,
      total: chain.totalFen,
    });
    if (!holds) problems.push("notCommitted");
  }
  return {
    ok: problems.length === 0,
    problems,
    lineHash,
    leafHash,
    sameAsApiLine: lineHash !== null && lineHash.toLowerCase() === proof.line.lineHash.toLowerCase(),
    chain,
  };
}

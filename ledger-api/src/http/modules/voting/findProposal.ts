import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";

/** The indexed proposal, found even if it was published a moment ago; 404 PROPOSAL_NOT_FOUND otherwise. */
export async function findProposal(ctx: Pick<LedgerContext, "indexer" | "prisma">, id: string) {
  const p = await ctx.indexer.findFresh(() => ctx.prisma.proposal.findUnique({ where: { id: BigInt(id) } }));
  if (!p) throw new ApiError("PROPOSAL_NOT_FOUND", { proposalId: id });
  return p;
}

/**
 * The proposal's roll as the index holds it, required: when the roll the index computed did not
 * match the one published on chain, nothing of it is served (no entries, no proofs) and the
 * client is told so, instead of an empty roll that reads as "not in the electorate".
 */
export function requireIndexedRoll(p: { id: bigint; rollMatches: boolean }): void {
  if (!p.rollMatches) throw new ApiError("ROLL_MISMATCH", { proposalId: p.id.toString() });
}

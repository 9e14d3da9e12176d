import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";

/** The indexed proposal, found even if it was published a moment ago; 404 PROPOSAL_NOT_FOUND otherwise. */
export async function findProposal(ctx: Pick<LedgerContext, "indexer" | "prisma">, id: string) {
  const p = await ctx.indexer.findFresh(() => ctx.prisma.proposal.findUnique({ where: { id: BigInt(id) } }));
  if (!p) throw new ApiError("PROPOSAL_NOT_FOUND", { proposalId: id });
  return p;
}

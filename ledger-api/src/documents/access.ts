/**
 * Who may read a stored document's file (its hash and metadata are public for every document):
 *
 * | visibility | may read |
 * | --- | --- |
 * | public | anyone |
 * | owners | a signed-in owner bound to a unit of that community, its committee, custodian, supervisor |
 * | restricted | its committee, its supervisor (the auditor), and for a paper ballot or a mandate (or identity evidence on one) the owners of that roll entry: its voters, and the owners bound now to its units |
 *
 * Roles are read from the chain as it is now (committee, custodian, supervisor) and from the
 * index (owner bindings, roll entries).
 */
import type { Address } from "viem";
import { communityRegistryAbi } from "../../../chain/abi";
import type { LedgerContext } from "../context";
import type { StoredDocument } from "../generated/prisma/client";

type Ctx = Pick<LedgerContext, "client" | "deployment" | "prisma">;

export interface CommunityStanding {
  committee: boolean;
  custodian: boolean;
  supervisor: boolean;
}

/** The address's roles in the community on chain now (all false when the community does not exist). */
export async function standingIn(ctx: Ctx, communityId: bigint, address: string): Promise<CommunityStanding> {
  const registry = { address: ctx.deployment.registry, abi: communityRegistryAbi } as const;
  const exists = await ctx.client.readContract({ ...registry, functionName: "communityExists", args: [communityId] });
  if (!exists) return { committee: false, custodian: false, supervisor: false };
  const a = address.toLowerCase();
  const [committee, custodian, info] = await Promise.all([
    ctx.client.readContract({ ...registry, functionName: "isCommitteeMember", args: [communityId, a as Address] }),
    ctx.client.readContract({ ...registry, functionName: "custodianOf", args: [communityId] }),
    ctx.client.readContract({ ...registry, functionName: "communityOf", args: [communityId] }),
  ]);
  return { committee, custodian: custodian.toLowerCase() === a, supervisor: info[0].toLowerCase() === a };
}

async function isBoundOwner(ctx: Ctx, communityId: bigint, address: string): Promise<boolean> {
  return (await ctx.prisma.ownerBinding.count({ where: { communityId, owner: address.toLowerCase(), active: true } })) > 0;
}

/** For a paper ballot or mandate record ("proposalId/entryId"): whether the address is an owner of that entry. */
async function isOwnerConcerned(ctx: Ctx, doc: StoredDocument, address: string): Promise<boolean> {
  if (doc.recordType !== "paper-ballot" && doc.recordType !== "mandate") return false;
  const [proposalId, entryId] = doc.recordId.split("/");
  const entry = await ctx.prisma.rollEntry.findUnique({ where: { proposalId_entryId: { proposalId: BigInt(proposalId!), entryId: Number(entryId) } } });
  if (!entry) return false;
  const a = address.toLowerCase();
  if ((entry.voters as string[]).some((v) => v.toLowerCase() === a)) return true;
  const unitIds = entry.unitIds as number[];
  return (await ctx.prisma.ownerBinding.count({ where: { communityId: doc.communityId, unitId: { in: unitIds }, owner: a, active: true } })) > 0;
}

/** Whether `address` (null: not signed in) may read the file of this row. */
export async function mayRead(ctx: Ctx, doc: StoredDocument, address: string | null): Promise<boolean> {
  if (doc.visibility === "public") return true;
  if (address === null) return false;
  const s = await standingIn(ctx, doc.communityId, address);
  if (doc.visibility === "owners") return s.committee || s.custodian || s.supervisor || (await isBoundOwner(ctx, doc.communityId, address));
  // restricted
  return s.committee || s.supervisor || (await isOwnerConcerned(ctx, doc, address));
}

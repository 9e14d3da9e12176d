/**
 * What a signed-in address may do, read from the chain: committee membership of each community
 * (its current committee) and supervision come from the registry contract as it is now; the
 * units an owner is bound to come from the index.
 */
import type { Address } from "viem";
import { communityRegistryAbi } from "../../../chain/abi";
import type { LedgerContext } from "../context";
import { ApiError } from "../errors";

export type CommunityRole = "committee-member" | "supervisor" | "custodian" | "owner";

export interface CommunityRoles {
  communityId: string;
  name: string | null;
  roles: CommunityRole[];
  /** the units the address is bound to as owner */
  units: { unitId: number; label: string }[];
}

export interface Roles {
  /** holds the registry's SUPERVISOR_ROLE (may create communities) */
  supervisor: boolean;
  /** every community where the address holds a role */
  communities: CommunityRoles[];
}

type Chain = Pick<LedgerContext, "client" | "deployment">;

const registry = (ctx: Chain) => ({ address: ctx.deployment.registry, abi: communityRegistryAbi }) as const;

/** Whether `address` is in the community's current committee, on chain now. */
export async function isCommitteeMember(ctx: Chain, communityId: bigint, address: Address): Promise<boolean> {
  const exists = await ctx.client.readContract({ ...registry(ctx), functionName: "communityExists", args: [communityId] });
  if (!exists) throw new ApiError("COMMUNITY_NOT_FOUND", { communityId: communityId.toString() });
  return ctx.client.readContract({ ...registry(ctx), functionName: "isCommitteeMember", args: [communityId, address] });
}

/** Whether `address` is the community's custodian, on chain now. */
export async function isCustodian(ctx: Chain, communityId: bigint, address: Address): Promise<boolean> {
  const exists = await ctx.client.readContract({ ...registry(ctx), functionName: "communityExists", args: [communityId] });
  if (!exists) throw new ApiError("COMMUNITY_NOT_FOUND", { communityId: communityId.toString() });
  const custodian = await ctx.client.readContract({ ...registry(ctx), functionName: "custodianOf", args: [communityId] });
  return custodian.toLowerCase() === address.toLowerCase();
}

export async function rolesOf(ctx: LedgerContext, address: Address): Promise<Roles> {
  const addr = address.toLowerCase() as Address;
  const [count, supervisorRole] = await Promise.all([
    ctx.client.readContract({ ...registry(ctx), functionName: "communityCount" }),
    ctx.client.readContract({ ...registry(ctx), functionName: "SUPERVISOR_ROLE" }),
  ]);
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const [isSupervisor, chainRoles, names, bindings] = await Promise.all([
    ctx.client.readContract({ ...registry(ctx), functionName: "hasRole", args: [supervisorRole, addr] }),
    Promise.all(
      ids.map(async (id) => {
        const [member, info, custodian] = await Promise.all([
          ctx.client.readContract({ ...registry(ctx), functionName: "isCommitteeMember", args: [id, addr] }),
          ctx.client.readContract({ ...registry(ctx), functionName: "communityOf", args: [id] }),
          ctx.client.readContract({ ...registry(ctx), functionName: "custodianOf", args: [id] }),
        ]);
        return { id, member, supervises: info[0].toLowerCase() === addr, custodies: custodian.toLowerCase() === addr };
      }),
    ),
    ctx.prisma.community.findMany({ select: { id: true, name: true } }),
    ctx.prisma.ownerBinding.findMany({ where: { owner: addr, active: true }, orderBy: [{ communityId: "asc" }, { unitId: "asc" }] }),
  ]);
  const labels =
    bindings.length === 0
      ? []
      : await ctx.prisma.unit.findMany({
          where: { OR: bindings.map((b) => ({ communityId: b.communityId, unitId: b.unitId })) },
          select: { communityId: true, unitId: true, label: true },
        });
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const labelOf = new Map(labels.map((u) => [`${u.communityId}:${u.unitId}`, u.label]));
  const communities: CommunityRoles[] = [];
  for (const r of chainRoles) {
    const units = bindings
      .filter((b) => b.communityId === r.id)
      .map((b) => ({ unitId: b.unitId, label: labelOf.get(`${b.communityId}:${b.unitId}`) ?? String(b.unitId) }));
    const roles: CommunityRole[] = [];
    if (r.member) roles.push("committee-member");
    if (r.supervises) roles.push("supervisor");
    if (r.custodies) roles.push("custodian");
    if (units.length > 0) roles.push("owner");
    if (roles.length > 0) communities.push({ communityId: r.id.toString(), name: nameOf.get(r.id) ?? null, roles, units });
  }
  return { supervisor: isSupervisor, communities };
}

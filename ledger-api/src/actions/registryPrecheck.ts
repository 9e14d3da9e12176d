/**
 * Checks a registry draft against the index before the committee is asked to sign it: the
 * refusals the contract would give (CommunityRegistry's Registry* errors), given at once with a
 * stable code instead of after the last signature. The contract stays the authority: this reads
 * the index, which can trail the chain by a block.
 */
import { ApiError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { ZERO_ADDRESS } from "../../../domain/electorate";

export type RegistryDraft =
  | { action: "registerBuildings"; buildings: { buildingId: number }[] }
  | { action: "registerUnits"; units: { unitId: number; buildingId: number }[] }
  | { action: "bindOwners"; bindings: { unitId: number; owner: string }[] }
  | { action: "unbindOwner"; unitId: number; owner: string }
  | { action: "deliverUnits"; unitIds: number[] }
  | { action: "updateUnitArea"; unitId: number; areaSource: number }
  | { action: "changeSettings" }
  | { action: "setDeveloper"; developer: string };

function unique(keys: string[]): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw new ApiError("REGISTRY_DUPLICATE_IN_LIST", { item: k });
    seen.add(k);
  }
}

export async function precheckRegistryDraft(prisma: PrismaClient, communityId: bigint, d: RegistryDraft): Promise<void> {
  const units = async (ids: number[]) =>
    new Map((await prisma.unit.findMany({ where: { communityId, unitId: { in: ids } } })).map((u) => [u.unitId, u]));
  const requireUnits = async (ids: number[]) => {
    const found = await units(ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new ApiError("REGISTRY_UNKNOWN_UNIT", { unitIds: missing });
    return found;
  };
  switch (d.action) {
    case "registerBuildings": {
      const ids = d.buildings.map((b) => b.buildingId);
      unique(ids.map(String));
      const existing = await prisma.building.findMany({ where: { communityId, buildingId: { in: ids } } });
      if (existing.length > 0) throw new ApiError("REGISTRY_BUILDING_EXISTS", { buildingIds: existing.map((b) => b.buildingId) });
      return;
    }
    case "registerUnits": {
      const ids = d.units.map((u) => u.unitId);
      unique(ids.map(String));
      const existing = await units(ids);
      if (existing.size > 0) throw new ApiError("REGISTRY_UNIT_EXISTS", { unitIds: [...existing.keys()] });
      const buildingIds = [...new Set(d.units.map((u) => u.buildingId))];
      const known = new Set((await prisma.building.findMany({ where: { communityId, buildingId: { in: buildingIds } } })).map((b) => b.buildingId));
      const missing = buildingIds.filter((b) => !known.has(b));
      if (missing.length > 0) throw new ApiError("REGISTRY_UNKNOWN_BUILDING", { buildingIds: missing });
      return;
    }
    case "bindOwners": {
      unique(d.bindings.map((b) => `${b.unitId}:${b.owner.toLowerCase()}`));
      await requireUnits([...new Set(d.bindings.map((b) => b.unitId))]);
      const bound = await prisma.ownerBinding.findMany({
        where: { communityId, active: true, OR: d.bindings.map((b) => ({ unitId: b.unitId, owner: b.owner.toLowerCase() })) },
      });
      if (bound.length > 0) throw new ApiError("REGISTRY_OWNER_ALREADY_BOUND", { bindings: bound.map((b) => ({ unitId: b.unitId, owner: b.owner })) });
      return;
    }
    case "unbindOwner": {
      await requireUnits([d.unitId]);
      const b = await prisma.ownerBinding.findUnique({ where: { communityId_unitId_owner: { communityId, unitId: d.unitId, owner: d.owner.toLowerCase() } } });
      if (!b?.active) throw new ApiError("REGISTRY_OWNER_NOT_BOUND", { unitId: d.unitId, owner: d.owner });
      return;
    }
    case "deliverUnits": {
      unique(d.unitIds.map(String));
      const found = await requireUnits(d.unitIds);
      const notHeld = d.unitIds.filter((id) => !found.get(id)!.developerHeld);
      if (notHeld.length > 0) throw new ApiError("REGISTRY_NOT_DEVELOPER_HELD", { unitIds: notHeld });
      return;
    }
    case "updateUnitArea": {
      const unit = (await requireUnits([d.unitId])).get(d.unitId)!;
      if (d.areaSource < unit.areaSource) {
        throw new ApiError("REGISTRY_AREA_SOURCE_DOWNGRADE", { unitId: d.unitId, current: unit.areaSource, proposed: d.areaSource });
      }
      return;
    }
    case "changeSettings":
      return;
    case "setDeveloper": {
      const c = await prisma.community.findUnique({ where: { id: communityId } });
      const current = c?.developer ?? ZERO_ADDRESS;
      if (current.toLowerCase() === d.developer.toLowerCase()) throw new ApiError("REGISTRY_DEVELOPER_UNCHANGED", { developer: d.developer });
      return;
    }
  }
}

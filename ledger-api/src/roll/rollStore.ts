/**
 * The electorate roll of a proposal: computed with domain/electorate from the registry state
 * in the index, stored per entry, and turned back into a Merkle tree to give proofs.
 */
import type { Hex } from "viem";
import { buildRoll, proofFor, rollFromEntries, type ElectorateRoll as Roll } from "../../../domain/electorate";
import type { PrismaClient } from "../generated/prisma/client";

export interface Scope {
  kind: 0 | 1 | 2;
  ids: number[];
}

type Tx = Pick<PrismaClient, "unit" | "ownerBinding" | "community">;

/** Computes the roll from the index's current registry state of a community. */
export async function computeRoll(db: Tx, communityId: bigint, scope: Scope): Promise<Roll> {
  const community = await db.community.findUnique({ where: { id: communityId } });
  if (!community) throw new Error(`community ${communityId} not indexed`);
  const [units, bindings] = await Promise.all([
    db.unit.findMany({ where: { communityId } }),
    db.ownerBinding.findMany({ where: { communityId, active: true } }),
  ]);
  return buildRoll({
    units: units.map((u) => ({
      unitId: u.unitId,
      buildingId: u.buildingId,
      areaCm2: u.areaCm2,
      kind: u.kind as 1 | 2 | 3 | 4,
      developerHeld: u.developerHeld,
    })),
    bindings: bindings.map((b) => ({ unitId: b.unitId, owner: b.owner as Hex, identityHash: b.identityHash as Hex })),
    settings: { excludeParkingArea: community.excludeParkingArea },
    scope,
    developer: (community.developer ?? undefined) as Hex | undefined,
  });
}

/** Caches each proposal's tree: proofs are asked for on every ballot. */
export class RollCache {
  private readonly rolls = new Map<string, Promise<Roll>>();

  constructor(private readonly prisma: PrismaClient) {}

  async get(proposalId: bigint): Promise<Roll> {
    const key = proposalId.toString();
    let roll = this.rolls.get(key);
    if (!roll) {
      roll = this.load(proposalId);
      this.rolls.set(key, roll);
      roll.catch(() => this.rolls.delete(key));
    }
    return roll;
  }

  async proof(proposalId: bigint, entryId: number, voter: Hex) {
    return proofFor(await this.get(proposalId), entryId, voter);
  }

  clear(): void {
    this.rolls.clear();
  }

  /** Rebuilds the tree from the stored entries (the state at publication, not now). */
  private async load(proposalId: bigint): Promise<Roll> {
    const entries = await this.prisma.rollEntry.findMany({ where: { proposalId }, orderBy: { entryId: "asc" } });
    if (entries.length === 0) throw new Error(`no roll stored for proposal ${proposalId}`);
    return rollFromEntries(
      entries.map((e) => ({
        entryId: e.entryId,
        areaCm2: e.areaCm2,
        headcount: e.headcount,
        unitIds: e.unitIds as number[],
        voters: e.voters as Hex[],
      })),
    );
  }
}

/** The registry's (core) events in the index: communities, committees, buildings, units, owners. */
import type { ContractEventName } from "viem";
import { communityRegistryAbi } from "../../../../chain/abi";
import { lower, moduleHandlers, type TypedLog, type Tx } from "../handlers";
import { ZERO_ADDRESS } from "../../../../domain/electorate";

type Log<N extends ContractEventName<typeof communityRegistryAbi>> = TypedLog<typeof communityRegistryAbi, N>;

/** Units are registered once (the contract refuses a duplicate): one insert for the run. */
async function applyUnitRun(tx: Tx, logs: readonly Log<"UnitRegistered">[]): Promise<void> {
  await tx.unit.createMany({
    data: logs.map(({ args: a }) => ({
      communityId: a.communityId,
      unitId: Number(a.unitId),
      buildingId: Number(a.buildingId),
      areaCm2: a.areaCm2,
      areaSource: Number(a.areaSource),
      kind: Number(a.kind),
      developerHeld: a.developerHeld,
      label: a.label,
    })),
  });
}

/** A binding may return after an unbinding: one upsert for the run, the last event winning. */
async function applyBindingRun(tx: Tx, logs: readonly Log<"OwnerBound">[]): Promise<void> {
  const latest = new Map<string, unknown[]>();
  for (const { args: a } of logs) {
    const row = [a.communityId, Number(a.unitId), lower(a.owner), a.identityHash, a.evidenceHash];
    latest.set(`${row[0]}:${row[1]}:${row[2]}`, row);
  }
  const params: unknown[] = [];
  const tuples = [...latest.values()].map((row) => {
    const base = params.length;
    params.push(...row);
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, true)`;
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO "OwnerBinding" ("communityId", "unitId", "owner", "identityHash", "evidenceHash", "active")
     VALUES ${tuples.join(", ")}
     ON CONFLICT ("communityId", "unitId", "owner") DO UPDATE SET
       "identityHash" = EXCLUDED."identityHash", "evidenceHash" = EXCLUDED."evidenceHash", "active" = true`,
    ...params,
  );
}

export const registryEvents = moduleHandlers(communityRegistryAbi, {
  events: {
    CommunityCreated: async (tx, log) => {
      const a = log.args;
      const s = a.settings;
      await tx.community.create({
        data: {
          id: a.communityId,
          name: a.name,
          supervisor: lower(a.supervisor),
          ...s,
          committeeEpoch: 0,
          threshold: 0,
          members: [],
          createdBlock: log.blockNumber,
        },
      });
    },
    CommitteeInstalled: async (tx, log) => {
      const a = log.args;
      await tx.community.update({
        where: { id: a.communityId },
        data: {
          committeeEpoch: Number(a.epoch),
          threshold: Number(a.threshold),
          members: a.members.map(lower),
        },
      });
    },
    SettingsChanged: async (tx, log) => {
      const a = log.args;
      await tx.community.update({ where: { id: a.communityId }, data: { ...a.newSettings } });
    },
    CustodianSet: async (tx, log) => {
      const a = log.args;
      const custodian = a.newCustodian === ZERO_ADDRESS ? null : lower(a.newCustodian);
      await tx.community.update({ where: { id: a.communityId }, data: { custodian } });
    },
    DeveloperSet: async (tx, log) => {
      const a = log.args;
      const developer = lower(a.newDeveloper);
      await tx.community.update({
        where: { id: a.communityId },
        data: { developer: developer === ZERO_ADDRESS ? null : developer },
      });
    },
    BuildingRegistered: async (tx, log) => {
      const a = log.args;
      await tx.building.create({
        data: {
          communityId: a.communityId,
          buildingId: Number(a.buildingId),
          compound: Number(a.compound),
          label: a.label,
        },
      });
    },
    UnitAreaChanged: async (tx, log) => {
      const a = log.args;
      await tx.unit.update({
        where: { communityId_unitId: { communityId: a.communityId, unitId: Number(a.unitId) } },
        data: { areaCm2: a.newAreaCm2, areaSource: Number(a.newSource) },
      });
    },
    UnitDelivered: async (tx, log) => {
      const a = log.args;
      await tx.unit.update({
        where: { communityId_unitId: { communityId: a.communityId, unitId: Number(a.unitId) } },
        data: { developerHeld: false },
      });
    },
    OwnerUnbound: async (tx, log) => {
      const a = log.args;
      await tx.ownerBinding.update({
        where: {
          communityId_unitId_owner: {
            communityId: a.communityId,
            unitId: Number(a.unitId),
            owner: lower(a.owner),
          },
        },
        data: { active: false },
      });
    },
  },
  runs: {
    UnitRegistered: applyUnitRun,
    OwnerBound: applyBindingRun,
  },
});

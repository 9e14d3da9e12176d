/** The registry's (core) events in the index: communities, committees, buildings, units, owners. */
import { lower, type ModuleEventHandlers, type LedgerLog, type Tx } from "../handlers";

interface SettingsArgs {
  noticeDays: number;
  adHocNoticeDays: number;
  objectionDays: number;
  allowBallotChange: boolean;
  excludeParkingArea: boolean;
}

/** Units are registered once (the contract refuses a duplicate): one insert for the run. */
async function applyUnitRun(tx: Tx, logs: readonly LedgerLog[]): Promise<void> {
  await tx.unit.createMany({
    data: logs.map(({ args: a }) => ({
      communityId: a.communityId as bigint,
      unitId: Number(a.unitId),
      buildingId: Number(a.buildingId),
      areaCm2: a.areaCm2 as bigint,
      areaSource: Number(a.areaSource),
      kind: Number(a.kind),
      developerHeld: a.developerHeld as boolean,
      label: a.label as string,
    })),
  });
}

/** A binding may return after an unbinding: one upsert for the run, the last event winning. */
async function applyBindingRun(tx: Tx, logs: readonly LedgerLog[]): Promise<void> {
  const latest = new Map<string, unknown[]>();
  for (const { args: a } of logs) {
    const row = [a.communityId as bigint, Number(a.unitId), lower(a.owner), a.identityHash as string, a.evidenceHash as string];
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

export const registryEvents: ModuleEventHandlers = {
  events: {
    CommunityCreated: async (tx, log) => {
      const a = log.args;
      const s = a.settings as SettingsArgs;
      await tx.community.create({
        data: {
          id: a.communityId as bigint,
          name: a.name as string,
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
        where: { id: a.communityId as bigint },
        data: {
          committeeEpoch: Number(a.epoch),
          threshold: Number(a.threshold),
          members: (a.members as string[]).map(lower),
        },
      });
    },
    SettingsChanged: async (tx, log) => {
      const a = log.args;
      await tx.community.update({ where: { id: a.communityId as bigint }, data: { ...(a.newSettings as SettingsArgs) } });
    },
    DeveloperSet: async (tx, log) => {
      const a = log.args;
      const developer = lower(a.newDeveloper);
      await tx.community.update({
        where: { id: a.communityId as bigint },
        data: { developer: developer === "0x0000000000000000000000000000000000000000" ? null : developer },
      });
    },
    BuildingRegistered: async (tx, log) => {
      const a = log.args;
      await tx.building.create({
        data: {
          communityId: a.communityId as bigint,
          buildingId: Number(a.buildingId),
          compound: Number(a.compound),
          label: a.label as string,
        },
      });
    },
    UnitAreaChanged: async (tx, log) => {
      const a = log.args;
      await tx.unit.update({
        where: { communityId_unitId: { communityId: a.communityId as bigint, unitId: Number(a.unitId) } },
        data: { areaCm2: a.newAreaCm2 as bigint, areaSource: Number(a.newSource) },
      });
    },
    UnitDelivered: async (tx, log) => {
      const a = log.args;
      await tx.unit.update({
        where: { communityId_unitId: { communityId: a.communityId as bigint, unitId: Number(a.unitId) } },
        data: { developerHeld: false },
      });
    },
    OwnerUnbound: async (tx, log) => {
      const a = log.args;
      await tx.ownerBinding.update({
        where: {
          communityId_unitId_owner: {
            communityId: a.communityId as bigint,
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
};

import { describe, expect, it } from "vitest";
import { encodePacked, keccak256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { UnitKind, buildRoll, proofFor, verifyRollProof, type RollInput } from "../../domain/electorate";
import {
  ADMIN_KEY_TAG,
  COMMITTEE_KEY_TAG,
  OWNER_KEY_TAG,
  SUPERVISOR_KEY_TAG,
  demoOwnerAddress,
  generateDemoCommunity,
  type DemoCommunity,
} from "../../scripts/demo/generateCommunity";
import { OWNER_ADDRESS_TABLE, OWNER_ADDRESS_TABLE_SIZE } from "../../scripts/demo/ownerAddressTable";

function rollInput(c: DemoCommunity, excludeParkingArea = false): RollInput {
  return {
    units: c.units,
    bindings: c.bindings.map((b) => {
      const owner = c.owners[b.ownerIndex];
      if (owner === undefined) throw new Error(`no owner ${b.ownerIndex}`);
      return { unitId: b.unitId, owner: owner.address, identityHash: owner.identityHash };
    }),
    settings: { excludeParkingArea },
    scope: { kind: 0, ids: [] },
    // the demo's developer (owner 0), named with setDeveloper by the seed
    developer: c.owners[0]!.address,
  };
}

const t0 = performance.now();
const community = generateDemoCommunity();
const firstCallMs = performance.now() - t0;

describe("generateDemoCommunity", () => {
  const c = community;

  it("is fast", () => {
    const start = performance.now();
    generateDemoCommunity();
    const againMs = performance.now() - start;
    console.log(`generateDemoCommunity: first call ${firstCallMs.toFixed(0)} ms, second ${againMs.toFixed(0)} ms`);
    expect(firstCallMs).toBeLessThan(1500);
    expect(againMs).toBeLessThan(1000);
  });

  it("has 10 compounds, 43 buildings and 3,109 units", () => {
    expect(c.name).toBe("幸福里小区");
    expect(c.compounds).toBe(10);
    expect(new Set(c.buildings.map((b) => b.compound)).size).toBe(10);
    expect(c.buildings).toHaveLength(43);
    expect(new Set(c.buildings.map((b) => b.buildingId)).size).toBe(43);
    expect(new Set(c.buildings.map((b) => b.label)).size).toBe(43);
    expect(c.buildings[11]?.label).toMatch(/^\d+期 12栋$/);
    expect(c.units).toHaveLength(3109);
    expect(c.units.map((u) => u.unitId)).toEqual(Array.from({ length: 3109 }, (_, i) => i + 1));
    expect(new Set(c.units.map((u) => u.label)).size).toBe(3109);
    const buildingIds = new Set(c.buildings.map((b) => b.buildingId));
    expect(c.units.every((u) => buildingIds.has(u.buildingId))).toBe(true);
  });

  it("has integer areas in range for each kind of unit", () => {
    for (const u of c.units) {
      expect(typeof u.areaCm2).toBe("bigint");
      if (u.kind === UnitKind.Residential) {
        expect(u.areaCm2 >= 4500n && u.areaCm2 <= 16000n).toBe(true);
        expect(u.label).toMatch(/^\d+-\d-\d+0[12]$/);
      } else if (u.kind === UnitKind.Parking) {
        expect(u.areaCm2 >= 1200n && u.areaCm2 <= 1500n).toBe(true);
        expect(u.label).toMatch(/^车位 B1-\d{3}$/);
      } else {
        expect(u.kind).toBe(UnitKind.Commercial);
        expect(u.areaCm2 > 0n).toBe(true);
      }
    }
    const parking = c.units.filter((u) => u.kind === UnitKind.Parking).length;
    const commercial = c.units.filter((u) => u.kind === UnitKind.Commercial).length;
    expect(parking).toBeGreaterThanOrEqual(24);
    expect(parking).toBeLessThanOrEqual(60);
    expect(commercial).toBeGreaterThanOrEqual(3);
    expect(commercial).toBeLessThanOrEqual(20);
    const registered = c.units.filter((u) => u.areaSource === 3).length;
    expect(registered / c.units.length).toBeGreaterThan(0.9);
    expect(c.units.every((u) => u.areaSource === 1 || u.areaSource === 2 || u.areaSource === 3)).toBe(true);
  });

  it("is deterministic", () => {
    expect(generateDemoCommunity()).toEqual(c);
    expect(generateDemoCommunity(20261128)).toEqual(c);
    const other = generateDemoCommunity(7);
    expect(other.units).toHaveLength(3109);
    expect(other.units.map((u) => u.areaCm2)).not.toEqual(c.units.map((u) => u.areaCm2));
  });

  it("has realistic ownership: multi-unit owners, co-owned units, the developer, unverified units", () => {
    const unitsOf = new Map<number, number[]>();
    const ownersOf = new Map<number, number[]>();
    for (const b of c.bindings) {
      unitsOf.set(b.ownerIndex, [...(unitsOf.get(b.ownerIndex) ?? []), b.unitId]);
      ownersOf.set(b.unitId, [...(ownersOf.get(b.unitId) ?? []), b.ownerIndex]);
    }
    const people = c.owners.filter((o) => o.role === "owner");
    const multi = people.filter((o) => (unitsOf.get(o.ownerIndex)?.length ?? 0) > 1);
    expect(multi.length / people.length).toBeGreaterThan(0.03);
    expect(multi.length / people.length).toBeLessThan(0.08);
    expect(people.some((o) => unitsOf.get(o.ownerIndex)?.length === 3)).toBe(true);
    const coOwned = [...ownersOf.values()].filter((o) => o.length === 2).length;
    expect(coOwned / c.units.length).toBeGreaterThan(0.02);
    expect(coOwned / c.units.length).toBeLessThan(0.05);
    expect([...ownersOf.values()].every((o) => o.length <= 2)).toBe(true);
    const unbound = c.units.filter((u) => !ownersOf.has(u.unitId));
    expect(unbound.length).toBeGreaterThanOrEqual(20);
    expect(unbound.length).toBeLessThanOrEqual(45);
    // Every owner holds something; nobody is bound twice to a unit.
    expect(c.owners.every((o) => (unitsOf.get(o.ownerIndex)?.length ?? 0) > 0)).toBe(true);
    expect(new Set(c.bindings.map((b) => `${b.unitId}:${b.ownerIndex}`)).size).toBe(c.bindings.length);
    // The developer: owner 0, bound to exactly the developer-held units.
    const developerUnits = c.units.filter((u) => u.developerHeld).map((u) => u.unitId);
    expect(developerUnits.length).toBeGreaterThanOrEqual(30);
    expect(developerUnits.length).toBeLessThanOrEqual(50);
    expect(c.owners[0]?.role).toBe("developer");
    expect(c.owners.filter((o) => o.role === "developer")).toHaveLength(1);
    expect(unitsOf.get(0)).toEqual(developerUnits);
    for (const unitId of developerUnits) expect(ownersOf.get(unitId)).toEqual([0]);
  });

  it("gives every owner a deterministic key, its address and a distinct identity hash", () => {
    c.owners.forEach((o, i) => expect(o.ownerIndex).toBe(i));
    expect(new Set(c.owners.map((o) => o.address.toLowerCase())).size).toBe(c.owners.length);
    expect(new Set(c.owners.map((o) => o.identityHash)).size).toBe(c.owners.length);
    for (const i of [0, 1, 2, 17, 1234, c.owners.length - 1]) {
      const o = c.owners[i];
      if (o === undefined) throw new Error("missing owner");
      expect(o.privateKey).toBe(keccak256(encodePacked(["string", "uint256"], [OWNER_KEY_TAG, BigInt(i)])));
      expect(o.address).toBe(privateKeyToAccount(o.privateKey).address);
      expect(o.identityHash).toMatch(/^0x[0-9a-f]{64}$/);
    }
  });

  it("has a precomputed owner address table that matches privateKeyToAccount everywhere", () => {
    expect(OWNER_ADDRESS_TABLE.length).toBe(OWNER_ADDRESS_TABLE_SIZE * 40);
    expect(OWNER_ADDRESS_TABLE_SIZE).toBeGreaterThan(community.owners.length);
    for (let i = 0; i < OWNER_ADDRESS_TABLE_SIZE; i++) {
      const expected = privateKeyToAccount(keccak256(encodePacked(["string", "uint256"], [OWNER_KEY_TAG, BigInt(i)]))).address;
      if (demoOwnerAddress(i) !== expected) expect.fail(`table entry ${i} is wrong`);
    }
    // Past the table, addresses are derived.
    const past = OWNER_ADDRESS_TABLE_SIZE + 3;
    expect(demoOwnerAddress(past)).toBe(
      privateKeyToAccount(keccak256(encodePacked(["string", "uint256"], [OWNER_KEY_TAG, BigInt(past)]))).address,
    );
  });

  it("has a committee of 5 with threshold 3, a supervisor and a district admin, apart from the owners", () => {
    expect(c.committee.members).toHaveLength(5);
    expect(c.committee.threshold).toBe(3);
    c.committee.members.forEach((m, i) => {
      expect(m.privateKey).toBe(keccak256(encodePacked(["string", "uint256"], [COMMITTEE_KEY_TAG, BigInt(i)])));
      expect(m.address).toBe(privateKeyToAccount(m.privateKey).address);
    });
    expect(c.supervisor.privateKey).toBe(keccak256(encodePacked(["string", "uint256"], [SUPERVISOR_KEY_TAG, 0n])));
    expect(c.supervisor.address).toBe(privateKeyToAccount(c.supervisor.privateKey).address);
    expect(c.districtAdmin.privateKey).toBe(keccak256(encodePacked(["string", "uint256"], [ADMIN_KEY_TAG, 0n])));
    expect(c.districtAdmin.address).toBe(privateKeyToAccount(c.districtAdmin.privateKey).address);
    const special = [...c.committee.members.map((m) => m.address), c.supervisor.address, c.districtAdmin.address];
    expect(new Set(special).size).toBe(7);
    const owners = new Set(c.owners.map((o) => o.address));
    expect(special.some((a) => owners.has(a))).toBe(false);
  });
});

describe("buildRoll on the demo community", () => {
  const c = community;

  it("merges multi-unit owners and the developer, with consistent totals, fast", () => {
    const input = rollInput(c);
    buildRoll(input); // warm up
    const start = performance.now();
    const roll = buildRoll(input);
    const ms = performance.now() - start;
    console.log(`buildRoll (3,109 units, ${roll.entryCount} entries, ${roll.leaves.length} leaves): ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1500);

    expect(roll.entryCount).toBeLessThan(3109);
    expect(roll.totalHeadcount).toBe(roll.entryCount);
    expect(roll.totalAreaCm2).toBe(c.units.reduce((s, u) => s + u.areaCm2, 0n));
    expect(roll.entries.reduce((s, e) => s + e.areaCm2, 0n)).toBe(roll.totalAreaCm2);
    const covered = roll.entries.flatMap((e) => e.unitIds).sort((a, b) => a - b);
    expect(covered).toEqual(c.units.map((u) => u.unitId));
    roll.entries.forEach((e, i) => {
      expect(e.entryId).toBe(i);
      if (i > 0) expect(e.unitIds[0]).toBeGreaterThan(roll.entries[i - 1]?.unitIds[0] ?? Infinity);
    });
    const developer = roll.entries.filter((e) => e.developer);
    expect(developer).toHaveLength(1);
    expect(developer[0]?.unitIds).toEqual(c.units.filter((u) => u.developerHeld).map((u) => u.unitId));
    expect(developer[0]?.voters).toEqual([c.owners[0]?.address.toLowerCase()]);
    // Owners (people) + the developer + units nobody is bound to, co-owners sharing.
    const boundUnits = new Set(c.bindings.map((b) => b.unitId));
    const unbound = c.units.filter((u) => !boundUnits.has(u.unitId)).length;
    const spouses = c.owners.filter((o, i) => {
      const mine = c.bindings.filter((b) => b.ownerIndex === i).map((b) => b.unitId);
      return o.role === "owner" && mine.every((u) => c.bindings.some((b) => b.unitId === u && b.ownerIndex < i));
    }).length;
    expect(roll.entryCount).toBe(c.owners.length - spouses + unbound);

    const someone = roll.entries.find((e) => e.voters.length === 2);
    expect(someone).toBeDefined();
    if (someone !== undefined) {
      for (const v of someone.voters) {
        const p = proofFor(roll, someone.entryId, v);
        expect(p !== null && verifyRollProof(roll.root, p.leaf, p.proof)).toBe(true);
      }
    }
    expect(() => roll.tree.validate()).not.toThrow();
  });

  it("leaves parking spaces out when the community excludes them", () => {
    const all = buildRoll(rollInput(c));
    const noParking = buildRoll(rollInput(c, true));
    const parkingArea = c.units.filter((u) => u.kind === UnitKind.Parking || u.kind === UnitKind.Stall).reduce((s, u) => s + u.areaCm2, 0n);
    expect(noParking.totalAreaCm2).toBe(all.totalAreaCm2 - parkingArea);
    expect(noParking.entryCount).toBeLessThanOrEqual(all.entryCount);
    expect(noParking.root).not.toBe(all.root);
  });

  it("limits a fund-use vote to one building", () => {
    const input = rollInput(c);
    const roll = buildRoll({ ...input, scope: { kind: 1, ids: [3] } });
    const inBuilding = c.units.filter((u) => u.buildingId === 3);
    expect(roll.totalAreaCm2).toBe(inBuilding.reduce((s, u) => s + u.areaCm2, 0n));
    expect(roll.entries.flatMap((e) => e.unitIds).sort((a, b) => a - b)).toEqual(inBuilding.map((u) => u.unitId));
  });
});

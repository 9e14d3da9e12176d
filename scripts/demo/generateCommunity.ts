/**
 * Deterministic demo community "幸福里小区": 10 compounds (期), 43 buildings, 3,109 units,
 * their owners with deterministic keys, the committee (5 members, threshold 3), the
 * supervisor and the district admin. Pure: no I/O, no Math.random, no clock.
 *
 * Keys: keccak256(encodePacked(["string","uint256"], [tag, index])) with the tags
 * "community-ledger-demo-owner" (index = ownerIndex; 0 is the developer),
 * "community-ledger-demo-committee" (index 0..4), "community-ledger-demo-supervisor" (0) and
 * "community-ledger-demo-admin" (0). They are public: use them for demos and tests only.
 *
 * Deriving ~3,000 secp256k1 public keys takes ~2.5 s, so owner addresses come from a
 * precomputed table (./ownerAddressTable, checked by a test against privateKeyToAccount);
 * indexes past the table are derived.
 */
import { encodePacked, keccak256, stringToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { OWNER_ADDRESS_TABLE, OWNER_ADDRESS_TABLE_SIZE } from "./ownerAddressTable";

export type Hex = `0x${string}`;
export type Address = `0x${string}`;

export const DEMO_SEED = 20261128;
export const DEMO_COMMUNITY_NAME = "幸福里小区";
export const DEMO_COMPOUNDS = 10;
export const DEMO_BUILDINGS = 43;
export const DEMO_UNITS = 3109;

export const OWNER_KEY_TAG = "community-ledger-demo-owner";
export const COMMITTEE_KEY_TAG = "community-ledger-demo-committee";
export const SUPERVISOR_KEY_TAG = "community-ledger-demo-supervisor";
export const ADMIN_KEY_TAG = "community-ledger-demo-admin";

/** Numbering of `ICommunityRegistry.UnitKind`. */
export type DemoUnitKind = 1 | 2 | 3 | 4;
/** Numbering of `ICommunityRegistry.AreaSource`: 1 Contract, 2 Surveyed, 3 Registered. */
export type DemoAreaSource = 1 | 2 | 3;

export interface DemoAccount {
  readonly privateKey: Hex;
  readonly address: Address;
}

export interface DemoBuilding {
  readonly buildingId: number;
  readonly compound: number;
  readonly label: string;
}

export interface DemoUnit {
  readonly unitId: number;
  readonly buildingId: number;
  readonly areaCm2: bigint;
  readonly areaSource: DemoAreaSource;
  readonly kind: DemoUnitKind;
  readonly developerHeld: boolean;
  readonly label: string;
}

export interface DemoOwner extends DemoAccount {
  readonly ownerIndex: number;
  readonly identityHash: Hex;
  readonly role: "owner" | "developer";
}

export interface DemoBinding {
  readonly unitId: number;
  readonly ownerIndex: number;
}

export interface DemoCommittee {
  readonly members: readonly DemoAccount[];
  readonly threshold: number;
}

export interface DemoCommunity {
  readonly seed: number;
  readonly name: string;
  readonly compounds: number;
  readonly buildings: readonly DemoBuilding[];
  readonly units: readonly DemoUnit[];
  /** Ordered by ownerIndex; owners[i].ownerIndex === i; owner 0 is the developer. */
  readonly owners: readonly DemoOwner[];
  /** Ordered by unitId, then ownerIndex. */
  readonly bindings: readonly DemoBinding[];
  readonly committee: DemoCommittee;
  readonly supervisor: DemoAccount;
  readonly districtAdmin: DemoAccount;
}

// ---------------------------------------------------------------------------------------
// Keys

/** keccak256(encodePacked(["string","uint256"], [tag, index])). */
export function demoPrivateKey(tag: string, index: number): Hex {
  return keccak256(encodePacked(["string", "uint256"], [tag, BigInt(index)]));
}

const derived = new Map<string, Address>();

/** The checksummed address of demoPrivateKey(tag, index), derived once and cached. */
export function deriveDemoAddress(tag: string, index: number): Address {
  const cacheKey = `${tag}#${index}`;
  let address = derived.get(cacheKey);
  if (address === undefined) {
    address = privateKeyToAccount(demoPrivateKey(tag, index)).address;
    derived.set(cacheKey, address);
  }
  return address;
}

let tableChecked = false;

/** The checksummed address of owner `ownerIndex`, from the precomputed table when possible. */
export function demoOwnerAddress(ownerIndex: number): Address {
  if (!Number.isSafeInteger(ownerIndex) || ownerIndex < 0) {
    throw new RangeError(`ownerIndex must be a non-negative integer, got ${String(ownerIndex)}`);
  }
  if (ownerIndex >= OWNER_ADDRESS_TABLE_SIZE) return deriveDemoAddress(OWNER_KEY_TAG, ownerIndex);
  if (!tableChecked) {
    // Cheap guard against a stale table: spot-check its first and last entries.
    for (const i of [0, OWNER_ADDRESS_TABLE_SIZE - 1]) {
      if (tableAddress(i) !== deriveDemoAddress(OWNER_KEY_TAG, i)) {
        throw new Error(`scripts/demo/ownerAddressTable.ts is stale at index ${i}: regenerate it`);
      }
    }
    tableChecked = true;
  }
  return tableAddress(ownerIndex);
}

function tableAddress(index: number): Address {
  return `0x${OWNER_ADDRESS_TABLE.slice(index * 40, index * 40 + 40)}`;
}

function demoAccount(tag: string, index: number): DemoAccount {
  return { privateKey: demoPrivateKey(tag, index), address: deriveDemoAddress(tag, index) };
}

export const DEMO_COMMITTEE_SIZE = 5;
export const DEMO_COMMITTEE_THRESHOLD = 3;

let committee: DemoCommittee | undefined;
let supervisor: DemoAccount | undefined;
let districtAdmin: DemoAccount | undefined;

/** The demo owners' committee: 5 members (key indexes 0..4), threshold 3. */
export function demoCommittee(): DemoCommittee {
  committee ??= Object.freeze({
    members: Object.freeze(
      Array.from({ length: DEMO_COMMITTEE_SIZE }, (_, i) => Object.freeze(demoAccount(COMMITTEE_KEY_TAG, i))),
    ),
    threshold: DEMO_COMMITTEE_THRESHOLD,
  });
  return committee;
}

/** The demo supervisor (residents' committee / street office). */
export function demoSupervisor(): DemoAccount {
  supervisor ??= Object.freeze(demoAccount(SUPERVISOR_KEY_TAG, 0));
  return supervisor;
}

/** The demo district admin (deployer of the registry). */
export function demoDistrictAdmin(): DemoAccount {
  districtAdmin ??= Object.freeze(demoAccount(ADMIN_KEY_TAG, 0));
  return districtAdmin;
}

// ---------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a small deterministic 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [lo, hi], inclusive. */
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }
  /** True with probability percent/100. */
  chance(percent: number): boolean {
    return this.next() % 10000 < percent * 100;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.next() % (i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
  /** k distinct items of `items`, in their original order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const picked = this.shuffle(items.map((_, i) => i)).slice(0, k).sort((a, b) => a - b);
    return picked.map((i) => items[i] as T);
  }
}

// ---------------------------------------------------------------------------------------
// Layout

/** Buildings per compound (期): 3 × 5 + 7 × 4 = 43. */
const BUILDINGS_PER_COMPOUND = [5, 5, 5, 4, 4, 4, 4, 4, 4, 4] as const;
const COMMERCIAL_UNITS = 12;
const PARKING_UNITS = 36;
const RESIDENTIAL_UNITS = DEMO_UNITS - COMMERCIAL_UNITS - PARKING_UNITS; // 3061
const DEVELOPER_RESIDENTIAL = 36;
const DEVELOPER_PARKING = 4;
const UNBOUND_UNITS = 31;
const MULTI_UNIT_PERCENT = 4;
const CO_OWNED_PERCENT = 3;

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** Splits `total` over integer weights, exactly, by largest remainder (ties: lower index). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((total * w) / sum));
  const order = weights
    .map((w, i) => ({ i, rem: (total * w) % sum }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (left === 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  return counts;
}

interface MutableUnit {
  unitId: number;
  buildingId: number;
  areaCm2: bigint;
  areaSource: DemoAreaSource;
  kind: DemoUnitKind;
  developerHeld: boolean;
  label: string;
}

/** Generates the demo community. Same seed → deeply equal result. */
export function generateDemoCommunity(seed: number = DEMO_SEED): DemoCommunity {
  const rng = new Rng(seed);

  // Buildings.
  const buildings: DemoBuilding[] = [];
  BUILDINGS_PER_COMPOUND.forEach((count, c) => {
    for (let k = 0; k < count; k++) {
      const buildingId = buildings.length + 1;
      buildings.push({ buildingId, compound: c + 1, label: `${c + 1}期 ${buildingId}栋` });
    }
  });
  const lastCompound = BUILDINGS_PER_COMPOUND.length;
  const lastCompoundBuildings = buildings.filter((b) => b.compound === lastCompound);
  const firstCompoundBuildings = buildings.filter((b) => b.compound === 1);

  // Units: residential flats building by building, shops on the ground floor of compound 1,
  // parking spaces in the garage under the last compound.
  const perBuilding = apportion(RESIDENTIAL_UNITS, buildings.map(() => rng.int(60, 100)));
  const shopsPerBuilding = apportion(COMMERCIAL_UNITS, firstCompoundBuildings.map(() => 1));
  const units: MutableUnit[] = [];
  buildings.forEach((building, b) => {
    const count = perBuilding[b] as number;
    const entrances = count <= 60 ? 1 : count <= 120 ? 2 : 3;
    const floors = Math.ceil(count / (entrances * 2));
    // One floor plan per stack (entrance, room): the same area on every floor.
    const stackArea: bigint[] = [];
    for (let s = 0; s < entrances * 2; s++) stackArea.push(BigInt(rng.int(4500, 16000)));
    for (let j = 0; j < count; j++) {
      const entrance = Math.floor(j / (floors * 2)) + 1;
      const k = j % (floors * 2);
      const floor = Math.floor(k / 2) + 1;
      const room = (k % 2) + 1;
      units.push({
        unitId: units.length + 1,
        buildingId: building.buildingId,
        areaCm2: stackArea[(entrance - 1) * 2 + (room - 1)] as bigint,
        areaSource: 3,
        kind: 1,
        developerHeld: false,
        label: `${building.buildingId}-${entrance}-${floor}${pad(room, 2)}`,
      });
    }
    const shopIndex = firstCompoundBuildings.indexOf(building);
    const shops = shopIndex >= 0 ? (shopsPerBuilding[shopIndex] as number) : 0;
    for (let s = 1; s <= shops; s++) {
      units.push({
        unitId: units.length + 1,
        buildingId: building.buildingId,
        areaCm2: BigInt(rng.int(6000, 24000)),
        areaSource: 3,
        kind: 2,
        developerHeld: false,
        label: `商铺 ${building.buildingId}-1${pad(s, 2)}`,
      });
    }
  });
  const perGarageBuilding = Math.ceil(PARKING_UNITS / lastCompoundBuildings.length);
  for (let n = 1; n <= PARKING_UNITS; n++) {
    const building = lastCompoundBuildings[Math.floor((n - 1) / perGarageBuilding)] as DemoBuilding;
    units.push({
      unitId: units.length + 1,
      buildingId: building.buildingId,
      areaCm2: BigInt(rng.int(1200, 1500)),
      areaSource: 3,
      kind: 3,
      developerHeld: false,
      label: `车位 B1-${pad(n, 3)}`,
    });
  }

  // Area source: mostly registered; a few only surveyed or only in the sales contract.
  for (const unit of units) {
    if (rng.chance(3)) unit.areaSource = 2;
    else if (rng.chance(1)) unit.areaSource = 1;
  }

  // The developer keeps undelivered flats of the newest compound and a few unsold spaces.
  const lastCompoundIds = new Set(lastCompoundBuildings.map((b) => b.buildingId));
  const developerUnits = [
    ...rng.sample(units.filter((u) => u.kind === 1 && lastCompoundIds.has(u.buildingId)), DEVELOPER_RESIDENTIAL),
    ...rng.sample(units.filter((u) => u.kind === 3), DEVELOPER_PARKING),
  ];
  for (const unit of developerUnits) {
    unit.developerHeld = true;
    unit.areaSource = 2; // not yet registered: surveyed area
  }

  // Some flats' owners have not been verified yet: no binding.
  const unbound = new Set(
    rng.sample(units.filter((u) => u.kind === 1 && !u.developerHeld), UNBOUND_UNITS).map((u) => u.unitId),
  );

  // Buyers. Each person is a list of unit ids; spouses share their partner's units.
  const pool = rng.shuffle(
    units.filter((u) => u.kind !== 3 && !u.developerHeld && !unbound.has(u.unitId)).map((u) => u.unitId),
  );
  const people: { units: number[]; spouseOf: number | null }[] = [];
  for (let p = 0; p < pool.length; ) {
    const held = [pool[p++] as number];
    if (rng.chance(MULTI_UNIT_PERCENT)) {
      const extra = rng.chance(70) ? 1 : 2;
      for (let e = 0; e < extra && p < pool.length; e++) held.push(pool[p++] as number);
    }
    people.push({ units: held, spouseOf: null });
  }
  // Parking spaces sold to residents.
  const buyers = people.length;
  for (const unit of units) {
    if (unit.kind !== 3 || unit.developerHeld || unbound.has(unit.unitId)) continue;
    (people[rng.int(0, buyers - 1)] as { units: number[] }).units.push(unit.unitId);
  }
  // Co-owners (spouses) of every unit of some buyers.
  for (let i = 0; i < buyers; i++) {
    if (rng.chance(CO_OWNED_PERCENT)) people.push({ units: (people[i] as { units: number[] }).units, spouseOf: i });
  }

  // Number owners by their smallest unit id (a spouse right after the partner); 0 = developer.
  const minUnit = (units_: readonly number[]): number => Math.min(...units_);
  const order = people
    .map((person, i) => ({ i, first: minUnit(person.units), spouse: person.spouseOf === null ? 0 : 1 }))
    .sort((a, b) => a.first - b.first || a.spouse - b.spouse || a.i - b.i);

  const identity = (who: string): Hex =>
    keccak256(stringToHex(`community-ledger-demo-identity|salt:${seed}|${who}`));
  const owners: DemoOwner[] = [
    {
      ownerIndex: 0,
      privateKey: demoPrivateKey(OWNER_KEY_TAG, 0),
      address: demoOwnerAddress(0),
      identityHash: identity("developer:幸福里置业有限公司"),
      role: "developer",
    },
  ];
  const bindings: DemoBinding[] = developerUnits.map((u) => ({ unitId: u.unitId, ownerIndex: 0 }));
  for (const { i } of order) {
    const ownerIndex = owners.length;
    owners.push({
      ownerIndex,
      privateKey: demoPrivateKey(OWNER_KEY_TAG, ownerIndex),
      address: demoOwnerAddress(ownerIndex),
      identityHash: identity(`person:DEMO-${pad(ownerIndex, 6)}`),
      role: "owner",
    });
    for (const unitId of (people[i] as { units: number[] }).units) bindings.push({ unitId, ownerIndex });
  }
  bindings.sort((a, b) => a.unitId - b.unitId || a.ownerIndex - b.ownerIndex);

  return {
    seed,
    name: DEMO_COMMUNITY_NAME,
    compounds: DEMO_COMPOUNDS,
    buildings,
    units: units.map((u) => ({ ...u })),
    owners,
    bindings,
    committee: demoCommittee(),
    supervisor: demoSupervisor(),
    districtAdmin: demoDistrictAdmin(),
  };
}

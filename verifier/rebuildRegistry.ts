/**
 * Rebuilds the registry's per-community state by folding its events in chain order. Pure: no
 * I/O. The verifier uses it to recompute an electorate roll from the chain alone, as the
 * registry stood just before a proposal was published.
 */
import { ZERO_ADDRESS, type RollBinding, type RollInput, type RollScope, type RollUnit, type UnitKind } from "../domain/electorate";
import {
  comparePositions,
  sortByPosition,
  type Address,
  type Hex,
  type LogPosition,
  type RegistryEvent,
  type Settings,
} from "./events";

export interface UnitState {
  readonly unitId: number;
  readonly buildingId: number;
  readonly areaCm2: bigint;
  readonly areaSource: number;
  readonly kind: number;
  readonly developerHeld: boolean;
  readonly label: string;
}

export interface BindingState {
  readonly unitId: number;
  /** Lowercase. */
  readonly owner: Address;
  readonly identityHash: Hex;
}

export interface CommunityState {
  readonly communityId: bigint;
  readonly name: string;
  readonly supervisor: Address;
  /** Lowercase; the only signer of the developer's entry; null: nobody yet. */
  readonly developer: Address | null;
  readonly settings: Settings;
  readonly committee: { readonly epoch: number; readonly members: readonly Address[]; readonly threshold: number } | null;
  readonly buildings: ReadonlyMap<number, { readonly compound: number; readonly label: string }>;
  readonly units: ReadonlyMap<number, UnitState>;
  /** Active bindings keyed by `${unitId}:${owner}` (owner lowercase), in binding order. */
  readonly bindings: ReadonlyMap<string, BindingState>;
}

/** An event the contract should never have emitted in this state (kept, not thrown). */
export interface RegistryAnomaly {
  readonly position: LogPosition;
  readonly eventName: string;
  readonly code:
    | "UNKNOWN_COMMUNITY"
    | "DUPLICATE_COMMUNITY"
    | "UNKNOWN_UNIT"
    | "DUPLICATE_UNIT"
    | "UNKNOWN_BINDING";
  readonly communityId: bigint;
}

export interface RegistrySnapshot {
  readonly communities: ReadonlyMap<bigint, CommunityState>;
  readonly anomalies: readonly RegistryAnomaly[];
}

export interface RebuildRegistryParameters {
  /** Registry events in any order; they are folded in chain order. */
  readonly events: readonly RegistryEvent[];
  /** Only events strictly before this log are applied (the state "as of" that point). */
  readonly before?: LogPosition;
  /** Only this community (faster for a many-community chain). */
  readonly communityId?: bigint;
}

interface MutableCommunity {
  communityId: bigint;
  name: string;
  supervisor: Address;
  developer: Address | null;
  settings: Settings;
  committee: { epoch: number; members: readonly Address[]; threshold: number } | null;
  buildings: Map<number, { compound: number; label: string }>;
  units: Map<number, UnitState>;
  bindings: Map<string, BindingState>;
}

const bindingKey = (unitId: number, owner: string) => `${unitId}:${owner.toLowerCase()}`;

/** Folds registry events, in chain order, into the state of every community. */
export function rebuildRegistry(params: RebuildRegistryParameters): RegistrySnapshot {
  const communities = new Map<bigint, MutableCommunity>();
  const anomalies: RegistryAnomaly[] = [];
  const { before, communityId: only } = params;

  for (const ev of sortByPosition(params.events)) {
    if (before !== undefined && comparePositions(ev, before) >= 0) break;
    const id = ev.args.communityId;
    if (only !== undefined && id !== only) continue;
    const anomaly = (code: RegistryAnomaly["code"]) =>
      anomalies.push({ position: { blockNumber: ev.blockNumber, logIndex: ev.logIndex }, eventName: ev.eventName, code, communityId: id });

    if (ev.eventName === "CommunityCreated") {
      if (communities.has(id)) {
        anomaly("DUPLICATE_COMMUNITY");
        continue;
      }
      communities.set(id, {
        communityId: id,
        name: ev.args.name,
        supervisor: ev.args.supervisor.toLowerCase() as Address,
        developer: null,
        settings: { ...ev.args.settings },
        committee: null,
        buildings: new Map(),
        units: new Map(),
        bindings: new Map(),
      });
      continue;
    }

    const c = communities.get(id);
    if (c === undefined) {
      anomaly("UNKNOWN_COMMUNITY");
      continue;
    }

    switch (ev.eventName) {
      case "CommitteeInstalled":
        c.committee = {
          epoch: ev.args.epoch,
          members: ev.args.members.map((m) => m.toLowerCase() as Address),
          threshold: ev.args.threshold,
        };
        break;
      case "SettingsChanged":
        c.settings = { ...ev.args.newSettings };
        break;
      case "DeveloperSet": {
        const d = ev.args.newDeveloper.toLowerCase() as Address;
        c.developer = d === ZERO_ADDRESS ? null : d;
        break;
      }
      case "BuildingRegistered":
        c.buildings.set(ev.args.buildingId, { compound: ev.args.compound, label: ev.args.label });
        break;
      case "UnitRegistered": {
        const a = ev.args;
        if (c.units.has(a.unitId)) {
          anomaly("DUPLICATE_UNIT");
          break;
        }
        c.units.set(a.unitId, {
          unitId: a.unitId,
          buildingId: a.buildingId,
          areaCm2: a.areaCm2,
          areaSource: a.areaSource,
          kind: a.kind,
          developerHeld: a.developerHeld,
          label: a.label,
        });
        break;
      }
      case "UnitAreaChanged": {
        const u = c.units.get(ev.args.unitId);
        if (u === undefined) {
          anomaly("UNKNOWN_UNIT");
          break;
        }
        c.units.set(u.unitId, { ...u, areaCm2: ev.args.newAreaCm2, areaSource: ev.args.newSource });
        break;
      }
      case "UnitDelivered": {
        const u = c.units.get(ev.args.unitId);
        if (u === undefined) {
          anomaly("UNKNOWN_UNIT");
          break;
        }
        c.units.set(u.unitId, { ...u, developerHeld: false });
        break;
      }
      case "OwnerBound": {
        if (!c.units.has(ev.args.unitId)) {
          anomaly("UNKNOWN_UNIT");
          break;
        }
        const owner = ev.args.owner.toLowerCase() as Address;
        c.bindings.set(bindingKey(ev.args.unitId, owner), {
          unitId: ev.args.unitId,
          owner,
          identityHash: ev.args.identityHash.toLowerCase() as Hex,
        });
        break;
      }
      case "OwnerUnbound": {
        if (!c.bindings.delete(bindingKey(ev.args.unitId, ev.args.owner))) anomaly("UNKNOWN_BINDING");
        break;
      }
    }
  }
  return { communities, anomalies };
}

/** The input of `buildRoll` for a community's state, a scope and (optionally) overridden settings. */
export function rollInputOf(state: CommunityState, scope: RollScope): RollInput {
  const units: RollUnit[] = [...state.units.values()].map((u) => ({
    unitId: u.unitId,
    buildingId: u.buildingId,
    areaCm2: u.areaCm2,
    kind: u.kind as UnitKind,
    developerHeld: u.developerHeld,
  }));
  const bindings: RollBinding[] = [...state.bindings.values()].map((b) => ({
    unitId: b.unitId,
    owner: b.owner,
    identityHash: b.identityHash,
  }));
  return {
    units,
    bindings,
    settings: { excludeParkingArea: state.settings.excludeParkingArea },
    scope,
    ...(state.developer ? { developer: state.developer } : {}),
  };
}

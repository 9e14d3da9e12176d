/**
 * The decoded chain events the verifier works on, in the shape viem's `getContractEvents`
 * returns them (uint8..uint48 as number, uint64 and wider as bigint, addresses as hex).
 * Kept as plain interfaces so the pure parts can be tested with synthetic events.
 */
import type { CommunitySettings } from "../domain/settings";
export type Hex = `0x${string}`;
export type Address = `0x${string}`;

/** Where a log sits in the chain: logs are totally ordered by (blockNumber, logIndex). */
export interface LogPosition {
  readonly blockNumber: bigint;
  readonly logIndex: number;
}

export interface LogMeta extends LogPosition {
  readonly transactionHash: Hex;
}

/** `ICommunityRegistry.Settings`. */
export type Settings = CommunitySettings;

type Ev<N extends string, A> = LogMeta & { readonly eventName: N; readonly args: A };

export type RegistryEvent =
  | Ev<"CommunityCreated", { communityId: bigint; supervisor: Address; name: string; settings: Settings }>
  | Ev<"CommitteeInstalled", { communityId: bigint; epoch: number; members: readonly Address[]; threshold: number }>
  | Ev<"SettingsChanged", { communityId: bigint; oldSettings: Settings; newSettings: Settings }>
  | Ev<"DeveloperSet", { communityId: bigint; oldDeveloper: Address; newDeveloper: Address }>
  | Ev<"BuildingRegistered", { communityId: bigint; buildingId: number; compound: number; label: string }>
  | Ev<
      "UnitRegistered",
      {
        communityId: bigint;
        unitId: number;
        buildingId: number;
        areaCm2: bigint;
        areaSource: number;
        kind: number;
        developerHeld: boolean;
        label: string;
      }
    >
  | Ev<
      "UnitAreaChanged",
      { communityId: bigint; unitId: number; oldAreaCm2: bigint; oldSource: number; newAreaCm2: bigint; newSource: number }
    >
  | Ev<"UnitDelivered", { communityId: bigint; unitId: number }>
  | Ev<"OwnerBound", { communityId: bigint; unitId: number; owner: Address; identityHash: Hex; evidenceHash: Hex }>
  | Ev<"OwnerUnbound", { communityId: bigint; unitId: number; owner: Address; evidenceHash: Hex }>;

/** `IOwnerVoting.ProposalInput` as logged in ProposalPublished. */
export interface ProposalInput {
  readonly communityId: bigint;
  readonly matter: number;
  readonly scopeKind: number;
  readonly scopeIds: readonly number[];
  readonly adHoc: boolean;
  readonly votingStart: bigint;
  readonly votingEnd: bigint;
  readonly title: string;
  readonly textHash: Hex;
  readonly options: readonly string[];
  /** false: for / against / abstain, only "for" (option 0) can pass; true: one choice among named options. */
  readonly namedChoice: boolean;
  readonly rollRoot: Hex;
  readonly totalAreaCm2: bigint;
  readonly totalHeadcount: number;
  readonly entryCount: number;
}

export type VotingEvent =
  | Ev<"ProposalPublished", { proposalId: bigint; communityId: bigint; input: ProposalInput; publishedAt: bigint }>
  | Ev<
      "BallotCast",
      {
        proposalId: bigint;
        entryId: number;
        signer: Address;
        choice: number;
        nonce: number;
        kind: number;
        areaCm2: bigint;
        headcount: number;
      }
    >
  | Ev<"BallotRejected", { proposalId: bigint; entryId: number; ballotDigest: Hex; reason: number }>
  | Ev<"PaperBallotEntered", { proposalId: bigint; entryId: number; choice: number; scanHash: Hex; counted: boolean }>
  | Ev<"MandateRegistered", { proposalId: bigint; entryId: number; proxy: Address; mandateHash: Hex }>
  | Ev<
      "ProposalTallied",
      {
        proposalId: bigint;
        participatingAreaCm2: bigint;
        participatingHeadcount: number;
        quorumMet: boolean;
        outcome: number;
        winningOption: number;
        objectionEnd: bigint;
      }
    >
  | Ev<"VotingExtended", { proposalId: bigint; oldVotingEnd: bigint; newVotingEnd: bigint }>
  | Ev<"ProposalFinalised", { proposalId: bigint; outcome: number; winningOption: number }>;

export type EventOf<E extends { eventName: string }, N extends E["eventName"]> = Extract<E, { eventName: N }>;

/** Negative if a is before b, positive if after, 0 if the same log. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}

/** A copy sorted by chain position (stable for equal positions). */
export function sortByPosition<T extends LogPosition>(events: readonly T[]): T[] {
  return [...events].sort(comparePositions);
}

/** `IOwnerVoting.BallotKind`, `Outcome` and `Status`, from the compiled contracts. */
export { BallotKindCode as BallotKind, OutcomeCode, StatusCode } from "../chain/enums";

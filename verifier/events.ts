/**
 * The decoded chain events the verifier works on, in the shape viem's `getContractEvents`
 * returns them (uint8..uint48 as number, uint64 and wider as bigint, addresses as hex), their
 * argument types derived from the compiled contracts' ABIs, so that they cannot drift from the
 * contracts. Plain data, so the pure parts can be tested with synthetic events.
 */
import type { Abi, ContractEventName, GetEventArgs } from "viem";
import type { communityRegistryAbi, ownerVotingAbi } from "../chain/abi";
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

/** The events the verifier folds, by contract: the names it reads from the chain. */
export const REGISTRY_EVENT_NAMES = [
  "CommunityCreated",
  "CommitteeInstalled",
  "SettingsChanged",
  "DeveloperSet",
  "BuildingRegistered",
  "UnitRegistered",
  "UnitAreaChanged",
  "UnitDelivered",
  "OwnerBound",
  "OwnerUnbound",
] as const satisfies readonly ContractEventName<typeof communityRegistryAbi>[];
export const VOTING_EVENT_NAMES = [
  "ProposalPublished",
  "BallotCast",
  "BallotRejected",
  "PaperBallotEntered",
  "MandateRegistered",
  "ProposalTallied",
  "VotingExtended",
  "ProposalFinalised",
  "ObjectionFiled",
  "ObjectionAnswered",
] as const satisfies readonly ContractEventName<typeof ownerVotingAbi>[];

/** An event's arguments, every one present, typed from the compiled contract's ABI by viem. */
type ArgsOf<A extends Abi, N extends ContractEventName<A>> = GetEventArgs<
  A,
  N,
  { EnableUnion: false; IndexedOnly: false; Required: true }
>;
type Ev<A extends Abi, N extends ContractEventName<A>> = N extends unknown
  ? LogMeta & { readonly eventName: N; readonly args: ArgsOf<A, N> }
  : never;

export type RegistryEvent = Ev<typeof communityRegistryAbi, (typeof REGISTRY_EVENT_NAMES)[number]>;
export type VotingEvent = Ev<typeof ownerVotingAbi, (typeof VOTING_EVENT_NAMES)[number]>;

/** `IOwnerVoting.ProposalInput` as logged in ProposalPublished. */
export type ProposalInput = ArgsOf<typeof ownerVotingAbi, "ProposalPublished">["input"];

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

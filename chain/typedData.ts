/**
 * EIP-712 domains and types of every signed action. The contracts check exactly these; the
 * web client, the API, the seed script and the tests sign with them.
 */
import type { Address, Hex } from "viem";

export const registryDomain = (chainId: number, verifyingContract: Address) =>
  ({ name: "CommunityRegistry", version: "1", chainId, verifyingContract }) as const;

export const votingDomain = (chainId: number, verifyingContract: Address) =>
  ({ name: "OwnerVoting", version: "1", chainId, verifyingContract }) as const;

export const committeeActionTypes = {
  CommitteeAction: [
    { name: "communityId", type: "uint256" },
    { name: "kind", type: "uint8" },
    { name: "payloadHash", type: "bytes32" },
    { name: "salt", type: "bytes32" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/** An action of a module signed by the community's custodian (its movements of real money). */
export const custodianActionTypes = {
  CustodianAction: [
    { name: "communityId", type: "uint256" },
    { name: "kind", type: "uint8" },
    { name: "payloadHash", type: "bytes32" },
    { name: "salt", type: "bytes32" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

export const fundReportsDomain = (chainId: number, verifyingContract: Address) =>
  ({ name: "FundReports", version: "1", chainId, verifyingContract }) as const;

/** An owner's rating of a plan's work (1–5 stars); `commentHash` is keccak256 of the comment's UTF-8. */
export const workRatingTypes = {
  WorkRating: [
    { name: "planId", type: "uint256" },
    { name: "entryId", type: "uint32" },
    { name: "stars", type: "uint8" },
    { name: "commentHash", type: "bytes32" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

export const supervisorActionTypes = {
  SupervisorAction: [
    { name: "kind", type: "uint8" },
    { name: "payloadHash", type: "bytes32" },
    { name: "salt", type: "bytes32" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

export const ballotTypes = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "entryId", type: "uint32" },
    { name: "choice", type: "uint8" },
    { name: "nonce", type: "uint16" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/** An objection (询异) to a provisional result; `textHash` is keccak256 of the text's UTF-8 bytes. */
export const objectionTypes = {
  Objection: [
    { name: "proposalId", type: "uint256" },
    { name: "entryId", type: "uint32" },
    { name: "textHash", type: "bytes32" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

export { CommitteeKind, SupervisorKind, needsSupervisor, signerOfKind, type ActionSigner } from "./enums";

export interface CommitteeActionMessage {
  communityId: bigint;
  kind: number;
  payloadHash: Hex;
  salt: Hex;
  deadline: bigint;
}

export interface BallotMessage {
  proposalId: bigint;
  entryId: number;
  choice: number;
  nonce: number;
  deadline: bigint;
}

export interface ObjectionMessage {
  proposalId: bigint;
  entryId: number;
  textHash: Hex;
  deadline: bigint;
}

/** The EIP-712 typed data of one ballot: what the owner's browser signs and the contract checks. */
export function ballotTypedData(chainId: number, voting: Address, message: BallotMessage) {
  return { domain: votingDomain(chainId, voting), types: ballotTypes, primaryType: "Ballot" as const, message: { ...message } };
}

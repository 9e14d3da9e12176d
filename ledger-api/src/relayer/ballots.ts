/**
 * Accepting a signed ballot: every check the contract makes is made here first, so a client
 * learns at once why a ballot cannot count; an accepted ballot is queued in the database and
 * a receipt returned. The same signed ballot twice gives the same receipt (the EIP-712
 * digest is the idempotency key).
 */
import { concat, hashTypedData, keccak256, type Address, type Hex } from "viem";
import { recoverSigner } from "./recoverSigner";
import { ballotTypes, votingDomain } from "../../../chain/typedData";
import type { Deployment } from "../chain/deployment";
import { isUniqueViolation } from "../db/client";
import { ApiError } from "../errors";
import type { PrismaClient, RelayJob } from "../generated/prisma/client";

export interface BallotSubmission {
  proposalId: bigint;
  entryId: number;
  voter: Address;
  choice: number;
  nonce: number;
  deadline: bigint;
  signature: Hex;
}

export interface BallotPayload {
  proposalId: string;
  entryId: number;
  voter: Address;
  choice: number;
  nonce: number;
  deadline: string;
  signature: Hex;
  signer: Address;
  /** The EIP-712 digest the contract names in BallotRejected. */
  ballotDigest: Hex;
}

export interface Receipt {
  id: string;
  digest: string;
  status: string;
  proposalId: string | null;
  entryId: number | null;
  choice: number | null;
  txHash: string | null;
  blockNumber: string | null;
  reason: string | null;
}

export function toReceipt(job: RelayJob): Receipt {
  const payload = job.payload as Partial<BallotPayload>;
  return {
    id: job.id,
    digest: job.digest,
    status: job.status,
    proposalId: job.proposalId?.toString() ?? null,
    entryId: job.entryId,
    choice: payload.choice ?? null,
    txHash: job.txHash,
    blockNumber: job.blockNumber?.toString() ?? null,
    reason: job.reason,
  };
}

export async function submitBallot(
  prisma: PrismaClient,
  deployment: Deployment,
  chainTime: () => Promise<bigint>,
  b: BallotSubmission,
): Promise<{ receipt: Receipt; created: boolean }> {
  const message = {
    proposalId: b.proposalId,
    entryId: b.entryId,
    choice: b.choice,
    nonce: b.nonce,
    deadline: b.deadline,
  };
  const domain = votingDomain(deployment.chainId, deployment.voting);
  const ballotDigest = hashTypedData({ domain, types: ballotTypes, primaryType: "Ballot", message });

  let signer: Address;
  try {
    signer = await recoverSigner(ballotDigest, b.signature);
  } catch (err) {
    throw new ApiError("BAD_SIGNATURE", undefined, err);
  }

  // Idempotency: the same signed ballot (same message, same signer) returns its first receipt,
  // whatever happened since. Two people signing the same message are two ballots.
  const digest = keccak256(concat([ballotDigest, signer]));
  const existing = await prisma.relayJob.findUnique({ where: { digest } });
  if (existing) return { receipt: toReceipt(existing), created: false };

  const proposal = await prisma.proposal.findUnique({ where: { id: b.proposalId } });
  if (!proposal) throw new ApiError("PROPOSAL_NOT_FOUND");
  const now = await chainTime();
  if (proposal.status !== "open" || now < proposal.votingStart || now >= proposal.votingEnd) {
    throw new ApiError("VOTING_NOT_OPEN", {
      votingStart: proposal.votingStart.toString(),
      votingEnd: proposal.votingEnd.toString(),
      chainTime: now.toString(),
    });
  }
  if (b.deadline < now) throw new ApiError("BALLOT_EXPIRED");
  const options = proposal.options as string[];
  if (b.choice >= options.length) throw new ApiError("BAD_CHOICE", { optionCount: options.length });

  const voter = b.voter.toLowerCase();
  const leaf = await prisma.rollVoter.findUnique({
    where: { proposalId_voter_entryId: { proposalId: b.proposalId, voter, entryId: b.entryId } },
  });
  if (!leaf) throw new ApiError("NOT_IN_ELECTORATE", { entryId: b.entryId, voter });
  if (signer.toLowerCase() !== voter) {
    const mandate = await prisma.mandate.findUnique({
      where: { proposalId_entryId: { proposalId: b.proposalId, entryId: b.entryId } },
    });
    if (!mandate || mandate.proxy !== signer.toLowerCase()) {
      throw new ApiError("WRONG_SIGNER", { signer: signer.toLowerCase() });
    }
  }

  const current = await prisma.ballot.findUnique({
    where: { proposalId_entryId: { proposalId: b.proposalId, entryId: b.entryId } },
  });
  if (current?.kind === "electronic") {
    const community = await prisma.community.findUnique({ where: { id: proposal.communityId } });
    if (community && !community.allowBallotChange) throw new ApiError("BALLOT_CHANGE_NOT_ALLOWED");
  }
  if (b.nonce < 1 || (current?.kind === "electronic" && b.nonce <= current.nonce)) {
    throw new ApiError("BALLOT_NONCE_USED", { currentNonce: current?.nonce ?? 0 });
  }

  const payload: BallotPayload = {
    proposalId: b.proposalId.toString(),
    entryId: b.entryId,
    voter: b.voter,
    choice: b.choice,
    nonce: b.nonce,
    deadline: b.deadline.toString(),
    signature: b.signature,
    signer,
    ballotDigest,
  };
  try {
    const job = await prisma.relayJob.create({
      data: {
        digest,
        kind: "ballot",
        proposalId: b.proposalId,
        entryId: b.entryId,
        payload: payload as object,
        status: "accepted",
      },
    });
    return { receipt: toReceipt(job), created: true };
  } catch (err) {
    // Two identical submissions raced: both get the one stored receipt.
    if (isUniqueViolation(err)) {
      const job = await prisma.relayJob.findUnique({ where: { digest } });
      if (job) return { receipt: toReceipt(job), created: false };
    }
    throw err;
  }
}

/**
 * Accepting a signed ballot: every check the contract makes is made here first, so a client
 * learns at once why a ballot cannot count; an accepted ballot is queued in the database and
 * a receipt returned. The same signed ballot twice gives the same receipt (the EIP-712
 * digest is the idempotency key).
 */
import { concat, hashTypedData, keccak256, type Address, type Hex } from "viem";
import { recoverOrRefuse } from "./recoverSigner";
import type { SignedBallotInput } from "../../../chain/relayedBallots";
import { ballotTypes, votingDomain } from "../../../chain/typedData";
import type { Deployment } from "../chain/deployment";
import { ApiError } from "../errors";
import type { PrismaClient, RelayJob } from "../generated/prisma/client";

export interface BallotSubmission extends SignedBallotInput {
  proposalId: bigint;
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
  /** Checks a stored job against the chain (see RelayWorker.verify), so a resubmission gets the true receipt. */
  verify: (job: RelayJob) => Promise<RelayJob> = async (job) => job,
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

  // The signature is stored and relayed in its canonical form (v 27/28, low s), the one the
  // contract takes; another encoding of the same signature is the same ballot.
  const { signer, signature } = await recoverOrRefuse(ballotDigest, b.signature);

  // Idempotency: the same signed ballot (same message, same signer) returns its first receipt,
  // whatever happened since (checked in the query below). Two people signing the same message
  // are two ballots.
  const digest = keccak256(concat([ballotDigest, signer]));

  // Everything the checks below need, in one query (this is the hot path of a vote).
  const voter = b.voter.toLowerCase();
  const rows = await prisma.$queryRawUnsafe<
    {
      status: string;
      votingStart: unknown;
      votingEnd: unknown;
      optionCount: unknown;
      allowBallotChange: boolean | null;
      rollMatches: boolean;
      inRoll: boolean;
      proxy: string | null;
      ballotKind: string | null;
      ballotNonce: unknown;
      existingJob: string | null;
    }[]
  >(
    `SELECT p."status", p."votingStart", p."votingEnd", jsonb_array_length(p."options") AS "optionCount",
            p."allowBallotChange", p."rollMatches",
            EXISTS (SELECT 1 FROM "RollVoter" rv
                     WHERE rv."proposalId" = p."id" AND rv."voter" = $2 AND rv."entryId" = $3) AS "inRoll",
            (SELECT m."proxy" FROM "Mandate" m WHERE m."proposalId" = p."id" AND m."entryId" = $3) AS "proxy",
            bl."kind" AS "ballotKind", bl."nonce" AS "ballotNonce",
            (SELECT rj."id" FROM "RelayJob" rj WHERE rj."digest" = $4) AS "existingJob"
       FROM "Proposal" p
       LEFT JOIN "Ballot" bl ON bl."proposalId" = p."id" AND bl."entryId" = $3
      WHERE p."id" = $1`,
    b.proposalId,
    voter,
    b.entryId,
    digest,
  );
  const row = rows[0];
  if (!row) throw new ApiError("PROPOSAL_NOT_FOUND");
  if (row.existingJob) {
    const existing = await prisma.relayJob.findUnique({ where: { id: row.existingJob } });
    if (existing) return { receipt: toReceipt(await verify(existing)), created: false };
  }
  // the index could not rebuild the roll published on chain: it can prove no entry of it
  if (!row.rollMatches) throw new ApiError("ROLL_MISMATCH", { proposalId: b.proposalId.toString() });
  const votingStart = BigInt(String(row.votingStart));
  const votingEnd = BigInt(String(row.votingEnd));
  const now = await chainTime();
  if (row.status !== "open" || now < votingStart || now >= votingEnd) {
    throw new ApiError("VOTING_NOT_OPEN", {
      votingStart: votingStart.toString(),
      votingEnd: votingEnd.toString(),
      chainTime: now.toString(),
    });
  }
  if (b.deadline < now) throw new ApiError("BALLOT_EXPIRED");
  const optionCount = Number(row.optionCount);
  if (b.choice >= optionCount) throw new ApiError("BAD_CHOICE", { optionCount });
  if (!row.inRoll) throw new ApiError("NOT_IN_ELECTORATE", { entryId: b.entryId, voter });
  if (signer.toLowerCase() !== voter && row.proxy !== signer.toLowerCase()) {
    throw new ApiError("WRONG_SIGNER", { signer: signer.toLowerCase() });
  }
  const currentNonce = row.ballotNonce === null ? 0 : Number(row.ballotNonce);
  // The proposal's own rule, fixed when it was published (not the community's settings of today).
  if (row.ballotKind === "electronic" && row.allowBallotChange !== true) throw new ApiError("BALLOT_CHANGE_NOT_ALLOWED");
  if (b.nonce < 1 || (row.ballotKind === "electronic" && b.nonce <= currentNonce)) {
    throw new ApiError("BALLOT_NONCE_USED", { currentNonce });
  }

  const payload: BallotPayload = {
    proposalId: b.proposalId.toString(),
    entryId: b.entryId,
    voter: b.voter,
    choice: b.choice,
    nonce: b.nonce,
    deadline: b.deadline.toString(),
    signature,
    signer,
    ballotDigest,
  };
  // One plain INSERT (this is the hot path); a concurrent identical submission inserts nothing
  // and both callers get the one stored receipt.
  const id = crypto.randomUUID();
  const inserted = await prisma.$executeRawUnsafe(
    `INSERT INTO "RelayJob" ("id", "digest", "kind", "proposalId", "entryId", "payload", "status", "createdAt", "updatedAt")
     VALUES ($1, $2, 'ballot', $3, $4, $5::jsonb, 'accepted', now(), now())
     ON CONFLICT ("digest") DO NOTHING`,
    id,
    digest,
    b.proposalId,
    b.entryId,
    JSON.stringify(payload),
  );
  if (inserted === 1) {
    const receipt: Receipt = {
      id,
      digest,
      status: "accepted",
      proposalId: b.proposalId.toString(),
      entryId: b.entryId,
      choice: b.choice,
      txHash: null,
      blockNumber: null,
      reason: null,
    };
    return { receipt, created: true };
  }
  const job = await prisma.relayJob.findUnique({ where: { digest } });
  if (!job) throw new Error(`relay job ${digest} vanished after insert`);
  return { receipt: toReceipt(await verify(job)), created: false };
}

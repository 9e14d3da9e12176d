/**
 * The whole-community vote through the API, timed: `concurrency` clients take signed ballots
 * from one shared queue and POST them to /api/ballots; the vote is done when no job of the
 * proposal is waiting for the relayer and the index has caught up with the chain.
 *
 * Each ballot's instants for the phase breakdown (./phases.ts) come from the run itself: the
 * clients' send and receipt times, the node's announcement of each relay transaction
 * (./broadcastWatch.ts), the relayer's own record (RelayJob.updatedAt when it marked the job
 * confirmed) and the indexer's onIndexed listener. Nothing in the service is changed for it.
 */
import type { Hex, PublicClient } from "viem";
import { ownerVotingAbi } from "../../chain/abi";
import type { LedgerService } from "../../ledger-api/src/service";
import { watchBroadcasts } from "./broadcastWatch";
import type { BallotTimes } from "./phases";

export interface CommunityVoteInput {
  service: LedgerService;
  /** The node's RPC URL (for its pending-transaction announcements). */
  rpcUrl: string;
  proposalId: bigint;
  /** JSON bodies of signed ballots, signed before timing starts. */
  bodies: readonly string[];
  concurrency: number;
}

export interface CommunityVoteResult {
  ballots: number;
  concurrency: number;
  /** ms since the epoch: first ballot about to be sent, all receipts returned, vote seen done. */
  startedAt: number;
  acceptedAt: number;
  doneAt: number;
  /** Instants of every ballot that was confirmed and indexed. */
  times: BallotTimes[];
  refused: number;
  confirmed: number;
  lost: number;
  doubleCounted: number;
  relayTransactions: number;
  relayGas: bigint;
}

interface Sent {
  sent: number;
  accepted: number;
  receiptId: string;
}

export async function runCommunityVote(input: CommunityVoteInput): Promise<CommunityVoteResult> {
  const { service, proposalId, bodies, concurrency } = input;
  const { prisma, indexer, deployment } = service.ctx;
  const client = service.ctx.client as PublicClient;
  if (service.port === null) throw new Error("runCommunityVote: the service must serve HTTP");
  const base = `http://127.0.0.1:${service.port}`;

  // The indexer tells when it committed a batch; the head it was indexing to then is lastHead
  // (read in the listener, which runs inside that pass). One pass indexes up to 2,000 blocks,
  // far more than a vote adds, so the batch reaches that head.
  const indexedUpTo: { at: number; head: bigint }[] = [];
  const unlisten = indexer.onIndexed(() => void indexedUpTo.push({ at: Date.now(), head: indexer.lastHead }));
  const broadcasts = await watchBroadcasts(input.rpcUrl);

  const sent: Sent[] = [];
  let refused = 0;
  let next = 0;
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t = Date.now();
        const res = await fetch(`${base}/api/ballots`, { method: "POST", headers: { "content-type": "application/json" }, body });
        if (res.status === 202 || res.status === 200) {
          const receiptId = ((await res.json()) as { receipt: { id: string } }).receipt.id;
          sent.push({ sent: t, accepted: Date.now(), receiptId });
        } else {
          await res.arrayBuffer();
          refused++;
        }
      }
    }),
  );
  const acceptedAt = Date.now();
  for (;;) {
    const pending = await prisma.relayJob.count({ where: { kind: "ballot", proposalId, status: { in: ["accepted", "submitted"] } } });
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await indexer.waitFor();
  const doneAt = Date.now();
  unlisten();
  await broadcasts.stop();

  const jobs = await prisma.relayJob.findMany({
    where: { kind: "ballot", proposalId },
    select: { id: true, status: true, txHash: true, blockNumber: true, updatedAt: true },
  });
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const times: BallotTimes[] = [];
  for (const s of sent) {
    const job = jobById.get(s.receiptId);
    if (!job || job.status !== "confirmed" || job.blockNumber === null || !job.txHash) continue;
    const indexed = indexedUpTo.find((e) => e.head >= job.blockNumber!);
    if (!indexed) continue;
    times.push({
      sent: s.sent,
      accepted: s.accepted,
      broadcast: broadcasts.seenAt.get(job.txHash.toLowerCase()) ?? null,
      confirmed: job.updatedAt.getTime(),
      indexed: indexed.at,
    });
  }

  const confirmed = jobs.filter((j) => j.status === "confirmed").length;
  const indexedBallots = await prisma.ballot.count({ where: { proposalId } });
  const onChain = await client.readContract({ address: deployment.voting, abi: ownerVotingAbi, functionName: "tallyOf", args: [proposalId, 0] });
  const txHashes = [...new Set(jobs.map((j) => j.txHash).filter((h): h is string => h !== null))];
  let relayGas = 0n;
  for (const h of txHashes) relayGas += (await client.getTransactionReceipt({ hash: h as Hex })).gasUsed;
  return {
    ballots: bodies.length,
    concurrency,
    startedAt,
    acceptedAt,
    doneAt,
    times,
    refused,
    confirmed,
    lost: bodies.length - refused - confirmed,
    doubleCounted: onChain.headcount - indexedBallots,
    relayTransactions: txHashes.length,
    relayGas,
  };
}

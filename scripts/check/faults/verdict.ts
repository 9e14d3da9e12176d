/**
 * What a fault scenario left behind, measured against the chain: every accepted ballot must be
 * counted on chain exactly once, every receipt must say only what is true, and the index must
 * equal a fresh rebuild from the chain.
 */
import type { Hex } from "viem";
import { ownerVotingAbi } from "../../../chain/abi";
import { decodeLedgerLog } from "../../../chain/decodeLog";
import { diffSnapshots, indexSnapshot } from "../../../ledger-api/src/db/indexSnapshot";
import { freshIndexSnapshot } from "../../../ledger-api/src/indexer/freshRebuild";
import type { LedgerService } from "../../../ledger-api/src/service";
import type { Submission } from "./clients";
import type { FaultLedger } from "./ledger";

export interface Verdict {
  scenario: string;
  ballots: number;
  accepted: number;
  onChain: number;
  indexed: number;
  lost: number;
  doubled: number;
  untrue: number;
  /** tables whose rows differ from a fresh rebuild of the index */
  indexDiffers: string[];
  /** what the queue says of each accepted ballot that is not on chain (status, reason, last error) */
  lostJobs: string[];
  /** valid ballots the API refused, by code (should be none) */
  refused: number;
  /** answers of 500 (an error the API could not name; a dropped database or chain is a 503) */
  internalErrors: number;
  clientRetries: number;
  seconds: number;
  ok: boolean;
}

/**
 * Waits until every accepted ballot has a verdict and the relayer has since checked its
 * confirmations against the chain (a rewind just before the last confirmation is caught by that
 * check, which may send ballots again), then until the index has caught up with the head.
 */
export async function settle(service: LedgerService, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const open = () => service.ctx.prisma.relayJob.count({ where: { id: { in: ids }, status: { in: ["accepted", "submitted"] } } });
  while (Date.now() < deadline) {
    if ((await open()) === 0) {
      // An instance not holding the relay lease never checks: wait for the one that does, or a while.
      await Promise.race([service.ctx.worker.chainCheckedSince(Date.now()), new Promise((r) => setTimeout(r, 10_000))]);
      if ((await open()) === 0) break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await service.ctx.indexer.waitFor();
}

export async function judge(
  scenario: string,
  ledger: FaultLedger,
  service: LedgerService,
  submission: Submission,
  startedAt: number,
): Promise<Verdict> {
  const { prisma, client } = service.ctx;
  const ids = submission.receiptIds.filter((x): x is string => x !== null);
  await settle(service, ids, 90_000);

  let onChain = 0;
  let untrue = 0;
  let lost = 0;
  const lostJobs: string[] = [];
  for (const [i, b] of ledger.ballots.entries()) {
    const id = submission.receiptIds[i];
    if (!id) continue;
    const [choice, kind, nonce] = await client.readContract({
      address: ledger.deployment.voting,
      abi: ownerVotingAbi,
      functionName: "ballotOf",
      args: [ledger.proposalId, b.entryId],
    });
    const counted = kind === 1 && nonce === b.nonce && choice === b.choice;
    const job = await prisma.relayJob.findUnique({ where: { id } });
    if (counted) onChain++;
    else {
      lost++;
      const what = `entry ${b.entryId}: ${job?.status ?? "no job"} ${job?.reason ?? ""} tx ${job?.txHash ?? "-"} attempts ${job?.attempts ?? 0} ${job?.lastError ?? ""}`;
      lostJobs.push(what);
      if (process.env.FAULTS_VERBOSE === "1") console.error(`[verdict] not on chain: ${what}`);
    }
    if (!job) {
      untrue++; // a receipt the API gave and then forgot
      continue;
    }
    if (job.status === "confirmed") {
      const r = job.txHash ? await client.getTransactionReceipt({ hash: job.txHash as Hex }).catch(() => null) : null;
      const there = r !== null && r.status === "success" && r.blockNumber === job.blockNumber && (!job.blockHash || r.blockHash === job.blockHash);
      if (!there || !counted) untrue++;
    } else if ((job.status === "rejected" || job.status === "failed") && counted) {
      untrue++;
    }
  }

  // Counted twice: more than one BallotCast of the same ballot (entry and nonce) on the chain,
  // or more than one receipt for one entry.
  const logs = await client.getLogs({ address: ledger.deployment.voting, fromBlock: BigInt(ledger.deployment.deployBlock) });
  const casts = new Map<string, number>();
  for (const l of logs) {
    const d = decodeLedgerLog(ownerVotingAbi, l);
    if (d?.eventName !== "BallotCast" || d.args.proposalId !== ledger.proposalId) continue;
    const k = `${d.args.entryId}:${d.args.nonce}`;
    casts.set(k, (casts.get(k) ?? 0) + 1);
  }
  let doubled = [...casts.values()].filter((n) => n > 1).length;
  const perEntry = await prisma.relayJob.groupBy({ by: ["entryId"], where: { proposalId: ledger.proposalId, kind: "ballot" }, _count: { _all: true } });
  doubled += perEntry.filter((g) => g._count._all > 1).length;

  // The index: ballots as the chain has them, and every table as a fresh rebuild would have it.
  const indexedRows = await prisma.ballot.findMany({ where: { proposalId: ledger.proposalId } });
  const byEntry = new Map(ledger.ballots.map((b) => [b.entryId, b]));
  let indexed = 0;
  for (const row of indexedRows) {
    const b = byEntry.get(row.entryId);
    if (b && row.choice === b.choice && row.nonce === b.nonce && row.kind === "electronic") indexed++;
  }
  const live = await indexSnapshot(prisma);
  const fresh = await freshIndexSnapshot(client, ledger.deployment);
  const indexDiffers = diffSnapshots(live, fresh).map((d) => d.table);

  const refused = [...submission.refusals.values()].reduce((s, n) => s + n, 0);
  const internalErrors = submission.serverErrors.get("INTERNAL") ?? 0;
  const accepted = ids.length;
  return {
    scenario,
    ballots: ledger.ballots.length,
    accepted,
    onChain,
    indexed,
    lost,
    doubled,
    untrue,
    indexDiffers,
    lostJobs,
    refused,
    internalErrors,
    clientRetries: submission.retries,
    seconds: +((Date.now() - startedAt) / 1000).toFixed(1),
    ok: lost === 0 && doubled === 0 && untrue === 0 && indexDiffers.length === 0 && indexed === onChain && accepted === ledger.ballots.length && internalErrors === 0,
  };
}

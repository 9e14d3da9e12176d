/**
 * The relayer: takes queued jobs from the database and sends them with the server's key,
 * which pays gas and has no authority of its own. Ballots are batched (up to MAX_BATCH per
 * transaction, their roll leaves proven by one multiproof); a ballot the contract refuses is
 * marked rejected with the contract's reason and does not sink the batch.
 *
 * Crash safety: a job's transaction hash is stored before the worker waits for it; on start,
 * submitted jobs are reconciled with their receipts, and a job whose transaction never landed
 * goes back to the queue. A ballot re-sent after it already counted is recognised by its
 * digest-equal on-chain state and marked confirmed, so nothing is counted twice or lost.
 */
import { encodeFunctionData, type Hex, type PublicClient, type TransactionReceipt } from "viem";
import { communityRegistryAbi, ownerVotingAbi } from "../../../chain/abi";
import { decodeLedgerLog } from "../../../chain/decodeLog";
import { multiproofBatchArgs, type SignedBallotInput } from "../../../chain/relayedBallots";
import { hasLeaf } from "../../../domain/electorate";
import type { LedgerWallet } from "../chain/clients";
import type { Deployment } from "../chain/deployment";
import type { PrismaClient, RelayJob } from "../generated/prisma/client";
import { decodeTagged } from "../json";
import type { RollCache } from "../roll/rollStore";
import type { ActionStatus } from "../actions/committeeActions";
import type { BallotPayload } from "./ballots";

export const MAX_BATCH = 100;

export const REJECT_REASONS = [
  "None",
  "VotingNotOpen",
  "Expired",
  "BadChoice",
  "NotInRoll",
  "BadSignature",
  "WrongSigner",
  "NonceUsed",
  "ChangeNotAllowed",
  "NonceExhausted",
] as const;

export interface CallPayload {
  contract: "registry" | "voting";
  functionName: string;
  args: unknown; // tagged JSON (see ../json.ts)
  actionId?: string;
}

export class RelayWorker {
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly client: PublicClient,
    private readonly wallet: LedgerWallet,
    private readonly deployment: Deployment,
    private readonly rolls: RollCache,
    private readonly log: (m: string) => void = () => undefined,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Wakes the worker when a job has been queued. */
  notify(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    try {
      await this.reconcile();
    } catch (err) {
      this.log(`relayer: reconcile failed: ${(err as Error).message}`);
    }
    while (this.running) {
      let worked = false;
      try {
        worked = await this.step();
      } catch (err) {
        this.log(`relayer: ${(err as Error).message}`);
      }
      if (!worked && this.running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 500);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  /** Processes one batch; returns whether there was anything to do. */
  async step(): Promise<boolean> {
    const next = await this.prisma.relayJob.findFirst({ where: { status: "accepted" }, orderBy: { createdAt: "asc" } });
    if (!next) return false;
    if (next.kind === "ballot" && next.proposalId !== null) {
      const jobs = await this.prisma.relayJob.findMany({
        where: { status: "accepted", kind: "ballot", proposalId: next.proposalId },
        orderBy: { createdAt: "asc" },
        take: MAX_BATCH,
      });
      await this.sendBallots(next.proposalId, jobs);
    } else {
      await this.sendCall(next);
    }
    return true;
  }

  private async reconcile(): Promise<void> {
    const submitted = await this.prisma.relayJob.findMany({ where: { status: "submitted" } });
    const byTx = new Map<string, RelayJob[]>();
    for (const j of submitted) {
      const list = byTx.get(j.txHash ?? "") ?? [];
      list.push(j);
      byTx.set(j.txHash ?? "", list);
    }
    for (const [txHash, jobs] of byTx) {
      const receipt = txHash
        ? await this.client.getTransactionReceipt({ hash: txHash as Hex }).catch(() => null)
        : null;
      if (receipt) {
        if (jobs[0]?.kind === "ballot") await this.settleBallots(jobs, receipt);
        else for (const j of jobs) await this.settleCall(j, receipt);
      } else {
        await this.prisma.relayJob.updateMany({
          where: { id: { in: jobs.map((j) => j.id) } },
          data: { status: "accepted", txHash: null },
        });
      }
    }
  }

  private async sendBallots(proposalId: bigint, jobs: RelayJob[]): Promise<void> {
    const roll = await this.rolls.get(proposalId);
    // One ballot per leaf in a batch (a multiproof proves each leaf once); a second ballot of the
    // same entry, such as a quick change, stays queued for the next batch, in arrival order.
    const taken = new Set<string>();
    const inputs: SignedBallotInput[] = [];
    const sendable: RelayJob[] = [];
    for (const job of jobs) {
      const p = job.payload as unknown as BallotPayload;
      if (!hasLeaf(roll, p.entryId, p.voter)) {
        await this.finish(job.id, "rejected", "NotInRoll");
        continue;
      }
      const key = `${p.entryId}:${p.voter.toLowerCase()}`;
      if (taken.has(key)) continue;
      taken.add(key);
      inputs.push({ entryId: p.entryId, voter: p.voter, choice: p.choice, nonce: p.nonce, deadline: BigInt(p.deadline), signature: p.signature });
      sendable.push(job);
    }
    if (sendable.length === 0) return;
    const batch = multiproofBatchArgs(roll, inputs);
    if (!batch) throw new Error("relayer: could not build the batch's multiproof");
    let hash: Hex;
    try {
      hash = await this.wallet.sendTransaction({
        to: this.deployment.voting,
        data: encodeFunctionData({
          abi: ownerVotingAbi,
          functionName: "castBallotsWithMultiproof",
          args: [proposalId, batch.ballots, batch.proof, batch.proofFlagBits],
        }),
        gas: BigInt(150_000 + 60_000 * batch.ballots.length),
      });
    } catch (err) {
      // The whole batch was refused before it reached the chain (for example voting closed).
      const reason = shortReason(err);
      for (const j of sendable) await this.finish(j.id, "rejected", reason);
      return;
    }
    await this.prisma.relayJob.updateMany({
      where: { id: { in: sendable.map((j) => j.id) } },
      data: { status: "submitted", txHash: hash },
    });
    const receipt = await this.client.waitForTransactionReceipt({ hash, timeout: 120_000 });
    const fresh = await this.prisma.relayJob.findMany({ where: { id: { in: sendable.map((j) => j.id) } } });
    await this.settleBallots(fresh, receipt);
  }

  /** Marks each ballot job by what the transaction's events say about it. */
  private async settleBallots(jobs: RelayJob[], receipt: TransactionReceipt): Promise<void> {
    const counted = new Map<string, true>(); // entryId:nonce
    const rejected = new Map<string, string>(); // digest → reason
    for (const l of receipt.logs) {
      if (l.address.toLowerCase() !== this.deployment.voting.toLowerCase()) continue;
      const d = decodeLedgerLog(ownerVotingAbi, l);
      if (d?.eventName === "BallotCast") {
        counted.set(`${d.args.entryId}:${d.args.nonce}:${String(d.args.signer).toLowerCase()}`, true);
      }
      if (d?.eventName === "BallotRejected") {
        rejected.set(String(d.args.ballotDigest).toLowerCase(), REJECT_REASONS[Number(d.args.reason)] ?? "Unknown");
      }
    }
    const confirmedIds: string[] = [];
    for (const job of jobs) {
      const p = job.payload as unknown as BallotPayload;
      if (receipt.status !== "success") {
        await this.finish(job.id, "failed", "TransactionReverted", receipt);
      } else if (counted.has(`${p.entryId}:${p.nonce}:${p.signer.toLowerCase()}`)) {
        confirmedIds.push(job.id);
      } else {
        const reason = rejected.get(p.ballotDigest.toLowerCase()) ?? "NotCounted";
        // A ballot re-sent after a crash finds its own earlier self on chain: it did count.
        if (reason === "NonceUsed" && (await this.alreadyCounted(job, p))) {
          const prior = await this.prisma.ballotLog.findFirst({
            where: { proposalId: BigInt(p.proposalId), entryId: p.entryId, nonce: p.nonce, kind: "electronic" },
          });
          await this.finish(job.id, "confirmed", null, receipt, prior);
        } else {
          await this.finish(job.id, "rejected", reason, receipt);
        }
      }
    }
    if (confirmedIds.length > 0) {
      await this.prisma.relayJob.updateMany({
        where: { id: { in: confirmedIds } },
        data: { status: "confirmed", reason: null, txHash: receipt.transactionHash, blockNumber: receipt.blockNumber },
      });
    }
  }

  private async alreadyCounted(job: RelayJob, p: BallotPayload): Promise<boolean> {
    const [choice, kind, nonce] = await this.client.readContract({
      address: this.deployment.voting,
      abi: ownerVotingAbi,
      functionName: "ballotOf",
      args: [BigInt(p.proposalId), p.entryId],
    });
    return kind === 1 && nonce === p.nonce && choice === p.choice && job.status !== "confirmed";
  }

  private async sendCall(job: RelayJob): Promise<void> {
    const p = job.payload as unknown as CallPayload;
    const abi = p.contract === "registry" ? communityRegistryAbi : ownerVotingAbi;
    const to = p.contract === "registry" ? this.deployment.registry : this.deployment.voting;
    const args = decodeTagged(p.args) as unknown[];
    let data: Hex;
    try {
      data = encodeFunctionData({ abi, functionName: p.functionName, args } as never);
      // Simulate first: a call the contract would refuse never costs gas and gets its error name.
      await this.client.simulateContract({
        abi,
        address: to,
        functionName: p.functionName,
        args,
        account: this.wallet.account,
      } as never);
    } catch (err) {
      await this.finish(job.id, "rejected", shortReason(err));
      await this.syncAction(p.actionId, "failed", null, shortReason(err));
      return;
    }
    const hash = await this.wallet.sendTransaction({ to, data });
    await this.prisma.relayJob.update({ where: { id: job.id }, data: { status: "submitted", txHash: hash } });
    await this.syncAction(p.actionId, "submitted", hash, null);
    const receipt = await this.client.waitForTransactionReceipt({ hash, timeout: 120_000 });
    await this.settleCall({ ...job, txHash: hash }, receipt);
  }

  private async settleCall(job: RelayJob, receipt: TransactionReceipt): Promise<void> {
    const p = job.payload as unknown as CallPayload;
    const ok = receipt.status === "success";
    await this.finish(job.id, ok ? "confirmed" : "failed", ok ? null : "TransactionReverted", receipt);
    await this.syncAction(p.actionId, ok ? "confirmed" : "failed", receipt.transactionHash, ok ? null : "TransactionReverted");
  }

  private async syncAction(id: string | undefined, status: ActionStatus, txHash: string | null, error: string | null) {
    if (!id) return;
    await this.prisma.pendingAction.update({ where: { id }, data: { status, txHash, error } });
  }

  private async finish(
    id: string,
    status: string,
    reason: string | null,
    receipt?: TransactionReceipt,
    prior?: { txHash: string; blockNumber: bigint } | null,
  ): Promise<void> {
    await this.prisma.relayJob.update({
      where: { id },
      data: {
        status,
        reason,
        ...(prior
          ? { txHash: prior.txHash, blockNumber: prior.blockNumber }
          : receipt
            ? { txHash: receipt.transactionHash, blockNumber: receipt.blockNumber }
            : {}),
      },
    });
  }
}

/** The contract's custom error name (or a short message) from a viem error. */
export function shortReason(err: unknown): string {
  const e = err as { walk?: (fn: (e: unknown) => boolean) => unknown; shortMessage?: string; message?: string };
  const found = e.walk?.((x) => typeof (x as { data?: { errorName?: string } }).data?.errorName === "string") as
    | { data?: { errorName?: string } }
    | undefined;
  if (found?.data?.errorName) return found.data.errorName;
  const m = /reverted with custom error '([A-Za-z]+)/.exec(e.message ?? "") ?? /error ([A-Z][A-Za-z]+)\(/.exec(e.message ?? "");
  if (m?.[1]) return m[1];
  return (e.shortMessage ?? e.message ?? "Error").slice(0, 200);
}

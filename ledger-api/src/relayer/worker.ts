/**
 * The relayer: takes queued jobs from the database and sends them with the server's key,
 * which pays gas and has no authority of its own. Ballots are batched (up to MAX_BATCH per
 * transaction, their roll leaves proven by one multiproof); a ballot the contract refuses is
 * marked rejected with the contract's reason and does not sink the batch.
 *
 * The queue in the database is the record of what was accepted, and a job's status never says
 * more than is true:
 * - "submitted": the transaction's hash is stored before it is broadcast (write-ahead), so after
 *   a crash the relayer asks the node for it and sends the job again only if the node never had it;
 * - "confirmed": the transaction is in a block at the configured finality depth whose hash was
 *   checked; if that block later vanishes (a reorg, a node restored from older state) the job goes
 *   back to the queue and is sent again;
 * - "rejected" / "failed": only the contract's own verdict, and only for the item it names. A
 *   refused connection, a timeout or a node restart is transient: the job is retried with
 *   backoff. Ballots already counted in a reverted batch are confirmed, the rest sent again alone.
 * Only the instance holding the lease (see lease.ts) sends, so two API instances on one database
 * never double-submit; the account nonce is read from the node before every send.
 */
import {
  ContractFunctionRevertedError,
  encodeFunctionData,
  keccak256,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { communityRegistryAbi, ownerVotingAbi } from "../../../chain/abi";
import { moduleNamed } from "../../../chain/modules";
import { decodeLedgerLog } from "../../../chain/decodeLog";
import { REJECT_REASONS } from "../../../chain/enums";
import { multiproofBatchArgs, type SignedBallotInput } from "../../../chain/relayedBallots";
import { hasLeaf } from "../../../domain/electorate";
import type { LedgerWallet } from "../chain/clients";
import type { Deployment } from "../chain/deployment";
import type { PrismaClient, RelayJob } from "../generated/prisma/client";
import { decodeTagged } from "../json";
import type { RollCache } from "../roll/rollStore";
import type { BallotPayload } from "./ballots";
import { backoffMs, classifyChainError, isNotFound, shortMessage, type ChainVerdict } from "./chainErrors";
import type { ActionStatus, CallPayload } from "./jobs";
import { RelayLease } from "./lease";

export const MAX_BATCH = 100;

/**
 * Every module checks committee signatures through the registry, so a module's call can revert
 * with the registry's errors (an expired signature, say): its revert data is decoded with both.
 */
const REGISTRY_ERRORS = communityRegistryAbi.filter((item) => item.type === "error");

interface PreparedCall {
  /** the called contract's ABI with the registry's errors, to decode a revert */
  abi: Abi;
  address: Address;
  data: Hex;
}

export interface RelayWorkerOptions {
  /** Blocks on top of a transaction's block before it counts as final (0: the block itself). */
  finalityDepth?: number;
  /** How long a send waits in line for its receipt before leaving it to the reconcile pass. */
  receiptWaitMs?: number;
  /** Waits until the index holds `block` (used to find where an already-counted ballot was counted). */
  waitIndexed?: (block: bigint) => Promise<void>;
  log?: (m: string) => void;
}

export class RelayWorker {
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** Set when the chain went back: confirmed jobs from this block on are checked again. */
  private recheckFrom: bigint | null = null;
  /**
   * The chain's head when the relayer last checked it, with its hash. Each block's hash commits to
   * its parent's, so while this block stands every block below it does; confirmations recorded in
   * later blocks are checked on the next pass (see checkChain).
   */
  private seenHead: { number: bigint; hash: Hex } | null = null;
  private chainCheckedAt = 0;
  private readonly chainChecked = new Set<{ after: number; resolve: () => void }>();
  private readonly lease: RelayLease;
  private readonly depth: bigint;
  private readonly receiptWaitMs: number;
  private readonly log: (m: string) => void;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly client: PublicClient,
    private readonly wallet: LedgerWallet,
    private readonly deployment: Deployment,
    private readonly rolls: RollCache,
    private readonly options: RelayWorkerOptions = {},
  ) {
    this.lease = new RelayLease(prisma, `relayer:${deployment.chainId}:${wallet.account.address.toLowerCase()}`);
    this.depth = BigInt(options.finalityDepth ?? 0);
    this.receiptWaitMs = options.receiptWaitMs ?? 5_000;
    this.log = options.log ?? (() => undefined);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    for (const w of this.chainChecked) w.resolve();
    this.chainChecked.clear();
    await this.lease.release().catch(() => undefined);
  }

  /** Wakes the worker when a job has been queued. */
  notify(): void {
    this.wake?.();
  }

  /** The chain went back to `ancestor`: every job confirmed after it is checked against the chain again. */
  rewound(ancestor: bigint): void {
    const from = ancestor + 1n;
    this.recheckFrom = this.recheckFrom === null || from < this.recheckFrom ? from : this.recheckFrom;
    this.notify();
  }

  private async run(): Promise<void> {
    let idleMs = 0;
    while (this.running) {
      let worked = false;
      try {
        if (await this.lease.hold()) {
          if (this.recheckFrom !== null) {
            const from = this.recheckFrom;
            await this.recheckConfirmed(from);
            if (this.recheckFrom === from) this.recheckFrom = null;
          }
          if (Date.now() - this.chainCheckedAt > 2_000) await this.checkChain();
          await this.reconcile();
          worked = await this.step();
        }
        idleMs = 0;
      } catch (err) {
        // Transient by nature (the database or the node is away): try again, slower each time.
        idleMs = Math.min(5_000, idleMs + 500);
        this.log(`relayer: ${shortMessage(err)}`);
      }
      if (!worked && this.running) await this.sleep(Math.max(500, idleMs));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
    });
  }

  /** Processes one batch; returns whether there was anything to do. */
  async step(): Promise<boolean> {
    const next = await this.prisma.relayJob.findFirst({
      where: { status: "accepted", notBefore: { lte: new Date() } },
      orderBy: { createdAt: "asc" },
    });
    if (!next) return false;
    if (next.kind === "ballot" && next.proposalId !== null) {
      // A job that was in a reverted batch goes alone, so that a revert names exactly one ballot.
      const jobs =
        next.attempts > 0
          ? [next]
          : await this.prisma.relayJob.findMany({
              where: { status: "accepted", kind: "ballot", proposalId: next.proposalId, attempts: 0, notBefore: { lte: new Date() } },
              orderBy: { createdAt: "asc" },
              take: MAX_BATCH,
            });
      await this.sendBallots(next.proposalId, jobs);
    } else {
      await this.sendCall(next);
    }
    return true;
  }

  // ---------------------------------------------------------------- sending

  /**
   * Signs a transaction with the next nonce, stores its hash on the jobs (status "submitted"),
   * then broadcasts it. Returns its hash, or null when it could not be broadcast (the jobs are
   * back in the queue with a backoff).
   */
  private async send(jobs: RelayJob[], to: Address, data: Hex, gas: bigint | undefined, onSubmitted?: (hash: Hex) => Promise<void>): Promise<Hex | null> {
    const ids = jobs.map((j) => j.id);
    let serialized: Hex;
    try {
      const { next: nonce } = await this.pendingNonces();
      const request = await this.wallet.prepareTransactionRequest({ to, data, gas, nonce, chain: this.wallet.chain, account: this.wallet.account });
      serialized = await this.wallet.signTransaction(request);
    } catch (err) {
      await this.retryLater(jobs, err);
      return null;
    }
    const hash = keccak256(serialized);
    await this.prisma.relayJob.updateMany({
      where: { id: { in: ids } },
      data: { status: "submitted", txHash: hash, blockNumber: null, blockHash: null },
    });
    await onSubmitted?.(hash);
    try {
      await this.client.sendRawTransaction({ serializedTransaction: serialized });
    } catch (err) {
      // The node may have taken it anyway (a timeout after delivery): ask before sending again.
      const known = await this.client.getTransaction({ hash }).then(
        () => true,
        () => false,
      );
      if (!known) {
        await this.retryLater(jobs, err);
        return null;
      }
    }
    return hash;
  }

  /** Puts jobs back in the queue after a transient error, with a growing backoff. */
  private async retryLater(jobs: RelayJob[], err: unknown, opts: { countAttempt?: boolean } = {}): Promise<void> {
    const message = shortMessage(err);
    this.log(`relayer: transient, will retry: ${message}`);
    for (const j of jobs) {
      const attempts = j.attempts + (opts.countAttempt ? 1 : 0);
      await this.prisma.relayJob.update({
        where: { id: j.id },
        data: {
          status: "accepted",
          txHash: null,
          blockNumber: null,
          blockHash: null,
          attempts,
          lastError: message,
          notBefore: new Date(Date.now() + backoffMs(j.attempts)),
        },
      });
    }
  }

  /** Waits briefly for the receipt in line; what does not arrive is left to reconcile(). */
  private async settleSoon(hash: Hex): Promise<void> {
    try {
      await this.client.waitForTransactionReceipt({ hash, timeout: this.receiptWaitMs, pollingInterval: 100 });
    } catch {
      return; // not yet mined, or the node is away: reconcile() will look again
    }
    await this.reconcile(hash);
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
    const data = encodeFunctionData({
      abi: ownerVotingAbi,
      functionName: "castBallotsWithMultiproof",
      args: [proposalId, batch.ballots, batch.proof, batch.proofFlagBits],
    });
    const hash = await this.send(sendable, this.deployment.voting, data, BigInt(150_000 + 60_000 * batch.ballots.length));
    if (hash) await this.settleSoon(hash);
  }

  private async sendCall(job: RelayJob): Promise<void> {
    const p = job.payload as unknown as CallPayload;
    let call: PreparedCall;
    try {
      call = this.prepareCall(p);
    } catch (err) {
      // The stored call cannot be encoded: no retry will change that.
      await this.finish(job.id, "failed", shortMessage(err));
      await this.syncAction(p.actionId, "failed", null, shortMessage(err));
      return;
    }
    // Simulate first: a call the contract would refuse never costs gas and gets its error name.
    const verdict = await this.simulate(call);
    if (verdict?.final) {
      await this.finish(job.id, "rejected", verdict.reason);
      await this.syncAction(p.actionId, "failed", null, verdict.reason);
      return;
    }
    if (verdict) {
      await this.retryLater([job], new Error(verdict.message));
      return;
    }
    const hash = await this.send([job], call.address, call.data, undefined, (h) => this.syncAction(p.actionId, "submitted", h, null));
    if (hash) await this.settleSoon(hash);
  }

  /** The stored call's contract, ABI and calldata. */
  private prepareCall(p: CallPayload): PreparedCall {
    const abi = moduleNamed(p.contract).abi;
    const data = encodeFunctionData({ abi, functionName: p.functionName, args: decodeTagged(p.args) as unknown[] } as Parameters<typeof encodeFunctionData>[0]);
    return { abi: [...abi, ...REGISTRY_ERRORS], address: this.deployment[p.contract], data };
  }

  /** The call run against the chain as it is now: null if it would succeed, else why not. */
  private async simulate(call: PreparedCall): Promise<ChainVerdict | null> {
    try {
      await this.client.call({ to: call.address, data: call.data, account: this.wallet.account });
      return null;
    } catch (err) {
      return classifyChainError(decodeCallError(call.abi, err));
    }
  }

  // ---------------------------------------------------------------- following sent transactions

  /**
   * Follows every submitted job (or those of one transaction): a receipt at the finality depth
   * whose block hash checks out settles it; a transaction the node no longer knows goes back to
   * the queue; a pending one is left alone.
   */
  private async reconcile(onlyHash?: Hex): Promise<void> {
    const submitted = await this.prisma.relayJob.findMany({
      where: { status: "submitted", ...(onlyHash ? { txHash: onlyHash } : {}) },
      orderBy: { createdAt: "asc" },
    });
    if (submitted.length === 0) return;
    const byTx = groupByTx(submitted);
    const head = await this.client.getBlockNumber({ cacheTime: 0 });
    // The pool's view is only needed for a transaction without a receipt: asked once, when first needed.
    let pendingView: Promise<{ byHash: Map<string, number>; next: number }> | null = null;
    const pendingNow = () => (pendingView ??= this.pendingNonces());
    for (const [txHash, jobs] of byTx) {
      if (!txHash) {
        await this.prisma.relayJob.updateMany({ where: { id: { in: jobs.map((j) => j.id) } }, data: { status: "accepted" } });
        continue;
      }
      const receipt = await this.receiptOf(txHash as Hex);
      if (receipt === "unknown") {
        const pending = await pendingNow();
        const nonce = pending.byHash.get(txHash);
        if (nonce === undefined) {
          this.log(`relayer: transaction ${txHash} is not on chain: sending its ${jobs.length} job(s) again`);
          await this.requeue(jobs);
        } else if (nonce > pending.next) {
          // Waiting behind a nonce nothing will fill (the chain went back under it): it can never
          // be mined as it is, so its jobs go again with a nonce that can.
          this.log(`relayer: transaction ${txHash} (nonce ${nonce}) waits behind a gap at nonce ${pending.next}: sending its ${jobs.length} job(s) again`);
          await this.requeue(jobs);
        }
        continue;
      }
      if (head < receipt.blockNumber + this.depth) continue; // not final yet
      const block = await this.client.getBlock({ blockNumber: receipt.blockNumber });
      if (block.hash !== receipt.blockHash) continue; // the chain is moving under us: look again next pass
      if (jobs[0]?.kind === "ballot") await this.settleBallots(jobs, receipt);
      else for (const j of jobs) await this.settleCall(j, receipt);
    }
  }

  /**
   * The relayer's transactions waiting in the node's pool (by hash, with their nonce), and the
   * next nonce that can be mined: the account's mined nonce, past every pending one of ours that
   * follows it without a gap. A pending transaction above a gap is not counted, so a new send
   * never queues behind it.
   */
  private async pendingNonces(): Promise<{ byHash: Map<string, number>; next: number }> {
    const address = this.wallet.account.address;
    let next = await this.client.getTransactionCount({ address, blockTag: "latest" });
    const rows = await this.prisma.relayJob.findMany({
      where: { status: "submitted", txHash: { not: null }, blockNumber: null },
      distinct: ["txHash"],
      select: { txHash: true },
    });
    const byHash = new Map<string, number>();
    for (const r of rows) {
      const tx = await this.client.getTransaction({ hash: r.txHash as Hex }).catch((err: unknown) => (isNotFound(err) ? null : Promise.reject(err)));
      if (tx && tx.blockNumber === null && tx.from.toLowerCase() === address.toLowerCase()) byHash.set(r.txHash!, tx.nonce);
      else if (tx) byHash.set(r.txHash!, -1); // mined: its receipt is on the way
    }
    const nonces = new Set(byHash.values());
    while (nonces.has(next)) next++;
    return { byHash, next };
  }

  /** The receipt, or "unknown" when the node has none (a transport error is thrown: transient). */
  private async receiptOf(hash: Hex): Promise<TransactionReceipt | "unknown"> {
    try {
      return await this.client.getTransactionReceipt({ hash });
    } catch (err) {
      if (isNotFound(err)) return "unknown";
      throw err;
    }
  }

  /** Jobs whose transaction vanished: back to the queue, as if never sent (their item is not at fault). */
  private async requeue(jobs: RelayJob[]): Promise<void> {
    await this.prisma.relayJob.updateMany({
      where: { id: { in: jobs.map((j) => j.id) } },
      data: { status: "accepted", txHash: null, blockNumber: null, blockHash: null, reason: null, notBefore: new Date() },
    });
    for (const j of jobs) {
      const p = j.payload as unknown as CallPayload;
      if (j.kind !== "ballot") await this.syncAction(p.actionId, "queued", null, null);
    }
  }

  /**
   * Whether every confirmation still stands. If the head seen on the last pass is still on the
   * chain, so is every block below it, and only confirmations in later blocks are checked; if it
   * is gone (a reorg, a node restored from older state, however far the chain has grown again
   * since), every confirmation is checked. The first pass after a start checks them all.
   */
  private async checkChain(): Promise<void> {
    const startedAt = Date.now();
    const head = await this.client.getBlock({ blockTag: "latest" });
    const seen = this.seenHead;
    let from = 0n;
    if (seen && head.number >= seen.number) {
      const then = seen.number === head.number ? head : await this.client.getBlock({ blockNumber: seen.number });
      if (then.hash === seen.hash) from = seen.number + 1n;
    }
    if (seen && from === 0n) this.log(`relayer: block ${seen.number}, the head when last checked, is no longer on the chain`);
    await this.recheckConfirmed(from);
    this.seenHead = { number: head.number, hash: head.hash };
    this.chainCheckedAt = startedAt;
    for (const w of this.chainChecked) {
      if (w.after <= startedAt) {
        this.chainChecked.delete(w);
        w.resolve();
      }
    }
  }

  /**
   * Resolves once the relayer has checked every confirmation against the chain in a pass that
   * began at or after `after` (a timestamp in ms): what it says confirmed then was on the chain.
   */
  chainCheckedSince(after: number = Date.now()): Promise<void> {
    if (this.chainCheckedAt >= after) return Promise.resolve();
    return new Promise<void>((resolve) => this.chainChecked.add({ after, resolve }));
  }

  /**
   * Checks confirmed jobs against the chain again: each one's transaction must still be in the
   * block recorded for it. Run at start and whenever the indexer saw the chain go back.
   */
  private async recheckConfirmed(fromBlock: bigint): Promise<void> {
    const confirmed = await this.prisma.relayJob.findMany({
      where: { status: "confirmed", blockNumber: { gte: fromBlock } },
    });
    if (confirmed.length === 0) return;
    let moved = 0;
    for (const [txHash, jobs] of groupByTx(confirmed)) {
      const receipt = txHash ? await this.receiptOf(txHash as Hex) : "unknown";
      const stillThere = receipt !== "unknown" && jobs.every((j) => !j.blockHash || j.blockHash === receipt.blockHash);
      if (stillThere) continue;
      moved += jobs.length;
      if (receipt === "unknown") {
        await this.requeue(jobs);
      } else {
        // Mined again in another block: follow it to finality again.
        await this.prisma.relayJob.updateMany({
          where: { id: { in: jobs.map((j) => j.id) } },
          data: { status: "submitted", blockNumber: null, blockHash: null },
        });
      }
    }
    if (moved > 0) this.log(`relayer: ${moved} confirmed job(s) are no longer on chain as recorded: following them again`);
  }

  /**
   * Checks one confirmed job against the chain (an identical resubmission asks for its receipt):
   * returns the job as it now stands.
   */
  async verify(job: RelayJob): Promise<RelayJob> {
    if (job.status !== "confirmed" || !job.txHash) return job;
    const receipt = await this.receiptOf(job.txHash as Hex).catch(() => null);
    if (receipt === null) return job; // the node is away: the stored receipt stands until it can be checked
    if (receipt !== "unknown" && (!job.blockHash || receipt.blockHash === job.blockHash)) return job;
    this.rewound((job.blockNumber ?? 1n) - 1n);
    if (receipt === "unknown") await this.requeue([job]);
    else await this.prisma.relayJob.update({ where: { id: job.id }, data: { status: "submitted", blockNumber: null, blockHash: null } });
    return (await this.prisma.relayJob.findUnique({ where: { id: job.id } })) ?? job;
  }

  // ---------------------------------------------------------------- settling

  /** Marks each ballot job by what the transaction's events say about it. */
  private async settleBallots(jobs: RelayJob[], receipt: TransactionReceipt): Promise<void> {
    if (receipt.status !== "success") return this.settleRevertedBatch(jobs, receipt);
    const counted = new Set<string>(); // entryId:nonce:signer
    const rejected = new Map<string, string>(); // digest → reason
    for (const l of receipt.logs) {
      if (l.address.toLowerCase() !== this.deployment.voting.toLowerCase()) continue;
      const d = decodeLedgerLog(ownerVotingAbi, l);
      if (d?.eventName === "BallotCast") {
        counted.add(`${d.args.entryId}:${d.args.nonce}:${String(d.args.signer).toLowerCase()}`);
      }
      if (d?.eventName === "BallotRejected") {
        rejected.set(String(d.args.ballotDigest).toLowerCase(), REJECT_REASONS[Number(d.args.reason)] ?? "Unknown");
      }
    }
    const confirmedIds: string[] = [];
    const unexplained: RelayJob[] = [];
    for (const job of jobs) {
      const p = job.payload as unknown as BallotPayload;
      if (counted.has(`${p.entryId}:${p.nonce}:${p.signer.toLowerCase()}`)) {
        confirmedIds.push(job.id);
        continue;
      }
      const reason = rejected.get(p.ballotDigest.toLowerCase());
      if (reason === undefined) {
        unexplained.push(job);
      } else if (reason === "NonceUsed" && (await this.countedOnChain(p))) {
        // A ballot sent again after a crash or a rewind finds its earlier self on chain: it did count.
        await this.confirmAsCounted(job, p, receipt);
      } else {
        await this.finish(job.id, "rejected", reason, receipt);
      }
    }
    if (confirmedIds.length > 0) {
      await this.prisma.relayJob.updateMany({
        where: { id: { in: confirmedIds } },
        data: { status: "confirmed", reason: null, txHash: receipt.transactionHash, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash },
      });
    }
    // Neither counted nor refused by name: the contract gave no verdict on it, so send it again.
    if (unexplained.length > 0) await this.retryLater(unexplained, new Error("ballot not in the transaction's events"), { countAttempt: true });
  }

  /**
   * A reverted batch gives no verdict on any one ballot. Ballots that count on chain anyway are
   * confirmed; if voting has closed they are refused with that verdict; a ballot that reverted
   * when sent alone gets the decoded revert as its verdict; the others go again, one by one.
   */
  private async settleRevertedBatch(jobs: RelayJob[], receipt: TransactionReceipt): Promise<void> {
    // The batch again, against the chain as it is now: the contract's verdict on the batch.
    const reason = await this.revertReason(receipt);
    for (const job of jobs) {
      const p = job.payload as unknown as BallotPayload;
      if (await this.countedOnChain(p)) {
        await this.confirmAsCounted(job, p, receipt);
      } else if (reason === "VotingNotOpen") {
        await this.finish(job.id, "rejected", reason, receipt);
      } else if (jobs.length === 1 && job.attempts >= 3 && reason !== null) {
        await this.finish(job.id, "failed", reason, receipt);
      } else {
        await this.retryLater([job], new Error(`batch ${receipt.transactionHash} reverted`), { countAttempt: true });
      }
    }
  }

  /** The contract's custom error for the transaction replayed now, or null if it would not revert. */
  private async revertReason(receipt: TransactionReceipt): Promise<string | null> {
    const tx = await this.client.getTransaction({ hash: receipt.transactionHash });
    try {
      await this.client.call({ to: tx.to ?? undefined, data: tx.input, account: this.wallet.account.address });
      return null;
    } catch (err) {
      const verdict = classifyChainError(decodeCallError(ownerVotingAbi, err));
      if (verdict.final) return verdict.reason;
      throw err; // transient: the whole settlement is tried again on the next pass
    }
  }

  /** Whether the chain now holds exactly this ballot (same kind, nonce and choice) for its entry. */
  private async countedOnChain(p: BallotPayload): Promise<boolean> {
    const [choice, kind, nonce] = await this.client.readContract({
      address: this.deployment.voting,
      abi: ownerVotingAbi,
      functionName: "ballotOf",
      args: [BigInt(p.proposalId), p.entryId],
    });
    return kind === 1 && nonce === p.nonce && choice === p.choice;
  }

  /** Confirms a ballot that counted in an earlier transaction, with that transaction's block. */
  private async confirmAsCounted(job: RelayJob, p: BallotPayload, receipt: TransactionReceipt): Promise<void> {
    await this.options.waitIndexed?.(receipt.blockNumber);
    const prior = await this.prisma.ballotLog.findFirst({
      where: { proposalId: BigInt(p.proposalId), entryId: p.entryId, nonce: p.nonce, kind: "electronic", counted: true },
      orderBy: { blockNumber: "desc" },
    });
    if (!prior) {
      await this.retryLater([job], new Error("counted ballot not indexed yet"));
      return;
    }
    const block = await this.client.getBlock({ blockNumber: prior.blockNumber });
    await this.prisma.relayJob.update({
      where: { id: job.id },
      data: { status: "confirmed", reason: null, txHash: prior.txHash, blockNumber: prior.blockNumber, blockHash: block.hash },
    });
  }

  private async settleCall(job: RelayJob, receipt: TransactionReceipt): Promise<void> {
    const p = job.payload as unknown as CallPayload;
    if (receipt.status === "success") {
      await this.finish(job.id, "confirmed", null, receipt);
      await this.syncAction(p.actionId, "confirmed", receipt.transactionHash, null);
      return;
    }
    // Simulated fine, reverted on chain: the state moved in between. Ask the contract again.
    const verdict = await this.simulate(this.prepareCall(p));
    if (verdict?.final) {
      await this.finish(job.id, "rejected", verdict.reason, receipt);
      await this.syncAction(p.actionId, "failed", receipt.transactionHash, verdict.reason);
      return;
    }
    await this.retryLater([job], new Error(`transaction ${receipt.transactionHash} reverted`), { countAttempt: true });
    await this.syncAction(p.actionId, "queued", null, null);
  }

  private async syncAction(id: string | undefined, status: ActionStatus, txHash: string | null, error: string | null) {
    if (!id) return;
    await this.prisma.pendingAction.update({ where: { id }, data: { status, txHash, error } });
  }

  private async finish(id: string, status: string, reason: string | null, receipt?: TransactionReceipt): Promise<void> {
    await this.prisma.relayJob.update({
      where: { id },
      data: {
        status,
        reason,
        ...(receipt ? { txHash: receipt.transactionHash, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash } : {}),
      },
    });
  }
}

function groupByTx(jobs: RelayJob[]): Map<string, RelayJob[]> {
  const byTx = new Map<string, RelayJob[]>();
  for (const j of jobs) {
    const list = byTx.get(j.txHash ?? "") ?? [];
    list.push(j);
    byTx.set(j.txHash ?? "", list);
  }
  return byTx;
}

/**
 * eth_call errors carry the revert data; viem decodes it to the contract's custom error only when
 * given the ABI, which a raw call does not have. This wraps such an error in a decoded one.
 */
function decodeCallError(abi: Abi, err: unknown): unknown {
  const e = err as { walk?: (fn: (x: unknown) => boolean) => unknown };
  const withData = e.walk?.((x) => typeof (x as { data?: unknown }).data === "string") as { data?: Hex } | undefined;
  if (!withData?.data || withData.data === "0x") return err;
  try {
    return new ContractFunctionRevertedError({ abi, data: withData.data, functionName: "relayed" });
  } catch {
    return err;
  }
}

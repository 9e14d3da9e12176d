/**
 * Follows the ledger contracts' events into the database. The cursor (last indexed block) is
 * stored in the same transaction as the rows it produced, so a restart resumes exactly where
 * it stopped; `rebuild()` empties the index and replays the chain from the deployment block.
 *
 * The cursor and every stored log keep their block's hash. Before each pass the indexer checks
 * that the cursor's block is still on the chain; when it is not (a reorg, or a local node
 * restored from older state) it finds the last block both agree on, tells its listeners (the
 * relayer sends again what vanished) and indexes again from the events the chain now has.
 */
import { logsSplittingRange } from "../../../chain/splitLogRange";
import type { Address, Hex, Log, PublicClient } from "viem";
import { decodeLedgerLog } from "../../../chain/decodeLog";
import type { LedgerModuleContract } from "../../../chain/modules";
import { deployedModules, type Deployment } from "../chain/deployment";
import { resetDatabase } from "../db/client";
import type { PrismaClient } from "../generated/prisma/client";
import { toJsonSafe } from "../json";
import { applyEventsWith, mergeHandlers, type LedgerLog, type ModuleEventHandlers } from "./handlers";
import { MODULE_EVENTS } from "./modules";

/** Modules whose events the index keeps with their block's time. */
const DATED_MODULES: ReadonlySet<string> = new Set(["fund", "reports"]);
const CURSOR = "ledger";
/** Advisory lock key held while a range is written (any constant shared by all instances). */
const INDEX_LOCK = 0x1ed9e7;
/** Bound on one getLogs request, so that a long catch-up never asks a node for too much. */
const MAX_BLOCK_RANGE = 2_000n;


export interface IndexerStatus {
  head: bigint;
  indexed: bigint;
}

export class Indexer {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly rewoundListeners = new Set<(ancestor: bigint) => void>();
  private syncing: Promise<bigint> | null = null;
  /** The module contracts followed, by lowercase address. */
  private readonly moduleByAddress: Map<string, LedgerModuleContract>;
  private readonly addresses: Address[];
  lastHead = 0n;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly client: PublicClient,
    private readonly deployment: Deployment,
    private readonly log: (m: string) => void = () => undefined,
    /** Every module's event handlers (the deployment's modules, by default). */
    private readonly handlers: ModuleEventHandlers = mergeHandlers(Object.values(MODULE_EVENTS)),
  ) {
    const modules = deployedModules(deployment);
    this.addresses = modules.map((m) => m.address);
    this.moduleByAddress = new Map(modules.map((m) => [m.address.toLowerCase(), m.module]));
  }

  /** The last block whose events are in the database. */
  async indexedBlock(db: Pick<PrismaClient, "indexCursor"> = this.prisma): Promise<bigint> {
    const c = await db.indexCursor.findUnique({ where: { name: CURSOR } });
    return c ? c.blockNumber : BigInt(this.deployment.deployBlock) - 1n;
  }

  /** Called after every batch the indexer commits. */
  onIndexed(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when the chain went back, with the last block the index and the chain agree on. */
  onRewound(listener: (ancestor: bigint) => void): () => void {
    this.rewoundListeners.add(listener);
    return () => this.rewoundListeners.delete(listener);
  }

  start(intervalMs = 250): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      try {
        await this.sync();
      } catch (err) {
        this.log(`indexer: ${(err as Error).message}`);
      }
      if (this.running) this.timer = setTimeout(tick, intervalMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.syncing?.catch(() => undefined);
  }

  /** Indexes up to the chain head; concurrent callers share one run. Returns the indexed block. */
  sync(): Promise<bigint> {
    if (!this.syncing) {
      this.syncing = this.syncOnce().finally(() => {
        this.syncing = null;
      });
    }
    return this.syncing;
  }

  /** Waits until the index has reached `block` (or the head, by default, or if `block` is above it). */
  async waitFor(block?: bigint): Promise<void> {
    for (;;) {
      // A block above the head is not waited for: the chain may have gone back below it, and
      // nothing may come to fill it (the relayer itself could be the one waiting).
      const head = await this.client.getBlockNumber({ cacheTime: 0 });
      const target = block === undefined || block > head ? head : block;
      if ((await this.sync()) >= target) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Runs `find`; on a miss, catches up with the chain head and runs it once more. A record made
   * on chain a moment ago may not be indexed yet, and a miss must not become a 404 for it.
   */
  async findFresh<T>(find: () => Promise<T | null>): Promise<T | null> {
    return (await find()) ?? (await this.waitFor().then(find));
  }

  /** Deletes the index and replays every event from the deployment block. */
  async rebuild(): Promise<bigint> {
    await this.syncing?.catch(() => undefined);
    await resetDatabase(this.prisma);
    return this.sync();
  }

  private async syncOnce(): Promise<bigint> {
    const head = await this.client.getBlockNumber({ cacheTime: 0 });
    this.lastHead = head;
    await this.checkBranch(head);
    let from = (await this.indexedBlock()) + 1n;
    while (from <= head) {
      const to = from + MAX_BLOCK_RANGE - 1n < head ? from + MAX_BLOCK_RANGE - 1n : head;
      // A range whose logs are more than the transport takes in one answer is read in halves.
      const logs = await logsSplittingRange((a, b) => this.client.getLogs({ address: this.addresses, fromBlock: a, toBlock: b }), from, to);
      const decoded = logs.map((l) => this.decode(l)).filter((l): l is LedgerLog => l !== null);
      await this.dateLogs(decoded);
      const block = await this.client.getBlock({ blockNumber: to });
      const applied = await this.prisma.$transaction(
        async (tx) => {
          // Two API instances on one database each run an indexer: one writes a range at a time,
          // and the other, finding the cursor already past it, leaves it alone.
          await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${INDEX_LOCK})`);
          if ((await this.indexedBlock(tx)) >= from) return false;
          await applyEventsWith(this.handlers, tx, decoded, this.log);
          if (decoded.length > 0) {
            await tx.chainLog.createMany({
              data: decoded.map((l) => ({
                blockNumber: l.blockNumber,
                logIndex: l.logIndex,
                txHash: l.transactionHash,
                blockHash: l.blockHash.toLowerCase(),
                address: l.address.toLowerCase(),
                eventName: l.eventName,
                args: toJsonSafe(l.args) as object,
              })),
            });
          }
          await tx.indexCursor.upsert({
            where: { name: CURSOR },
            create: { name: CURSOR, blockNumber: to, blockHash: block.hash ?? "" },
            update: { blockNumber: to, blockHash: block.hash ?? "" },
          });
          return true;
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
      if (!applied) {
        from = (await this.indexedBlock()) + 1n;
        continue;
      }
      if (decoded.length > 0) for (const l of this.listeners) l();
      from = to + 1n;
    }
    return head < from ? from - 1n : head;
  }

  /**
   * Whether the indexed branch is still the chain's; if not, the index is emptied (everything it
   * holds is replayed from the chain) and the listeners told where the branches part.
   */
  private async checkBranch(head: bigint): Promise<void> {
    const cursor = await this.prisma.indexCursor.findUnique({ where: { name: CURSOR } });
    if (!cursor || !cursor.blockHash) return;
    if (cursor.blockNumber <= head) {
      const block = await this.client.getBlock({ blockNumber: cursor.blockNumber });
      if (block.hash?.toLowerCase() === cursor.blockHash.toLowerCase()) return;
    }
    const ancestor = await this.commonAncestor(head);
    this.log(
      `indexer: the chain went back (indexed to block ${cursor.blockNumber}, the chain's head is ${head}, ` +
        `they agree up to block ${ancestor}): indexing again from the chain`,
    );
    await resetDatabase(this.prisma);
    for (const l of this.rewoundListeners) l(ancestor);
  }

  /** The last block holding an indexed log that is still on the chain (or the one before deployment). */
  private async commonAncestor(head: bigint): Promise<bigint> {
    const blocks = await this.prisma.$queryRawUnsafe<{ blockNumber: unknown; blockHash: string }[]>(
      `SELECT DISTINCT "blockNumber", "blockHash" FROM "ChainLog" WHERE "blockHash" <> '' ORDER BY "blockNumber" DESC`,
    );
    for (const row of blocks) {
      const n = BigInt(String(row.blockNumber));
      if (n > head) continue;
      const block = await this.client.getBlock({ blockNumber: n });
      if (block.hash?.toLowerCase() === row.blockHash.toLowerCase()) return n;
    }
    return BigInt(this.deployment.deployBlock) - 1n;
  }

  /** Gives the logs of dated modules (the fund's) their block's time: one block read per block. */
  private async dateLogs(logs: LedgerLog[]): Promise<void> {
    const times = new Map<bigint, bigint>();
    for (const l of logs) {
      if (!DATED_MODULES.has(this.moduleByAddress.get(l.address.toLowerCase())?.name ?? "")) continue;
      let t = times.get(l.blockNumber);
      if (t === undefined) {
        t = (await this.client.getBlock({ blockNumber: l.blockNumber })).timestamp;
        times.set(l.blockNumber, t);
      }
      l.blockTime = t;
    }
  }

  private decode(l: Log): LedgerLog | null {
    const module = this.moduleByAddress.get(l.address.toLowerCase());
    if (!module) return null; // not one of the ledger's contracts
    const d = decodeLedgerLog(module.abi, l);
    if (!d) return null;
    return {
      eventName: d.eventName,
      args: d.args,
      blockNumber: l.blockNumber ?? 0n,
      logIndex: l.logIndex ?? 0,
      transactionHash: (l.transactionHash ?? "0x") as Hex,
      blockHash: (l.blockHash ?? "0x") as Hex,
      address: l.address,
    };
  }
}

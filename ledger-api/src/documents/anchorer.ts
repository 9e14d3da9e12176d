/**
 * Batched anchoring of stored documents. A batch closes after `batchSize` documents or
 * `batchSeconds` after its oldest document arrived, whichever comes first. Closing builds the
 * document log (domain/documents/merkleLog.ts) over the documents' leaf hashes in a fixed order
 * (arrival time, then row id) and, in one transaction, stores the batch (root, size), each
 * member's leaf index, and the relayer job that sends DocumentAnchor.anchor(root, size) with the
 * server's key (which pays gas and has no authority). Only then can the relayer send it.
 *
 * A batch is "confirmed" once the indexer has the AnchoredBatch row for its root at the finality
 * depth. After a restart every closed batch not yet confirmed is looked at again: if the chain
 * already has its root (anchorOf) it only waits for the index; if its job is gone it is queued
 * again; a refusal AnchorRootExists means it is anchored (by us before a crash, or by anyone:
 * anchoring is permissionless and a root is a timestamp). Transient chain errors are the
 * relayer's to retry; they never mark a batch failed. A root is never anchored twice: the
 * contract refuses a duplicate root.
 */
import { hexToBytes, keccak256, toHex, type Hex, type PublicClient } from "viem";
import { documentAnchorAbi } from "../../../chain/abi";
import { buildDocumentLog, descriptorOf, documentLeafHash, type DocumentKind, type RecordType } from "../../../domain/documents";
import type { Deployment } from "../chain/deployment";
import type { DocumentBatch, PrismaClient, StoredDocument } from "../generated/prisma/client";
import { encodeTagged } from "../json";
import type { CallPayload } from "../relayer/jobs";

export interface AnchoringOptions {
  /** documents per batch at most (default 256) */
  batchSize?: number;
  /** seconds a document waits at most before its batch closes (default 30) */
  batchSeconds?: number;
  finalityDepth?: number;
  log?: (m: string) => void;
  /** run at the start of each round: files what the ledger holds and is due (ledgerTexts.ts) */
  collect?: () => Promise<number>;
}

export const DEFAULT_ANCHORING = { batchSize: 256, batchSeconds: 30 } as const;

/** The document's leaf hash (leaf.ts: the file's hash and its descriptor), as the document log takes it. */
export function leafBytesOf(doc: Pick<StoredDocument, "sha256" | "communityId" | "recordType" | "recordId" | "kind">): Uint8Array {
  return hexToBytes(documentLeafHash(doc.sha256 as Hex, descriptorOf({
    communityId: doc.communityId.toString(),
    recordType: doc.recordType as RecordType,
    recordId: doc.recordId,
    kind: doc.kind as DocumentKind,
  })));
}

/** The relayer job's idempotency key for anchoring `root`. */
export const anchorJobDigest = (root: string) => keccak256(toHex(`document-anchor:${root.toLowerCase()}`));

/** The relayer job that sends DocumentAnchor.anchor(root, size), accepted for the relayer to send. */
function anchorJob(digest: string, root: string, size: number) {
  const call: CallPayload = { contract: "documents", functionName: "anchor", args: encodeTagged([root, size]) };
  return { digest, kind: "document-anchor", payload: call as unknown as object, status: "accepted" };
}

export class DocumentAnchorer {
  readonly batchSize: number;
  readonly batchSeconds: number;
  private readonly depth: bigint;
  private readonly log: (m: string) => void;
  private readonly collect: (() => Promise<number>) | undefined;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly client: PublicClient,
    private readonly deployment: Deployment,
    private readonly notifyRelayer: () => void,
    o: AnchoringOptions = {},
  ) {
    this.batchSize = o.batchSize ?? DEFAULT_ANCHORING.batchSize;
    this.batchSeconds = o.batchSeconds ?? DEFAULT_ANCHORING.batchSeconds;
    this.depth = BigInt(o.finalityDepth ?? 0);
    this.log = o.log ?? (() => undefined);
    this.collect = o.collect;
  }

  start(): void {
    this.stopped = false;
    const every = Math.max(100, Math.min(1000, (this.batchSeconds * 1000) / 2));
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.tick().finally(loop);
      }, every);
    };
    void this.tick().finally(loop);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** A document arrived: closes a full batch at once. */
  notify(): void {
    if (!this.stopped) void this.tick();
  }

  /** One round: close what is due, then look after every closed batch. Never throws. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      if (this.collect) {
        try {
          const n = await this.collect();
          if (n > 0) this.log(`documents: filed ${n} text(s) the ledger holds`);
        } catch (err) {
          this.log(`documents: filing texts put off: ${(err as Error).message.split("\n")[0]}`);
        }
      }
      try {
        while (await this.closeDue()) {
          /* closes as many full batches as there are */
        }
        await this.resume();
      } catch (err) {
        // The database or the node is away for a moment: the next round tries again.
        this.log(`documents: anchoring round put off: ${(err as Error).message.split("\n")[0]}`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Closes one batch if one is due (full, or its oldest document waited long enough). */
  async closeDue(now = new Date()): Promise<DocumentBatch | null> {
    const waiting = await this.prisma.storedDocument.count({ where: { batchId: null } });
    if (waiting === 0) return null;
    if (waiting < this.batchSize) {
      const oldest = await this.prisma.storedDocument.findFirst({ where: { batchId: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      if (!oldest || now.getTime() - oldest.createdAt.getTime() < this.batchSeconds * 1000) return null;
    }
    return this.close();
  }

  /** Closes a batch now over the waiting documents (up to batchSize), whatever their age. */
  async close(): Promise<DocumentBatch | null> {
    const batch = await this.prisma.$transaction(async (tx) => {
      const docs = await tx.storedDocument.findMany({ where: { batchId: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: this.batchSize });
      if (docs.length === 0) return null;
      const log = buildDocumentLog(docs.map(leafBytesOf));
      const root = toHex(log.root).toLowerCase();
      const digest = anchorJobDigest(root);
      const created = await tx.documentBatch.create({ data: { root, size: docs.length, status: "closed", jobDigest: digest } });
      for (const [i, d] of docs.entries()) {
        const r = await tx.storedDocument.updateMany({ where: { id: d.id, batchId: null }, data: { batchId: created.id, leafIndex: i } });
        if (r.count !== 1) throw new Error("documents: a batch member was taken by another batch meanwhile");
      }
      await tx.relayJob.create({ data: anchorJob(digest, root, docs.length) });
      return created;
    });
    if (batch) {
      this.log(`documents: batch ${batch.id} closed with ${batch.size} document(s), root ${batch.root}`);
      this.notifyRelayer();
    }
    return batch;
  }

  /** Every closed batch: confirmed once indexed at the finality depth; queued again if its job is lost. */
  async resume(): Promise<void> {
    const open = await this.prisma.documentBatch.findMany({ where: { status: "closed" }, orderBy: { id: "asc" } });
    if (open.length === 0) return;
    const head = await this.client.getBlockNumber({ cacheTime: 0 });
    for (const b of open) {
      const anchored = await this.prisma.anchoredBatch.findUnique({ where: { root: b.root } });
      if (anchored) {
        if (head - anchored.blockNumber >= this.depth) {
          await this.prisma.documentBatch.update({ where: { id: b.id }, data: { status: "confirmed", confirmedAt: new Date() } });
          this.log(`documents: batch ${b.id} confirmed (chain batch ${anchored.batchId}, block ${anchored.blockNumber})`);
        }
        continue;
      }
      const job = await this.prisma.relayJob.findUnique({ where: { digest: b.jobDigest } });
      if (job && job.status !== "rejected" && job.status !== "failed") continue; // queued, sent or confirmed: the index will show it
      const onChain = await this.client.readContract({ address: this.deployment.documents, abi: documentAnchorAbi, functionName: "anchorOf", args: [b.root as Hex] });
      if (onChain.batchId !== 0n) continue; // anchored (AnchorRootExists): the indexer will have its row
      if (job) {
        // Refused for another reason than a duplicate root (which the contract cannot do to a
        // batch we built): left closed so the audit reports it, and said in the log.
        this.log(`documents: batch ${b.id}'s anchoring was refused (${job.reason ?? job.status}); it stays unconfirmed`);
        continue;
      }
      await this.prisma.relayJob.create({ data: anchorJob(b.jobDigest, b.root, b.size) });
      this.notifyRelayer();
    }
  }
}

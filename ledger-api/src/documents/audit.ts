/**
 * The document audit (`npm run audit`): every stored file's SHA-256 (and keccak256, which joins it
 * to the records carrying it on chain) recomputed against its rows,
 * every document's leaf recomputed and its batch's log rebuilt from its members against the
 * batch's stored root, that root against its AnchoredBatch row and against the chain
 * (DocumentAnchor.anchorOf). Lists every mismatch; the caller decides the exit code.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { createHash } from "node:crypto";
import { toHex, type Hex, type PublicClient } from "viem";
import { documentAnchorAbi } from "../../../chain/abi";
import { buildDocumentLog } from "../../../domain/documents";
import type { Deployment } from "../chain/deployment";
import type { PrismaClient } from "../generated/prisma/client";
import { leafBytesOf } from "./anchorer";
import type { DocumentStore } from "./store";

export type AuditProblemKind =
  | "file-missing"
  | "file-changed"
  | "row-edited"
  | "batch-root-mismatch"
  | "anchor-not-confirmed"
  | "anchor-mismatch";

export interface AuditProblem {
  kind: AuditProblemKind;
  /** the file's hash, a document's row id or a batch's root */
  subject: string;
  detail: string;
}

export interface AuditReport {
  files: number;
  documents: number;
  batches: number;
  problems: AuditProblem[];
}

async function hashesOf(stream: ReadableStream<Uint8Array>): Promise<{ sha256: string; keccak256: string; size: number }> {
  const h = createHash("sha256");
  const k = keccak_256.create();
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    h.update(value);
    k.update(value);
    size += value.byteLength;
  }
  return { sha256: `0x${h.digest("hex")}`, keccak256: `0x${Buffer.from(k.digest()).toString("hex")}`, size };
}

/** Throws only when it could not check at all (database or chain unreachable). */
export async function auditDocuments(prisma: PrismaClient, store: DocumentStore, client: PublicClient, deployment: Deployment): Promise<AuditReport> {
  const problems: AuditProblem[] = [];
  const docs = await prisma.storedDocument.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const byHash = new Map<string, typeof docs>();
  for (const d of docs) byHash.set(d.sha256, [...(byHash.get(d.sha256) ?? []), d]);

  // the files: each one's content hashed again
  for (const [sha256, rows] of byHash) {
    const stream = await store.get(sha256);
    if (!stream) {
      problems.push({ kind: "file-missing", subject: sha256, detail: `no file in the store for ${rows.length} document row(s)` });
      continue;
    }
    const actual = await hashesOf(stream);
    if (actual.sha256 !== sha256) {
      problems.push({ kind: "file-changed", subject: sha256, detail: `the file's content now hashes to ${actual.sha256}` });
    }
    for (const r of rows) {
      if (r.size !== actual.size) problems.push({ kind: "row-edited", subject: r.id, detail: `size ${r.size} in the row, ${actual.size} bytes in the file` });
      // the keccak256 joins the file to the records carrying it on chain: an edited one would join it to another record
      else if (actual.sha256 === sha256 && r.keccak256 !== null && r.keccak256 !== actual.keccak256) {
        problems.push({ kind: "row-edited", subject: r.id, detail: `keccak256 ${r.keccak256} in the row, ${actual.keccak256} for the file` });
      }
    }
  }

  // the batches: their logs rebuilt from their members' rows, against the stored and anchored roots
  const batches = await prisma.documentBatch.findMany({ orderBy: { id: "asc" } });
  for (const b of batches) {
    const members = docs.filter((d) => d.batchId === b.id).sort((x, y) => (x.leafIndex ?? 0) - (y.leafIndex ?? 0));
    const indicesOk = members.length === b.size && members.every((m, i) => m.leafIndex === i);
    if (!indicesOk) {
      problems.push({ kind: "row-edited", subject: b.root, detail: `batch ${b.id} has ${members.length} member row(s) with leaf indices ${members.map((m) => m.leafIndex).join(",")}, its size is ${b.size}` });
    } else {
      const root = toHex(buildDocumentLog(members.map(leafBytesOf)).root);
      if (root !== b.root) {
        // find the rows whose leaf no longer fits: any edit of hash, community, record or kind changes it
        problems.push({ kind: "row-edited", subject: b.root, detail: `batch ${b.id}'s members now give root ${root}: a row's hash, community, record or kind was changed` });
      }
    }
    const anchored = await prisma.anchoredBatch.findUnique({ where: { root: b.root } });
    const onChain = await client.readContract({ address: deployment.documents, abi: documentAnchorAbi, functionName: "anchorOf", args: [b.root as Hex] });
    if (onChain.batchId === 0n) {
      problems.push({ kind: "anchor-not-confirmed", subject: b.root, detail: `batch ${b.id} (${b.status}) is not anchored on chain` });
      continue;
    }
    if (!anchored) {
      problems.push({ kind: "anchor-not-confirmed", subject: b.root, detail: `batch ${b.id} is on chain (batch ${onChain.batchId}) but not in the index` });
      continue;
    }
    if (anchored.batchId !== onChain.batchId || anchored.size !== onChain.size || BigInt(anchored.blockNumber) !== onChain.blockNumber || anchored.size !== b.size) {
      problems.push({ kind: "anchor-mismatch", subject: b.root, detail: `the index says batch ${anchored.batchId} of ${anchored.size} at block ${anchored.blockNumber}; the chain says batch ${onChain.batchId} of ${onChain.size} at block ${onChain.blockNumber}; stored size ${b.size}` });
    }
    if (b.status !== "confirmed") {
      problems.push({ kind: "anchor-not-confirmed", subject: b.root, detail: `batch ${b.id} is on chain and indexed but not marked confirmed yet (the service marks it at the finality depth)` });
    }
  }
  // documents waiting with no batch are not problems: they go into the next batch
  return { files: byHash.size, documents: docs.length, batches: batches.length, problems };
}

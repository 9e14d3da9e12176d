/** A stored document's proof bundle (domain/documents/bundle.ts), once its batch is confirmed. */
import type { Hex } from "viem";
import { bundleOf, buildDocumentLog, type DocumentKind, type ProofBundle, type RecordType } from "../../../domain/documents";
import type { Deployment } from "../chain/deployment";
import type { PrismaClient, StoredDocument } from "../generated/prisma/client";
import { leafBytesOf } from "./anchorer";
import { recordsCarrying } from "./chainLinks";

/** The bundle, or null while the document's batch is not confirmed. */
export async function proofBundleOf(prisma: PrismaClient, deployment: Deployment, doc: StoredDocument): Promise<ProofBundle | null> {
  if (doc.batchId === null || doc.leafIndex === null) return null;
  const batch = await prisma.documentBatch.findUnique({ where: { id: doc.batchId } });
  if (!batch || batch.status !== "confirmed") return null;
  const anchored = await prisma.anchoredBatch.findUnique({ where: { root: batch.root } });
  if (!anchored) return null;
  const members = await prisma.storedDocument.findMany({ where: { batchId: batch.id }, orderBy: { leafIndex: "asc" } });
  const carriers = doc.keccak256 === null ? [] : await recordsCarrying(prisma, doc.communityId, doc.keccak256);
  return bundleOf({
    document: {
      sha256: doc.sha256 as Hex,
      ...(doc.keccak256 === null ? {} : { keccak256: doc.keccak256 as Hex }),
      size: doc.size,
      mediaType: doc.mediaType,
      kind: doc.kind as DocumentKind,
      communityId: doc.communityId.toString(),
      record: { type: doc.recordType as RecordType, id: doc.recordId },
    },
    index: doc.leafIndex,
    log: buildDocumentLog(members.map(leafBytesOf)),
    batchId: anchored.batchId.toString(),
    anchor: {
      chainId: deployment.chainId,
      contract: deployment.documents.toLowerCase() as Hex,
      transaction: anchored.txHash as Hex,
      block: anchored.blockNumber.toString(),
      timestamp: Number(anchored.anchoredAt),
    },
    onChain: carriers.map((c) => ({ record: c.record, event: c.event, field: c.field, hash: c.hash as Hex, transaction: c.transaction as Hex, block: c.block })),
  });
}

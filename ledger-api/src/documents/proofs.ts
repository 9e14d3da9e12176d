/** A stored document's proof bundle (domain/documents/bundle.ts), once its batch is confirmed. */
import { toHex, type Hex } from "viem";
import { BUNDLE_FORMAT, LEAF_ENCODING, buildDocumentLog, descriptorOf, pathHex, type DocumentKind, type ProofBundle, type RecordType } from "../../../domain/documents";
import type { Deployment } from "../chain/deployment";
import type { PrismaClient, StoredDocument } from "../generated/prisma/client";
import { leafOf } from "./anchorer";

/** The bundle, or null while the document's batch is not confirmed. */
export async function proofBundleOf(prisma: PrismaClient, deployment: Deployment, doc: StoredDocument): Promise<ProofBundle | null> {
  if (doc.batchId === null || doc.leafIndex === null) return null;
  const batch = await prisma.documentBatch.findUnique({ where: { id: doc.batchId } });
  if (!batch || batch.status !== "confirmed") return null;
  const anchored = await prisma.anchoredBatch.findUnique({ where: { root: batch.root } });
  if (!anchored) return null;
  const members = await prisma.storedDocument.findMany({ where: { batchId: batch.id }, orderBy: { leafIndex: "asc" } });
  const log = buildDocumentLog(members.map((m) => Buffer.from(leafOf(m).slice(2), "hex")));
  const descriptor = descriptorOf({ communityId: doc.communityId.toString(), recordType: doc.recordType as RecordType, recordId: doc.recordId, kind: doc.kind as DocumentKind });
  return {
    format: BUNDLE_FORMAT,
    document: {
      sha256: doc.sha256 as Hex,
      size: doc.size,
      mediaType: doc.mediaType,
      kind: doc.kind,
      communityId: doc.communityId.toString(),
      record: { type: doc.recordType, id: doc.recordId },
    },
    leaf: { encoding: LEAF_ENCODING, descriptor, index: doc.leafIndex, hash: leafOf(doc) },
    batch: { id: anchored.batchId.toString(), size: anchored.size, root: toHex(log.root), path: pathHex(log.proof(doc.leafIndex)) },
    anchor: {
      chainId: deployment.chainId,
      contract: deployment.documents.toLowerCase() as Hex,
      transaction: anchored.txHash as Hex,
      block: anchored.blockNumber.toString(),
      timestamp: Number(anchored.anchoredAt),
    },
  };
}

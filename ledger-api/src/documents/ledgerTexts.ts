/**
 * The texts the ledger already holds, filed in the document store once their record is on chain:
 * a proposal's full text (ProposalPublished's input.textHash), an objection's text and the
 * committee's answer (ObjectionFiled's textHash, ObjectionAnswered's answerHash), a spending
 * plan's text (PlanCreated's terms.textHash). Each is kept as
 * a UTF-8 text file whose keccak256 is the hash the chain carries and anchored in the next batch
 * like an uploaded file, so a printed notice of a proposal can be checked with its full text.
 *
 * A text is filed only for a record in the index (a draft never published files nothing), once:
 * the row is unique per file and record, and a text whose bytes do not hash to the record's hash
 * (which the API never stores) is left alone. Its uploader is "ledger": the service filed it from
 * the text it was given with the draft.
 */
import type { DocumentKind, RecordType } from "../../../domain/documents";
import { isUniqueViolation } from "../db/client";
import type { PrismaClient } from "../generated/prisma/client";
import type { DocumentStore } from "./store";

export const TEXT_MEDIA_TYPE = "text/plain; charset=utf-8";
export const LEDGER_UPLOADER = "ledger";

interface Unfiled {
  hash: string;
  body: string;
  communityId: bigint;
  recordId: string;
}

/** Texts carried by records of the index and not filed for them yet (at most `limit` of each source). */
async function unfiled(prisma: PrismaClient, limit: number): Promise<{ kind: DocumentKind; recordType: RecordType; rows: Unfiled[] }[]> {
  const notFiled = (type: string, id: string, hash: string) =>
    `NOT EXISTS (SELECT 1 FROM "StoredDocument" s WHERE s."recordType" = '${type}' AND s."recordId" = ${id} AND s."keccak256" = ${hash})`;
  const proposals = await prisma.$queryRawUnsafe<Unfiled[]>(
    `SELECT d."hash", d."body", p."communityId", p."id"::text AS "recordId"
       FROM "Proposal" p JOIN "Document" d ON d."hash" = p."textHash"
      WHERE ${notFiled("proposal", `p."id"::text`, `p."textHash"`)}
      ORDER BY p."id" LIMIT ${limit}`,
  );
  const objectionId = `o."proposalId"::text || '/' || o."objectionId"::text`;
  const objections = await prisma.$queryRawUnsafe<Unfiled[]>(
    `SELECT d."hash", d."body", p."communityId", ${objectionId} AS "recordId"
       FROM "Objection" o JOIN "Proposal" p ON p."id" = o."proposalId" JOIN "Document" d ON d."hash" = o."textHash"
      WHERE ${notFiled("objection", objectionId, `o."textHash"`)}
      ORDER BY o."proposalId", o."objectionId" LIMIT ${limit}`,
  );
  const answers = await prisma.$queryRawUnsafe<Unfiled[]>(
    `SELECT d."hash", d."body", p."communityId", ${objectionId} AS "recordId"
       FROM "Objection" o JOIN "Proposal" p ON p."id" = o."proposalId" JOIN "Document" d ON d."hash" = o."answerHash"
      WHERE o."answerHash" IS NOT NULL AND ${notFiled("objection", objectionId, `o."answerHash"`)}
      ORDER BY o."proposalId", o."objectionId" LIMIT ${limit}`,
  );
  // plans live in the fund's replayed state, not a table: their events are read from the index's raw log
  const plans = await prisma.$queryRawUnsafe<Unfiled[]>(
    `SELECT d."hash", d."body", (l."args"->>'communityId')::bigint AS "communityId", l."args"->>'planId' AS "recordId"
       FROM "ChainLog" l JOIN "Document" d ON d."hash" = l."args"->'terms'->>'textHash'
      WHERE l."eventName" = 'PlanCreated' AND ${notFiled("plan", `l."args"->>'planId'`, `d."hash"`)}
      ORDER BY l."blockNumber", l."logIndex" LIMIT ${limit}`,
  );
  return [
    { kind: "plan-text", recordType: "plan", rows: plans },
    { kind: "proposal-text", recordType: "proposal", rows: proposals },
    { kind: "objection-text", recordType: "objection", rows: objections },
    { kind: "objection-answer", recordType: "objection", rows: answers },
  ];
}

/** Files what is due; returns how many texts it filed. Throws when the database or the store is away (the caller's next round tries again). */
export async function fileLedgerTexts(prisma: PrismaClient, store: DocumentStore, limit = 100): Promise<number> {
  let filed = 0;
  for (const { kind, recordType, rows } of await unfiled(prisma, limit)) {
    for (const r of rows) {
      const bytes = new TextEncoder().encode(r.body);
      const pending = await store.put(new Blob([bytes]).stream(), Number.MAX_SAFE_INTEGER);
      if (pending.keccak256 !== r.hash.toLowerCase() || pending.size === 0) {
        await pending.discard();
        continue;
      }
      await pending.commit();
      try {
        await prisma.storedDocument.create({
          data: {
            sha256: pending.sha256,
            keccak256: pending.keccak256,
            size: pending.size,
            mediaType: TEXT_MEDIA_TYPE,
            kind,
            communityId: r.communityId,
            recordType,
            recordId: r.recordId,
            visibility: "public",
            uploader: LEDGER_UPLOADER,
          },
        });
        filed++;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err; // another instance filed it meanwhile
      }
    }
  }
  return filed;
}

/**
 * Stored documents joined to the records that carry their hash on chain (domain/documents/
 * chainRecords.ts): a payment's invoice uploaded before the payment existed, a paper ballot's
 * scan, a plan's quote. Read from the index's raw events (ChainLog), so the join holds for any
 * record the chain has, whichever record the file was uploaded for.
 */
import { CARRIER_EVENTS_BY_RECORD, HASH_CARRIERS, carriedHashes, communityOfEvent, type RecordType } from "../../../domain/documents";
import type { PrismaClient } from "../generated/prisma/client";

/** A record that carries a document's keccak256 on chain, and where. */
export interface ChainReference {
  readonly record: { readonly type: RecordType; readonly id: string };
  /** the event's argument that holds the hash (dotted into a struct: "terms.quoteHash") */
  readonly field: string;
  readonly event: string;
  /** the file's keccak256, lowercase */
  readonly hash: string;
  readonly transaction: string;
  readonly block: string;
}

interface LogRow {
  eventName: string;
  args: Record<string, unknown>;
  txHash: string;
  blockNumber: bigint;
}

const quoted = (names: readonly string[]) => names.map((n) => `'${n.replace(/[^A-Za-z]/g, "")}'`).join(", ");

/** Whether the event's record is in `communityId`: named by the event, or by its proposal. */
async function inCommunity(prisma: PrismaClient, communityId: bigint, row: LogRow, cache: Map<string, bigint | null>): Promise<boolean> {
  const named = communityOfEvent(row.args);
  if (named !== null) return named === communityId.toString();
  const p = String(row.args.proposalId ?? "");
  if (!/^[0-9]{1,20}$/.test(p)) return false;
  if (!cache.has(p)) cache.set(p, (await prisma.proposal.findUnique({ where: { id: BigInt(p) }, select: { communityId: true } }))?.communityId ?? null);
  return cache.get(p) === communityId;
}

async function referencesIn(prisma: PrismaClient, communityId: bigint, rows: LogRow[], keep: (r: ReturnType<typeof carriedHashes>[number]) => boolean): Promise<ChainReference[]> {
  const out: ChainReference[] = [];
  const cache = new Map<string, bigint | null>();
  for (const row of rows) {
    const carried = carriedHashes(row.eventName, row.args).filter(keep);
    if (carried.length === 0 || !(await inCommunity(prisma, communityId, row, cache))) continue;
    for (const c of carried) out.push({ ...c, event: row.eventName, transaction: row.txHash, block: row.blockNumber.toString() });
  }
  return out;
}

/** The records of `communityId` whose events carry this keccak256 (oldest first). */
export async function recordsCarrying(prisma: PrismaClient, communityId: bigint, keccak256: string): Promise<ChainReference[]> {
  const hash = keccak256.toLowerCase();
  if (!/^0x[0-9a-f]{64}$/.test(hash)) return [];
  const rows = await prisma.$queryRawUnsafe<LogRow[]>(
    `SELECT "eventName", "args", "txHash", "blockNumber" FROM "ChainLog"
      WHERE "eventName" IN (${quoted(Object.keys(HASH_CARRIERS))}) AND "args"::text LIKE $1
      ORDER BY "blockNumber", "logIndex"`,
    `%${hash}%`,
  );
  return referencesIn(prisma, communityId, rows, (c) => c.hash === hash);
}

/** The argument(s) that name a record of each type in its events. */
const ID_ARGS: Record<RecordType, readonly string[] | null> = {
  proposal: ["proposalId"],
  objection: ["proposalId", "objectionId"],
  "paper-ballot": ["proposalId", "entryId"],
  mandate: ["proposalId", "entryId"],
  plan: ["planId"],
  payment: ["paymentId"],
  statement: ["statementId"],
  community: null,
};

/** The document hashes the record's events carry (none for a record type that carries none). */
export async function hashesCarriedBy(prisma: PrismaClient, communityId: bigint, record: { type: RecordType; id: string }): Promise<ChainReference[]> {
  const keys = ID_ARGS[record.type];
  const events = CARRIER_EVENTS_BY_RECORD[record.type];
  if (!keys || !events) return [];
  const values = record.id.split("/");
  if (values.length !== keys.length || !values.every((v) => /^[0-9]{1,20}$/.test(v))) return [];
  const where = keys.map((k, i) => `"args"->>'${k}' = $${i + 1}`).join(" AND ");
  const rows = await prisma.$queryRawUnsafe<LogRow[]>(
    `SELECT "eventName", "args", "txHash", "blockNumber" FROM "ChainLog"
      WHERE "eventName" IN (${quoted(events)}) AND ${where}
      ORDER BY "blockNumber", "logIndex"`,
    ...values,
  );
  return referencesIn(prisma, communityId, rows, (c) => c.record.type === record.type && c.record.id === record.id);
}

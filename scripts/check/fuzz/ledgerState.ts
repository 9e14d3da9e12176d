/**
 * What a fuzz run must not change: the chain (head block number and hash) and the index (every
 * table the indexer writes, and the relayer's queue), as row counts and a hash of their rows.
 * Drafts are the one thing a request without anyone's signature may add (anyone may propose a
 * draft for the committee to sign), so pending actions and proposal texts are compared apart:
 * the rows that existed must be unchanged, new ones must be drafts collecting signatures.
 */
import type { PublicClient } from "viem";
import type { PrismaClient } from "../../../ledger-api/src/generated/prisma/client";

/** Tables compared in full (column lists leave out bookkeeping timestamps). */
const INDEX_TABLES: Record<string, string> = {
  IndexCursor: `"name", "blockNumber", "blockHash"`,
  ChainLog: "*",
  Community: "*",
  FundEvent: "*",
  Building: "*",
  Unit: "*",
  OwnerBinding: "*",
  Proposal: "*",
  RollEntry: "*",
  RollVoter: "*",
  Ballot: "*",
  BallotLog: "*",
  Mandate: "*",
  Objection: "*",
  RelayJob: "*",
};

export interface LedgerState {
  chainHead: { number: string; hash: string };
  tables: Record<string, { rows: number; hash: string }>;
  drafts: { id: string; status: string; signatures: string }[];
  documents: { hash: string; kind: string }[];
}

async function tableDigest(prisma: PrismaClient, table: string, columns: string) {
  const rows = await prisma.$queryRawUnsafe<{ rows: bigint | number; hash: string | null }[]>(
    `SELECT count(*) AS "rows", md5(coalesce(string_agg(t.r, E'\\n' ORDER BY t.r), '')) AS "hash"
       FROM (SELECT (x.*)::text AS r FROM (SELECT ${columns} FROM "${table}") x) t`,
  );
  return { rows: Number(rows[0]?.rows ?? 0), hash: rows[0]?.hash ?? "" };
}

export async function ledgerState(prisma: PrismaClient, client: PublicClient): Promise<LedgerState> {
  const head = await client.getBlock({ blockTag: "latest" });
  const tables: LedgerState["tables"] = {};
  for (const [t, cols] of Object.entries(INDEX_TABLES)) tables[t] = await tableDigest(prisma, t, cols);
  const drafts = await prisma.pendingAction.findMany({ orderBy: { id: "asc" } });
  const documents = await prisma.document.findMany({ orderBy: { hash: "asc" }, select: { hash: true, kind: true } });
  return {
    chainHead: { number: head.number.toString(), hash: head.hash },
    tables,
    drafts: drafts.map((d) => ({ id: d.id, status: d.status, signatures: JSON.stringify(d.signatures) })),
    documents,
  };
}

export interface StateComparison {
  chainUnchanged: boolean;
  changedTables: string[];
  /** Drafts that existed and changed, or new ones not collecting signatures. */
  badDrafts: string[];
  newDrafts: number;
  newDocuments: number;
  badDocuments: string[];
}

export function compareStates(before: LedgerState, after: LedgerState): StateComparison {
  const changedTables = Object.keys(before.tables).filter(
    (t) => before.tables[t]!.rows !== after.tables[t]?.rows || before.tables[t]!.hash !== after.tables[t]?.hash,
  );
  const old = new Map(before.drafts.map((d) => [d.id, d]));
  const badDrafts: string[] = [];
  let newDrafts = 0;
  for (const d of after.drafts) {
    const was = old.get(d.id);
    if (was) {
      if (was.status !== d.status || was.signatures !== d.signatures) badDrafts.push(`${d.id} changed`);
    } else {
      newDrafts++;
      if (d.status !== "collecting" || d.signatures !== "[]") badDrafts.push(`${d.id} is new and ${d.status}`);
    }
  }
  for (const d of before.drafts) if (!after.drafts.some((a) => a.id === d.id)) badDrafts.push(`${d.id} vanished`);
  const oldDocs = new Set(before.documents.map((d) => d.hash));
  const added = after.documents.filter((d) => !oldDocs.has(d.hash));
  const badDocuments = [
    ...added.filter((d) => d.kind !== "proposal-text").map((d) => `${d.hash} (${d.kind})`),
    ...before.documents.filter((d) => !after.documents.some((a) => a.hash === d.hash)).map((d) => `${d.hash} vanished`),
  ];
  return {
    chainUnchanged: before.chainHead.number === after.chainHead.number && before.chainHead.hash === after.chainHead.hash,
    changedTables,
    badDrafts,
    newDrafts,
    newDocuments: added.length,
    badDocuments,
  };
}

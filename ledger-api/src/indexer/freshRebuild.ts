/**
 * Indexes a chain into a throw-away in-memory database, up to a given block: what the index
 * would hold if it were rebuilt now. The live index is compared with it (fault checks, tests).
 */
import type { PublicClient } from "viem";
import type { Deployment } from "../chain/deployment";
import { openDatabase } from "../db/client";
import { indexSnapshot, type IndexSnapshot } from "../db/indexSnapshot";
import { Indexer } from "./indexer";

export async function freshIndexSnapshot(client: PublicClient, deployment: Deployment): Promise<IndexSnapshot> {
  const db = await openDatabase({ dataDir: "memory://" });
  try {
    const indexer = new Indexer(db.prisma, client, deployment);
    await indexer.sync();
    return await indexSnapshot(db.prisma);
  } finally {
    await db.close();
  }
}

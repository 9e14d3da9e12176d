/**
 * `npm run reindex`: deletes the database's index and rebuilds it from the chain's events
 * (queues and off-chain documents are kept). Stop `npm start` first; uses the same
 * LEDGER_DATA_DIR, RPC_URL and DATABASE_URL.
 */
import path from "node:path";
import type { Hex } from "viem";
import { makeClients } from "../ledger-api/src/chain/clients";
import { readDeployment } from "../ledger-api/src/chain/deployment";
import { openDatabase } from "../ledger-api/src/db/client";
import { Indexer } from "../ledger-api/src/indexer/indexer";
import { ANVIL_RELAYER_KEY, startAnvil } from "./lib/anvil";

async function main() {
  const dataDir = path.resolve(process.env.LEDGER_DATA_DIR ?? path.join(__dirname, "..", ".data"));
  const deployment = readDeployment(path.join(dataDir, "deployment.json"));
  if (!deployment) throw new Error(`no deployment in ${dataDir}: run npm start first`);
  const anvil = process.env.RPC_URL ? null : await startAnvil({ port: Number(process.env.CHAIN_PORT ?? 8545), stateFile: path.join(dataDir, "chain", "state.json") });
  const rpcUrl = process.env.RPC_URL ?? anvil!.rpcUrl;
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: path.join(dataDir, "db") });
  const { publicClient } = makeClients(deployment.chainId, rpcUrl, (process.env.RELAYER_PRIVATE_KEY ?? ANVIL_RELAYER_KEY) as Hex);
  const t0 = Date.now();
  const block = await new Indexer(db.prisma, publicClient, deployment, (m) => console.log(m)).rebuild();
  console.log(`rebuilt the index from the chain up to block ${block} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await db.close();
  await anvil?.stop();
}

main().catch((err: unknown) => {
  console.error(`reindex failed: ${(err as Error).message}`);
  process.exit(1);
});

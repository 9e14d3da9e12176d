/**
 * `npm run audit`: checks every stored document against its file, its batch and the chain
 * (ledger-api/src/documents/audit.ts) and lists every mismatch. Exit 0: clean; 1: a mismatch;
 * 2: it could not check (no deployment, the database or the chain unreachable). Uses the same
 * LEDGER_DATA_DIR, RPC_URL, DATABASE_URL, DOCUMENT_STORE and DOCUMENT_DIR as `npm start`; run it
 * beside a running `npm start` only with DATABASE_URL (the embedded database takes one process).
 */
import path from "node:path";
import type { Hex } from "viem";
import { makeClients } from "../ledger-api/src/chain/clients";
import { readDeployment } from "../ledger-api/src/chain/deployment";
import { openDatabase } from "../ledger-api/src/db/client";
import { auditDocuments } from "../ledger-api/src/documents/audit";
import { openDocumentStore } from "../ledger-api/src/documents/store";
import { ANVIL_RELAYER_KEY, startAnvil, type AnvilNode } from "./lib/anvil";

async function main(): Promise<number> {
  const dataDir = path.resolve(process.env.LEDGER_DATA_DIR ?? path.join(__dirname, "..", ".data"));
  const deployment = readDeployment(path.join(dataDir, "deployment.json"));
  if (!deployment) {
    console.error(`audit: could not check: no deployment in ${dataDir} (run npm start first)`);
    return 2;
  }
  let anvil: AnvilNode | null = null;
  let db: Awaited<ReturnType<typeof openDatabase>> | null = null;
  try {
    anvil = process.env.RPC_URL ? null : await startAnvil({ port: Number(process.env.CHAIN_PORT ?? 8545), stateFile: path.join(dataDir, "chain", "state.json") });
    const rpcUrl = process.env.RPC_URL ?? anvil!.rpcUrl;
    db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: path.join(dataDir, "db") });
    const store = openDocumentStore({ kind: process.env.DOCUMENT_STORE?.trim() || undefined, dir: process.env.DOCUMENT_DIR?.trim() || undefined }, path.join(dataDir, "documents"));
    const { publicClient } = makeClients(deployment.chainId, rpcUrl, (process.env.RELAYER_PRIVATE_KEY ?? ANVIL_RELAYER_KEY) as Hex);
    const report = await auditDocuments(db.prisma, store, publicClient, deployment);
    for (const p of report.problems) console.log(`MISMATCH ${p.kind} ${p.subject}: ${p.detail}`);
    console.log(`audit: ${report.files} file(s), ${report.documents} document(s), ${report.batches} batch(es): ${report.problems.length === 0 ? "no mismatch" : `${report.problems.length} mismatch(es)`}`);
    return report.problems.length === 0 ? 0 : 1;
  } catch (err) {
    console.error(`audit: could not check: ${(err as Error).message.split("\n")[0]}`);
    return 2;
  } finally {
    await db?.close().catch(() => undefined);
    await anvil?.stop().catch(() => undefined);
  }
}

main().then((code) => process.exit(code));

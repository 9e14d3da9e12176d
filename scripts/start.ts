/**
 * `npm start`: the whole system on one machine.
 *   - a local chain node (Anvil) whose state persists in .data/chain, unless RPC_URL is set;
 *   - the contracts deployed and the demo community seeded on first start;
 *   - the API, indexer, relayer and web client on one port (PORT, default 8787);
 *   - an embedded PostgreSQL (PGlite) in .data/db, unless DATABASE_URL is set.
 * `npm start -- --reset` deletes .data and starts over.
 */
import fs from "node:fs";
import path from "node:path";
import type { Hex } from "viem";
import { authOptionsFromEnv } from "../ledger-api/src/auth/config";
import { makeClients } from "../ledger-api/src/chain/clients";
import { readDeployment, writeDeployment, type Deployment } from "../ledger-api/src/chain/deployment";
import { serviceOptionsFromEnv } from "../ledger-api/src/envConfig";
import { startService } from "../ledger-api/src/service";
import { demoCommittee, demoDistrictAdmin, demoSupervisor } from "./demo/generateCommunity";
import { ANVIL_RELAYER_KEY, fund, nodeRpc, startAnvil, type AnvilNode } from "./lib/anvil";
import { ensureBuilt } from "./lib/build";
import { contractsVersion, deployLedger } from "./lib/deploy";
import { LedgerDriver } from "./lib/ledgerDriver";
import { DEMO_UPLOADER, storeDemoFiles } from "./lib/demoFiles";
import { DEMO_HISTORY_SECONDS, seedDemo, storeDemoDocuments, type SeedResult } from "./lib/seedDemo";

const ROOT = path.resolve(__dirname, "..");
const log = (m: string) => console.log(`[ledger] ${m}`);

async function main() {
  const reset = process.argv.includes("--reset");
  const dataDir = path.resolve(process.env.LEDGER_DATA_DIR ?? path.join(ROOT, ".data"));
  if (reset) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    log(`--reset: removed ${dataDir}`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);

  const bounds = serviceOptionsFromEnv(process.env);

  ensureBuilt(log);

  let anvil: AnvilNode | null = null;
  const anvilOptions = { port: Number(process.env.CHAIN_PORT ?? 8545), stateFile: path.join(dataDir, "chain", "state.json"), log };
  let rpcUrl = process.env.RPC_URL;
  if (!rpcUrl) {
    // A new chain starts in the past, so that the demo's history (made by moving the clock
    // forward) ends today; a saved chain resumes its own clock.
    anvil = await startAnvil({ ...anvilOptions, genesisTimestamp: Math.floor(Date.now() / 1000) - DEMO_HISTORY_SECONDS });
    rpcUrl = anvil.rpcUrl;
    log(`local chain (Anvil) at ${rpcUrl}`);
  }
  const relayerKey = (process.env.RELAYER_PRIVATE_KEY ?? ANVIL_RELAYER_KEY) as Hex;
  const deploymentFile = path.join(dataDir, "deployment.json");
  const seedFile = path.join(dataDir, "demo.json");

  let deployment = readDeployment(deploymentFile);
  if (deployment && !(await hasCode(rpcUrl, deployment.registry))) {
    log("the saved deployment is not on this chain: deploying again");
    deployment = null;
    fs.rmSync(path.join(dataDir, "db"), { recursive: true, force: true });
  }
  if (deployment && deployment.codeVersion !== contractsVersion()) {
    const how = anvil
      ? "run `npm start -- --reset` to start over with the new contracts (this deletes the local chain and database) / 运行 `npm start -- --reset` 用新合约重新开始（会删除本地链和数据库）"
      : "deploy the new contracts with scripts/deploy.ts and point LEDGER_DATA_DIR at its deployment.json / 用 scripts/deploy.ts 部署新合约";
    log(`the contracts in ${deploymentFile} were not deployed from this checkout's code, or predate the record of it / 无法确认已部署的合约来自本版本代码: ${how}`);
    await anvil?.stop();
    process.exit(1);
  }
  if (!deployment) {
    if (!anvil) throw new Error("no deployment for RPC_URL: deploy with scripts/deploy.ts first");
    const admin = demoDistrictAdmin();
    await fund(rpcUrl, admin.address);
    deployment = await deployLedger({ rpcUrl, adminKey: admin.privateKey, supervisors: [demoSupervisor().address] });
    writeDeployment(deploymentFile, deployment);
    log(`deployed registry ${deployment.registry}, voting ${deployment.voting}`);
    const { publicClient, wallet } = makeClients(deployment.chainId, rpcUrl, relayerKey);
    const t0 = Date.now();
    const seed = await seedDemo(new LedgerDriver(publicClient, wallet, deployment), log);
    fs.writeFileSync(seedFile, JSON.stringify(seed, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));
    log(`demo community seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // The node saves its state every few seconds and on exit: restart it once, so that a crash
    // from here on can never lose the seeded community.
    await anvil.stop();
    anvil = await startAnvil(anvilOptions);
  }

  const service = await startService({
    deployment,
    rpcUrl,
    relayerKey,
    database: { databaseUrl: process.env.DATABASE_URL || undefined, dataDir: path.join(dataDir, "db") },
    auth: authOptionsFromEnv(),
    port,
    finalityDepth: finalityDepth(),
    ...bounds,
    webDist: path.join(ROOT, "web", "dist"),
    log,
  });
  await storeDemoDocuments(service.ctx.prisma);
  const seeded = fs.existsSync(seedFile) ? (JSON.parse(fs.readFileSync(seedFile, "utf8")) as SeedResult) : null;
  // The year's invoices, quotes, bank records… as files in the document store (once: a restart finds them kept).
  if (seeded) {
    const kept = await storeDemoFiles(service.ctx, BigInt(seeded.communityId), seeded.fund.files ?? [], DEMO_UPLOADER);
    if (kept > 0) log(`kept the demo's ${kept} documents in the document store`);
  }
  printWelcome(service.port ?? port, rpcUrl, deployment, seeded);

  const stop = async () => {
    log("stopping…");
    await service.stop();
    await anvil?.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** FINALITY_DEPTH: blocks on top of a transaction's block before its receipt says "confirmed". */
function finalityDepth(): number {
  const raw = process.env.FINALITY_DEPTH?.trim();
  if (!raw) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`FINALITY_DEPTH must be a whole number of blocks from 0 to 64, got ${raw}`);
  return n;
}


async function hasCode(rpcUrl: string, address: string): Promise<boolean> {
  const code = await nodeRpc<string | undefined>(rpcUrl, "eth_getCode", [address, "latest"]);
  return typeof code === "string" && code.length > 2;
}

function printWelcome(port: number, rpcUrl: string, d: Deployment, seed: SeedResult | null) {
  const url = `http://localhost:${port}`;
  const c = demoCommittee();
  console.log(`
小区共治账本 Community Ledger is running
  Web client / 网页端     ${url}
  API docs / 接口文档     ${url}/docs   (OpenAPI: ${url}/openapi.json)
  Health / 健康检查       ${url}/healthz
  Chain RPC / 链节点      ${rpcUrl}  (chain id ${d.chainId})
  CommunityRegistry       ${d.registry}
  OwnerVoting             ${d.voting}
`);
  if (seed) {
    console.log(`Demo sign-in (open ${url}/#/account and import a private key / 在“账户”页导入私钥):
  Owner (building 3, can vote on proposal #${seed.openProposalId} and object to #${seed.objectionProposalId}) / 业主:
    ${seed.demoOwner.address}
    ${seed.demoOwner.privateKey}
  Committee members / 业委会成员 (${c.threshold} of ${c.members.length}: an action needs ${c.threshold} signatures;
  import each key in its own browser profile or window / 每把私钥在各自的浏览器中导入):
${c.members
  .slice(0, c.threshold)
  .map((m, i) => `    ${i + 1}. ${m.address}\n       ${m.privateKey}`)
  .join("\n")}
  Supervisor / 居委会:
    ${demoSupervisor().address}
    ${demoSupervisor().privateKey}
  (Demo keys only: derived from a public seed, never use them for real funds.)
`);
  }
}

main().catch((err: unknown) => {
  console.error(`[ledger] failed to start: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});

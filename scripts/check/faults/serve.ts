/**
 * The ledger service alone, in its own process, for the scenario that kills the API: reads the
 * deployment, node and database from the environment and prints "ready <port>" once serving.
 */
import { readDeployment } from "../../../ledger-api/src/chain/deployment";
import { startService } from "../../../ledger-api/src/service";
import { ANVIL_RELAYER_KEY } from "../../lib/anvil";

async function main() {
  const deployment = readDeployment(process.env.DEPLOYMENT_FILE ?? "");
  if (!deployment) throw new Error("DEPLOYMENT_FILE must name a deployment.json");
  const service = await startService({
    deployment,
    rpcUrl: process.env.RPC_URL ?? "",
    relayerKey: ANVIL_RELAYER_KEY,
    database: { databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.DB_DIR },
    port: Number(process.env.PORT ?? 0),
  });
  console.log(`ready ${service.port}`);
  const stop = () => void service.stop().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err: unknown) => {
  console.error((err as Error).stack ?? String(err));
  process.exit(1);
});

/** Everything a request handler needs, built once by the service. */
import type { PublicClient } from "viem";
import type { Deployment } from "./chain/deployment";
import type { PrismaClient } from "./generated/prisma/client";
import type { Indexer } from "./indexer/indexer";
import type { RelayWorker } from "./relayer/worker";
import type { RollCache } from "./roll/rollStore";

export interface LedgerContext {
  prisma: PrismaClient;
  deployment: Deployment;
  client: PublicClient;
  indexer: Indexer;
  worker: RelayWorker;
  rolls: RollCache;
  /** RPC URL a browser can use to read the chain itself (the verify page). */
  publicRpcUrl: string;
  /** Latest block's timestamp (the chain's clock, which the contracts use). */
  chainTime(): Promise<bigint>;
}

export function chainClock(client: PublicClient): () => Promise<bigint> {
  // Not cached: a development chain's clock can jump (evm_increaseTime) between two requests.
  return async () => (await client.getBlock({ blockTag: "latest" })).timestamp;
}

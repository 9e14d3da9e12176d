/** Everything a request handler needs, built once by the service. */
import type { PublicClient } from "viem";
import type { AuthConfig } from "./auth/config";
import type { SessionStore } from "./auth/sessions";
import type { Deployment } from "./chain/deployment";
import type { DraftBounds } from "./actions/committeeActions";
import type { PrismaClient } from "./generated/prisma/client";
import type { Indexer } from "./indexer/indexer";
import type { RelayWorker } from "./relayer/worker";
import type { RollCache } from "./roll/rollStore";
import type { FundStates } from "./fund/fundState";
import type { DocumentAnchorer } from "./documents/anchorer";
import type { DocumentStore } from "./documents/store";

export interface LedgerContext {
  prisma: PrismaClient;
  deployment: Deployment;
  client: PublicClient;
  indexer: Indexer;
  worker: RelayWorker;
  rolls: RollCache;
  /** Each community's maintenance fund, replayed from its indexed events. */
  funds: FundStates;
  /** Sign-in settings (session lifetime, the origin a sign-in message must name). */
  auth: AuthConfig;
  sessions: SessionStore;
  /** RPC URL a browser can use to read the chain itself (the verify page). */
  publicRpcUrl: string;
  /** Latest block's timestamp (the chain's clock, which the contracts use). */
  chainTime(): Promise<bigint>;
  /** Bounds on what the API stores for anyone who asks (open drafts per community). */
  bounds: DraftBounds;
  /** The document store, the largest upload it takes, and the worker that anchors its batches. */
  documents: { store: DocumentStore; maxBytes: number; anchorer: DocumentAnchorer };
}

export function chainClock(client: PublicClient): () => Promise<bigint> {
  // Concurrent callers share one request, and an answer is reused for at most 50 ms: under
  // load one RPC call serves every ballot arriving meanwhile, while a development chain's clock
  // (which evm_increaseTime can move) is never read more than 50 ms stale.
  let inflight: Promise<bigint> | null = null;
  let cached: { at: number; value: bigint } | null = null;
  return () => {
    if (cached && performance.now() - cached.at < 50) return Promise.resolve(cached.value);
    if (!inflight) {
      const started = performance.now();
      inflight = client
        .getBlock({ blockTag: "latest" })
        .then((b) => {
          cached = { at: started, value: b.timestamp };
          return b.timestamp;
        })
        .finally(() => {
          inflight = null;
        });
    }
    return inflight;
  };
}

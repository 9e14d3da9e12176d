/**
 * The ledger service: database, indexer, relayer and HTTP app, started and stopped together.
 * `npm start` runs it on the embedded defaults; tests start it against their own chain node.
 */
import type { Server } from "node:http";
import type { Hex } from "viem";
import { resolveAuthConfig, type AuthOptions } from "./auth/config";
import { SessionStore } from "./auth/sessions";
import type { DraftBounds } from "./actions/committeeActions";
import { makeClients } from "./chain/clients";
import type { Deployment } from "./chain/deployment";
import { chainClock, type LedgerContext } from "./context";
import { openDatabase, type Database, type OpenDatabaseOptions } from "./db/client";
import { createApp } from "./http/app";
import type { RateLimitOptions } from "./http/rateLimit";
import { DEFAULT_HTTP_SERVER, listenHttp, type HttpServerOptions } from "./http/server";
import { DEFAULT_BOUNDS } from "./limits";
import { Indexer } from "./indexer/indexer";
import { RelayWorker } from "./relayer/worker";
import { FundStates } from "./fund/fundState";
import { RollCache } from "./roll/rollStore";
import path from "node:path";
import { DEFAULT_DATA_DIR } from "./db/client";
import { DocumentAnchorer, type AnchoringOptions } from "./documents/anchorer";
import { fileLedgerTexts } from "./documents/ledgerTexts";
import { openDocumentStore, type DocumentStoreOptions } from "./documents/store";

/** The document store and its anchoring (README, "Documents"). */
export interface DocumentOptions {
  /** DOCUMENT_STORE and DOCUMENT_DIR (default: `documents` beside the embedded database's folder) */
  store?: DocumentStoreOptions;
  /** largest upload, bytes (DOCUMENT_MAX_BYTES, default 20 MB) */
  maxBytes?: number;
  /** ANCHOR_BATCH_SIZE, ANCHOR_BATCH_SECONDS */
  anchoring?: Pick<AnchoringOptions, "batchSize" | "batchSeconds">;
}

export const DEFAULT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

export interface ServiceOptions {
  deployment: Deployment;
  rpcUrl: string;
  /** RPC URL given to browsers for the verify page (default: rpcUrl). */
  publicRpcUrl?: string;
  /** Pays gas for relayed transactions; has no role in any contract. */
  relayerKey: Hex;
  database: OpenDatabaseOptions;
  /** Sign-in: session lifetime and the public origin (defaults: 8 hours; each request's origin). */
  auth?: AuthOptions;
  /** 0 picks a free port; undefined serves no HTTP (app.request() only). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1) and the server's timeouts (DEFAULT_HTTP_SERVER). */
  http?: Partial<Omit<HttpServerOptions, "port">>;
  /** Per-client write limits (default DEFAULT_RATE_LIMITS). */
  rateLimits?: RateLimitOptions;
  /** Bounds on stored drafts (default DEFAULT_BOUNDS). */
  bounds?: DraftBounds;
  webDist?: string;
  /** Blocks on top of a transaction's block before its receipt says "confirmed" (0 local, 1 QBFT). */
  finalityDepth?: number;
  documents?: DocumentOptions;
  log?: (m: string) => void;
}

export interface LedgerService {
  ctx: LedgerContext;
  db: Database;
  app: ReturnType<typeof createApp>;
  port: number | null;
  /** The interface the HTTP server listens on (null: no HTTP). */
  host: string | null;
  stop(): Promise<void>;
}

export async function startService(o: ServiceOptions): Promise<LedgerService> {
  const log = o.log ?? (() => undefined);
  const auth = resolveAuthConfig(o.auth);
  const db = await openDatabase({ log, ...o.database });
  const { publicClient, wallet } = makeClients(o.deployment.chainId, o.rpcUrl, o.relayerKey);
  const chainId = await publicClient.getChainId();
  if (chainId !== o.deployment.chainId) {
    await db.close();
    throw new Error(`chain id ${chainId} at ${o.rpcUrl} differs from the deployment's ${o.deployment.chainId}`);
  }
  const rolls = new RollCache(db.prisma);
  const indexer = new Indexer(db.prisma, publicClient, o.deployment, log);
  const worker = new RelayWorker(db.prisma, publicClient, wallet, o.deployment, rolls, {
    finalityDepth: o.finalityDepth,
    waitIndexed: (block) => indexer.waitFor(block),
    log,
  });
  // The chain went back: the rolls cached from the old branch go, and the relayer checks what it confirmed.
  indexer.onRewound((ancestor) => {
    rolls.clear();
    worker.rewound(ancestor);
  });
  const docs = o.documents ?? {};
  const store = openDocumentStore(docs.store ?? {}, path.join(path.dirname(path.resolve(o.database.dataDir ?? DEFAULT_DATA_DIR)), "documents"));
  const anchorer = new DocumentAnchorer(db.prisma, publicClient, o.deployment, () => worker.notify(), {
    ...docs.anchoring,
    finalityDepth: o.finalityDepth,
    log,
    collect: () => fileLedgerTexts(db.prisma, store),
  });
  const ctx: LedgerContext = {
    prisma: db.prisma,
    deployment: o.deployment,
    client: publicClient,
    indexer,
    worker,
    rolls,
    funds: new FundStates(db.prisma),
    auth,
    sessions: new SessionStore(db.prisma),
    publicRpcUrl: o.publicRpcUrl ?? o.rpcUrl,
    chainTime: chainClock(publicClient),
    bounds: o.bounds ?? DEFAULT_BOUNDS,
    documents: { store, maxBytes: docs.maxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES, anchorer },
  };
  const app = createApp(ctx, { webDist: o.webDist, log, rateLimits: o.rateLimits });
  const t0 = Date.now();
  const from = await indexer.indexedBlock();
  log(`indexing chain events from block ${from + 1n}…`);
  const to = await indexer.sync();
  log(`indexed to block ${to} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  indexer.start();
  worker.start();
  anchorer.start();

  let server: Server | null = null;
  let port: number | null = null;
  if (o.port !== undefined) {
    const s = await listenHttp(app.fetch, { ...DEFAULT_HTTP_SERVER, ...o.http, port: o.port }).catch(async (err: unknown) => {
      await anchorer.stop();
      await worker.stop();
      await indexer.stop();
      await db.close();
      throw err;
    });
    server = s.server;
    port = s.port;
  }

  return {
    ctx,
    db,
    app,
    port,
    host: server ? ((server.address() as { address?: string } | null)?.address ?? null) : null,
    async stop() {
      await anchorer.stop();
      await worker.stop();
      await indexer.stop();
      if (server) {
        const closed = new Promise<void>((r) => server!.close(() => r()));
        server.closeIdleConnections();
        await closed;
      }
      await db.close();
    },
  };
}

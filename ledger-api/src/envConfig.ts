/**
 * The service's network and abuse bounds from environment variables (`npm start`; the README's
 * configuration table lists them). An unset variable keeps the default; a malformed one stops
 * the start with a message naming it, rather than running with a bound nobody chose.
 */
import type { DraftBounds } from "./actions/committeeActions";
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from "./http/rateLimit";
import { DEFAULT_HTTP_SERVER, type HttpServerOptions } from "./http/server";
import { DEFAULT_BOUNDS } from "./limits";
import { DEFAULT_ANCHORING } from "./documents/anchorer";

/** Documents' settings (ServiceOptions.documents in service.ts, which has the defaults). */
export interface EnvDocumentOptions {
  store: { kind?: string; dir?: string };
  maxBytes: number;
  anchoring: { batchSize: number; batchSeconds: number };
}

export interface EnvServiceOptions {
  http: Omit<HttpServerOptions, "port">;
  rateLimits: RateLimitOptions;
  bounds: DraftBounds;
  documents: EnvDocumentOptions;
}

type Env = Record<string, string | undefined>;

function number(env: Env, name: string, fallback: number, check: (n: number) => boolean, what: string): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`${name} must be ${what}, got ${JSON.stringify(raw)}`);
  return n;
}

const positive = (n: number) => n > 0;
const nonNegativeInt = (n: number) => Number.isInteger(n) && n >= 0;
const positiveInt = (n: number) => Number.isInteger(n) && n >= 1;

export function serviceOptionsFromEnv(env: Env = process.env): EnvServiceOptions {
  const d = DEFAULT_HTTP_SERVER;
  const r = DEFAULT_RATE_LIMITS;
  return {
    http: {
      host: env.HOST?.trim() || d.host,
      headersTimeoutSeconds: number(env, "HTTP_HEADERS_TIMEOUT", d.headersTimeoutSeconds, positive, "a positive number of seconds"),
      requestTimeoutSeconds: number(env, "HTTP_REQUEST_TIMEOUT", d.requestTimeoutSeconds, positive, "a positive number of seconds"),
      keepAliveTimeoutSeconds: number(env, "HTTP_KEEPALIVE_TIMEOUT", d.keepAliveTimeoutSeconds, positive, "a positive number of seconds"),
    },
    rateLimits: {
      writesPerMinute: number(env, "WRITE_RATE_LIMIT", r.writesPerMinute, nonNegativeInt, "a whole number of requests per minute (0: off)"),
      writeBurst: number(env, "WRITE_RATE_BURST", r.writeBurst, positiveInt, "a whole number of requests, at least 1"),
      ballotsPerMinute: number(env, "BALLOT_RATE_LIMIT", r.ballotsPerMinute, nonNegativeInt, "a whole number of ballots per minute (0: off)"),
      ballotBurst: number(env, "BALLOT_RATE_BURST", r.ballotBurst, positiveInt, "a whole number of ballots, at least 1"),
    },
    bounds: {
      openDraftsPerCommunity: number(env, "MAX_OPEN_DRAFTS", DEFAULT_BOUNDS.openDraftsPerCommunity, positiveInt, "a whole number, at least 1"),
    },
    documents: {
      store: { kind: env.DOCUMENT_STORE?.trim() || undefined, dir: env.DOCUMENT_DIR?.trim() || undefined },
      maxBytes: number(env, "DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, positiveInt, "a whole number of bytes, at least 1"),
      anchoring: {
        batchSize: number(env, "ANCHOR_BATCH_SIZE", DEFAULT_ANCHORING.batchSize, (n) => positiveInt(n) && n <= 2 ** 32 - 1, "a whole number of documents, at least 1"),
        batchSeconds: number(env, "ANCHOR_BATCH_SECONDS", DEFAULT_ANCHORING.batchSeconds, positive, "a positive number of seconds"),
      },
    },
  };
}

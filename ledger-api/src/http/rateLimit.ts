/**
 * Per-client limits on writes (POST), by the address the TCP connection comes from: drafts,
 * signatures, supervisor actions and tallies share one bucket per address; ballots have a
 * bucket of their own, off by default (see README, "Limits"). Over the limit a request gets
 * 429 RATE_LIMITED with Retry-After.
 */
import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../errors";
import { TokenBuckets } from "./tokenBucket";

export interface RateLimitOptions {
  /** Writes other than ballots per client address and minute (sustained); 0 turns the limit off. */
  writesPerMinute: number;
  /** How many such writes a client may send at once before the sustained rate applies. */
  writeBurst: number;
  /** Ballots per client address and minute; 0 (the default) turns the limit off. */
  ballotsPerMinute: number;
  ballotBurst: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  writesPerMinute: 120,
  writeBurst: 60,
  ballotsPerMinute: 0,
  ballotBurst: 600,
};

const buckets = (perMinute: number, burst: number) =>
  perMinute > 0 ? new TokenBuckets({ capacity: Math.max(1, burst), refillPerSecond: perMinute / 60 }) : null;

/** The address of the client's TCP connection (the Node server's socket), or "local" for app.request(). */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "local";
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const writes = buckets(options.writesPerMinute, options.writeBurst);
  const ballots = buckets(options.ballotsPerMinute, options.ballotBurst);
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const bucket = c.req.path === "/api/ballots" ? ballots : writes;
    if (!bucket) return next();
    const t = bucket.take(clientAddress(c));
    if (!t.ok) {
      c.header("Retry-After", String(t.retryAfterSeconds));
      return c.json(new ApiError("RATE_LIMITED", { retryAfterSeconds: t.retryAfterSeconds }).toBody(), 429);
    }
    return next();
  };
}

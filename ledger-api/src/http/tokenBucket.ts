/**
 * Token buckets kept in memory, one per key (a client address): a bucket holds at most
 * `capacity` tokens, refills at `refillPerSecond`, and each request takes one. A refused take
 * says how long until a token is back. Buckets that are full again are forgotten when the map
 * grows, so memory stays bounded by the clients active within one refill period.
 */
export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Forget full buckets once this many keys are held (default 10,000). */
  maxKeys?: number;
}

export type Take = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(
    private readonly options: TokenBucketOptions,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new Error(`a token bucket needs capacity ≥ 1 and a positive refill rate, got ${JSON.stringify(options)}`);
    }
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  take(key: string): Take {
    const now = this.nowMs();
    const b = this.refilled(this.buckets.get(key), now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.store(key, b, now);
      return { ok: true, remaining: Math.floor(b.tokens) };
    }
    this.store(key, b, now);
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.options.refillPerSecond)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(b: Bucket | undefined, now: number): Bucket {
    if (!b) return { tokens: this.options.capacity, at: now };
    const tokens = Math.min(this.options.capacity, b.tokens + ((now - b.at) / 1000) * this.options.refillPerSecond);
    return { tokens, at: now };
  }

  private store(key: string, b: Bucket, now: number) {
    this.buckets.set(key, b);
    if (this.buckets.size <= this.maxKeys) return;
    for (const [k, v] of this.buckets) {
      if (this.refilled(v, now).tokens >= this.options.capacity) this.buckets.delete(k);
    }
  }
}

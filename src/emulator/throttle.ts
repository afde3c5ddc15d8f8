/** Which bucket a request draws from (ARM's 2024 token buckets, adf-rest-facts §7, §9). */
export type BucketKind = 'reads' | 'writes' | 'deletes';

/** Bucket sizes and refill rates per second. Reads refill and deletes are not verified: chosen like ARM's doc. */
export const ARM_BUCKETS: Record<BucketKind, { size: number; refill: number }> = {
  reads: { size: 250, refill: 25 },
  writes: { size: 200, refill: 10 },
  deletes: { size: 200, refill: 10 },
};

export function bucketOf(method: string): BucketKind {
  if (method === 'GET' || method === 'HEAD') return 'reads';
  if (method === 'DELETE') return 'deletes';
  return 'writes';
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets per subscription. `scale` multiplies sizes and refill rates; undefined = throttling off. */
export class Throttle {
  private buckets = new Map<string, Bucket>();
  constructor(
    private scale: number | undefined,
    private now: () => number,
  ) {}

  /** Take one token. Returns the remaining counts, and retryAfter (seconds) when the bucket was empty. */
  take(subscription: string, kind: BucketKind): { remaining: Record<BucketKind, number>; retryAfter?: number } {
    if (this.scale === undefined)
      return {
        remaining: {
          reads: ARM_BUCKETS.reads.size,
          writes: ARM_BUCKETS.writes.size,
          deletes: ARM_BUCKETS.deletes.size,
        },
      };
    const b = this.refill(subscription, kind);
    let retryAfter: number | undefined;
    if (b.tokens >= 1) b.tokens -= 1;
    else retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / (ARM_BUCKETS[kind].refill * this.scale)));
    const remaining = {} as Record<BucketKind, number>;
    for (const k of Object.keys(ARM_BUCKETS) as BucketKind[])
      remaining[k] = Math.floor(this.refill(subscription, k).tokens);
    return { remaining, retryAfter };
  }

  /** The remaining counts without taking a token (for answers refused before throttling applies). */
  peek(subscription: string): Record<BucketKind, number> {
    const remaining = {} as Record<BucketKind, number>;
    for (const k of Object.keys(ARM_BUCKETS) as BucketKind[]) {
      remaining[k] = this.scale === undefined ? ARM_BUCKETS[k].size : Math.floor(this.refill(subscription, k).tokens);
    }
    return remaining;
  }

  private refill(subscription: string, kind: BucketKind): Bucket {
    const key = `${subscription.toLowerCase()}|${kind}`;
    const { size, refill } = ARM_BUCKETS[kind];
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { tokens: size * this.scale!, at: now }));
    b.tokens = Math.min(size * this.scale!, b.tokens + ((now - b.at) / 1000) * refill * this.scale!);
    b.at = now;
    return b;
  }
}

/** Parse `arm`, `off` or a positive number (the --throttle flag). */
export function parseThrottle(value: 'arm' | 'off' | number | string | undefined): number | undefined {
  if (value === undefined || value === 'arm') return 1;
  if (value === 'off') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`invalid throttle '${value}': expected arm, off or a positive number`);
  return n;
}

import { setTimeout as delay } from 'node:timers/promises';
import { RateLimiter, type Sleep } from '../arm/limiter.js';

const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal ? { signal } : undefined);
};

/**
 * One RateLimiter per ARM endpoint and subscription, shared by every project of one command. ARM's token buckets
 * are per principal and subscription, not per factory: twenty clients pacing on their own would each spend the
 * refill rate and drain the bucket together. The principal is the same for every project of one command (one
 * environment, one credential), so endpoint and subscription are the whole key.
 */
export interface LimiterPool {
  limiterFor(endpoint: string, subscriptionId: string): RateLimiter;
  /** The limiters made so far, by key (for tests and --verbose). */
  limiters(): Map<string, RateLimiter>;
}

export function createLimiterPool(clock: { now?: () => number; sleep?: Sleep } = {}): LimiterPool {
  const pool = new Map<string, RateLimiter>();
  return {
    limiterFor(endpoint, subscriptionId) {
      const key = `${endpoint.replace(/\/+$/, '').toLowerCase()}|${subscriptionId.toLowerCase()}`;
      let limiter = pool.get(key);
      if (!limiter) pool.set(key, (limiter = new RateLimiter(clock.now ?? Date.now, clock.sleep ?? realSleep)));
      return limiter;
    },
    limiters: () => pool,
  };
}

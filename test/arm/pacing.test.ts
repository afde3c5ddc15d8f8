import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createArmClient } from '../../src/arm/client.js';
import type { ArmClientOptions } from '../../src/arm/types.js';
import { cloudError, json, useFakeArm } from './fake-arm.js';

const t = useFakeArm();

const client = (extra: Partial<ArmClientOptions> = {}) =>
  createArmClient({
    endpoint: t.server.url,
    token: 't',
    sleep: t.clock.sleep,
    now: t.clock.now,
    random: () => 0.5,
    ...extra,
  });
const rl = (cls: string, n: number) => ({ [`x-ms-ratelimit-remaining-subscription-${cls}`]: String(n) });

describe('client-side pacing', () => {
  it('slows writes to ARM’s refill rate once the remaining-writes header runs low', async () => {
    const counts = [1200, 60, 50, 40, 30];
    t.server.handle((_q, res) => json(res, 200, {}, rl('writes', counts.shift() ?? 20)));
    const c = client();
    for (let i = 0; i < 5; i++) await c.request('PUT', `/x/${i}`, { body: {} });
    // after the 2nd answer (60 < 10% of 1200) writes start at most every 100 ms (10/s)
    expect(t.clock.sleeps).toEqual([100, 100]);
    expect(t.server.received).toHaveLength(5);
    expect(c.stats().pacedMs).toBe(200);
  });

  it('spaces concurrent reads at 25/s when remaining reads are low', async () => {
    t.server.handle((_q, res) => json(res, 200, {}, rl('reads', 5)));
    const c = client();
    await c.request('GET', '/first');
    await Promise.all([1, 2, 3, 4].map((i) => c.request('GET', `/r/${i}`)));
    expect(t.clock.sleeps).toEqual([40, 40, 40]);
  });

  it('does not pace with pacing: false', async () => {
    t.server.handle((_q, res) => json(res, 200, {}, rl('reads', 1)));
    const c = client({ pacing: false });
    for (let i = 0; i < 3; i++) await c.request('GET', '/x');
    expect(t.clock.sleeps).toEqual([]);
  });

  it('after a 429, holds the whole class (not only the throttled request) until Retry-After, other classes run', async () => {
    t.server.handle((q, res) =>
      q.method === 'POST'
        ? cloudError(res, 429, 'SubscriptionRequestsThrottled', 'too many writes', { 'retry-after': '3' })
        : json(res, 200, {}),
    );
    const c = client({ pacing: false });
    await expect(c.request('POST', '/t/start')).rejects.toMatchObject({ status: 429, attempts: 1 });
    await c.request('GET', '/read');
    expect(t.clock.sleeps).toEqual([]);
    await c.request('PUT', '/write', { body: {} });
    expect(t.clock.sleeps).toEqual([3000]);
    expect(c.stats()).toMatchObject({ throttled: 1, pacedMs: 3000 });
    expect(t.server.received.map((r) => r.method)).toEqual(['POST', 'GET', 'PUT']);
  });
});

describe('maxInFlight', () => {
  /** Answer nothing until `gate` requests are waiting, then everything: proves that many were in flight together. */
  function gated(gate: number) {
    const waiting: ServerResponse[] = [];
    let open = false;
    return (_q: unknown, res: ServerResponse) => {
      if (open) return json(res, 200, {});
      waiting.push(res);
      if (waiting.length >= gate) {
        open = true;
        for (const r of waiting.splice(0)) json(r, 200, {});
      }
    };
  }

  it('the t.server sees parallel requests when the cap allows them', async () => {
    t.server.handle(gated(4));
    const c = client({ maxInFlight: 4 });
    await Promise.all([1, 2, 3, 4, 5, 6].map((i) => c.request('GET', `/p/${i}`)));
    expect(t.server.maxConcurrent).toBeGreaterThanOrEqual(4);
  });

  it('never has more than maxInFlight requests open at once', async () => {
    // A little t.server latency (not a client sleep) so that an uncapped client would pile requests up meanwhile.
    t.server.handle((_q, res) => void setTimeout(() => json(res, 200, {}), 10));
    const c = client({ maxInFlight: 2 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.request('GET', `/p/${i}`)));
    expect(t.server.received).toHaveLength(10);
    expect(t.server.maxConcurrent).toBeLessThanOrEqual(2);
  });
});

import { describe, expect, it } from 'vitest';
import { F, useEmulator } from './helpers.js';

describe('throttling', () => {
  let clock = 1_000_000;
  const t = useEmulator(() => {
    clock = 1_000_000;
    return { throttle: 'arm', now: () => clock };
  });

  it('buckets empty and refill', async () => {
    await t.call('PUT', F(), { location: 'westeurope' });
    let last;
    for (let i = 0; i < 250; i++) last = await t.call('GET', F());
    expect(last!.status).toBe(200);
    expect(last!.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe('0');
    // Only the request's own class is reported (SPEC 11).
    expect(last!.headers.get('x-ms-ratelimit-remaining-subscription-writes')).toBeNull();
    const throttled = await t.call('GET', F());
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('SubscriptionRequestsThrottled');
    expect(throttled.headers.get('retry-after')).toBe('1');
    // Writes and deletes have their own buckets; another subscription its own.
    expect((await t.call('PUT', `${F()}/pipelines/p`, { properties: {} })).status).toBe(200);
    expect((await t.call('DELETE', `${F()}/pipelines/p`)).status).toBe(200);
    expect((await t.call('GET', F('df-x', 'another-sub'))).status).toBe(404);
    // 25 reads per second come back.
    clock += 1000;
    for (let i = 0; i < 25; i++) expect((await t.call('GET', F())).status).toBe(200);
    expect((await t.call('GET', F())).status).toBe(429);
  });

  it('buckets empty and refill: writes 200 + 10/s, deletes 200 + 10/s', async () => {
    for (let i = 0; i < 200; i++) await t.call('PUT', F(), { location: 'westeurope' });
    const w = await t.call('PUT', F(), { location: 'westeurope' });
    expect(w.status).toBe(429);
    expect(w.headers.get('x-ms-ratelimit-remaining-subscription-writes')).toBe('0');
    for (let i = 0; i < 200; i++) await t.call('DELETE', F('gone'));
    expect((await t.call('DELETE', F('gone'))).status).toBe(429);
    // 10 per second: one token each after 100 ms.
    clock += 100;
    expect((await t.call('PUT', F(), { location: 'westeurope' })).status).toBe(200);
    expect((await t.call('DELETE', F('gone'))).status).toBe(204);
    expect((await t.call('PUT', F(), { location: 'westeurope' })).status).toBe(429);
  });
});

describe('throttling: scale and off', () => {
  let clock = 0;
  const scaled = useEmulator(() => ({ throttle: 0.02, now: () => clock }));

  it('scale and off: SCALE multiplies sizes and refill rates', async () => {
    // 250 * 0.02 = 5 reads, refilled at 0.5 per second.
    for (let i = 0; i < 5; i++) expect((await scaled.call('GET', F())).status).toBe(404);
    const r = await scaled.call('GET', F());
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('2');
    clock += 2000;
    expect((await scaled.call('GET', F())).status).toBe(404);
  });
});

describe('throttling: off', () => {
  const off = useEmulator({ throttle: 'off' });
  it('scale and off: off never throttles', async () => {
    for (let i = 0; i < 300; i++) expect((await off.call('GET', F())).status).toBe(404);
  });
});

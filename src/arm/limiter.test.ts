import { describe, expect, it } from 'vitest';
import { RateLimiter, Semaphore, rateClassOf } from './limiter.js';

function clock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

const remaining = (cls: string, n: number) => ({ [`x-ms-ratelimit-remaining-subscription-${cls}`]: String(n) });

describe('rateClassOf', () => {
  it.each([
    ['GET', 'reads'],
    ['PUT', 'writes'],
    ['POST', 'writes'],
    ['PATCH', 'writes'],
    ['DELETE', 'deletes'],
  ] as const)('%s counts as %s', (method, cls) => expect(rateClassOf(method)).toBe(cls));
});

describe('RateLimiter', () => {
  it('does not pace before any header or while the bucket is well filled', () => {
    const c = clock();
    const l = new RateLimiter(c.now, c.sleep);
    expect([l.reserve('reads'), l.reserve('reads')]).toEqual([0, 0]);
    l.observe(remaining('reads', 11999));
    l.observe(remaining('reads', 11000));
    expect([l.reserve('reads'), l.reserve('reads')]).toEqual([0, 0]);
  });

  it('below 10% of the largest count seen, spaces starts at the refill rate of that class only', () => {
    const c = clock();
    const l = new RateLimiter(c.now, c.sleep);
    l.observe({ ...remaining('reads', 1000), ...remaining('writes', 1000) });
    l.observe(remaining('reads', 99));
    expect(l.isPacing('reads')).toBe(true);
    // reads refill 25/s: one start every 40 ms; slots are reserved at once for concurrent callers
    expect([l.reserve('reads'), l.reserve('reads'), l.reserve('reads')]).toEqual([0, 40, 80]);
    expect(l.reserve('writes')).toBe(0);
  });

  it('paces under the absolute threshold even for a small bucket, and stops when the count recovers', () => {
    const c = clock();
    const l = new RateLimiter(c.now, c.sleep, { lowThreshold: 20 });
    l.observe(remaining('deletes', 15));
    expect([l.reserve('deletes'), l.reserve('deletes')]).toEqual([0, 100]);
    l.observe(remaining('deletes', 150));
    expect(l.isPacing('deletes')).toBe(false);
    expect(l.reserve('deletes')).toBe(0);
  });

  it('a low tenant-level count paces too, whatever the subscription count says', () => {
    const c = clock();
    const l = new RateLimiter(c.now, c.sleep);
    l.observe({ ...remaining('writes', 1199), 'x-ms-ratelimit-remaining-tenant-writes': '1199' });
    l.observe({ ...remaining('writes', 1150), 'x-ms-ratelimit-remaining-tenant-writes': '80' });
    expect(l.isPacing('writes')).toBe(true);
    l.observe({ ...remaining('writes', 1100) }); // a response without the tenant header keeps the last tenant count
    expect(l.isPacing('writes')).toBe(true);
  });

  it('uses configured refill rates and can be turned off', () => {
    const c = clock();
    const custom = new RateLimiter(c.now, c.sleep, { refillPerSecond: { writes: 4 } });
    custom.observe(remaining('writes', 1));
    expect([custom.reserve('writes'), custom.reserve('writes')]).toEqual([0, 250]);
    const off = new RateLimiter(c.now, c.sleep, false);
    off.observe(remaining('writes', 1));
    expect([off.reserve('writes'), off.reserve('writes')]).toEqual([0, 0]);
  });

  it('a 429 holds every request of the class until Retry-After, even with pacing off', async () => {
    const c = clock();
    const l = new RateLimiter(c.now, c.sleep, false);
    l.hold('writes', 3000);
    expect(l.reserve('reads')).toBe(0);
    await l.wait('writes');
    await l.wait('writes');
    expect(c.sleeps).toEqual([3000]);
    expect(l.pacedMs).toBe(3000);
  });

  it('is clear for a class neither paced nor held (list pages are read ahead only then)', () => {
    const c = clock();
    const l = new RateLimiter(c.now, c.sleep);
    expect(l.isClear('reads')).toBe(true);
    l.observe(remaining('reads', 1000));
    l.observe(remaining('reads', 50));
    expect(l.isClear('reads')).toBe(false);
    expect(l.isClear('writes')).toBe(true);
    l.observe(remaining('reads', 900));
    expect(l.isClear('reads')).toBe(true);
    l.hold('reads', 2000);
    expect(l.isClear('reads')).toBe(false);
    void c.sleep(2000);
    expect(l.isClear('reads')).toBe(true);
  });

  it('a later, shorter hold does not shorten an earlier one', () => {
    const c = clock();
    const l = new RateLimiter(c.now, c.sleep);
    l.hold('reads', 5000);
    l.hold('reads', 1000);
    expect(l.reserve('reads')).toBe(5000);
  });
});

describe('Semaphore', () => {
  it('admits at most `size` holders, then hands slots over in FIFO order', async () => {
    const s = new Semaphore(2);
    const order: string[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const p3 = s.acquire().then((r) => (order.push('3'), r));
    const p4 = s.acquire().then((r) => (order.push('4'), r));
    await Promise.resolve();
    expect(order).toEqual([]);
    r1();
    r1(); // a second release of the same holder is ignored
    const r3 = await p3;
    expect(order).toEqual(['3']);
    r2();
    await p4;
    expect(order).toEqual(['3', '4']);
    r3();
  });

  it('an aborted waiter leaves the queue', async () => {
    const s = new Semaphore(1);
    const r1 = await s.acquire();
    const controller = new AbortController();
    const waiting = s.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    r1();
    // the slot is free again, not handed to the aborted waiter
    const r2 = await s.acquire();
    r2();
  });
});

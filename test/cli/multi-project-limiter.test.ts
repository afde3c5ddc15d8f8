import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../../src/arm/client.js';
import { factoryPath } from '../../src/arm/paths.js';
import { createLimiterPool } from '../../src/cli/limiter-pool.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { RG, SUB } from '../apply/helpers.js';

/**
 * docs/ci.md (Many factories): the projects of one subscription share one rate limiter, because ARM's buckets are per
 * subscription (and principal), not per factory. Against the emulator's real token buckets (scaled down to 10
 * writes, refilled 0.5 per second) on one fake clock for the emulator, the limiter and the clients: a 429 met by
 * one project's client holds the other project's writes until the bucket has a token again.
 */
let emulator: RunningEmulator;
let clock: number;
let sleeps: number[];
const now = (): number => clock;
const sleep = async (ms: number): Promise<void> => {
  sleeps.push(ms);
  clock += ms;
};

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 29);
  sleeps = [];
  emulator = await startEmulator({ port: 0, throttle: 0.05, now });
});
afterEach(async () => {
  await emulator.close();
});

describe('limiter pool against throttled ARM buckets', () => {
  it("a 429 met by one factory's client holds the other factory's writes of that subscription", async () => {
    const pool = createLimiterPool({ now, sleep });
    // maxRetries 0: a 429 comes back as an error instead of being retried, so every one is seen.
    const client = () =>
      createArmClient({
        endpoint: emulator.url,
        token: 't',
        limiter: pool.limiterFor(emulator.url, SUB),
        sleep,
        now,
        random: () => 0.5,
        maxRetries: 0,
      });
    const [a, b] = [client(), client()];
    const put = (c: typeof a, name: string) =>
      c.request('PUT', factoryPath({ subscriptionId: SUB, resourceGroup: RG, factoryName: name }), {
        body: { location: 'East US' },
      });
    let throttledAfter = -1;
    for (let i = 0; i < 40 && throttledAfter < 0; i++) {
      const status = await put(a, `factory-a-${i}`).then(
        () => 0,
        (err: { status?: number }) => err.status ?? -1,
      );
      if (status === 429) throttledAfter = i;
      else expect(status).toBe(0);
    }
    expect(throttledAfter).toBeGreaterThan(0);
    const waitedBefore = sleeps.reduce((t, ms) => t + ms, 0);
    // B has sent nothing yet: alone, its own limiter would know nothing and its write would meet a 429 too.
    await expect(put(b, 'factory-b')).resolves.toMatchObject({ status: expect.any(Number) });
    expect(sleeps.reduce((t, ms) => t + ms, 0)).toBeGreaterThan(waitedBefore);
    const statuses = emulator
      .requestLog()
      .filter((e) => e.path.includes('factory-b'))
      .map((e) => e.status);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toBeLessThan(300);
    expect(pool.limiters().size).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { mulberry32 } from '../../src/emulator/faults.js';
import { client, F } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

async function withEmulator(
  options: EmulatorOptions,
  fn: (call: ReturnType<typeof client>, log: () => { status: number }[]) => Promise<void>,
): Promise<void> {
  const e = await startEmulator({ port: 0, throttle: 'off', ...options });
  try {
    await fn(
      client(() => e.url),
      () => e.requestLog(),
    );
  } finally {
    await e.close();
  }
}

/** Outcome of one call: status, or 'reset' when the connection dropped. */
async function outcome(p: Promise<{ status: number }>): Promise<number | 'reset'> {
  try {
    return (await p).status;
  } catch {
    return 'reset';
  }
}

describe('fault injection', () => {
  it('seeded faults are reproducible', async () => {
    const sleeps: number[] = [];
    const run = async () => {
      const seen: Array<number | 'reset'> = [];
      await withEmulator(
        { faultRate: 0.5, seed: 42, slowMs: 1234, sleep: async (ms) => void sleeps.push(ms) },
        async (call) => {
          for (let i = 0; i < 40; i++) seen.push(await outcome(call('GET', F())));
        },
      );
      return seen;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    for (const kind of [500, 503, 429, 'reset', 404]) expect(a).toContain(kind);
    expect(a.filter((s) => s !== 404).length).toBeGreaterThan(10);
    expect(sleeps).toContain(1234);
    // Same draws as the plan itself: mulberry32 is deterministic.
    expect([mulberry32(7)(), mulberry32(7)()]).toEqual([mulberry32(7)(), mulberry32(7)()]);
  });

  it.each([
    ['429', 429, '1'],
    ['503', 503, '1'],
    ['500', 500, null],
  ] as const)('seeded faults are reproducible: %s answers with an ARM error', async (kind, status, retryAfter) => {
    await withEmulator({ faultRate: 1, faultKinds: [kind] }, async (call) => {
      const r = await call('GET', F());
      expect(r.status).toBe(status);
      expect(r.body.error.code).toEqual(expect.any(String));
      expect(r.headers.get('retry-after')).toBe(retryAfter);
    });
  });

  it('faulted writes change nothing', async () => {
    const dir = tempDir('emu-fault-');
    const outcomes: Array<number | 'reset'> = [];
    await withEmulator(
      { dataDir: dir, faultRate: 0.5, seed: 3, faultKinds: ['500', '503', '429', 'reset'] },
      async (call) => {
        for (let i = 0; i < 30; i++)
          outcomes.push(await outcome(call('PUT', F(`df-${i}`), { location: 'westeurope' })));
      },
    );
    expect(new Set(outcomes).size).toBeGreaterThan(2);
    // Read back without faults: exactly the acknowledged writes exist.
    await withEmulator({ dataDir: dir }, async (call) => {
      for (let i = 0; i < 30; i++)
        expect([i, (await call('GET', F(`df-${i}`))).status]).toEqual([i, outcomes[i] === 200 ? 200 : 404]);
    });
  });

  it('reset-after-commit commits', async () => {
    await withEmulator({ faultRate: 1, faultKinds: ['reset-after-commit'] }, async (call, log) => {
      expect(await outcome(call('PUT', F(), { location: 'westeurope' }))).toBe('reset');
      expect(log().at(-1)!.status).toBe(0);
    });
    const e = await startEmulator({ port: 0, throttle: 'off', faultRate: 1, faultKinds: ['reset-after-commit'] });
    try {
      const call = client(() => e.url);
      await outcome(call('PUT', F(), { location: 'westeurope' }));
      // Reads are not writes: they answer normally, and show the committed factory.
      const r = await call('GET', F());
      expect(r.status).toBe(200);
    } finally {
      await e.close();
    }
  });

  it('latency', async () => {
    const sleeps: number[] = [];
    await withEmulator({ latencyMs: 250, sleep: async (ms) => void sleeps.push(ms) }, async (call) => {
      await call('GET', F());
      await call('PUT', F(), { location: 'westeurope' });
    });
    expect(sleeps).toEqual([250, 250]);
  });
});

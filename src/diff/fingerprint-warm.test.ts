import { describe, expect, it, vi } from 'vitest';

// Counts the synchronous scrypts: a warmed fingerprint must not run one on the event loop again.
const counter = vi.hoisted(() => ({ sync: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    scryptSync: (...args: Parameters<typeof real.scryptSync>) => {
      counter.sync++;
      return real.scryptSync(...args);
    },
  };
});

const { computeFingerprint, warmFingerprints } = await import('./fingerprint.js');
const { scryptSync } = await import('node:crypto');

const factoryId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f1';
const secret = (value: string) => [{ path: ['typeProperties', 'connectionString'], value, parts: [value] }];

describe('warmFingerprints', () => {
  it('computes on the thread pool the same fingerprints computeFingerprint gives, which then runs no scrypt', async () => {
    const items = ['LinkedService/A', 'LinkedService/B'].map((resource) => ({
      secrets: secret(`Password=${resource}`),
      context: { factoryId, resource },
    }));
    await warmFingerprints(items);
    counter.sync = 0;
    const warmed = items.map((i) => computeFingerprint(i.secrets, i.context));
    expect(counter.sync).toBe(0);
    // The documented format (docs/secrets.md), computed directly.
    const salt = JSON.stringify([
      'adf-deploy/secrets/s1',
      `${factoryId.toLowerCase()}\nlinkedservice/a`,
      ['typeProperties/connectionString'],
    ]);
    const direct = scryptSync(JSON.stringify(['Password=LinkedService/A']), salt, 16, { N: 1 << 14, r: 8, p: 1 });
    expect(warmed[0]).toBe(`s1-${direct.toString('hex')}`);
    expect(warmed[1]).not.toBe(warmed[0]);
  });

  it('leaves keyed (k1-) fingerprints and a stopped warm-up to computeFingerprint', async () => {
    const stopped = new AbortController();
    stopped.abort();
    const item = { secrets: secret('Password=late'), context: { factoryId, resource: 'LinkedService/C' } };
    await warmFingerprints([item], { signal: stopped.signal });
    counter.sync = 0;
    expect(computeFingerprint(item.secrets, item.context)).toMatch(/^s1-[0-9a-f]{32}$/);
    expect(counter.sync).toBe(1);
    const keyed = { ...item.context, key: 'k' };
    await warmFingerprints([{ secrets: item.secrets, context: keyed }]);
    expect(computeFingerprint(item.secrets, keyed)).toMatch(/^k1-/);
  });
});

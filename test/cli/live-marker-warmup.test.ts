import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli, spawnCli } from '../helpers/cli.js';

// Counts the scrypts of this process: the synchronous ones block the event loop, the asynchronous ones run on
// libuv's thread pool.
const calls = vi.hoisted(() => ({ sync: 0, async: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    scryptSync: (...args: Parameters<typeof real.scryptSync>) => {
      calls.sync++;
      return real.scryptSync(...args);
    },
    scrypt: (...args: Parameters<typeof real.scrypt>) => {
      calls.async++;
      return (real.scrypt as (...a: unknown[]) => void)(...args);
    },
  };
});

let tmp: string;
let emulator: RunningEmulator;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-live-markers-'));
  emulator = await startEmulator({ port: 0, throttle: 'off' });
});
afterAll(async () => {
  await emulator.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a fingerprint key configured, live markers still s1- (deployed before the key)', () => {
  it('the plan finds their scrypts computed on the thread pool, none on the event loop, and shows no change', async () => {
    const dir = path.join(tmp, 'quickstart');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    // Deployed without a key, in another process (its fingerprint cache is not this one's): s1- markers.
    const env = { ADF_DEPLOY_FINGERPRINT_KEY: '' };
    const applied = await spawnCli(['apply', dir, '--endpoint', emulator.url, '--auto-approve'], { env });
    expect(applied.code, applied.all).toBe(0);
    calls.sync = 0;
    calls.async = 0;
    const planned = await runCli(['plan', dir, '--endpoint', emulator.url, '--detailed-exitcode'], {
      env: { ADF_DEPLOY_FINGERPRINT_KEY: 'a-key-from-the-vault-0123456789' },
    });
    expect(planned.code, planned.all).toBe(0);
    expect(calls.async).toBeGreaterThan(0);
    expect(calls.sync).toBe(0);
  });
});

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forgetFingerprints } from '../../src/diff/fingerprint.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

// Counts every scrypt of this process: the markers' (thread pool or event loop) and the cache's digest.
const calls = vi.hoisted(() => ({ scrypts: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    scryptSync: (...args: Parameters<typeof real.scryptSync>) => {
      calls.scrypts++;
      return real.scryptSync(...args);
    },
    scrypt: (...args: Parameters<typeof real.scrypt>) => {
      calls.scrypts++;
      return (real.scrypt as (...a: unknown[]) => void)(...args);
    },
  };
});
// Running from the sources there is no build id, hence no cache: as a build would, name one.
vi.mock('../../src/core/project-cache.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/core/project-cache.js')>()),
  buildId: () => 'e2e-build',
}));

const SECRET = 'BenchSecret-9f8e7d6c5b4a-e2e-0123456789';
const ROTATED = 'BenchSecret-rotated-fedcba9876543210-e2e';
const storage = (key: string) =>
  `DefaultEndpointsProtocol=https;AccountName=benchaccount;AccountKey=${key};EndpointSuffix=core.windows.net`;

let tmp: string;
let dir: string;
let emulator: RunningEmulator;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-marker-cache-e2e-'));
  dir = path.join(tmp, 'quickstart');
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  // Three linked services with the secret: without the cache a cold plan runs three scrypts.
  const original = readFileSync(path.join(dir, 'linkedService/AzureStorageLinkedService.yaml'), 'utf8');
  for (const name of ['SecondStorage', 'ThirdStorage'])
    writeFileSync(
      path.join(dir, `linkedService/${name}.yaml`),
      original.replace('name: AzureStorageLinkedService', `name: ${name}`),
    );
  emulator = await startEmulator({ port: 0, throttle: 'off' });
});
afterAll(async () => {
  await emulator.close();
  rmSync(tmp, { recursive: true, force: true });
});

const cacheFile = () => path.join(dir, '.adf-deploy', 'cache', 'markers.json');

/** A command run as a new process would (no fingerprint in memory), counting its scrypts. */
async function cold(args: string[], env: Record<string, string>) {
  forgetFingerprints();
  calls.scrypts = 0;
  const result = await runCli([...args, dir, '--env', 'dev', '--endpoint', emulator.url], {
    env: { ADF_DEPLOY_FINGERPRINT_KEY: '', XDG_CACHE_HOME: path.join(tmp, 'user-cache'), ...env },
  });
  return { ...result, scrypts: calls.scrypts };
}

describe('keyless re-plan with the marker cache, over HTTP', () => {
  it('unchanged secrets: one digest and no changes; a rotated secret in the environment: the change', async () => {
    const applied = await cold(['apply', '--auto-approve'], { ADF_QUICKSTART_STORAGE: storage(SECRET) });
    expect(applied.code, applied.all).toBe(0);
    expect(existsSync(cacheFile())).toBe(true);
    expect(readFileSync(cacheFile(), 'utf8')).not.toContain(SECRET);

    for (let i = 0; i < 2; i++) {
      const planned = await cold(['plan', '--detailed-exitcode'], { ADF_QUICKSTART_STORAGE: storage(SECRET) });
      expect(planned.code, planned.all).toBe(0);
      expect(planned.stdout).toMatch(/No changes/);
      // One digest for the markers, one for the validation cache's variables (src/cli/validation-cache.ts).
      expect(planned.scrypts).toBeLessThanOrEqual(2);
    }

    const rotated = await cold(['plan', '--detailed-exitcode'], { ADF_QUICKSTART_STORAGE: storage(ROTATED) });
    expect(rotated.code, rotated.all).toBe(2);
    expect(rotated.stdout).toContain('(sensitive value changed)');
    expect(rotated.all).not.toContain(ROTATED);
    // Both plans of the rotated secret say so: the file now holds the rotated markers, which the factory lacks.
    const again = await cold(['plan', '--detailed-exitcode'], { ADF_QUICKSTART_STORAGE: storage(ROTATED) });
    expect(again.code, again.all).toBe(2);
    expect(again.scrypts).toBeLessThanOrEqual(2);
    expect(readFileSync(cacheFile(), 'utf8')).not.toContain(ROTATED);
  });

  it('ADF_DEPLOY_CACHE=off: every scrypt as before, no file written', async () => {
    rmSync(cacheFile(), { force: true });
    const planned = await cold(['plan', '--detailed-exitcode'], {
      ADF_QUICKSTART_STORAGE: storage(SECRET),
      ADF_DEPLOY_CACHE: 'off',
    });
    expect(planned.code, planned.all).toBe(0);
    expect(planned.scrypts).toBe(3);
    expect(existsSync(cacheFile())).toBe(false);
  });
});

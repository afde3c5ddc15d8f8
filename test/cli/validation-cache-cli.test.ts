import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

// Counts the whole-project validations run in this thread: a cache hit must run none.
const counter = vi.hoisted(() => ({ validations: 0 }));
vi.mock('../../src/validate/validate.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/validate/validate.js')>();
  return {
    ...real,
    validateProject: (...args: Parameters<typeof real.validateProject>) => {
      counter.validations++;
      return real.validateProject(...args);
    },
    validateProjectInTurns: (...args: Parameters<typeof real.validateProjectInTurns>) => {
      counter.validations++;
      return real.validateProjectInTurns(...args);
    },
  };
});

const BUILD = 'test-build-cli';
const BROKEN_DATASET = `kind: Dataset
name: BrokenDataset
properties:
  type: Binary
  linkedServiceName:
    referenceName: NoSuchLinkedService
    type: LinkedServiceReference
`;

let tmp: string;
let emulator: RunningEmulator;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-validation-cache-cli-'));
  emulator = await startEmulator({ port: 0, throttle: 'off' });
});
afterAll(async () => {
  await emulator.close();
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  counter.validations = 0;
});

function project(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  writeFileSync(
    path.join(dir, 'adf-deploy.yaml'),
    `factory:\n  name: adf-cache-${name}\n  location: westeurope\ntarget:\n  subscriptionId: 0b0b0b0b-1111-2222-3333-444444444444\n  resourceGroup: rg-cache\nvars:\n  storageConnectionString: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=\${{ env.CACHE_KEY }}"\nenv:\n  - CACHE_KEY\n`,
  );
  return dir;
}

const run = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, {
    cacheBuild: BUILD,
    env: { CACHE_KEY: 'Q2FjaGVLZXktOTk4ODc3', XDG_CACHE_HOME: path.join(tmp, 'user-cache'), ...env },
  });

describe('the validation cache in the commands', () => {
  it('validate: the second run of an unchanged project validates nothing and says the same', async () => {
    const dir = project('validate');
    const first = await run(['validate', dir]);
    expect(first.code, first.all).toBe(0);
    expect(counter.validations).toBe(1);
    const second = await run(['validate', dir]);
    expect(counter.validations).toBe(1);
    expect(second).toEqual(first);
    // A broken file: the cache misses and the error is found.
    writeFileSync(path.join(dir, 'dataset', 'broken.yaml'), BROKEN_DATASET);
    const broken = await run(['validate', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/NoSuchLinkedService/);
    expect(counter.validations).toBe(2);
    // Another value of the variable: a miss too (the project is not the same).
    await run(['validate', dir], { CACHE_KEY: 'b3RoZXIta2V5LXZhbHVl' });
    expect(counter.validations).toBe(3);
  });

  it('plan and apply: apply stores, the no-change re-plan validates nothing, in thread or with the worker asked', async () => {
    const dir = project('plan');
    const at = ['--endpoint', emulator.url];
    const applied = await run(['apply', dir, ...at, '--auto-approve']);
    expect(applied.code, applied.all).toBe(0);
    expect(counter.validations).toBe(1);
    const planned = await run(['plan', dir, ...at, '--detailed-exitcode']);
    expect(planned.code, planned.all).toBe(0);
    expect(planned.stdout).toMatch(/No changes/);
    const forced = await run(['plan', dir, ...at, '--detailed-exitcode'], { ADF_DEPLOY_VALIDATE_WORKER: 'always' });
    expect(forced.code, forced.all).toBe(0);
    expect(counter.validations).toBe(1);
    // Without the cache: validated again, the same plan.
    const off = await run(['plan', dir, ...at, '--detailed-exitcode'], {
      ADF_DEPLOY_CACHE: 'off',
      ADF_DEPLOY_VALIDATE_WORKER: 'never',
    });
    expect(counter.validations).toBe(2);
    expect(off.stdout).toEqual(planned.stdout);
  });

  it('what the worker thread found is kept too: the next plan in this thread validates nothing', async () => {
    const dir = project('worker');
    const at = ['--endpoint', emulator.url];
    const first = await run(['plan', dir, ...at], { ADF_DEPLOY_VALIDATE_WORKER: 'always' });
    expect(first.code, first.all).toBe(0);
    expect(counter.validations).toBe(0);
    const second = await run(['plan', dir, ...at], { ADF_DEPLOY_VALIDATE_WORKER: 'never' });
    expect(second.code, second.all).toBe(0);
    expect(counter.validations).toBe(0);
    expect(second.stdout).toEqual(first.stdout);
  });

  it('a cached error still stops plan before any request that writes', async () => {
    const dir = project('broken');
    writeFileSync(path.join(dir, 'dataset', 'broken.yaml'), BROKEN_DATASET);
    const at = ['--endpoint', emulator.url];
    const first = await run(['apply', dir, ...at, '--auto-approve']);
    const second = await run(['apply', dir, ...at, '--auto-approve']);
    expect(counter.validations).toBe(1);
    for (const result of [first, second]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/NoSuchLinkedService/);
    }
    expect(second.stderr).toEqual(first.stderr);
  });
});

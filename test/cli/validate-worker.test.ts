import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

// With the worker forced, this thread must not validate: checkProject here throws, so a passing run proves the
// findings came from the worker thread (which loads the real module, not this mock).
const gate = vi.hoisted(() => ({ forbidInThread: false }));
vi.mock('../../src/validate/validate.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/validate/validate.js')>();
  return {
    ...real,
    checkProject: (...args: Parameters<typeof real.checkProject>) => {
      if (gate.forbidInThread) throw new Error('validated in the main thread');
      return real.checkProject(...args);
    },
    validateProject: (...args: Parameters<typeof real.validateProject>) => {
      if (gate.forbidInThread) throw new Error('validated in the main thread');
      return real.validateProject(...args);
    },
  };
});

const BROKEN_DATASET = `kind: Dataset
name: BrokenDataset
properties:
  type: Binary
  linkedServiceName:
    referenceName: NoSuchLinkedService
    type: LinkedServiceReference
`;
// A warning: item() in a dataset no ForEach activity uses.
const ITEM_DATASET = `kind: Dataset
name: DS_Item
properties:
  type: Binary
  linkedServiceName:
    referenceName: AzureStorageLinkedService
    type: LinkedServiceReference
  typeProperties:
    location:
      type: AzureBlobStorageLocation
      container: "@item().container"
`;

let tmp: string;
let emulator: RunningEmulator;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-worker-cli-'));
  emulator = await startEmulator({ port: 0, throttle: 'off' });
});
afterAll(async () => {
  await emulator.close();
  rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  gate.forbidInThread = false;
});

function project(name: string, extra: Record<string, string> = {}): string {
  const dir = path.join(tmp, name);
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  for (const [file, text] of Object.entries(extra)) writeFileSync(path.join(dir, file), text);
  return dir;
}

async function bothWays(args: string[]) {
  const inThread = await runCli(args, { env: { ADF_DEPLOY_VALIDATE_WORKER: 'never' } });
  gate.forbidInThread = true;
  const inWorker = await runCli(args, { env: { ADF_DEPLOY_VALIDATE_WORKER: 'always' } });
  gate.forbidInThread = false;
  return { inThread: sameClock(inThread), inWorker: sameClock(inWorker) };
}

/** The one expected difference: when the plan was made. */
function sameClock<T extends { stdout: string; all: string }>(result: T): T {
  const at = /"createdAt": "[^"]+"/g;
  return {
    ...result,
    stdout: result.stdout.replace(at, '"createdAt": (t)'),
    all: result.all.replace(at, '"createdAt": (t)'),
  };
}

describe('plan and apply with validation in a worker thread: the same output, byte for byte', () => {
  it.each([
    ['valid', {}, 2],
    ['with a warning', { 'dataset/item.yaml': ITEM_DATASET }, 2],
    ['with an error', { 'dataset/broken.yaml': BROKEN_DATASET }, 1],
  ] as const)('plan, project %s (text and --json)', async (name, extra, code) => {
    const dir = project(`plan-${name.replace(/ /g, '-')}`, extra);
    for (const format of [[], ['--json']]) {
      const { inThread, inWorker } = await bothWays([
        'plan',
        dir,
        '--endpoint',
        emulator.url,
        '--detailed-exitcode',
        ...format,
      ]);
      expect(inThread.code, inThread.all).toBe(code);
      if (name === 'with a warning') expect(inThread.stderr).toMatch(/1 warning/);
      expect(inWorker).toEqual(inThread);
    }
    // Only reads were sent.
    expect(emulator.requestLog().every((e) => e.method === 'GET')).toBe(true);
  });

  it('apply with an error sends no write; a valid apply deploys as in this thread', async () => {
    const broken = project('apply-broken', { 'dataset/broken.yaml': BROKEN_DATASET });
    const { inThread, inWorker } = await bothWays(['apply', broken, '--endpoint', emulator.url, '--auto-approve']);
    expect(inThread.code).toBe(1);
    expect(inWorker).toEqual(inThread);
    expect(emulator.requestLog().every((e) => e.method === 'GET')).toBe(true);
    const dir = project('apply-valid');
    gate.forbidInThread = true;
    const applied = await runCli(['apply', dir, '--endpoint', emulator.url, '--auto-approve'], {
      env: { ADF_DEPLOY_VALIDATE_WORKER: 'always' },
    });
    gate.forbidInThread = false;
    expect(applied.code, applied.all).toBe(0);
    const { inThread: again, inWorker: againWorker } = await bothWays([
      'plan',
      dir,
      '--endpoint',
      emulator.url,
      '--detailed-exitcode',
    ]);
    expect(again.code, again.all).toBe(0);
    expect(againWorker).toEqual(again);
  });
});

describe('plan and apply validating in this thread: in turns, while the factory is read', () => {
  it('plan and apply (worker off) validate with validateProjectInTurns, never with the all-at-once checkProject or validateProject', async () => {
    // checkProject would hold the event loop for the whole validation, and the list pages with it (issue 19).
    const broken = project('turns-broken', { 'dataset/broken.yaml': BROKEN_DATASET });
    const valid = project('turns-valid');
    const env = { ADF_DEPLOY_VALIDATE_WORKER: 'never' };
    gate.forbidInThread = true;
    const failing = await runCli(['plan', broken, '--endpoint', emulator.url], { env });
    const planned = await runCli(['plan', valid, '--endpoint', emulator.url, '--detailed-exitcode'], { env });
    const applied = await runCli(['apply', valid, '--endpoint', emulator.url, '--auto-approve'], { env });
    gate.forbidInThread = false;
    expect(failing.code, failing.all).toBe(1);
    expect(failing.stderr).toMatch(/NoSuchLinkedService/);
    // 0 or 2: every copy of the quickstart is the same factory, which an earlier test may have deployed.
    expect([0, 2], planned.all).toContain(planned.code);
    expect(applied.code, applied.all).toBe(0);
  });
});

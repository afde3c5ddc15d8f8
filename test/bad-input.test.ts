import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { buildCase } from './fixtures/bad-input/base.js';
import { BAD_CASES } from './fixtures/bad-input/cases.js';
import { judgeRefusal } from './fixtures/bad-input/check.js';
import { runCli } from './helpers/cli.js';

// A fast subset of the bad-input corpus (one or two per family), in-process. The whole corpus, each case in
// its own process, runs in `npm run test:reliability` (test/reliability/bad-input.test.ts).
const FAST = [
  'yaml-unclosed-quote',
  'yaml-duplicate-key',
  'envelope-unknown-kind',
  'envelope-missing-properties',
  'name-slash',
  'name-duplicate-case',
  'type-linked-service-near-miss',
  'ref-copy-dataset',
  'ref-credential',
  'cycle-two-pipelines',
  'limit-activities',
  'alias-bomb',
  'bytes-latin1',
  'fs-symlink-loop-dir',
  'fs-empty-folder',
  'fs-no-config',
  'var-missing',
  'config-no-target',
];

describe('bad input is refused before any write (fast subset)', () => {
  let emulator: RunningEmulator;
  let work: string;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, throttle: 'off' });
    work = mkdtempSync(path.join(os.tmpdir(), 'adf-bad-input-'));
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('the base project every case starts from is valid', async () => {
    const dir = path.join(work, 'base');
    buildCase(dir, { id: 'base', what: 'nothing wrong' });
    const r = await runCli(['validate', dir], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  const cases = BAD_CASES.filter((c) => FAST.includes(c.id));
  it('the subset names only cases that exist', () => {
    expect(cases.map((c) => c.id).sort()).toEqual([...FAST].sort());
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const dir = path.join(work, c.id);
    buildCase(dir, c);
    const mark = emulator.requestLog().length;
    const r = await runCli(['apply', dir, '--auto-approve', '--endpoint', emulator.url, ...(c.args ?? [])], {
      cwd: dir,
      env: { ADF_DEPLOY_SUBSCRIPTION_ID: '', ADF_DEPLOY_RESOURCE_GROUP: '' },
    });
    expect(judgeRefusal(c, r, emulator.requestLog().slice(mark))).toEqual([]);
  });
});

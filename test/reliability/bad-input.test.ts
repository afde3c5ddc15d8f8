import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { buildCase } from '../fixtures/bad-input/base.js';
import { BAD_CASES } from '../fixtures/bad-input/cases.js';
import { judgeRefusal } from '../fixtures/bad-input/check.js';
import { spawnCli } from '../helpers/cli.js';

// The whole bad-input corpus, each case as a real `adf-deploy apply --auto-approve` process against its own
// emulator: exit 1, a diagnostic with file:line where there is a file, and zero write requests.
const work = mkdtempSync(path.join(os.tmpdir(), 'adf-bad-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.concurrent('the bad-input corpus is refused before any write', () => {
  it('holds at least 50 malformed projects', () => {
    expect(BAD_CASES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(BAD_CASES.map((c) => c.id)).size).toBe(BAD_CASES.length);
  });

  it.each(BAD_CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const emulator = await startEmulator({ port: 0, throttle: 'off' });
    try {
      const dir = path.join(work, c.id);
      buildCase(dir, c);
      const r = await spawnCli(['apply', dir, '--auto-approve', '--endpoint', emulator.url, ...(c.args ?? [])], {
        env: { ADF_DEPLOY_SUBSCRIPTION_ID: '', ADF_DEPLOY_RESOURCE_GROUP: '' },
      });
      expect(judgeRefusal(c, r, emulator.requestLog())).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});

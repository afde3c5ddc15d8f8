import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/report-error.js';
import { memoryIo } from '../../src/cli/context.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-fs-errors-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the file system refusing a path the user gave is a user error, not "please report this"', () => {
  it('plan --out into a folder that does not exist, or below a file: the path and why, exit 1', async () => {
    const file = path.join(tmp, 'a-file');
    writeFileSync(file, '');
    const quickstart = path.join(PROJECT_ROOT, 'examples/quickstart');
    for (const out of [path.join(tmp, 'missing', 'plan.json'), path.join(file, 'plan.json')]) {
      const r = await runCli(['plan', quickstart, '--local', '--out', out]);
      expect(r.code, r.all).toBe(1);
      expect(r.stderr).toMatch(/error\[fs\.error\]: cannot open '.*plan\.json': /);
      expect(r.stderr).not.toMatch(/internal error|please report/);
    }
  });

  it('a program error is still reported as one', () => {
    const io = memoryIo();
    expect(reportError(new TypeError('x is not a function'), io, { verbose: false, json: false })).toBe(1);
    expect(io.stderr).toMatch(/internal error: x is not a function/);
    const json = memoryIo();
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/x/y'"), {
      code: 'ENOENT',
      syscall: 'open',
      path: '/x/y',
    });
    reportError(enoent, json, { verbose: false, json: true });
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'fs.error' } });
  });
});

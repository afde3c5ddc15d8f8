import { appendFileSync, cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('--local and the embedded emulator', () => {
  it('reports on stderr a torn journal line the embedded emulator dropped after a crash', async () => {
    const dir = tempDir('adf-local-');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    const applied = await runCli(['apply', dir, '--local', '--auto-approve']);
    expect(applied.code).toBe(0);
    const data = path.join(dir, '.adf-deploy/emulator');
    const journal = readdirSync(data).find((f) => f.startsWith('journal'));
    expect(journal).toBeDefined();
    // What a kill -9 in the middle of an append leaves behind.
    appendFileSync(path.join(data, journal!), '{"op":"put","path":"/subscr');
    const planned = await runCli(['plan', dir, '--local', '--detailed-exitcode']);
    expect(planned.stderr).toMatch(/warning: embedded emulator: .*torn/i);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('No changes');
  });
});

describe('--verbose', () => {
  it('reports the requests apply made, by verb', async () => {
    const dir = tempDir('adf-verbose-');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    const r = await runCli(['--verbose', 'apply', dir, '--local', '--auto-approve']);
    expect(r.code).toBe(0);
    // The factory and its 7 objects: one PUT each, after one GET of the factory and one list per kind sent with it
    // (src/state/fetch.ts; the factory is absent, so they answer 404 and are dropped).
    expect(r.stderr).toMatch(/^18 requests \(GET 10, PUT 8; 0 retries, 0 throttled\)$/m);
  });
});

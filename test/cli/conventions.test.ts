import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { usableTerminal, wantsColor } from '../../src/cli/terminal.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

describe('colour', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ TERM: 'dumb' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
  ])('env %j, terminal %s: colour %s', (env, tty, expected) => {
    expect(wantsColor(env, tty)).toBe(expected);
  });

  it('--no-color turns colour off whatever the terminal says', async () => {
    const io = memoryIo({ color: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'adf-color-'));
    writeFileSync(path.join(dir, 'adf-deploy.yaml'), 'factory: { name: f, location: westeurope }\n');
    writeFileSync(path.join(dir, 'p.yaml'), 'kind: Pipeline\nname: p\nproperties: { activities: [ { name: a } ] }\n');
    const code = await main(['node', 'adf-deploy', '--no-color', 'validate', dir], { io, cwd: dir, env: {} });
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(io.stdout + io.stderr).not.toContain('\x1b[');
    expect(io.color).toBe(false);
  });
});

describe('a terminal that reports zero columns', () => {
  it('is not used for a live view', () => {
    expect(usableTerminal({ isTTY: true, columns: 0 })).toBe(false);
    expect(usableTerminal({ isTTY: true, columns: 120 })).toBe(true);
    expect(usableTerminal({ isTTY: false })).toBe(false);
  });
});

describe('errors first', () => {
  it('an unknown option: the error and a did-you-mean, not the whole help', async () => {
    const r = await runCli(['plan', '--prun']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown option '--prun'");
    expect(r.stderr).toContain('--prune');
    expect(r.stderr).not.toContain('Usage:');
  });

  it.each([
    ['apply', '-auto-approve', '--auto-approve'],
    ['plan', '-detailed-exitcode', '--detailed-exitcode'],
    ['plan', '-out=plan.json', '--out=plan.json'],
  ])('Terraform habit: %s %s, did you mean %s', async (command, given, meant) => {
    const r = await runCli([command, given]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`did you mean ${meant}?`);
  });
});

describe('a reader that goes away (EPIPE)', () => {
  it('graph | head exits quietly', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'adf-epipe-'));
    writeFileSync(path.join(dir, 'adf-deploy.yaml'), 'factory: { name: f, location: westeurope }\n');
    const docs = Array.from(
      { length: 3000 },
      (_, i) =>
        `kind: Pipeline\nname: p${i}\nproperties: { activities: [ { name: w, type: Wait, typeProperties: { waitTimeInSeconds: 1 } } ] }\n`,
    );
    writeFileSync(path.join(dir, 'p.yaml'), docs.join('---\n'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/entry.ts'), 'graph', dir, '--format', 'dot'],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    rmSync(dir, { recursive: true, force: true });
    expect(stderr).not.toMatch(/EPIPE|internal error|Unhandled/);
    expect(code).toBe(0);
  });
});

describe('import names what is missing', () => {
  it('no SRC: the missing argument, not the --out option', async () => {
    const r = await runCli(['import']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("missing required argument 'src'");
  });

  it('SRC without --out: says --out is needed, with an example', async () => {
    const r = await runCli(['import', 'examples/quickstart']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[cli.missing-option]: import needs --out DIR');
  });
});

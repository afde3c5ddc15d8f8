import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('--local: the README quick start', () => {
  it('apply examples/quickstart --local, then plan --local in another process shows no changes', async () => {
    const dir = path.join(tempDir('adf-local-'), 'quickstart');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    const apply = await spawnCli(['apply', dir, '--local', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Plan: 8 to create');
    expect(apply.stdout).toContain('Apply complete: 8 succeeded');
    expect(existsSync(path.join(dir, '.adf-deploy', 'emulator'))).toBe(true);
    const plan = await spawnCli(['plan', dir, '--local', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout + plan.stderr).toContain('No changes.');
  }, 120_000);
});

describe('--local: a cloned repository cannot plant state', () => {
  it('plan --local refuses a journal that is a symbolic link, and the file it points to is untouched', async () => {
    const base = tempDir('adf-local-link-');
    const dir = path.join(base, 'quickstart');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    const victim = path.join(base, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    mkdirSync(path.join(dir, '.adf-deploy', 'emulator'), { recursive: true });
    symlinkSync(victim, path.join(dir, '.adf-deploy', 'emulator', 'journal.jsonl'));
    const plan = await spawnCli(['plan', dir, '--local']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('error[state.unsafe]');
    expect(plan.stderr).toContain('symbolic link');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  }, 120_000);

  it('a fresh state folder is private and ignored by git', async () => {
    const dir = path.join(tempDir('adf-local-mode-'), 'quickstart');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    const plan = await spawnCli(['plan', dir, '--local']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(statSync(path.join(dir, '.adf-deploy')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(dir, '.adf-deploy', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  }, 120_000);
});

describe('--local: a saved plan', () => {
  it('records the embedded emulator as its backend: `apply plan.json` needs no flags, --endpoint is refused', async () => {
    const dir = path.join(tempDir('adf-local-plan-'), 'quickstart');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    const file = path.join(dir, 'plan.json');
    const plan = await runCli(['plan', dir, '--local', '--out', file]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).target.endpoint).toBe('local');
    const other = await runCli(['apply', file, '--endpoint', 'http://127.0.0.1:9', '--auto-approve']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('error[apply.plan-options]');
    const apply = await runCli(['apply', file, '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 8 succeeded');
  }, 120_000);
});

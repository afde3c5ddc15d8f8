import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, spawnCli } from '../helpers/cli.js';

describe('--local: the README quick start', () => {
  it('apply examples/quickstart --local, then plan --local in another process shows no changes', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'adf-local-')), 'quickstart');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    const apply = await spawnCli(['apply', dir, '--local', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain('Plan: 8 to create');
    expect(apply.stderr).toContain('Apply complete: 8 succeeded');
    expect(existsSync(path.join(dir, '.adf-deploy', 'emulator'))).toBe(true);
    const plan = await spawnCli(['plan', dir, '--local', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout + plan.stderr).toContain('No changes.');
  }, 120_000);
});

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

describe('validate, plan, apply and destroy hand a `version: 1` project to the V1 path', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adf-v1-route-'));
  cpSync(path.join(PROJECT_ROOT, 'examples/v1-copy'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validate', async () => {
    const r = await runCli(['validate', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('V1 project');
  });

  it('apply --local, then plan shows nothing to do, then destroy', async () => {
    const apply = await runCli(['apply', dir, '--local', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete: \d+ change/);
    const plan = await runCli(['plan', dir, '--local', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).plan.changes).toEqual([]);
    const destroy = await runCli(['destroy', dir, '--local', '--auto-approve']);
    expect(destroy.code, destroy.stderr).toBe(0);
  });
});

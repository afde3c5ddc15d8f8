import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

const tightened = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/cli/heap-growth.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/cli/heap-growth.js')>()),
  tightenHeapGrowth: () => void tightened.count++,
}));

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

  // The V1 path loads its project its own way, so the route tightens the heap growth that plan and apply start with
  // (src/cli/heap-growth.ts); a V2 project does it once loaded (src/cli/connection.ts).
  it('the heap growth is tightened when the route hands the project to the V1 path', async () => {
    tightened.count = 0;
    const r = await runCli(['plan', dir, '--local']);
    expect(r.code, r.stderr).toBe(0);
    expect(tightened.count).toBeGreaterThan(0);
  });
});

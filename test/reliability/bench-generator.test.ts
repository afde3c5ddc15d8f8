import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changeSome, describeFactory, generateFactory, removeSome, writeProject } from '../../bench/generate.js';
import { buildGraph } from '../../bench/model.js';
import { runCli } from '../helpers/cli.js';

// The benchmark's synthetic factories: deterministic, 9 levels deep, valid, and mutations that keep them valid.
const work = mkdtempSync(path.join(os.tmpdir(), 'adf-bench-gen-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('bench generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = JSON.stringify(generateFactory({ entities: 300, seed: 3 }));
    expect(JSON.stringify(generateFactory({ entities: 300, seed: 3 }))).toBe(a);
    expect(JSON.stringify(generateFactory({ entities: 300, seed: 4 }))).not.toBe(a);
  });

  it.each([100, 1000])('%i entities: the exact count, every kind, dependency depth 9', (n) => {
    const d = describeFactory(generateFactory({ entities: n }));
    expect(d.entities).toBe(n);
    expect(Object.keys(d.byKind).sort()).toEqual([
      'Credential',
      'DataFlow',
      'Dataset',
      'IntegrationRuntime',
      'LinkedService',
      'Pipeline',
      'Trigger',
    ]);
    expect(d.depth).toBe(9);
  });

  it('writes a project that validates, and stays valid after 1% changed and 1% removed', async () => {
    const dir = path.join(work, 'p');
    const f = generateFactory({ entities: 200, seed: 9 });
    writeProject(dir, f);
    expect(readdirSync(dir).sort()).toContain('adf-deploy.yaml');
    const first = await runCli(['validate', dir], { cwd: dir, env: f.env });
    expect(first.code, first.stdout).toBe(0);
    changeSome(dir, f, 0.01, 1);
    const removed = removeSome(dir, f, 0.01, 2);
    const dag = buildGraph(f.resources);
    expect(removed.length).toBe(2);
    expect(dag.size).toBe(198);
    const second = await runCli(['validate', dir], { cwd: dir, env: f.env });
    expect(second.code, second.stdout).toBe(0);
  });
});

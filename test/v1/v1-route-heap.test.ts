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

// The V1 path loads its project its own way, so the route tightens the heap growth that plan and apply start with
// (src/cli/heap-growth.ts); a V2 project does it once loaded (src/cli/connection.ts).
describe('heap growth of a V1 project', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adf-v1-heap-'));
  cpSync(path.join(PROJECT_ROOT, 'examples/v1-copy'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is tightened when the route hands the project to the V1 path', async () => {
    tightened.count = 0;
    const r = await runCli(['plan', dir, '--local']);
    expect(r.code, r.stderr).toBe(0);
    expect(tightened.count).toBeGreaterThan(0);
  });
});

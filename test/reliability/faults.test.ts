import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { changeSome, generateFactory, writeProject } from '../../bench/generate.js';
import { runCli } from '../helpers/cli.js';
import { compareLive } from './helpers.js';

// Injected faults (500, 503, 429 with Retry-After, connection reset before and after commit, slow answers) at
// 5, 10 and 20% of requests: apply must converge (exit 0, at most a re-run after a fault the client cannot
// retry safely), leave exactly the declared resources, and the next plan must show no changes. A retry after a
// reset re-sends a create or delete that may have landed: the highest rate runs again against an emulator that
// ignores the conditional headers the spec does not declare (--conditional-headers ignore).
const work = mkdtempSync(path.join(os.tmpdir(), 'adf-faults-'));
const emulators: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  rmSync(work, { recursive: true, force: true });
});

const FAULTS = ['500', '503', '429', 'reset', 'slow', 'reset-after-commit'] as const;

async function applyUntilDone(
  dir: string,
  url: string,
  env: Record<string, string>,
): Promise<{ runs: number; last: { code: number; stdout: string; stderr: string } }> {
  let last = { code: 1, stdout: '', stderr: '' };
  for (let runs = 1; runs <= 3; runs++) {
    last = await runCli(['apply', dir, '--auto-approve', '--endpoint', url], { cwd: dir, env });
    if (last.code === 0) return { runs, last };
  }
  return { runs: 4, last };
}

describe.each([
  [0.05, 'honour'],
  [0.1, 'honour'],
  [0.2, 'honour'],
  [0.2, 'ignore'],
] as const)('faults at %s, conditional headers: %s', (rate, mode) => {
  it('apply converges, creates exactly the declared resources, then plan shows no changes; same for an update', async () => {
    const emulator = await startEmulator({
      port: 0,
      throttle: 'off',
      faultRate: rate,
      seed: Math.round(rate * 1000),
      faultKinds: [...FAULTS],
      slowMs: 300,
      pageSize: 10,
      conditionalHeaders: mode,
    });
    emulators.push(emulator);
    const dir = path.join(work, `rate-${rate}-${mode}`);
    const factory = generateFactory({
      entities: 60,
      seed: 11,
      factoryName: `adf-faults-${Math.round(rate * 100)}-${mode}`,
    });
    writeProject(dir, factory);
    const env = factory.env;

    const created = await applyUntilDone(dir, emulator.url, env);
    expect(created.last.code, created.last.stderr).toBe(0);
    expect(created.runs, 'a retryable fault should not need a re-run more than twice').toBeLessThanOrEqual(3);
    expect(await compareLive(emulator.url, factory)).toEqual({ duplicates: [], missing: [], extra: [] });
    const plan = await runCli(['plan', dir, '--endpoint', emulator.url, '--detailed-exitcode'], { cwd: dir, env });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);

    changeSome(dir, factory, 0.2, 3);
    const updated = await applyUntilDone(dir, emulator.url, env);
    expect(updated.last.code, updated.last.stderr).toBe(0);
    const again = await runCli(['plan', dir, '--endpoint', emulator.url, '--detailed-exitcode'], { cwd: dir, env });
    expect(again.code, again.stdout + again.stderr).toBe(0);

    // The faults really happened.
    const statuses = emulator.requestLog().map((e) => e.status);
    expect(statuses.filter((s) => s === 500 || s === 503 || s === 429 || s === 0).length).toBeGreaterThan(0);
    process.stderr.write(
      `[faults ${rate} ${mode}] requests ${statuses.length}, injected errors ${statuses.filter((s) => s === 500 || s === 503 || s === 429 || s === 0).length}, apply runs ${created.runs} + ${updated.runs}\n`,
    );
  });
});

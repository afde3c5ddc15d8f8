import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { changeSome, generateFactory, removeSome, writeProject } from '../../bench/generate.js';
import type { GenFactory } from '../../bench/model.js';
import { createRng } from '../../bench/rng.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { compareLive, exited } from './helpers.js';

// kill -9 of apply at 24 seeded random points (during creates, updates and prunes), each point being "the k-th
// write was let through": the emulator holds the next write (and any later one) until the process is killed, then
// drops them, so exactly k writes reached the emulator whatever the machine's load. Apply again must converge
// (exit 0), leave no duplicates and exactly the declared resources, and the next plan must show no changes. The
// resume after a kill re-sends creates and deletes whose first attempt may have landed, so it runs again (at fewer
// points) against an emulator that ignores the conditional headers the spec does not declare
// (--conditional-headers ignore, docs/apply-safety.md).
const rng = createRng(20261122);
let emulator: RunningEmulator;
let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'adf-kill-apply-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Kill points per phase: every mode's run covers creates, updates and prunes. */
const MODES = [
  { mode: 'honour', creates: 10, updates: 10, prunes: 4 },
  { mode: 'ignore', creates: 3, updates: 3, prunes: 2 },
] as const;

/** Start apply in its own process and kill -9 it when the (k+1)-th write arrives. Returns whether it was killed mid-way. */
async function applyAndKill(
  dir: string,
  env: Record<string, string>,
  k: number,
  extra: string[] = [],
): Promise<boolean> {
  const hold = emulator.holdRequests({ after: k });
  // spawnCli runs from the repository (node resolves `--import tsx` from the working directory); paths are absolute.
  const run = spawnCli(['apply', dir, '--auto-approve', '--endpoint', emulator.url, ...extra], { env });
  const reached = await Promise.race([hold.reached.then(() => true), run.then(() => false)]);
  const killed = reached && run.child.kill('SIGKILL');
  await run;
  await exited(run.child);
  // The held writes were sent by a dead process: they must not commit.
  hold.release('drop');
  return killed && run.child.signalCode === 'SIGKILL';
}

async function expectConverges(dir: string, factory: GenFactory, extra: string[] = []): Promise<void> {
  const again = await runCli(['apply', dir, '--auto-approve', '--endpoint', emulator.url, ...extra], {
    cwd: dir,
    env: factory.env,
  });
  expect(again.code, again.stderr).toBe(0);
  expect(await compareLive(emulator.url, factory)).toEqual({ duplicates: [], missing: [], extra: [] });
  const plan = await runCli(['plan', dir, '--endpoint', emulator.url, '--detailed-exitcode', ...extra], {
    cwd: dir,
    env: factory.env,
  });
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
}

describe.each(MODES)('kill -9 of apply, then apply again (conditional headers: $mode)', (m) => {
  const total = m.creates + m.updates + m.prunes;
  let killedMidway = 0;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, throttle: 'off', conditionalHeaders: m.mode });
  });
  afterAll(async () => {
    await emulator?.close();
    process.stderr.write(`[kill-apply ${m.mode}] ${killedMidway} of ${total} runs were killed mid-way\n`);
  });

  it.each(Array.from({ length: m.creates }, (_, i) => i))('while creating a factory (point %i)', async (i) => {
    const dir = path.join(work, `${m.mode}-create-${i}`);
    const factory = generateFactory({
      entities: 40,
      seed: 100 + i,
      factoryName: `adf-kill-create-${m.mode}-${i}`,
    });
    writeProject(dir, factory);
    const k = rng.int(factory.resources.length);
    if (await applyAndKill(dir, factory.env, k)) killedMidway++;
    await expectConverges(dir, factory);
  });

  describe('on an existing factory', () => {
    const dir = () => path.join(work, `${m.mode}-existing`);
    let factory: GenFactory;
    beforeAll(async () => {
      factory = generateFactory({ entities: 60, seed: 7, factoryName: `adf-kill-existing-${m.mode}` });
      writeProject(dir(), factory);
      const r = await runCli(['apply', dir(), '--auto-approve', '--endpoint', emulator.url], {
        cwd: dir(),
        env: factory.env,
      });
      expect(r.code, r.stderr).toBe(0);
    });

    it.each(Array.from({ length: m.updates }, (_, i) => i))('while updating 30 percent of it (point %i)', async (i) => {
      const changed = changeSome(dir(), factory, 0.3, 1000 + i);
      const k = rng.int(changed.length);
      if (await applyAndKill(dir(), factory.env, k)) killedMidway++;
      await expectConverges(dir(), factory);
    });

    it.each(Array.from({ length: m.prunes }, (_, i) => i))('while pruning (point %i)', async (i) => {
      const removed = removeSome(dir(), factory, 0.05, 2000 + i);
      const k = rng.int(removed.length);
      if (await applyAndKill(dir(), factory.env, k, ['--prune'])) killedMidway++;
      await expectConverges(dir(), factory, ['--prune']);
    });

    it('every run was really killed mid-way', () => {
      // k is below the writes each run sends, so the hold is always reached.
      expect(killedMidway).toBe(total);
    });
  });
});

/**
 * Measure apply wall time against the emulator with 50 ms latency, for several concurrency caps, and compare with
 * the ideal max(depth, steps / concurrency) x latency. Not a test: `npx tsx test/apply/measure-concurrency.ts`.
 * Figures go in docs/quickstart.md ("Concurrency").
 */
import path from 'node:path';
import { applyPlan } from '../../src/apply/apply.js';
import { buildSteps } from '../../src/apply/steps.js';
import { runWorkGraph } from '../../src/apply/work-graph.js';
import type { Dag } from '../../src/graph/dag.js';
import { createArmClient } from '../../src/arm/client.js';
import { spawn } from 'node:child_process';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { importFactory } from '../../src/import/index.js';
import { CORPUS } from '../helpers/shared.js';
import { createOutsideReferences, load, planNow, writeSyntheticProject } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

const LATENCY = 50;
/** SEPARATE=1 runs the emulator in its own process, as a remote service would be (no shared event loop). */
const SEPARATE = process.env.SEPARATE === '1';

async function emulatorProcess(): Promise<RunningEmulator> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(PROJECT_ROOT, 'src/cli/entry.ts'),
      'emulator',
      '--port',
      '0',
      '--latency',
      String(LATENCY),
      '--throttle',
      'off',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve) =>
    child.stdout!.once('data', (d) =>
      resolve(
        String(d)
          .trim()
          .split(/\s+/)
          .find((w) => w.startsWith('http'))!,
      ),
    ),
  );
  return {
    url,
    port: Number(new URL(url).port),
    warnings: [],
    requestLog: () => [],
    holdRequests: () => {
      throw new Error('holdRequests is in-process only');
    },
    close: async () => void child.kill('SIGTERM'),
  };
}
const CAPS = (process.env.CAPS ?? '1,4,8,16,32').split(',').map(Number);

/** Rounds the executor needs when every call takes the same time (what the graph's shape allows at this cap). */
async function scheduledRounds(dag: Dag<unknown>, cap: number): Promise<number> {
  let rounds = 0;
  let running: Array<() => void> = [];
  const done = runWorkGraph(dag, () => new Promise<void>((r) => running.push(r)), { concurrency: cap });
  for (;;) {
    await new Promise((r) => setImmediate(r));
    if (running.length === 0) break;
    rounds++;
    const batch = running;
    running = [];
    for (const r of batch) r();
  }
  await done;
  return rounds;
}

async function measure(label: string, dir: string): Promise<void> {
  const project = await load(dir);
  for (const cap of CAPS) {
    const emulator = SEPARATE
      ? await emulatorProcess()
      : await startEmulator({ port: 0, throttle: 'off', latencyMs: LATENCY });
    const client = createArmClient({
      endpoint: emulator.url,
      token: 't',
      maxInFlight: cap,
      ...(process.env.PACING === 'off' ? { pacing: false as const } : {}),
    });
    // Outside references (corpus) are created first, with the factory, outside the timing.
    const seed = await planNow(client, project, emulator);
    await applyPlan(
      client,
      { plan: { ...seed.plan, changes: [], triggers: [] }, bodies: seed.bodies },
      { concurrency: cap },
    );
    await createOutsideReferences(client, project, emulator);
    const result = await planNow(client, project, emulator);
    const { dag } = buildSteps(result.plan);
    const steps = dag.size;
    const depth = dag.depth();
    const t0 = performance.now();
    const summary = await applyPlan(client, result, { concurrency: cap });
    const wall = performance.now() - t0;
    const ideal = Math.max(depth, Math.ceil(steps / cap)) * LATENCY;
    const ok = summary.failed.length === 0 && summary.skipped.length === 0;
    const rounds = await scheduledRounds(dag as Dag<unknown>, cap);
    console.log(
      `${label.padEnd(28)} steps=${String(steps).padStart(4)} depth=${String(depth).padStart(2)} cap=${String(cap).padStart(2)} wall=${wall.toFixed(0).padStart(6)} ms ideal=${String(ideal).padStart(6)} ms ratio=${(wall / ideal).toFixed(2)} scheduled=${rounds * LATENCY} ms wall/scheduled=${(wall / (rounds * LATENCY)).toFixed(2)}${ok ? '' : ' (FAILURES)'}`,
    );
    await emulator.close();
  }
}

const corpusDir = tempDir('measure-');
await importFactory(path.join(CORPUS, 'Azure-Player__azure.datafactory.tools__BigFactorySample2'), {
  out: corpusDir,
  force: true,
});
await measure('corpus BigFactorySample2', corpusDir);
await measure('synthetic 40 chains x 5', writeSyntheticProject({ width: 40, depth: 5 }));

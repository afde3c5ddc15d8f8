/**
 * Measure apply wall time against the emulator with 50 ms latency, for several concurrency caps, and compare with
 * the ideal max(depth, steps / concurrency) x latency. Not a test: `npx tsx test/apply/measure-concurrency.ts`.
 * Figures go in docs/quickstart.md ("Concurrency").
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPlan } from '../../src/apply/apply.js';
import { buildSteps } from '../../src/apply/steps.js';
import { createArmClient } from '../../src/arm/client.js';
import { startEmulator } from '../../src/emulator/index.js';
import { importFactory } from '../../src/import/index.js';
import { CORPUS } from '../helpers/shared.js';
import { createOutsideReferences, load, planNow, writeSyntheticProject } from './helpers.js';

const LATENCY = 50;
const CAPS = (process.env.CAPS ?? '1,4,8,16,32').split(',').map(Number);

async function measure(label: string, dir: string): Promise<void> {
  const project = await load(dir);
  for (const cap of CAPS) {
    const emulator = await startEmulator({ port: 0, throttle: 'off', latencyMs: LATENCY });
    const client = createArmClient({ endpoint: emulator.url, token: 't', maxInFlight: cap, ...(process.env.PACING === 'off' ? { pacing: false as const } : {}) });
    // Outside references (corpus) are created first, with the factory, outside the timing.
    const seed = await planNow(client, project, emulator);
    await applyPlan(client, { plan: { ...seed.plan, changes: [], triggers: [] }, bodies: seed.bodies }, { concurrency: cap });
    await createOutsideReferences(client, project, emulator);
    const result = await planNow(client, project, emulator);
    const { dag } = buildSteps(result.plan);
    const steps = dag.size + result.plan.triggers.filter((t) => t.start).length;
    const depth = dag.depth() + (result.plan.triggers.some((t) => t.start) ? 1 : 0);
    const t0 = performance.now();
    const summary = await applyPlan(client, result, { concurrency: cap });
    const wall = performance.now() - t0;
    const ideal = Math.max(depth, Math.ceil(steps / cap)) * LATENCY;
    const ok = summary.failed.length === 0 && summary.skipped.length === 0;
    console.log(`${label.padEnd(28)} steps=${String(steps).padStart(4)} depth=${String(depth).padStart(2)} cap=${String(cap).padStart(2)} wall=${wall.toFixed(0).padStart(6)} ms ideal=${String(ideal).padStart(6)} ms ratio=${(wall / ideal).toFixed(2)}${ok ? '' : ' (FAILURES)'}`);
    await emulator.close();
  }
}

const corpusDir = mkdtempSync(path.join(os.tmpdir(), 'measure-'));
await importFactory(path.join(CORPUS, 'Azure-Player__azure.datafactory.tools__BigFactorySample2'), { out: corpusDir, force: true });
await measure('corpus BigFactorySample2', corpusDir);
await measure('synthetic 40 chains x 5', writeSyntheticProject({ width: 40, depth: 5 }));

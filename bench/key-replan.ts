import path from 'node:path';
import type { StepNeeds } from './bounds.js';
import { generateFactory, writeProject } from './generate.js';
import { medianBy } from './median.js';
import type { StepResult } from './report.js';
import { CACHE_ENV } from '../src/core/project-cache.js';

/** What the harness gives this module: its step runner (settles the buckets, measures, logs). */
export interface StepRunner {
  step(
    name: string,
    args: string[],
    dir: string,
    env: Record<string, string>,
    expect: number,
    needs?: StepNeeds,
  ): Promise<StepResult>;
}

/** A fixed key: the bench only needs one configured (docs/secrets.md, "The fingerprint"). */
const BENCH_KEY = 'adf-deploy-bench-fingerprint-key-0123456789';

/**
 * The no-change re-plan with ADF_DEPLOY_FINGERPRINT_KEY set (the documented CI setting), beside the keyless one:
 * - on the factory deployed without the key: its markers are still `s1-` (one scrypt each, on the thread pool);
 * - on a second factory of the same objects deployed with the key (not timed, not a row): `k1-` markers, HMACs.
 * A redeploy with the key would not do: `s1-` markers are rewritten only when a resource's secrets change.
 */
export async function keyReplans(
  h: StepRunner,
  options: {
    dir: string;
    env: Record<string, string>;
    at: string[];
    needs: StepNeeds;
    generate: Parameters<typeof generateFactory>[0];
  },
): Promise<StepResult[]> {
  const { dir, at, needs } = options;
  const env = { ...options.env, ADF_DEPLOY_FINGERPRINT_KEY: BENCH_KEY };
  const rows = [
    await h.step('plan (no change, key; s1- markers)', ['plan', dir, ...at, '--detailed-exitcode'], dir, env, 0, needs),
  ];
  const keyed = generateFactory({ ...options.generate, factoryName: `${options.generate.factoryName}-key` });
  const keyedDir = path.join(path.dirname(dir), 'project-key');
  writeProject(keyedDir, keyed);
  const keyedEnv = { ...keyed.env, ADF_DEPLOY_FINGERPRINT_KEY: BENCH_KEY, [CACHE_ENV]: 'off' };
  const deploy = await h.step(
    '(deploy with the key)',
    ['apply', keyedDir, ...at, '--auto-approve'],
    keyedDir,
    keyedEnv,
    0,
  );
  if (!deploy.ok) return rows;
  rows.push(
    await h.step(
      'plan (no change, key; k1- markers)',
      ['plan', keyedDir, ...at, '--detailed-exitcode'],
      keyedDir,
      keyedEnv,
      0,
      needs,
    ),
  );
  const { [CACHE_ENV]: _off, ...cachedEnv } = keyedEnv;
  rows.push(...(await cachedReplan(h, 'plan (no change, key; k1- markers, cached)', keyedDir, at, cachedEnv, needs)));
  return rows;
}

/**
 * Cached re-plans measured per row: the row is their median (and their largest peak RSS). One run of two seconds
 * moves by 10-20% with the machine, as much as the goal's margin (issue 19: 1.5x the bound).
 */
export const CACHED_ROUNDS = 3;

/**
 * A no-change re-plan with the caches of .adf-deploy/cache/ on (src/core/project-cache.ts), as a developer's second
 * plan or a CI job that keeps the folder: one plan fills them (not a row), the next CACHED_ROUNDS are measured.
 */
export async function cachedReplan(
  h: StepRunner,
  name: string,
  dir: string,
  at: string[],
  env: Record<string, string>,
  needs: StepNeeds,
): Promise<StepResult[]> {
  const args = ['plan', dir, ...at, '--detailed-exitcode'];
  const fill = await h.step(`(${name}: filling the caches)`, args, dir, env, 0);
  if (!fill.ok) return [fill];
  const runs: StepResult[] = [];
  for (let i = 0; i < CACHED_ROUNDS; i++) runs.push(await h.step(name, args, dir, env, 0, needs));
  return [medianRun(runs)];
}

/** The run of median wall time, failed if any failed, with the largest peak RSS and every run's time noted. */
export function medianRun(runs: StepResult[]): StepResult {
  const median = medianBy(runs, (r) => r.ms);
  const times = runs.map((r) => `${(r.ms / 1000).toFixed(2)} s`).join(', ');
  return {
    ...median,
    ok: runs.every((r) => r.ok),
    peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)),
    note: `median of ${runs.length} runs (${times}); peak RSS the largest`,
  };
}

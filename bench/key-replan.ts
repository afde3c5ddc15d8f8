import path from 'node:path';
import type { StepNeeds } from './bounds.js';
import { generateFactory, writeProject } from './generate.js';
import type { StepResult } from './report.js';

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
  const keyedEnv = { ...keyed.env, ADF_DEPLOY_FINGERPRINT_KEY: BENCH_KEY };
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
  return rows;
}

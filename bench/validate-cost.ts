/**
 * The CPU cost of `validate` against its naive peer (read every YAML file and parse it, nothing else), each in its
 * own process and measured in the same run: on a shared, loaded machine only such ratios compare across runs.
 * Also the wall time of `validate examples/quickstart` with the compiled CLI (bin/, after `npm run build`).
 *
 * `npx tsx bench/validate-cost.ts DIR` prints the figures of one project folder.
 */
import { CACHE_ENV } from '../src/core/project-cache.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './measure.js';
import { medianBy } from './median.js';

const PROBE = path.join(REPO, 'bench/cpu-probe.mjs');
const NAIVE = path.join(REPO, 'bench/naive-parse.mjs');
const ENTRY = path.join(REPO, 'src/cli/entry.ts');
const BIN = path.join(REPO, 'bin/adf-deploy.js');
const BUILT = path.join(REPO, 'dist/bundle/entry.js');

export interface ProcessCost {
  code: number;
  wallMs: number;
  cpuMs: number;
  peakRssMiB: number;
}

export interface ValidateCost {
  /** `validate DIR`: the compiled CLI when dist/ is built and fresh (what users run), else node + tsx. */
  ours: ProcessCost;
  /** Which of the two ran `validate`. */
  runner: 'compiled' | 'tsx';
  /** bench/naive-parse.mjs DIR (plain node). */
  naive: ProcessCost;
  /** ours.cpuMs / naive.cpuMs: the issue-19 goal is <= 1.0 at 5,000 objects. */
  cpuRatio: number;
  /** How many runs of each, alternated; `ours` and `naive` are the runs of median CPU. */
  rounds?: number;
}

/**
 * Runs of each, alternated (naive, ours, naive, ...): one run of each moved the ratio by 0.1-0.2 on this machine,
 * whose speed drifts within minutes (0.90 and 1.10 for the same build an hour apart).
 */
export const VALIDATE_COST_ROUNDS = 3;

/** The run of median CPU. */
export function medianByCpu(runs: ProcessCost[]): ProcessCost {
  return medianBy(runs, (r) => r.cpuMs);
}

/** Run `node ...args` with the CPU probe; wall time from outside, CPU and peak RSS from the process itself. */
export function runProbed(args: string[], env: Record<string, string> = {}): Promise<ProcessCost> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-bench-cpu-'));
  const file = path.join(tmp, 'cpu.json');
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', PROBE, ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', ...env, BENCH_CPU_FILE: file },
    stdio: 'ignore',
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      let cpuMs = 0;
      let kib = 0;
      try {
        ({ cpuMs, maxRssKiB: kib } = JSON.parse(readFileSync(file, 'utf8')) as { cpuMs: number; maxRssKiB: number });
      } catch {
        // The process died before reporting: leave 0.
      }
      rmSync(tmp, { recursive: true, force: true });
      resolve({ code: code ?? 1, wallMs, cpuMs, peakRssMiB: Math.round(kib / 1024) });
    });
  });
}

/**
 * dist/ is built and no source file is newer than its entry: then the compiled CLI measures what users run (tsx's
 * start-up alone costs ~0.7 s of CPU, more than the whole quickstart goal).
 */
export function isBuildFresh(): boolean {
  if (!existsSync(BUILT)) return false;
  const built = statSync(BUILT).mtimeMs;
  const src = path.join(REPO, 'src');
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    if (statSync(path.join(entry.parentPath, entry.name)).mtimeMs > built) return false;
  }
  return true;
}

export async function measureValidateCost(
  dir: string,
  env: Record<string, string> = {},
  rounds = VALIDATE_COST_ROUNDS,
): Promise<ValidateCost> {
  const runner = isBuildFresh() ? 'compiled' : 'tsx';
  const cli = runner === 'compiled' ? [BIN] : ['--import', 'tsx', ENTRY];
  const naiveRuns: ProcessCost[] = [];
  const ourRuns: ProcessCost[] = [];
  for (let i = 0; i < rounds; i++) {
    naiveRuns.push(await runProbed([NAIVE, dir], env));
    // Validating, not reading the cache of an earlier run.
    ourRuns.push(await runProbed([...cli, 'validate', dir], { ...env, [CACHE_ENV]: 'off' }));
  }
  const ours = medianByCpu(ourRuns);
  const naive = medianByCpu(naiveRuns);
  return { ours, runner, naive, cpuRatio: ours.cpuMs / naive.cpuMs, rounds };
}

export interface QuickstartCost {
  /** `node bin/adf-deploy.js validate examples/quickstart` (compiled). */
  validate: ProcessCost;
  /** `node -e 0`: what node alone costs on this machine right now. */
  nodeAlone: ProcessCost;
}

/** Undefined when the CLI is not built (dist/ is not in git: `npm run build`). */
export async function measureQuickstart(): Promise<QuickstartCost | undefined> {
  if (!existsSync(BUILT)) return undefined;
  const nodeAlone = await runProbed(['-e', '0']);
  // Cold: the validation cache of examples/quickstart (filled by any earlier command there) is not read.
  const validate = await runProbed([BIN, 'validate', path.join(REPO, 'examples/quickstart')], { [CACHE_ENV]: 'off' });
  return { validate, nodeAlone };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: npx tsx bench/validate-cost.ts DIR');
  // The generated projects declare BENCH_SQL_PASSWORD: without it validate stops at var.missing.
  const cost = await measureValidateCost(path.resolve(dir), {
    BENCH_SQL_PASSWORD: process.env.BENCH_SQL_PASSWORD ?? 'x',
  });
  const line = (label: string, c: ProcessCost): string =>
    `${label}: exit ${c.code}, wall ${Math.round(c.wallMs)} ms, CPU ${Math.round(c.cpuMs)} ms, peak RSS ${c.peakRssMiB} MiB`;
  process.stdout.write(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  const how =
    cost.runner === 'compiled' ? 'compiled CLI, node bin/adf-deploy.js' : 'node + tsx: dist/ missing or stale';
  process.stdout.write(`${line(`validate (${how})`, cost.ours)}\n${line('read + yaml.parse', cost.naive)}\n`);
  process.stdout.write(`CPU ratio ${cost.cpuRatio.toFixed(2)}\n`);
  const q = await measureQuickstart();
  if (q) process.stdout.write(`${line('quickstart (bin)', q.validate)}\n${line('node -e 0', q.nodeAlone)}\n`);
}

// `npx tsx bench/runs.ts`: the run engine's costs, in-process over real HTTP, on a virtual run clock (no waiting).
// Also part of `npm run bench` (bench/run.ts), whose docs/performance.md shows its table.
// 1. engine overhead per activity (a pipeline of 500 independent Wait-0 activities);
// 2. a ForEach of 1,000 Wait-0 iterations (batchCount 50);
// 3. queryActivityruns over a run of 10,000 activity runs, page by page (100 a page).
// Env N, LOOP, BIG change the three sizes when run by hand.
import path from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import { createVirtualClock } from '../src/emulator/runtime/clock.js';

const F = '/subscriptions/b/resourceGroups/rg/providers/Microsoft.DataFactory/factories/bench';
const ALL = { lastUpdatedAfter: '2000-01-01T00:00:00Z', lastUpdatedBefore: '2100-01-01T00:00:00Z' };

export interface RunsSizes {
  /** Independent Wait-0 activities in one pipeline. */
  flat: number;
  /** Iterations of the ForEach with batchCount 50. */
  loop: number;
  /** Iterations of the big ForEach whose activity runs are then queried page by page. */
  big: number;
}

export const FULL_RUNS: RunsSizes = { flat: 500, loop: 1000, big: 10_000 };

export interface RunsRow {
  scenario: string;
  ms: number;
  /** e.g. '3.9 ms per activity'. */
  perUnit: string;
}

const perUnit = (ms: number, n: number, unit: string): string =>
  ms / n >= 1 ? `${(ms / n).toFixed(2)} ms per ${unit}` : `${((ms / n) * 1000).toFixed(0)} µs per ${unit}`;

/** The three run-engine scenarios; each row is also printed as it is measured. */
export async function measureRuns(sizes: RunsSizes = FULL_RUNS): Promise<RunsRow[]> {
  const emu = await startEmulator({
    port: 0,
    throttle: 'off',
    runClock: createVirtualClock(Date.parse('2026-01-01T00:00:00Z')),
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}${path}?api-version=2018-06-01`, {
      method,
      headers: { authorization: 'Bearer b', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as Record<string, any>;
  };
  const wait0 = (name: string) => ({ name, type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } });
  const forEach = (n: number) => ({
    activities: [
      {
        name: 'Loop',
        type: 'ForEach',
        typeProperties: { batchCount: 50, items: `@range(0, ${n})`, activities: [wait0('W')] },
      },
    ],
  });
  const timed = async (name: string, properties: Record<string, unknown>) => {
    await call('PUT', `${F}/pipelines/${name}`, { properties });
    const t0 = performance.now();
    const { runId } = await call('POST', `${F}/pipelines/${name}/createRun`);
    await emu.runs?.idle();
    const ms = performance.now() - t0;
    const run = await call('GET', `${F}/pipelineruns/${runId}`);
    if (run.status !== 'Succeeded') throw new Error(`${name}: ${run.status} ${run.message}`);
    return { runId: runId as string, ms };
  };
  try {
    await call('PUT', F, { location: 'westeurope' });
    const rows: RunsRow[] = [];
    const show = (r: RunsRow) => {
      rows.push(r);
      process.stderr.write(`  ${r.scenario}: ${Math.round(r.ms)} ms, ${r.perUnit}\n`);
    };
    const n = (k: number) => k.toLocaleString('en');
    const flat = await timed('flat', { activities: Array.from({ length: sizes.flat }, (_, i) => wait0(`W${i}`)) });
    show({
      scenario: `${n(sizes.flat)} independent Wait-0 activities`,
      ms: flat.ms,
      perUnit: perUnit(flat.ms, sizes.flat, 'activity'),
    });
    const loop = await timed('loop', forEach(sizes.loop));
    show({
      scenario: `ForEach of ${n(sizes.loop)} Wait-0 iterations (batchCount 50)`,
      ms: loop.ms,
      perUnit: perUnit(loop.ms, sizes.loop, 'iteration'),
    });
    const big = await timed('big', forEach(sizes.big));
    show({
      scenario: `ForEach of ${n(sizes.big)} Wait-0 iterations`,
      ms: big.ms,
      perUnit: perUnit(big.ms, sizes.big, 'iteration'),
    });
    let token: string | null = null;
    let pages = 0;
    let count = 0;
    const t0 = performance.now();
    do {
      const page: Record<string, any> = await call('POST', `${F}/pipelineruns/${big.runId}/queryActivityruns`, {
        ...ALL,
        continuationToken: token,
      });
      count += page.value.length;
      token = page.continuationToken;
      pages++;
    } while (token);
    const qms = performance.now() - t0;
    show({
      scenario: `\`queryActivityruns\` over that run (${n(count)} activity runs), page by page`,
      ms: qms,
      perUnit: `${pages} pages, ${(qms / pages).toFixed(1)} ms per page`,
    });
    return rows;
  } finally {
    await emu.close();
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
  const rows = await measureRuns({
    flat: env('N', FULL_RUNS.flat),
    loop: env('LOOP', FULL_RUNS.loop),
    big: env('BIG', FULL_RUNS.big),
  });
  for (const r of rows) process.stdout.write(`| ${r.scenario} | ${Math.round(r.ms)} ms | ${r.perUnit} |\n`);
}

/**
 * Sections of docs/performance.md beyond the per-size tables: the cost-growth table, the run engine and data
 * movement (measured by the same `npm run bench`), and the figures measured by hand that a generated page keeps.
 */
import { type DataCopyRow, type DataCopySizes, renderDataCopyTable } from './data-copy.js';
import type { RequestCounts } from './measure.js';
import type { MultiResult } from './multi.js';
import type { BenchRun, SizeResult, StepResult } from './report.js';
import type { RunsRow, RunsSizes } from './runs.js';

export interface RunsResult {
  sizes: RunsSizes;
  rows: RunsRow[];
}

export interface DataCopyResult {
  sizes: DataCopySizes;
  rows: DataCopyRow[];
}

export const s = (ms: number): string =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;

const GROWTH_STEPS: Array<[string, string]> = [
  ['validate', 'validate'],
  ['plan (empty factory)', 'plan (empty factory)'],
  ['apply (create all)', 'apply (create all)'],
  ['plan (no change)', 'plan (no change)'],
];

function cell(st: StepResult | undefined): string {
  return st ? `${s(st.ms)} / ${st.peakRssMiB} MiB${st.ok ? '' : ' **failed**'}` : '-';
}

/** Per object, so linear growth reads as a constant column. */
const perObject = (ms: number | undefined, n: number): string =>
  ms === undefined ? '-' : ms / n >= 1 ? `${(ms / n).toFixed(1)} ms` : `${((ms / n) * 1000).toFixed(0)} µs`;

/** Time and peak RSS of validate, plan and apply at every size of the run, side by side. */
export function renderGrowthTable(run: BenchRun): string[] {
  const find = (size: SizeResult, name: string) => size.steps.find((st) => st.step === name);
  const head = `| objects | ${GROWTH_STEPS.map(([, label]) => `${label} (wall / peak RSS)`).join(' | ')} | validate CPU (x read + yaml.parse) | validate CPU per object | apply wall per object |`;
  const rows = run.sizes.map((size) => {
    const v = size.validateCost;
    const cpu = v ? `${s(v.ours.cpuMs)} (${v.cpuRatio.toFixed(2)}x)` : '-';
    return `| ${size.entities.toLocaleString('en')} | ${GROWTH_STEPS.map(([name]) => cell(find(size, name))).join(' | ')} | ${cpu} | ${perObject(v?.ours.cpuMs, size.entities)} | ${perObject(find(size, 'apply (create all)')?.ms, size.entities)} |`;
  });
  const sizes = new Set(run.sizes.map((sz) => sz.entities));
  const missing = [100, 1000, 5000, 10_000].filter((n) => !sizes.has(n));
  return [
    '## Cost growth',
    '',
    'Wall time and peak RSS of each step by size (the steps of the tables below; start-up included). Per object columns',
    'stay flat when the cost grows linearly. Apply is bounded by the throttle from about 2,000 objects on (see the bounds).',
    '',
    head,
    `|---|${GROWTH_STEPS.map(() => '---|').join('')}---|---|---|`,
    ...rows,
    '',
    ...(missing.length
      ? [
          `Not in this run: ${missing.map((n) => n.toLocaleString('en')).join(', ')} objects (\`npm run bench -- --tier full\` adds 10,000).`,
          '',
        ]
      : []),
  ];
}

/** Measured 2026-11-29 by hand (bench/runs.ts), shown while the rendered run has no run-engine figures. */
const RUNS_BY_HAND = [
  'Not measured by this run; measured 2026-11-29 by hand (`npx tsx bench/runs.ts`) on the shared 2-core machine',
  '**under heavy load (load average 16-21)**, so read them as upper bounds:',
  '',
  '| Scenario | Total | Per unit |',
  '|---|---|---|',
  '| 500 independent Wait-0 activities | 1,929 ms | 3.9 ms per activity |',
  '| ForEach of 1,000 Wait-0 iterations (batchCount 50) | 2,601 ms | 2.6 ms per iteration |',
  '| ForEach of 10,000 Wait-0 iterations | 7,299 ms | 0.73 ms per iteration |',
  '| `queryActivityruns` over that run (10,001 activity runs), page by page | 18,786 ms | 101 pages, 186 ms per page |',
];

export function renderRunsSection(run: BenchRun): string[] {
  const runs = run.runs;
  return [
    '## Pipeline runs (run engine)',
    '',
    'bench/runs.ts (part of `npm run bench`; `--no-runs` leaves it out): the emulator in-process over real HTTP, in memory,',
    'on a virtual run clock (no waiting), from createRun until no run executes.',
    '',
    ...(runs
      ? [
          `Measured by this run (${run.date}):`,
          '',
          '| Scenario | Total | Per unit |',
          '|---|---|---|',
          ...runs.rows.map((r) => `| ${r.scenario} | ${s(r.ms)} | ${r.perUnit} |`),
        ]
      : RUNS_BY_HAND),
    '',
    "Each page of `queryActivityruns` re-filters and re-sorts the run's activity runs (sort keys read once per item); caching",
    'the sorted list per query would make later pages cheaper. Not done yet.',
    '',
  ];
}

export function renderDataSection(run: BenchRun): string[] {
  const data = run.dataCopy;
  return [
    '## Data movement',
    '',
    "The data activities' benchmark (bench/data-copy.ts, part of `npm run bench`; `--no-data` leaves it out): a binary copy",
    'and a DelimitedText copy through the data executor beside a direct `@azure/storage-blob` copy of the same blob, in one',
    'Azurite. More in [data-movement.md](data-movement.md#benchmark).',
    '',
    ...(data
      ? [`Measured by this run (${run.date}):`, '', renderDataCopyTable(data.rows)]
      : [
          "Not measured by this run; by hand (2026-11-29): binary at 1.01 of the direct copy's throughput at 100 MB (goal 0.8);",
          'DelimitedText, parsed and rewritten row by row, at 0.52 for 1,000,000 rows.',
        ]),
    '',
  ];
}

/**
 * Shown while the rendered run has no many-factories figures (quick tier, --no-multi, older result files): measured
 * 2026-11-29 with `npx tsx bench/multi.ts` (20 x 250) on the shared 2-core machine under heavy load (start-up 19 s
 * instead of about 0.9 s), once: it took 14 minutes.
 */
const MULTI_BY_HAND: MultiResult | undefined = {
  date: '2026-11-29T05:34:54.056Z',
  flags: { factories: 20, entities: 250, parallel: 4, latency: 30, throttleScale: 10, seed: 7 },
  ours: {
    ok: true,
    converged: true,
    ms: 130314,
    peakRssMiB: 286,
    requests: {
      total: 5097,
      byMethod: { GET: 20, PUT: 5020, POST: 57 },
      writes: 5077,
      throttled: 0,
      maxPagesPerCollection: 0,
    },
  },
  peer: {
    ms: 250097,
    requests: {
      total: 5117,
      byMethod: { GET: 40, PUT: 5020, POST: 57 },
      writes: 5077,
      throttled: 0,
      maxPagesPerCollection: 1,
    },
  },
  bound: { latencyMs: 360, throttleMs: 30770, boundMs: 30770, atConcurrencyMs: 30770 },
  startupMs: 19351,
  load: [15.1, 11.5],
};

/** "Many factories": one `apply 'DIR/*'` over N factories of one subscription against the peer one after another. */
export function renderMultiSection(measured: MultiResult | undefined): string[] {
  const m = measured ?? MULTI_BY_HAND;
  const head = [
    '## Many factories',
    '',
    'bench/multi.ts (part of `npm run bench` in the standard and full tiers; `--no-multi` leaves it out, `--only-multi` runs it',
    'alone): N generated factories of one subscription applied by one `adf-deploy apply "DIR/*" --auto-approve --parallel P`',
    '(one process, one shared rate limiter), against the peer model (bench/peer.ts: one request at a time, every object PUT)',
    'deploying the same N factories one after another, in its own subscription. Same emulator settings as above.',
    '',
  ];
  if (!m) return [...head, 'Not measured by this run.', ''];
  const f = m.flags;
  const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');
  const row = (who: string, ms: number, c: RequestCounts, rss: string, bound: string, vsBound: string): string =>
    `| ${who} | ${s(ms)} | ${c.total.toLocaleString('en')} | ${c.writes.toLocaleString('en')} | ${c.throttled} | ${rss} | ${bound} | ${vsBound} |`;
  const b = m.bound;
  const exStartup = Math.max(0, m.ours.ms - m.startupMs);
  const peerBound = m.peer.requests.total * f.latency;
  return [
    ...head,
    `${measured ? 'Measured by this run' : 'Not measured by this run; measured once by hand with \`npx tsx bench/multi.ts\`'} (${m.date}; load average ${m.load[0]} at the start, ${m.load[1]} at the end): ${f.factories} factories x ${f.entities} objects, --parallel ${f.parallel}, ${f.latency} ms latency, throttle ${f.throttleScale === undefined ? 'off' : `ARM x ${f.throttleScale}`}.`,
    '',
    '| deployer | wall | requests | writes | 429s | peak RSS | lower bound (latency / throttle) | wall / bound (without start-up) |',
    '|---|---|---|---|---|---|---|---|',
    row(
      `ours, one \`apply\` of all (${m.ours.ok && m.ours.converged ? 'ok, re-plan clean' : '**failed**'})`,
      m.ours.ms,
      m.ours.requests,
      `${m.ours.peakRssMiB} MiB`,
      `${s(b.boundMs)} (${s(b.latencyMs)} / ${s(b.throttleMs)})`,
      `${ratio(m.ours.ms, b.boundMs)} (${ratio(exStartup, b.boundMs)})`,
    ),
    row(
      'peer, one factory after another',
      m.peer.ms,
      m.peer.requests,
      '-',
      `${s(peerBound)} (requests x latency, one at a time)`,
      ratio(m.peer.ms, peerBound),
    ),
    '',
    `Ours / peer: ${ratio(m.ours.ms, m.peer.ms)} (${ratio(exStartup, m.peer.ms)} without the ${s(m.startupMs)} start-up).`,
    '',
    ...(measured
      ? []
      : [
          'The machine was heavily loaded (start-up 19.4 s instead of about 0.9 s): the CPU-bound part of ours (loading, validating',
          'and planning 5,000 objects in one process) is inflated far more than the peer, which mostly waits on the network; read the',
          'ratio to the peer as an upper bound, and measure again on a quiet machine (`npm run bench -- --only-multi`).',
          '',
        ]),
    "- The bound: ARM's buckets are per subscription (and principal), not per factory, so the writes of all the factories",
    `  share one write bucket: (writes - ${f.throttleScale === undefined ? 'bucket' : (200 * f.throttleScale).toLocaleString('en')}) / ${f.throttleScale === undefined ? 'refill' : `${10 * f.throttleScale} per second`} whoever deploys, however many factories run at once.`,
    '  The latency term is the rounds of the deepest factory (they can all run side by side). Running more factories at once',
    '  than the bucket allows only turns waiting into 429s; the shared limiter paces them together instead.',
    '- The peer runs in the bench process (no start-up) one request at a time, so the buckets never hold it back: it cannot',
    '  take less than its requests x the latency.',
    '',
  ];
}

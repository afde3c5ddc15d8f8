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
  const noPeer = run.sizes
    .filter((sz) => !sz.steps.some((st) => st.peer))
    .map((sz) => sz.entities.toLocaleString('en'));
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
    ...renderMarginalTable(run),
    ...renderAbove5000(run),
    ...(noPeer.length && noPeer.length < run.sizes.length
      ? [
          `The peer was not run at ${noPeer.join(', ')} objects (\`--peer-max\`: it alone takes many minutes there).`,
          '',
        ]
      : []),
    ...(missing.length
      ? [
          `Not in this run: ${missing.map((n) => n.toLocaleString('en')).join(', ')} objects (\`npm run bench -- --tier full\` adds 10,000).`,
          '',
        ]
      : []),
  ];
}

/**
 * Above ADF's default of 5,000 entities: runs since the generated projects declare a raised limit (`limits:`) run
 * plan and apply there too; older stored runs (re-rendered with --from) stopped at validate's `limit.entities`.
 */
function renderAbove5000(run: BenchRun): string[] {
  const above = run.sizes.filter((sz) => sz.entities > 5000);
  if (!above.length) return [];
  const stopped = above.some((sz) => sz.steps.some((st) => st.step !== 'validate' && !st.ok));
  if (!stopped)
    return [
      'ADF holds 5,000 entities per factory by default; Azure support raises it on request. Above 5,000 the generated',
      'project declares the raised limit (`limits: { entitiesPerFactory: N }` in adf-deploy.yaml) and the emulator is',
      'started with a matching one, so validate, plan and apply do at 10,000 what they do at the other sizes.',
      '',
    ];
  return [
    'ADF holds at most 5,000 entities in one factory: validate reports `limit.entities` (an error no `checks:` can',
    'waive) and the emulator refuses the 5,001st object, as the service does. So above 5,000 the figures are those of',
    'loading and checking the whole project: validate does all its work and then exits 1; plan and apply stop there, before',
    'any request (their rows are marked failed). Growth in plan and apply past 5,000 is the many-factories case',
    '("Many factories").',
    '',
  ];
}

/**
 * What each object added between two sizes of the run: (wall or peak RSS at the larger size - at the smaller) /
 * (objects added). Start-up and the loaded code cancel out, so a linear cost reads as the same figure on every row.
 */
function renderMarginalTable(run: BenchRun): string[] {
  const sorted = [...run.sizes].sort((a, b) => a.entities - b.entities);
  if (sorted.length < 2) return [];
  const find = (size: SizeResult, name: string) => size.steps.find((st) => st.step === name);
  const rows = sorted.slice(1).map((size, i) => {
    const prev = sorted[i];
    const added = size.entities - prev.entities;
    const cells = GROWTH_STEPS.map(([name]) => {
      const a = find(prev, name);
      const b = find(size, name);
      // A failed validate still did all its work (it exits 1 on a finding); a failed plan or apply stopped early.
      const usable = (st: StepResult | undefined): st is StepResult =>
        st !== undefined && st.peakRssMiB > 0 && (st.ok || st.step === 'validate');
      if (!usable(a) || !usable(b)) return '-';
      const kib = ((b.peakRssMiB - a.peakRssMiB) * 1024) / added;
      return `${perObject(b.ms - a.ms, added)} / ${kib.toFixed(0)} KiB`;
    });
    return `| ${prev.entities.toLocaleString('en')} -> ${size.entities.toLocaleString('en')} | ${cells.join(' | ')} |`;
  });
  return [
    'Per object added between two sizes (wall / peak RSS): linear growth reads as the same figure down a column.',
    '',
    `| sizes | ${GROWTH_STEPS.map(([, label]) => label).join(' | ')} |`,
    `|---|${GROWTH_STEPS.map(() => '---|').join('')}`,
    ...rows,
    '',
  ];
}

/** Peak memory at 5,000 objects before and after the issue-19 changes, measured by hand (kept when re-rendered). */
export const MEMORY_NOTE: string[] = [
  '## Peak memory (issue 19)',
  '',
  'Goal: every step under 300 MiB of peak RSS at 5,000 objects, growing linearly. Measured by hand on 2026-11-29 with the',
  'compiled CLI (load average 9-14 on the 2 shared cores), one generated project of 5,000 objects, an emulator with throttling',
  'off (apply as fast as the client goes, the worst case for memory):',
  '',
  '| step at 5,000 | last bench (node + tsx, 2026-11-22) | compiled CLI, before | after, by hand | after, `npm run bench` of 2026-11-29 |',
  '|---|---|---|---|---|',
  '| `--version` (start-up) | - | 92 MiB | 92 MiB | - |',
  '| validate | 237 MiB (since about 155) | 160 MiB | 147-152 MiB | 154 MiB |',
  '| plan (empty factory) | 268 MiB | 280 MiB | 268 MiB (before the heap setting) | 239 MiB |',
  "| apply (create all) | 422 MiB | 432 MiB unthrottled; 305 MiB at ARM's real rates, where the process idles | 231-236 MiB unthrottled | 247 MiB |",
  '| plan (no change) | 281 MiB | 223-234 MiB | - | 201 MiB |',
  '| apply (1% changed) / --prune (1%) | - | - | - | 200 / 201 MiB |',
  '',
  'The last column is from a bench run of 2026-11-29 06:06-06:40 UTC at load average 7-14 (other jobs on the same 2 cores).',
  'In the quiet bench run of 2026-11-29 17:15 (the tables above), at 5,000 objects: validate 132, plan (empty factory) 272,',
  'apply (create all) 283, plan (no change) 233 (cached 177), apply 1% changed 228, prune 239 MiB: every step under 300 MiB',
  '(14:54: 133, 273, 292, 235, 239, 243; 12:14: 134, 275, 288, 228, 232, 232). At 10,000 objects (a raised entity limit)',
  'plan, apply and prune reach 360, 418 and 292 MiB (14:54: 356, 419, 309; 12:14: 357, 393, 304): apply grew since the heap',
  'grows by a factor of 2 while the project loads (src/cli/heap-growth.ts, bench/notes/6-contention.md). The goal of 300 MiB',
  'is for 5,000.',
  '',
  'What was kept, and what changed:',
  '- The heap, mostly. A heap snapshot of apply at 1,000 objects holds 33 MiB at the end (8.9 MiB of it code), yet V8 let',
  '  the old generation grow to several times that before collecting: with `--max-old-space-size=120` the same apply',
  '  of 5,000 ran in the same time at 231 MiB. plan, apply and destroy now set `--heap-growing-percent=25` at start',
  '  (src/cli/heap-growth.ts): the heap grows 25% past what is live, not up to 4x. No limit is set, so a larger',
  '  factory still fits. validate is left as it was (its peak is what it keeps; the flag cost it about 4% CPU).',
  '- Desired bodies were held three times: the manifest, the PUT body (a deep copy), the plan body (a redacted copy).',
  "  The PUT body now shares the manifest's objects, and the plan body is the PUT body when nothing was redacted",
  '  (src/plan/desired.ts); only bodies with secrets have a second, redacted copy.',
  '- apply printed a neutralised deep copy of the whole plan; the copy is now made only of what has a control',
  '  character to neutralise (src/cli/neutralise.ts).',
  '- The lines of every manifest (the inline-waiver check) were kept for the rest of the process; they are dropped',
  '  once validation is done (src/validate/waivers.ts).',
  '',
  "Still kept for the whole run: the manifests' text (the YAML values are V8 sliced strings of it, and src/manifest keeps",
  "it to find lines for diagnostics), the project, the plan and the live state. Not done: releasing a step's body once it",
  'is applied (the plan object is shared with callers that read it afterwards), streaming the plan text instead of one',
  'string (about 9 MB at 5,000 creates).',
  '',
];

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
  date: '2026-11-29T07:51:43.243Z',
  flags: { factories: 20, entities: 250, parallel: 4, latency: 30, throttleScale: 10, seed: 7 },
  ours: {
    ok: true,
    converged: true,
    ms: 34781,
    peakRssMiB: 245,
    requests: {
      total: 5097,
      byMethod: { GET: 20, PUT: 5020, POST: 57 },
      writes: 5077,
      throttled: 0,
      maxPagesPerCollection: 0,
    },
  },
  peer: {
    ms: 165970,
    requests: {
      total: 5117,
      byMethod: { GET: 40, PUT: 5020, POST: 57 },
      writes: 5077,
      throttled: 0,
      maxPagesPerCollection: 1,
    },
  },
  bound: { latencyMs: 360, throttleMs: 30770, boundMs: 30770, atConcurrencyMs: 30770 },
  startupMs: 198,
  load: [5.6, 0.4],
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
          'Measured on the quiet machine right after the bench run above. A first run under heavy load (load average 12-15,',
          "start-up 19.4 s) took 130.3 s against the peer's 250.1 s: the CPU-bound part of ours suffers from load far more",
          'than the peer, which mostly waits on the network.',
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

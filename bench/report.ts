import type { Bound } from './bounds.js';
import type { CorpusStats } from './corpus-stats.js';
import type { RequestCounts } from './measure.js';
import type { MultiResult } from './multi.js';
import {
  type DataCopyResult,
  MEMORY_NOTE,
  renderDataSection,
  renderGrowthTable,
  renderMultiSection,
  renderRunsSection,
  type RunsResult,
  s,
} from './report-sections.js';
import type { QuickstartCost, ValidateCost } from './validate-cost.js';

export interface StepResult {
  step: string;
  /** Exit code as expected (and, for applies, the next plan showed no changes). */
  ok: boolean;
  code: number;
  note?: string;
  ms: number;
  peakRssMiB: number;
  requests: RequestCounts;
  bound?: Bound;
  /** ms / bound. */
  ratio?: number;
  /** (ms - start-up) / bound: the part of the ratio our code and the network account for. */
  ratioExStartup?: number;
  peer?: { ms: number; requests: RequestCounts };
  /** Our time / the peer's time. */
  vsPeer?: number;
}

export interface SizeResult {
  entities: number;
  generated: { byKind: Record<string, number>; depth: number; activitiesPerPipeline: number; bytesPerPipeline: number };
  steps: StepResult[];
  /** validate's CPU against reading + yaml.parse of the same files (older result files lack it). */
  validateCost?: ValidateCost;
}

export interface BenchRun {
  date: string;
  /** How the run was started (older result files lack it). */
  command?: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  settings: {
    latencyMs: number;
    throttleScale: number | 'off';
    pageSize: number;
    seed: number;
    quick: boolean;
    /** quick, standard or full (older result files lack it). */
    tier?: string;
    concurrency: number;
  };
  corpus: CorpusStats;
  /** Wall time of `adf-deploy --version` as a child process: start-up, included in every step. */
  startupMs: number;
  /** Which CLI the steps ran (compiled or node + tsx; older result files lack it: node + tsx). */
  cli?: string;
  /** `validate examples/quickstart` with the compiled CLI, when it was built (older result files lack it). */
  quickstart?: QuickstartCost;
  sizes: SizeResult[];
  /** bench/runs.ts in the same run (older result files and --no-runs lack it). */
  runs?: RunsResult;
  /** bench/data-copy.ts in the same run (older result files and --no-data lack it). */
  dataCopy?: DataCopyResult;
  /** bench/multi.ts in the same run (older result files, the quick tier and --no-multi lack it). */
  multi?: MultiResult;
}
const x = (r: number | undefined): string => (r === undefined || !Number.isFinite(r) ? '-' : `${r.toFixed(2)}x`);

function verbs(c: RequestCounts): string {
  const order = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'];
  const parts = order.filter((m) => c.byMethod[m]).map((m) => `${m} ${c.byMethod[m]}`);
  return parts.length ? parts.join(', ') : '0';
}

/** One Markdown table per size: the six steps, their requests, bounds and the peer. */
export function renderSizeTable(size: SizeResult): string {
  const head =
    '| step | ok | wall | requests by verb | writes | 429s | peak RSS | lower bound (latency / throttle) | ours / bound (without start-up) | bound at our concurrency | peer wall | peer requests | ours / peer |';
  const sep = '|---|---|---|---|---|---|---|---|---|---|---|---|---|';
  const rows = size.steps.map((st) => {
    const bound = st.bound ? `${s(st.bound.boundMs)} (${s(st.bound.latencyMs)} / ${s(st.bound.throttleMs)})` : '-';
    const peer = st.peer ? s(st.peer.ms) : '-';
    const peerReq = st.peer ? `${verbs(st.peer.requests)}; 429: ${st.peer.requests.throttled}` : '-';
    return `| ${st.step} | ${st.ok ? 'yes' : `**no** (exit ${st.code})`} | ${s(st.ms)} | ${verbs(st.requests)} | ${st.requests.writes} | ${st.requests.throttled} | ${st.peakRssMiB ? `${st.peakRssMiB} MiB` : '-'} | ${bound} | ${x(st.ratio)}${st.ratioExStartup !== undefined ? ` (${x(st.ratioExStartup)})` : ''} | ${st.bound ? s(st.bound.atConcurrencyMs) : '-'} | ${peer} | ${peerReq} | ${x(st.vsPeer)} |`;
  });
  const kinds = Object.entries(size.generated.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `### ${size.entities.toLocaleString('en')} entities`,
    '',
    `${kinds}; dependency depth ${size.generated.depth}; ${size.generated.activitiesPerPipeline} activities and ${size.generated.bytesPerPipeline} bytes per pipeline.`,
    '',
    head,
    sep,
    ...rows,
    ...size.steps.filter((st) => st.note).map((st) => `\n- ${st.step}: ${st.note}`),
    '',
  ].join('\n');
}

/** One line per size: the figures that matter most. */
function summarise(size: SizeResult): string {
  const find = (prefix: string): StepResult | undefined => size.steps.find((st) => st.step.startsWith(prefix));
  const [all, change] = size.steps.filter((st) => st.step.startsWith('apply ('));
  const prune = find('apply --prune');
  const noChange = find('plan (no');
  const keyed = find('plan (no change, key; k1- markers)');
  const cached = find('plan (no change, cached)');
  const keyedCached = find('plan (no change, key; k1- markers, cached)');
  const part = (label: string, st: StepResult | undefined): string =>
    st
      ? `${label} ${s(st.ms)}${st.ratio !== undefined ? ` (${x(st.ratio)} the bound${st.vsPeer !== undefined ? `, ${x(st.vsPeer)} the peer's ${s(st.peer!.ms)}` : ''})` : ''}${st.ok ? '' : ' **failed**'}`
      : `${label} -`;
  const v = size.validateCost;
  const cpu = v
    ? `; validate CPU ${s(v.ours.cpuMs)}, ${x(v.cpuRatio)} that of reading + yaml.parse (${s(v.naive.cpuMs)}${v.rounds ? `; medians of ${v.rounds} alternated runs` : ''})`
    : '';
  return `- ${size.entities.toLocaleString('en')} entities: ${[part('apply all', all), part('re-plan', noChange), ...(cached ? [part('re-plan cached', cached)] : []), ...(keyed ? [part('re-plan with a key', keyed)] : []), ...(keyedCached ? [part('re-plan with a key, cached', keyedCached)] : []), part('apply 1% changed', change), part('prune 1%', prune)].join('; ')}; peak RSS ${Math.max(...size.steps.map((st) => st.peakRssMiB))} MiB${cpu}.`;
}

/** The whole docs/performance.md (the README's Performance section draft). */
/**
 * `notes`: sections measured by hand (bench/notes/*.md, read by bench/run.ts), placed after the measured ones and
 * kept when the page is generated again.
 */
export function renderDoc(run: BenchRun, command: string, also: BenchRun[] = [], notes: string[] = []): string {
  const t = run.settings.throttleScale;
  const rates =
    t === 'off'
      ? 'off'
      : `ARM's 2024 token buckets x ${t}: writes ${200 * t} (+${10 * t}/s), deletes ${200 * t} (+${10 * t}/s), reads ${250 * t} (+${25 * t}/s)`;
  return [
    '# Performance',
    '',
    `Measured by \`${command}\` on ${run.date} (generated by bench/run.ts; the raw figures are in bench/results/).`,
    '',
    '## How it is measured',
    '',
    "- `bench/generate.ts` writes synthetic factories (seeded, so every run deploys the same objects) with the corpus' kind mix:",
    '  integration runtimes, Key Vault linked services, credentials that read their key from Key Vault, linked services that use',
    '  those credentials, datasets, data flows, pipelines (Copy, Lookup, ForEach, ExecuteDataFlow, Wait, SetVariable; upper tiers',
    '  call lower ones with ExecutePipeline) and schedule triggers. The longest chain is 9 objects deep:',
    '  Key Vault -> credential -> linked service -> dataset -> data flow -> pipeline -> pipeline -> pipeline -> trigger.',
    `  Pipelines are sized like the corpus' (${run.corpus.activitiesPerPipeline} activities and ${run.corpus.bytesPerPipeline} bytes of JSON on average over ${run.corpus.pipelines} pipelines; source: ${run.corpus.source}).`,
    `- One emulator for the whole run: ${run.settings.latencyMs} ms latency on every request; throttling ${rates}; lists paged by ${run.settings.pageSize}.`,
    `- Each step is the real CLI in its own process: the ${run.cli ?? 'node + tsx (`src/cli/entry.ts`)'}; start-up is included`,
    `  (${Math.round(run.startupMs)} ms for \`--version\` in this run). Peak RSS is the process' maximum resident set.`,
    "- Requests, writes (PUT, POST, PATCH, DELETE) and 429s come from the emulator's request log (retried attempts included).",
    '- Lower bound: the larger of (a) dependent request rounds x latency: list pages read one after another, then one write',
    '  round per dependency level of what changes, plus the factory and trigger stop/start rounds; (b) the fewest writes the step',
    '  needs beyond the full token bucket, divided by the refill rate. Between steps the harness waits for the buckets to refill,',
    '  so each step starts like a fresh deploy. "Bound at our concurrency" is not a bound for every deployer, only for ours:',
    `  the same rounds with at most ${run.settings.concurrency} calls in flight (apply's default --concurrency).`,
    '- The peer is a model of azure.datafactory.tools (bench/peer.ts): one request at a time, triggers stopped first, every object',
    '  PUT on every deploy in dependency order, triggers started at the end, deleteNotInSource for the prune. It runs against the',
    '  same emulator, in its own subscription (own token buckets), on an identical factory.',
    ...(run.quickstart
      ? [
          `- \`validate examples/quickstart\` with the compiled CLI (\`node bin/adf-deploy.js\`): ${s(run.quickstart.validate.wallMs)} wall, ${s(run.quickstart.validate.cpuMs)} CPU; \`node -e 0\` in the same run: ${s(run.quickstart.nodeAlone.wallMs)} wall.`,
        ]
      : []),
    '- Validate CPU (bench/validate-cost.ts): user + system time of `validate` (the CLI as above) against bench/naive-parse.mjs, which only',
    '  reads every YAML file of the project and parses it with the yaml package (plain node), in the same run.',
    '',
    `Machine: ${run.machine.cpus} CPUs (${run.machine.cpuModel}), ${run.machine.memoryGiB} GiB, Node ${run.machine.node}, ${run.machine.platform}.`,
    '',
    '## Summary',
    '',
    ...run.sizes.map(summarise),
    '',
    "At ARM's real rates (`--throttle-scale 1`: 200 writes, then 10 per second) a full deploy of N objects cannot take less than",
    '(N - 200) / 10 seconds, whoever deploys; the 429 columns show who met the buckets in this run.',
    '',
    ...renderGrowthTable(run),
    ...MEMORY_NOTE,
    '## Results',
    '',
    ...run.sizes.map(renderSizeTable),
    ...also.flatMap((other) => [
      `## Also: \`${other.command ?? 'npm run bench'}\` (${other.date})`,
      '',
      `Latency ${other.settings.latencyMs} ms; throttling ${other.settings.throttleScale === 'off' ? 'off' : `ARM's buckets x ${other.settings.throttleScale}`}.`,
      '',
      ...other.sizes.map(summarise),
      '',
      ...other.sizes.map(renderSizeTable),
    ]),
    ...renderMultiSection(run.multi),
    ...notes.flatMap((note) => [note.trimEnd(), '']),
    ...renderRunsSection(run),
    ...renderDataSection(run),
    '## Reliability (`npm run test:reliability`)',
    '',
    'Not measured by this run: 2 min 39 s on 2 shared cores, 119 tests, all passing (2026-11-22). What it proves:',
    '',
    '- injected faults (500, 503, 429 + Retry-After, connection resets before and after the commit, slow answers) at 5, 10 and',
    '  20% of requests: apply converges, exactly the declared resources exist, the next plan shows no changes (create and update);',
    '- kill -9 of apply at 24 seeded points (creates, updates, prunes): apply again converges, no duplicates, no changes left;',
    '- kill -9 of the emulator (own process, `--data`) during bursts of writes: every acknowledged write survives the restart;',
    '  an apply cut off that way converges after the restart;',
    '- a change made between plan and apply: a 412 fails that resource only (apply DIR), or the saved plan is refused',
    "  (apply plan.json, updates and prunes); the other party's change is never overwritten or deleted;",
    '- known secret values through validate, graph, plan (text, --json, --markdown, --out), apply, rotation, destroy, --local:',
    "  none in stdout, stderr, plan files, the request log or either emulator's data folder; a mistyped SecureString is refused",
    '  before any write; a Password= segment in a plain connection string is redacted like a SecureString;',
    '- 76 malformed projects (test/fixtures/bad-input): each apply exits 1 with a diagnostic at file:line and sends no write.',
    '',
    '## Reproduce',
    '',
    '```',
    'npm run bench                                  # 100, 1,000 and 5,000 entities, 30 ms latency, throttle x10; runs; data',
    'npm run bench -- --tier full                   # adds 10,000 entities (long: the peer alone takes minutes)',
    'npm run bench -- --quick                       # --tier quick: 100 entities, small runs and data cases, no docs update',
    'npm run bench -- --no-runs --no-data           # the deploy steps only',
    "npm run bench -- --sizes 1000 --latency 50 --throttle-scale 1   # ARM's real rates (slow: 10 writes/s)",
    'npm run bench -- --no-peer --no-docs          # ours only; keep this page as it is',
    'npm run bench -- --from bench/results/<run>.json [--also <other>.json]   # re-render this page from stored runs',
    'npx tsx bench/generate.ts --size 1000 --out /tmp/factory   # just write a synthetic project',
    'npm run test:reliability                       # faults, kill -9, 412, secrets, bad input',
    '```',
    '',
  ].join('\n');
}

// `npm run bench [-- --tier quick|standard|full --sizes 100,1000 --latency 30 --throttle-scale 10 --seed 7 --no-peer
//   --peer-max 5000 --no-runs --no-data --no-multi --only-multi --no-docs]`
// Tiers: quick (100 objects, small runs and data cases, no docs: a smoke test of a minute or two), standard (the
// default: 100, 1,000, 5,000), full (adds 10,000). --quick is --tier quick.
import { inNoteOrder } from './notes-order.js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CONCURRENCY } from '../src/apply/apply.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { pagesOf, lowerBound, refillSeconds, type StepNeeds } from './bounds.js';
import { readCorpusStats } from './corpus-stats.js';
import { type DataCopySizes, FULL_DATA, measureDataCopy } from './data-copy.js';
import { changeSome, describeFactory, generateFactory, removeSome, writeProject } from './generate.js';
import { ADF_DEFAULT_ENTITIES } from './generate.js';
import { countRequests, REPO, resolveCli, runCliMeasured, type RequestCounts } from './measure.js';
import { measureQuickstart, measureValidateCost } from './validate-cost.js';
import { CACHE_ENV } from '../src/core/project-cache.js';
import { KINDS } from '../src/model/kinds.js';
import { cachedReplan } from './key-replan.js';
import { medianBy } from './median.js';

/** `--version` runs whose median is the start-up. */
const STARTUP_ROUNDS = 5;
import { buildGraph, chainDepth, type GenFactory, type GenResource } from './model.js';
import { keyReplans } from './key-replan.js';
import { PeerDeployer } from './peer.js';
import { measureMulti, parseMultiFlags, runMultiAlone } from './multi.js';
import { FULL_RUNS, measureRuns, type RunsSizes } from './runs.js';
import { renderDoc, renderSizeTable, type BenchRun, type SizeResult, type StepResult } from './report.js';

type Tier = 'quick' | 'standard' | 'full';

const TIERS: Record<Tier, { sizes: number[]; runs: RunsSizes; data: DataCopySizes }> = {
  quick: { sizes: [100], runs: { flat: 100, loop: 200, big: 1000 }, data: { mb: 5, rows: 20_000 } },
  standard: { sizes: [100, 1000, 5000], runs: FULL_RUNS, data: FULL_DATA },
  full: { sizes: [100, 1000, 5000, 10_000], runs: FULL_RUNS, data: FULL_DATA },
};

interface Flags {
  tier: Tier;
  sizes: number[];
  latency: number;
  throttleScale: number | undefined;
  seed: number;
  quick: boolean;
  peer: boolean;
  /** The peer only up to this many objects (`--peer-max`): at 10,000 it alone takes many minutes. */
  peerMax: number;
  runs: boolean;
  data: boolean;
  /** Many factories at once (bench/multi.ts, 20 x 250): standard and full tiers. */
  multi: boolean;
  docs: boolean;
}

const PAGE_SIZE = 50;
const PEER_SUBSCRIPTION = '99999999-8888-7777-6666-555555555555';

function parseFlags(argv: string[]): Flags {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const tier = (argv.includes('--quick') ? 'quick' : (get('--tier') ?? 'standard')) as Tier;
  if (!(tier in TIERS)) throw new Error(`--tier ${tier}: expected quick, standard or full`);
  const quick = tier === 'quick';
  const throttle = get('--throttle-scale') ?? '10';
  const sizes = get('--sizes');
  return {
    tier,
    sizes: sizes ? sizes.split(',').map(Number) : TIERS[tier].sizes,
    latency: Number(get('--latency') ?? '30'),
    throttleScale: throttle === 'off' ? undefined : Number(throttle),
    seed: Number(get('--seed') ?? '7'),
    quick,
    peer: !argv.includes('--no-peer'),
    peerMax: Number(get('--peer-max') ?? 'Infinity'),
    runs: !argv.includes('--no-runs'),
    data: !argv.includes('--no-data'),
    multi: !quick && !argv.includes('--no-multi'),
    docs: !quick && !argv.includes('--no-docs'),
  };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The fewest reads of a plan: the factory and every kind the project declares, page by page, all at once. For a
 * missing factory, one round: its 404 and the first (404) page of each kind's list, sent with it (src/state/fetch.ts).
 */
function readNeeds(f: GenFactory, factoryExists: boolean): { readRounds: number; reads: number } {
  if (!factoryExists) return { readRounds: 1, reads: 1 + LISTED_KINDS };
  const byKind = new Map<string, number>();
  for (const r of f.resources) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
  const pages = [...byKind.values()].map((n) => pagesOf(n, PAGE_SIZE));
  return { readRounds: Math.max(1, ...pages), reads: 1 + pages.reduce((a, b) => a + b, 0) };
}

/** The lists fetchLiveState sends with the factory's GET: every kind but private endpoints (listed per VNet). */
const LISTED_KINDS = KINDS.length - 1;

const startedTriggers = (list: GenResource[]): number =>
  list.filter((r) => r.kind === 'Trigger' && r.properties.runtimeState === 'Started').length;

class Harness {
  private last = { reads: 0, writes: 0, deletes: 0 };
  /** Wall time of a CLI process that does nothing (`--version`), subtracted for the second ratio. */
  startupMs = 0;
  constructor(
    private readonly emulator: RunningEmulator,
    private readonly flags: Flags,
  ) {}

  /** Wait until the token buckets have refilled what the previous step spent. */
  async settle(): Promise<void> {
    const wait = refillSeconds(this.last, this.flags.throttleScale);
    if (wait > 0.05) await sleep(wait * 1000);
  }

  private spent(c: RequestCounts): void {
    this.last = {
      reads: c.byMethod.GET ?? 0,
      writes: (c.byMethod.PUT ?? 0) + (c.byMethod.POST ?? 0) + (c.byMethod.PATCH ?? 0),
      deletes: c.byMethod.DELETE ?? 0,
    };
  }

  async step(
    name: string,
    args: string[],
    dir: string,
    env: Record<string, string>,
    expect: number,
    needs?: StepNeeds,
  ): Promise<StepResult> {
    await this.settle();
    const mark = this.emulator.requestLog().length;
    const run = await runCliMeasured(args, { env });
    const requests = countRequests(this.emulator.requestLog().slice(mark));
    this.spent(requests);
    const bound = needs
      ? lowerBound(needs, this.flags.latency, this.flags.throttleScale, DEFAULT_CONCURRENCY)
      : undefined;
    const ok = run.code === expect;
    const note = ok
      ? undefined
      : `expected exit ${expect}, got ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' / ').slice(0, 300)}`;
    log(
      `  ${name.padEnd(22)} ${ok ? 'ok ' : 'FAIL'} ${Math.round(run.ms)} ms, ${requests.total} requests (${requests.writes} writes, ${requests.throttled} x 429), ${run.peakRssMiB} MiB${note ? `\n    ${note}` : ''}`,
    );
    return {
      step: name,
      ok,
      code: run.code,
      note,
      ms: run.ms,
      peakRssMiB: run.peakRssMiB,
      requests,
      bound,
      ratio: bound && bound.boundMs > 0 ? run.ms / bound.boundMs : undefined,
      ratioExStartup: bound && bound.boundMs > 0 ? Math.max(0, run.ms - this.startupMs) / bound.boundMs : undefined,
    };
  }

  /** A plan after an apply must show no changes (nothing to delete either); an apply that does not converge is not a success. */
  async converged(dir: string, env: Record<string, string>): Promise<string | undefined> {
    await this.settle();
    const run = await runCliMeasured(['plan', dir, '--endpoint', this.emulator.url, '--detailed-exitcode', '--prune'], {
      env,
    });
    this.spent(countRequests([]));
    return run.code === 0 ? undefined : `the plan after it exited ${run.code} (expected 0: no changes)`;
  }

  async peer(peer: PeerDeployer, f: GenFactory, prune: boolean): Promise<{ ms: number; requests: RequestCounts }> {
    // The peer starts each deploy with full buckets too (its own subscription, refilled after its last deploy).
    await this.settle();
    const mark = this.emulator.requestLog().length;
    const r = await peer.deploy(f, { prune });
    const requests = countRequests(this.emulator.requestLog().slice(mark));
    this.spent(requests);
    log(
      `  peer ${prune ? 'prune' : 'deploy'}${' '.repeat(prune ? 11 : 10)} ${Math.round(r.ms)} ms, ${requests.total} requests (${requests.writes} writes, ${requests.throttled} x 429)`,
    );
    return { ms: r.ms, requests };
  }
}

async function benchSize(size: number, flags: Flags, h: Harness, url: string): Promise<SizeResult> {
  const stats = readCorpusStats(path.resolve(REPO, '../shared/corpus'));
  const work = mkdtempSync(path.join(os.tmpdir(), `adf-bench-${size}-`));
  const dir = path.join(work, 'project');
  const peerDir = path.join(work, 'peer');
  try {
    const ours = generateFactory({
      entities: size,
      seed: flags.seed,
      stats,
      factoryName: `adf-bench-${size}-${process.pid}`,
    });
    const theirs = generateFactory({
      entities: size,
      seed: flags.seed,
      stats,
      factoryName: `adf-peer-${size}-${process.pid}`,
      subscriptionId: PEER_SUBSCRIPTION,
    });
    writeProject(dir, ours);
    writeProject(peerDir, theirs);
    const generated = describeFactory(ours);
    log(`\n${size} entities: ${JSON.stringify(generated.byKind)}, depth ${generated.depth}`);
    // Every step cold, as in CI on a fresh checkout: no cache under .adf-deploy/cache/ is read or written. The
    // cached re-plans (the same plan after one that filled the caches) are rows of their own.
    const env = { ...ours.env, [CACHE_ENV]: 'off' };
    const cachedEnv = ours.env;
    const at = ['--endpoint', url];
    const all = buildGraph(ours.resources);
    const steps: StepResult[] = [];

    steps.push(await h.step('validate', ['validate', dir], dir, env, 0));
    const validateCost = await measureValidateCost(dir, env);
    log(
      `  validate CPU ${Math.round(validateCost.ours.cpuMs)} ms / read + yaml.parse ${Math.round(validateCost.naive.cpuMs)} ms = ${validateCost.cpuRatio.toFixed(2)}`,
    );
    steps.push(
      await h.step('plan (empty factory)', ['plan', dir, ...at, '--detailed-exitcode'], dir, env, 2, {
        ...readNeeds(ours, false),
        writeRounds: 0,
        writes: 0,
        deletes: 0,
      }),
    );
    const createNeeds: StepNeeds = {
      ...readNeeds(ours, false),
      writeRounds: 1 + all.depth() + (startedTriggers(ours.resources) ? 1 : 0),
      writes: 1 + ours.resources.length + startedTriggers(ours.resources),
      deletes: 0,
    };
    const applyAll = await h.step(
      'apply (create all)',
      ['apply', dir, ...at, '--auto-approve'],
      dir,
      env,
      0,
      createNeeds,
    );
    steps.push(applyAll);
    steps.push(
      await h.step('plan (no change)', ['plan', dir, ...at, '--detailed-exitcode'], dir, env, 0, {
        ...readNeeds(ours, true),
        writeRounds: 0,
        writes: 0,
        deletes: 0,
      }),
    );

    const replanNeeds = { ...readNeeds(ours, true), writeRounds: 0, writes: 0, deletes: 0 };
    steps.push(...(await cachedReplan(h, 'plan (no change, cached)', dir, at, cachedEnv, replanNeeds)));

    // The same re-plan with a fingerprint key (issue 19): up to ADF's 5,000 entities (above, apply stops at validation).
    if (size <= 5000) {
      const generate = { entities: size, seed: flags.seed, stats, factoryName: `adf-bench-${size}-${process.pid}` };
      steps.push(...(await keyReplans(h, { dir, env, at, needs: replanNeeds, generate })));
    }

    const changed = changeSome(dir, ours, 0.01, flags.seed + 1);
    const stoppedStarted = startedTriggers(changed);
    const changeNeeds: StepNeeds = {
      ...readNeeds(ours, true),
      writeRounds: chainDepth(all, changed) + (stoppedStarted ? 2 : 0),
      writes: changed.length + 2 * stoppedStarted,
      deletes: 0,
    };
    const applyChange = await h.step(
      `apply (${changed.length} changed)`,
      ['apply', dir, ...at, '--auto-approve'],
      dir,
      env,
      0,
      changeNeeds,
    );
    steps.push(applyChange);
    // 'plan (no change)' checked the first apply; check this one the same way (not timed).
    const changeLeft = await h.converged(dir, env);
    if (changeLeft) {
      applyChange.ok = false;
      applyChange.note = [applyChange.note, changeLeft].filter(Boolean).join('; ');
    }

    const removed = removeSome(dir, ours, 0.01, flags.seed + 2);
    const pruneNeeds: StepNeeds = {
      ...readNeeds(ours, true),
      writeRounds: chainDepth(all, removed) + (startedTriggers(removed) ? 1 : 0),
      writes: startedTriggers(removed),
      deletes: removed.length,
    };
    const prune = await h.step(
      `apply --prune (${removed.length} removed)`,
      ['apply', dir, ...at, '--auto-approve', '--prune'],
      dir,
      env,
      0,
      pruneNeeds,
    );
    steps.push(prune);
    const left = await h.converged(dir, env);
    if (left) {
      prune.ok = false;
      prune.note = [prune.note, left].filter(Boolean).join('; ');
    }

    if (flags.peer && size <= flags.peerMax) {
      const peer = new PeerDeployer(url);
      applyAll.peer = await h.peer(peer, theirs, false);
      changeSome(peerDir, theirs, 0.01, flags.seed + 1);
      applyChange.peer = await h.peer(peer, theirs, false);
      removeSome(peerDir, theirs, 0.01, flags.seed + 2);
      prune.peer = await h.peer(peer, theirs, true);
      for (const st of [applyAll, applyChange, prune]) st.vsPeer = st.peer ? st.ms / st.peer.ms : undefined;
    }
    return { entities: size, generated, steps, validateCost };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Sections of docs/performance.md measured by hand (bench/notes/*.md, in the order of their numbers: 10-x after
 * 9-y): kept on every render.
 */
function readNotes(): string[] {
  const dir = path.join(REPO, 'bench/notes');
  return inNoteOrder(readdirSync(dir)).map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

async function main(): Promise<void> {
  // `npm run bench -- --only-multi [...]`: many factories in one command against the sequential peer, alone.
  if (process.argv.includes('--only-multi')) return runMultiAlone(process.argv.slice(2));
  // `--from bench/results/X.json`: only render docs/performance.md again from a stored run.
  const from = process.argv.indexOf('--from');
  if (from >= 0) {
    const read = (file: string): BenchRun => JSON.parse(readFileSync(path.resolve(file), 'utf8')) as BenchRun;
    const run = read(process.argv[from + 1]);
    // `--also OTHER.json` (repeatable): more runs (e.g. at ARM's real rates) shown after the main tables.
    const also = process.argv.flatMap((a, i) =>
      a === '--also' && process.argv[i + 1] ? [read(process.argv[i + 1])] : [],
    );
    writeFileSync(
      path.join(REPO, 'docs/performance.md'),
      renderDoc(run, run.command ?? 'npm run bench', also, readNotes()),
    );
    log('table: docs/performance.md');
    return;
  }
  const flags = parseFlags(process.argv.slice(2));
  const corpus = readCorpusStats(path.resolve(REPO, '../shared/corpus'));
  const emulator = await startEmulator({
    port: 0,
    latencyMs: flags.latency,
    throttle: flags.throttleScale ?? 'off',
    pageSize: PAGE_SIZE,
    // Models the factories the generated projects declare (a raised limit above 5,000: bench/generate.ts).
    maxEntitiesPerFactory: Math.max(ADF_DEFAULT_ENTITIES, ...flags.sizes),
  });
  const t = flags.throttleScale;
  log(
    `emulator ${emulator.url}: latency ${flags.latency} ms, throttle ${t === undefined ? 'off' : `ARM x ${t} (writes ${200 * t} +${10 * t}/s, deletes ${200 * t} +${10 * t}/s, reads ${250 * t} +${25 * t}/s)`}, page size ${PAGE_SIZE}`,
  );
  log(
    `pipelines sized from ${corpus.source}: ${corpus.activitiesPerPipeline} activities, ${corpus.bytesPerPipeline} bytes on average`,
  );
  const cli = resolveCli(log);
  log(`steps run the ${cli.note}`);
  const h = new Harness(emulator, flags);
  // The median of STARTUP_ROUNDS: one sample of 0.15-0.3 s moved with the machine as much as the re-plan's margin.
  const startups: number[] = [];
  for (let i = 0; i < STARTUP_ROUNDS; i++) startups.push((await runCliMeasured(['--version'])).ms);
  const startup = { ms: medianBy(startups, (ms) => ms) };
  h.startupMs = startup.ms;
  log(
    `start-up (--version): ${Math.round(startup.ms)} ms (median of ${startups.map((ms) => Math.round(ms)).join(', ')})`,
  );
  const quickstart = await measureQuickstart();
  const run: BenchRun = {
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    settings: {
      latencyMs: flags.latency,
      throttleScale: t ?? 'off',
      pageSize: PAGE_SIZE,
      seed: flags.seed,
      quick: flags.quick,
      tier: flags.tier,
      concurrency: DEFAULT_CONCURRENCY,
    },
    corpus,
    startupMs: startup.ms,
    cli: cli.note,
    ...(quickstart ? { quickstart } : {}),
    sizes: [],
  };
  try {
    for (const size of flags.sizes) {
      const result = await benchSize(size, flags, h, emulator.url);
      run.sizes.push(result);
      process.stdout.write(`\n${renderSizeTable(result)}\n`);
    }
  } finally {
    await emulator.close();
  }
  if (flags.runs) {
    log('\nrun engine (bench/runs.ts)');
    run.runs = { sizes: TIERS[flags.tier].runs, rows: await measureRuns(TIERS[flags.tier].runs) };
  }
  if (flags.multi) {
    log('\nmany factories at once (bench/multi.ts)');
    const multiFlags = { ...parseMultiFlags([]), latency: flags.latency, throttleScale: flags.throttleScale };
    run.multi = await measureMulti({ ...multiFlags, seed: flags.seed });
  }
  if (flags.data) {
    log('\ndata movement (bench/data-copy.ts)');
    run.dataCopy = { sizes: TIERS[flags.tier].data, rows: await measureDataCopy(TIERS[flags.tier].data) };
  }
  // Quick runs are smoke tests: their figures go to the temp folder, not next to the real results.
  const resultsDir = flags.quick ? os.tmpdir() : path.join(REPO, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${run.date.slice(0, 16).replace(/:/g, '-')}${flags.quick ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  log(`\nresults: ${flags.quick ? file : path.relative(REPO, file)}`);
  if (flags.docs) {
    writeFileSync(path.join(REPO, 'docs/performance.md'), renderDoc(run, run.command!, [], readNotes()));
    log('table: docs/performance.md');
  }
  if (run.sizes.some((sz) => sz.steps.some((st) => !st.ok))) process.exitCode = 1;
  if (run.multi && !(run.multi.ours.ok && run.multi.ours.converged)) process.exitCode = 1;
}

await main();

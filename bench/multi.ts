// `npx tsx bench/multi.ts [--factories 20 --entities 250 --parallel 4 --latency 30 --throttle-scale 10|off --seed 7]`
// (also part of `npm run bench`, standard and full tiers; `npm run bench -- --only-multi [...]` runs it alone).
//
// Many factories at once: one `adf-deploy apply 'DIR/*' --auto-approve` over N generated factories of one
// subscription (bounded by --parallel, sharing one rate limiter), against the sequential peer model
// (bench/peer.ts) deploying the same N factories one after another, one request at a time. Both talk to the
// same emulator (its latency and ARM's token buckets, scaled), each in its own subscription, so each starts with
// full buckets. Then `plan 'DIR/*' --detailed-exitcode` must exit 0: an apply that does not converge does not count.
import { KINDS } from '../src/model/kinds.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONCURRENCY } from '../src/apply/apply.js';
import { startEmulator } from '../src/emulator/index.js';
import { type Bound, lowerBound, type StepNeeds } from './bounds.js';
import { readCorpusStats } from './corpus-stats.js';
import { generateFactory, writeProject } from './generate.js';
import { countRequests, REPO, runCliMeasured, type RequestCounts } from './measure.js';
import { buildGraph, type GenFactory } from './model.js';
import { PeerDeployer } from './peer.js';

const OURS_SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const PEER_SUBSCRIPTION = '99999999-8888-7777-6666-555555555555';
const PAGE_SIZE = 50;

export interface MultiFlags {
  factories: number;
  entities: number;
  parallel: number;
  latency: number;
  throttleScale: number | undefined;
  seed: number;
}

/** What `npm run bench` keeps of this benchmark (BenchRun.multi) and bench/report-sections.ts renders. */
export interface MultiResult {
  date: string;
  flags: MultiFlags;
  /** The one `apply 'DIR/*'` process: exit 0 and the re-plan of every project clean. */
  ours: { ok: boolean; converged: boolean; ms: number; peakRssMiB: number; requests: RequestCounts };
  /** The peer model, the N factories one after another (in the bench process: no start-up in its time). */
  peer: { ms: number; requests: RequestCounts };
  /** Lower bound of the apply: all N factories' writes spend one subscription's write bucket. */
  bound: Bound;
  /** Wall time of `adf-deploy --version`, part of ours. */
  startupMs: number;
  /** Load average (1 minute) when the apply started and when the peer ended: the machine is shared. */
  load: [number, number];
}

export function parseMultiFlags(argv: string[]): MultiFlags {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number): number => {
    const v = get(name);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, not '${v}'`);
    return n;
  };
  const throttle = get('--throttle-scale') ?? '10';
  return {
    factories: num('--factories', 20),
    entities: num('--entities', 250),
    parallel: num('--parallel', 4),
    latency: num('--latency', 30),
    throttleScale: throttle === 'off' ? undefined : Number(throttle),
    seed: num('--seed', 7),
  };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const describe = (c: RequestCounts): string => `${c.total} requests (${c.writes} writes, ${c.throttled} x 429)`;
const load1 = (): number => Math.round(os.loadavg()[0] * 10) / 10;

/**
 * The fewest rounds and requests of applying N new factories at once: per factory one GET (404) with its kinds'
 * lists, the factory PUT, every object, the started triggers' starts; the rounds of the deepest factory (they run
 * side by side).
 * Every write spends the one subscription's bucket, so the throttle term is (all writes - bucket) / refill.
 */
export function multiNeeds(factories: GenFactory[]): StepNeeds {
  const started = (f: GenFactory): number =>
    f.resources.filter((r) => r.kind === 'Trigger' && r.properties.runtimeState === 'Started').length;
  const rounds = factories.map((f) => 1 + buildGraph(f.resources).depth() + (started(f) ? 1 : 0));
  return {
    readRounds: 1,
    // Each factory's GET (404) and its kinds' first list pages (404), sent with it (src/state/fetch.ts).
    reads: factories.length * KINDS.length,
    writeRounds: Math.max(0, ...rounds),
    writes: factories.reduce((t, f) => t + 1 + f.resources.length + started(f), 0),
    deletes: 0,
  };
}

export async function measureMulti(flags: MultiFlags): Promise<MultiResult> {
  const emulator = await startEmulator({
    port: 0,
    latencyMs: flags.latency,
    throttle: flags.throttleScale ?? 'off',
    pageSize: PAGE_SIZE,
  });
  const work = mkdtempSync(path.join(os.tmpdir(), 'adf-bench-multi-'));
  try {
    const stats = readCorpusStats(path.resolve(REPO, '../shared/corpus'));
    const factories = (subscriptionId: string, prefix: string): GenFactory[] =>
      Array.from({ length: flags.factories }, (_, i) =>
        generateFactory({
          entities: flags.entities,
          seed: flags.seed + i,
          stats,
          factoryName: `${prefix}-${String(i + 1).padStart(2, '0')}-${process.pid}`,
          subscriptionId,
        }),
      );
    const ours = factories(OURS_SUBSCRIPTION, 'adf-multi');
    const theirs = factories(PEER_SUBSCRIPTION, 'adf-peer');
    ours.forEach((f, i) => writeProject(path.join(work, 'factories', String(i + 1).padStart(2, '0')), f));
    const t = flags.throttleScale;
    log(
      `\n${flags.factories} factories x ${flags.entities} objects; emulator latency ${flags.latency} ms, throttle ${t === undefined ? 'off' : `ARM x ${t}`}; --parallel ${flags.parallel}`,
    );

    // A CLI process that does nothing: subtracted for the second ratio (the peer model runs in this process).
    const startupMs = (await runCliMeasured(['--version'])).ms;
    const pattern = path.join(work, 'factories', '*');
    const env = ours[0].env;
    const loadBefore = load1();
    let mark = emulator.requestLog().length;
    const run = await runCliMeasured(
      ['apply', pattern, '--endpoint', emulator.url, '--auto-approve', '--parallel', String(flags.parallel)],
      { env },
    );
    const ourRequests = countRequests(emulator.requestLog().slice(mark));
    const ok = run.code === 0;
    const bound = lowerBound(multiNeeds(ours), flags.latency, t, flags.parallel * DEFAULT_CONCURRENCY);
    log(
      `  ours  apply 'factories/*'  ${ok ? 'ok ' : 'FAIL'} ${Math.round(run.ms)} ms, ${describe(ourRequests)}, ${run.peakRssMiB} MiB; bound ${bound.boundMs} ms (latency ${bound.latencyMs}, throttle ${bound.throttleMs})`,
    );
    if (!ok) log(run.stderr.trim().split('\n').slice(-8).join('\n'));
    const replan = await runCliMeasured(['plan', pattern, '--endpoint', emulator.url, '--detailed-exitcode'], { env });
    const converged = replan.code === 0;
    log(`  ours  re-plan              ${converged ? 'ok ' : `FAIL (exit ${replan.code})`} ${Math.round(replan.ms)} ms`);

    mark = emulator.requestLog().length;
    const peer = new PeerDeployer(emulator.url);
    const peerStart = performance.now();
    for (const f of theirs) await peer.deploy(f);
    const peerMs = performance.now() - peerStart;
    const peerRequests = countRequests(emulator.requestLog().slice(mark));
    log(`  peer  one after another    ok  ${Math.round(peerMs)} ms, ${describe(peerRequests)}`);
    return {
      date: new Date().toISOString(),
      flags,
      ours: { ok, converged, ms: Math.round(run.ms), peakRssMiB: run.peakRssMiB, requests: ourRequests },
      peer: { ms: Math.round(peerMs), requests: peerRequests },
      bound,
      startupMs: Math.round(startupMs),
      load: [loadBefore, load1()],
    };
  } finally {
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Alone: the result as one JSON line on stdout, the ratios on stderr. */
export async function runMultiAlone(argv: string[]): Promise<void> {
  const result = await measureMulti(parseMultiFlags(argv));
  const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : '-');
  log(
    `  ours / peer: ${ratio(result.ours.ms, result.peer.ms)} (${ratio(Math.max(0, result.ours.ms - result.startupMs), result.peer.ms)} without the ${result.startupMs} ms start-up); ours / bound: ${ratio(result.ours.ms, result.bound.boundMs)}`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!result.ours.ok || !result.ours.converged) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runMultiAlone(process.argv.slice(2));

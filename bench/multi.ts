// `npx tsx bench/multi.ts [--factories 20 --entities 250 --parallel 4 --latency 30 --throttle-scale 10|off --seed 7]`
//
// Many factories at once: one `adf-deploy apply 'DIR/*' --auto-approve` over N generated factories of one
// subscription (bounded by --parallel, sharing one rate limiter), against the sequential peer model
// (bench/peer.ts) deploying the same N factories one after another, one request at a time. Both talk to the
// same emulator (its latency and ARM's token buckets, scaled), each in its own subscription, so each starts with
// full buckets. Then `plan 'DIR/*' --detailed-exitcode` must exit 0: an apply that does not converge does not count.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import { generateFactory, writeProject } from './generate.js';
import { countRequests, runCliMeasured, type RequestCounts } from './measure.js';
import type { GenFactory } from './model.js';
import { PeerDeployer } from './peer.js';

const OURS_SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const PEER_SUBSCRIPTION = '99999999-8888-7777-6666-555555555555';
const PAGE_SIZE = 50;

interface Flags {
  factories: number;
  entities: number;
  parallel: number;
  latency: number;
  throttleScale: number | undefined;
  seed: number;
}

function parseFlags(argv: string[]): Flags {
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

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const emulator = await startEmulator({
    port: 0,
    latencyMs: flags.latency,
    throttle: flags.throttleScale ?? 'off',
    pageSize: PAGE_SIZE,
  });
  const work = mkdtempSync(path.join(os.tmpdir(), 'adf-bench-multi-'));
  try {
    const factories = (subscriptionId: string, prefix: string): GenFactory[] =>
      Array.from({ length: flags.factories }, (_, i) =>
        generateFactory({
          entities: flags.entities,
          seed: flags.seed + i,
          factoryName: `${prefix}-${String(i + 1).padStart(2, '0')}-${process.pid}`,
          subscriptionId,
        }),
      );
    const ours = factories(OURS_SUBSCRIPTION, 'adf-multi');
    const theirs = factories(PEER_SUBSCRIPTION, 'adf-peer');
    ours.forEach((f, i) => writeProject(path.join(work, 'factories', String(i + 1).padStart(2, '0')), f));
    const t = flags.throttleScale;
    log(
      `${flags.factories} factories x ${flags.entities} objects; emulator latency ${flags.latency} ms, throttle ${t === undefined ? 'off' : `ARM x ${t}`}; --parallel ${flags.parallel}`,
    );

    // A CLI process that does nothing: subtracted for the second ratio (the peer model runs in this process).
    const startupMs = (await runCliMeasured(['--version'])).ms;
    const pattern = path.join(work, 'factories', '*');
    const env = ours[0].env;
    let mark = emulator.requestLog().length;
    const run = await runCliMeasured(
      ['apply', pattern, '--endpoint', emulator.url, '--auto-approve', '--parallel', String(flags.parallel)],
      { env },
    );
    const ourRequests = countRequests(emulator.requestLog().slice(mark));
    const ok = run.code === 0;
    log(
      `  ours  apply 'factories/*'  ${ok ? 'ok ' : 'FAIL'} ${Math.round(run.ms)} ms, ${describe(ourRequests)}, ${run.peakRssMiB} MiB`,
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

    const result = {
      benchmark: 'multi',
      date: new Date().toISOString(),
      flags,
      ours: { ok, converged, ms: Math.round(run.ms), peakRssMiB: run.peakRssMiB, requests: ourRequests },
      peer: { ms: Math.round(peerMs), requests: peerRequests },
      startupMs: Math.round(startupMs),
      ratio: Math.round((run.ms / peerMs) * 100) / 100,
      ratioExStartup: Math.round((Math.max(0, run.ms - startupMs) / peerMs) * 100) / 100,
    };
    log(`  ours / peer: ${result.ratio} (${result.ratioExStartup} without the ${result.startupMs} ms start-up)`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (!ok || !converged) process.exitCode = 1;
  } finally {
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();

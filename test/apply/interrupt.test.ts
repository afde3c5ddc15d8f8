import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { fetchLiveState } from '../../src/state/fetch.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { clientOf, load, RG, SUB, targetOf, writeSyntheticProject } from './helpers.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Resolves once the emulator has answered `count` requests in all (or the child has exited). */
async function untilRequests(emu: RunningEmulator, count: number, exited: () => boolean): Promise<void> {
  // Polls the request log: the kill point is a request count, not a wall-clock delay.
  while (emu.requestLog().length < count && !exited()) await new Promise((r) => setTimeout(r, 1));
}

/** A small seeded PRNG (mulberry32) so a failing kill sequence can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WIDTH = 3;
const DEPTH = 4;

describe('interrupted applies converge', () => {
  // 'unstated': the trigger's manifest does not say runtimeState, so only the restart marker on the factory tells a
  // later run that a killed one had stopped it (without it the trigger would stay Stopped for good).
  it.each([
    ['Started' as const, true as const],
    ['not stated' as const, 'unstated' as const],
  ])(
    'kill -9 at 10 random request counts (trigger runtimeState %s), then one more apply: no duplicates, no change left, trigger Started',
    async (_state, trigger) => {
      emulator = await startEmulator({ port: 0, throttle: 'off' });
      const emu = emulator;
      const dir = writeSyntheticProject({ width: WIDTH, depth: DEPTH, trigger: true, version: 0 });
      const args = ['--endpoint', emu.url, '--subscription', SUB, '--resource-group', RG, '--auto-approve'];
      const random = seeded(20261122);
      const points: number[] = [];
      let killed = 0;
      let betweenStopAndStart = 0;
      // Start from a deployed factory so every round is a full update (about 30 requests).
      expect((await runCli(['apply', dir, ...args])).code).toBe(0);
      for (let i = 1; i <= 10; i++) {
        // Every round changes every resource (and the started trigger), so each kill lands amid writes.
        writeSyntheticProject({ dir, width: WIDTH, depth: DEPTH, trigger, version: i });
        // A full round is about 10 list calls, 13 writes, the trigger's stop and start and the restart markers' GET
        // and PATCH before and after them: kill anywhere in it.
        const k = 1 + Math.floor(random() * 28);
        points.push(k);
        const base = emu.requestLog().length;
        const run = spawnCli(['apply', dir, ...args]);
        let exited = false;
        run.child.on('exit', () => (exited = true));
        await untilRequests(emu, base + k, () => exited);
        if (!exited) killed++;
        run.child.kill('SIGKILL');
        await run;
        const round = emu
          .requestLog()
          .slice(base)
          .map((e) => `${e.method} ${e.path}`);
        if (round.some((c) => c.endsWith('/hourly/stop')) && !round.some((c) => c.endsWith('/hourly/start')))
          betweenStopAndStart++;
      }
      expect(killed).toBeGreaterThanOrEqual(8); // the kills really landed mid-apply
      expect(betweenStopAndStart).toBeGreaterThan(0); // and at least one left the trigger stopped
      const last = await runCli(['apply', dir, ...args]);
      expect(last.code, `${last.stderr}\nkill points: ${points.join(',')}`).toBe(0);
      const plan = await runCli([
        'plan',
        dir,
        '--endpoint',
        emu.url,
        '--subscription',
        SUB,
        '--resource-group',
        RG,
        '--detailed-exitcode',
      ]);
      expect(plan.code, plan.stdout).toBe(0);
      const project = await load(dir);
      const live = await fetchLiveState(clientOf(emu), targetOf(project, emu));
      expect(live.resources.map((r) => `${r.kind}/${r.name}`).sort()).toEqual(
        project.resources.map((r) => `${r.kind}/${r.name}`).sort(),
      );
      const hourly = live.resources.find((r) => r.name === 'hourly')!;
      expect((hourly.body.properties as Record<string, unknown>).runtimeState, `kill points: ${points.join(',')}`).toBe(
        'Started',
      );
      const tags = (live.factory!.body.tags ?? {}) as Record<string, unknown>;
      expect(Object.keys(tags).filter((k) => k.startsWith('adf-deploy-restart:'))).toEqual([]);
    },
    240_000,
  );

  it('SIGINT: finishes the calls in flight, starts nothing new, exits 130 with what is left; a second run converges', async () => {
    // Latency keeps the apply running long enough for the signal to arrive mid-way.
    emulator = await startEmulator({ port: 0, throttle: 'off', latencyMs: 50 });
    const emu = emulator;
    const dir = writeSyntheticProject({ width: 6, depth: 4, version: 1 });
    const args = [
      '--endpoint',
      emu.url,
      '--subscription',
      SUB,
      '--resource-group',
      RG,
      '--auto-approve',
      '--concurrency',
      '2',
    ];
    const run = spawnCli(['apply', dir, ...args]);
    let exited = false;
    run.child.on('exit', () => (exited = true));
    // Lists (about 10) plus the factory and a few creates.
    await untilRequests(emu, 14, () => exited);
    run.child.kill('SIGINT');
    const r = await run;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toContain('Apply interrupted:');
    expect(r.stdout).toMatch(/not started: creating /);
    expect(r.stdout).toContain('Run the same command again to finish');
    const again = await runCli(['apply', dir, ...args]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Apply complete/);
  }, 120_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { startEmulator, type RequestHold, type RunningEmulator } from '../../src/emulator/index.js';
import { fetchLiveState } from '../../src/state/fetch.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { clientOf, load, RG, SUB, targetOf, writeSyntheticProject } from './helpers.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Resolves with true once the hold is reached, with false when the child exited first. */
function untilHeld(hold: RequestHold, run: Promise<unknown>): Promise<boolean> {
  return Promise.race([hold.reached.then(() => true), run.then(() => false)]);
}

/** Resolves once the child has written `text` to stderr (its acknowledgement of a signal). */
function untilStderr(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += String(d);
      if (!seen.includes(text)) return;
      child.stderr?.off('data', onData);
      resolve();
    };
    child.stderr?.on('data', onData);
  });
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
        // The (k+1)-th request and any later one wait until the process is dead, then are dropped: exactly k
        // requests reached the emulator, whatever the machine's load.
        const hold = emu.holdRequests({ after: k, match: 'all' });
        const run = spawnCli(['apply', dir, ...args]);
        if (await untilHeld(hold, run)) killed++;
        run.child.kill('SIGKILL');
        await run;
        hold.release('drop');
        const round = emu
          .requestLog()
          .slice(base)
          .filter((e) => e.status !== 0)
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
    emulator = await startEmulator({ port: 0, throttle: 'off' });
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
    // The factory and two creates pass; the next writes wait until the process has taken the signal, then are
    // answered: they are the calls in flight that it finishes.
    const hold = emu.holdRequests({ after: 3 });
    const run = spawnCli(['apply', dir, ...args]);
    expect(await untilHeld(hold, run)).toBe(true);
    const acknowledged = untilStderr(run.child, 'received SIGINT');
    run.child.kill('SIGINT');
    await acknowledged;
    hold.release('serve');
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

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFactory, writeProject } from '../../bench/generate.js';
import { createRng } from '../../bench/rng.js';
import { runCli } from '../helpers/cli.js';
import { arm, compareLive, exited, factoryPath, spawnEmulator } from './helpers.js';

// kill -9 of the emulator (its own process, state in --data) in the middle of a burst of writes: after a
// restart on the same folder, every write it acknowledged is there, with the acknowledged content (or a later
// write that was in flight when it died). Then the same with a real apply: apply again converges.
const work = mkdtempSync(path.join(os.tmpdir(), 'adf-kill-emulator-'));
const children: Array<{ kill: (s: NodeJS.Signals) => boolean }> = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

const target = {
  subscriptionId: '00000000-0000-0000-0000-00000000e001',
  resourceGroup: 'rg-durability',
  name: 'adf-durability',
};

describe('kill -9 of the emulator during writes', () => {
  it.each([0, 1, 2])('restart keeps every acknowledged write (burst %i)', async (round) => {
    const data = path.join(work, `data-${round}`);
    const rng = createRng(500 + round);
    const first = await spawnEmulator(['--data', data, '--throttle', 'off']);
    children.push(first.child);
    const fp = factoryPath({ ...target, name: `${target.name}-${round}` });
    expect((await arm(first.url, 'PUT', fp, { location: 'westeurope' })).status).toBe(200);

    // 8 writers PUT pipelines with increasing versions; record what was acknowledged and what was in flight.
    const acked = new Map<string, number>();
    const inFlight = new Map<string, number>();
    let stop = false;
    const writer = async (w: number): Promise<void> => {
      for (let v = 1; !stop; v++) {
        const name = `PL_${w}_${v % 5}`;
        inFlight.set(name, v);
        try {
          const r = await arm(first.url, 'PUT', `${fp}/pipelines/${name}`, {
            properties: { description: `v${v}`, activities: [] },
          });
          if (r.status === 200) acked.set(name, v);
        } catch {
          return; // the emulator died under this request
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    await new Promise((r) => setTimeout(r, 300 + rng.int(700)));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await exited(first.child);
    expect(acked.size).toBeGreaterThan(0);

    const second = await spawnEmulator(['--data', data, '--throttle', 'off']);
    children.push(second.child);
    const lost: string[] = [];
    for (const [name, v] of acked) {
      const r = await arm(second.url, 'GET', `${fp}/pipelines/${name}`);
      const got = r.status === 200 ? Number(String(r.json.properties.description).slice(1)) : -1;
      // The acknowledged version, or a later one whose answer the kill swallowed.
      const allowed = new Set([v, inFlight.get(name)]);
      for (let later = v; later <= (inFlight.get(name) ?? v); later += 5) allowed.add(later);
      if (!allowed.has(got)) lost.push(`${name}: acknowledged v${v}, found ${got < 0 ? r.status : `v${got}`}`);
    }
    second.child.kill('SIGKILL');
    await exited(second.child);
    process.stderr.write(`[kill-emulator ${round}] ${acked.size} acknowledged pipelines checked after restart\n`);
    expect(lost).toEqual([]);
  });

  // The apply in flight re-sends writes the dead emulator may have committed: also against one that ignores the
  // conditional headers the spec does not declare.
  it.each(['honour', 'ignore'])(
    'an apply whose emulator is killed mid-way and restarted converges (that run or the next; conditional headers: %s)',
    async (mode) => {
      const data = path.join(work, `data-apply-${mode}`);
      const dir = path.join(work, `project-${mode}`);
      const factory = generateFactory({
        entities: 60,
        seed: 21,
        factoryName: `adf-durability-apply-${mode}`,
        subscriptionId: target.subscriptionId,
      });
      writeProject(dir, factory);
      const log = path.join(work, `apply-requests-${mode}.jsonl`);
      const modeFlag = ['--conditional-headers', mode];
      const first = await spawnEmulator([
        '--data',
        data,
        '--throttle',
        'off',
        '--latency',
        '20',
        '--log',
        log,
        ...modeFlag,
      ]);
      children.push(first.child);
      const applying = runCli(['apply', dir, '--auto-approve', '--endpoint', first.url], {
        cwd: dir,
        env: factory.env,
      });
      // Kill it once a dozen writes were answered: mid-apply, whatever the machine's speed.
      const puts = (): number =>
        existsSync(log)
          ? readFileSync(log, 'utf8')
              .split('\n')
              .filter((l) => l.includes('"PUT"')).length
          : 0;
      while (puts() < 12) await new Promise((r) => setTimeout(r, 5));
      first.child.kill('SIGKILL');
      await exited(first.child);
      // Back on the same port at once: the apply in flight meets refused connections, then the restarted emulator.
      const second = await spawnEmulator([
        '--data',
        data,
        '--throttle',
        'off',
        '--port',
        new URL(first.url).port,
        ...modeFlag,
      ]);
      children.push(second.child);
      await applying;
      const again = await runCli(['apply', dir, '--auto-approve', '--endpoint', second.url], {
        cwd: dir,
        env: factory.env,
      });
      expect(again.code, again.stderr).toBe(0);
      expect(await compareLive(second.url, factory)).toEqual({ duplicates: [], missing: [], extra: [] });
      const plan = await runCli(['plan', dir, '--endpoint', second.url, '--detailed-exitcode'], {
        cwd: dir,
        env: factory.env,
      });
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
      second.child.kill('SIGKILL');
    },
  );
});

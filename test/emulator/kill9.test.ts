import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { client, F } from './helpers.js';
import { spawnEmulator } from './spawn.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('durability under kill -9', () => {
  it.each([
    ['journal only', []],
    ['compacting every 7 writes', ['--compact-every', '7']],
  ])('kill -9 during a burst loses no acknowledged write (%s)', async (_label, extra) => {
    const dir = tempDir('emu-kill9-');
    const { url, child, done } = await spawnEmulator(['--data', dir, '--throttle', 'off', ...extra]);
    const call = client(() => url);
    expect((await call('PUT', F(), { location: 'x' })).status).toBe(200);

    const acked = new Map<string, string>();
    let killed = false;
    let next = 0;
    const total = 1000;
    const worker = async () => {
      while (next < total && !killed) {
        const i = next++;
        const name = `p${i}`;
        const stamp = `write-${i}-${Math.random()}`;
        try {
          const r = await call('PUT', `${F()}/pipelines/${name}`, { properties: { description: stamp } });
          if (r.status === 200) acked.set(name, stamp);
        } catch {
          // reset or refused: the process was killed with this write in flight
        }
        if (!killed && acked.size >= 150) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const result = await done;
    expect(killed).toBe(true);
    expect(result.code).not.toBe(0);
    expect(acked.size).toBeGreaterThanOrEqual(150);
    expect(acked.size).toBeLessThan(total);

    const e = await startEmulator({ port: 0, dataDir: dir });
    try {
      const after = client(() => e.url);
      const missing: string[] = [];
      for (const [name, stamp] of acked) {
        const r = await after('GET', `${F()}/pipelines/${name}`);
        if (r.status !== 200 || r.body.properties.description !== stamp) missing.push(name);
      }
      expect(missing).toEqual([]);
    } finally {
      await e.close();
    }
  });
});

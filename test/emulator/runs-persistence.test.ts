import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { createVirtualClock } from '../../src/emulator/runtime/clock.js';
import { client, F, seedFactory } from './helpers.js';
import { ALL_TIME, T0, wait } from './runs-helpers.js';
import { spawnEmulator } from './spawn.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('runs in the journal', () => {
  it('finished runs and their activity runs survive a restart (and a compaction)', async () => {
    const dir = tempDir('emu-runs-');
    const first = await startEmulator({ port: 0, dataDir: dir, runClock: createVirtualClock(T0), compactEvery: 5 });
    const call = client(() => first.url);
    await seedFactory(call);
    await call('PUT', `${F()}/pipelines/p`, { properties: { activities: [wait('A'), wait('B')] } });
    const runId = (await call('POST', `${F()}/pipelines/p/createRun`)).body.runId;
    await first.runs?.idle();
    const before = (await call('GET', `${F()}/pipelineruns/${runId}`)).body;
    await first.close();
    const second = await startEmulator({ port: 0, dataDir: dir, runClock: createVirtualClock(T0) });
    try {
      const again = client(() => second.url);
      expect((await again('GET', `${F()}/pipelineruns/${runId}`)).body).toEqual(before);
      const acts = await again('POST', `${F()}/pipelineruns/${runId}/queryActivityruns`, ALL_TIME);
      expect(acts.body.value.map((a: { activityName: string }) => a.activityName).sort()).toEqual(['A', 'B']);
    } finally {
      await second.close();
    }
  });

  it('kill -9 during a run: after the restart the run is Failed with a message saying so', async () => {
    const dir = tempDir('emu-runs-kill-');
    const { url, child, done } = await spawnEmulator(['--data', dir, '--throttle', 'off']);
    const call = client(() => url);
    await seedFactory(call);
    await call('PUT', `${F()}/pipelines/p`, { properties: { activities: [wait('Long', 3600)] } });
    const runId = (await call('POST', `${F()}/pipelines/p/createRun`)).body.runId;
    expect((await call('GET', `${F()}/pipelineruns/${runId}`)).body.status).toBe('InProgress');
    child.kill('SIGKILL');
    await done;
    const restarted = await startEmulator({ port: 0, dataDir: dir });
    try {
      const again = client(() => restarted.url);
      const run = (await again('GET', `${F()}/pipelineruns/${runId}`)).body;
      expect(run.status).toBe('Failed');
      expect(run.message).toMatch(/emulator stopped while this run was in progress/);
      const acts = await again('POST', `${F()}/pipelineruns/${runId}/queryActivityruns`, ALL_TIME);
      expect(acts.body.value[0]).toMatchObject({
        activityName: 'Long',
        status: 'Failed',
        error: { errorCode: 'EmulatorRestarted' },
      });
    } finally {
      await restarted.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/emulator/runtime/clock.js';
import { BACKFILL, dueCount, readWindowSpec } from '../../src/emulator/runtime/tumbling-window.js';
import { F } from './helpers.js';
import { ALL_TIME, T0, useRunEmulator, wait } from './runs-helpers.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A tumbling window trigger of pipeline `p` passing the window times as parameters. */
function windowTrigger(typeProperties: Record<string, unknown>, pipeline = 'p') {
  return {
    properties: {
      type: 'TumblingWindowTrigger',
      typeProperties: { frequency: 'Hour', interval: 1, maxConcurrency: 1, ...typeProperties },
      pipeline: {
        pipelineReference: { referenceName: pipeline, type: 'PipelineReference' },
        parameters: {
          ws: '@trigger().outputs.windowStartTime',
          we: '@trigger().outputs.windowEndTime',
        },
      },
    },
  };
}

const windowPipeline = (activities: unknown[]) => ({
  parameters: { ws: { type: 'String' }, we: { type: 'String' } },
  activities,
});

describe('tumbling window triggers on the run clock', () => {
  const clock = createVirtualClock(T0, { auto: false });
  const e = useRunEmulator(() => ({ runClock: clock }));

  async function start(name: string, body: unknown): Promise<void> {
    expect((await e.call('PUT', `${F()}/triggers/${name}`, body)).status).toBe(200);
    expect((await e.call('POST', `${F()}/triggers/${name}/start`)).status).toBe(200);
  }
  async function pipelineRuns(pipeline: string) {
    const filter = { operand: 'PipelineName', operator: 'Equals', values: [pipeline] };
    const r = await e.call('POST', `${F()}/queryPipelineRuns`, { ...ALL_TIME, filters: [filter] });
    return r.body.value as Array<Record<string, any>>;
  }

  it('past windows backfill one at a time (maxConcurrency), the next fires at its end; windowStartTime/EndTime', async () => {
    const T = clock.now();
    await e.pipeline('p', windowPipeline([wait('W', 600)]));
    await start('hourly', windowTrigger({ startTime: iso(T - 2 * HOUR), maxConcurrency: 1 }));
    await clock.advance(HOUR + 60_000);
    const runs = await pipelineRuns('p');
    expect(runs.map((r) => [r.parameters.ws, r.parameters.we, Date.parse(r.runStart) - T])).toEqual([
      [`${iso(T - 2 * HOUR).slice(0, 19)}.0000000Z`, `${iso(T - HOUR).slice(0, 19)}.0000000Z`, 0],
      [`${iso(T - HOUR).slice(0, 19)}.0000000Z`, `${iso(T).slice(0, 19)}.0000000Z`, 600_000],
      [`${iso(T).slice(0, 19)}.0000000Z`, `${iso(T + HOUR).slice(0, 19)}.0000000Z`, HOUR],
    ]);
    expect(runs[0].invokedBy).toMatchObject({ name: 'hourly', invokedByType: 'TumblingWindowTrigger' });
    const triggerRuns = (await e.call('POST', `${F()}/queryTriggerRuns`, ALL_TIME)).body.value;
    expect(triggerRuns.map((t: { status: string }) => t.status)).toEqual(['Succeeded', 'Succeeded', 'Inprogress']);
    expect(triggerRuns[0].properties.WindowStartTime).toBe(iso(T - 2 * HOUR));
    await e.call('POST', `${F()}/triggers/hourly/stop`);
  });

  it('maxConcurrency 2 runs two backfilled windows at once; endTime ends the windows', async () => {
    const T = clock.now();
    await e.pipeline('p', windowPipeline([wait('W', 600)]));
    await start('pair', windowTrigger({ startTime: iso(T - 3 * HOUR), endTime: iso(T), maxConcurrency: 2 }));
    await clock.advance(3 * HOUR);
    const starts = (await pipelineRuns('p')).map((r) => Date.parse(r.runStart) - T);
    expect(starts).toEqual([0, 0, 600_000]);
    await e.call('POST', `${F()}/triggers/pair/stop`);
  });

  it('retryPolicy: a failed window run is retried intervalInSeconds apart; the trigger runs fail', async () => {
    const T = clock.now();
    await e.pipeline(
      'p',
      windowPipeline([{ name: 'Boom', type: 'Fail', typeProperties: { message: 'no', errorCode: 'E1' } }]),
    );
    await start(
      'retrying',
      windowTrigger({ startTime: iso(T - HOUR), endTime: iso(T), retryPolicy: { count: 2, intervalInSeconds: 60 } }),
    );
    await clock.advance(10 * 60_000);
    const runs = await pipelineRuns('p');
    expect(runs.map((r) => [r.status, Date.parse(r.runStart) - T])).toEqual([
      ['Failed', 0],
      ['Failed', 60_000],
      ['Failed', 120_000],
    ]);
    const triggerRuns = (await e.call('POST', `${F()}/queryTriggerRuns`, ALL_TIME)).body.value;
    expect(triggerRuns.map((t: { status: string }) => t.status)).toEqual(['Failed', 'Failed', 'Failed']);
    await e.call('POST', `${F()}/triggers/retrying/stop`);
  });

  it('dependsOn: a window waits for the referenced trigger window; a self-dependency waits for the previous window', async () => {
    const T = clock.now();
    await e.pipeline('slow', windowPipeline([wait('W', 1800)]));
    await e.pipeline('after', windowPipeline([wait('W', 1)]));
    await e.pipeline(
      'broken',
      windowPipeline([{ name: 'Boom', type: 'Fail', typeProperties: { message: 'no', errorCode: 'E1' } }]),
    );
    await start('upstream', windowTrigger({ startTime: iso(T - HOUR), endTime: iso(T) }, 'slow'));
    const dependsOn = [
      {
        type: 'TumblingWindowTriggerDependencyReference',
        referenceTrigger: { referenceName: 'upstream', type: 'TriggerReference' },
      },
    ];
    await start('downstream', windowTrigger({ startTime: iso(T - HOUR), endTime: iso(T), dependsOn }, 'after'));
    const self = [{ type: 'SelfDependencyTumblingWindowTriggerReference', offset: '-01:00:00', size: '01:00:00' }];
    await start(
      'chain',
      windowTrigger({ startTime: iso(T - 2 * HOUR), endTime: iso(T), dependsOn: self, maxConcurrency: 5 }, 'broken'),
    );
    await clock.advance(HOUR);
    const down = await pipelineRuns('after');
    expect(down.map((r) => Date.parse(r.runStart) - T)).toEqual([1_800_000]);
    // The first window of `chain` failed: the second, which depends on it, never runs.
    expect(await pipelineRuns('broken')).toHaveLength(1);
    for (const t of ['upstream', 'downstream', 'chain']) await e.call('POST', `${F()}/triggers/${t}/stop`);
  });

  it('a startTime years back backfills only the last BACKFILL windows; older ones count as met for dependencies', async () => {
    const T = clock.now();
    const spec = readWindowSpec(
      windowTrigger({ frequency: 'Minute', interval: 15, startTime: '2019-11-08T20:45:00Z' }).properties,
    );
    expect(spec && dueCount(spec, Date.parse('2019-11-08T21:30:00Z'))).toBe(3);
    expect(spec && dueCount(spec, Date.parse('2019-11-08T21:29:59Z'))).toBe(2);
    await e.pipeline('p', windowPipeline([wait('W', 1)]));
    const self = [{ type: 'SelfDependencyTumblingWindowTriggerReference', offset: '-00:15:00' }];
    await start(
      'old',
      windowTrigger({
        frequency: 'Minute',
        interval: 15,
        startTime: '2019-11-08T20:45:00Z',
        maxConcurrency: 50,
        dependsOn: self,
      }),
    );
    await clock.advance(300_000); // the self-dependency runs them one after the other, a second each
    const runs = await pipelineRuns('p');
    expect(runs).toHaveLength(BACKFILL);
    expect(runs.map((r) => r.status).every((s) => s === 'Succeeded')).toBe(true);
    expect(Date.parse(runs[runs.length - 1].parameters.we)).toBeLessThanOrEqual(T);
    await e.call('POST', `${F()}/triggers/old/stop`);
  });

  it('a trigger stopped and started again does not run its succeeded windows twice', async () => {
    const T = clock.now();
    await e.pipeline('p', windowPipeline([wait('W', 1)]));
    await start('again', windowTrigger({ startTime: iso(T - 2 * HOUR), endTime: iso(T) }));
    await clock.advance(60_000);
    expect(await pipelineRuns('p')).toHaveLength(2);
    await e.call('POST', `${F()}/triggers/again/stop`);
    await e.call('POST', `${F()}/triggers/again/start`);
    await clock.advance(60_000);
    expect(await pipelineRuns('p')).toHaveLength(2);
    await e.call('POST', `${F()}/triggers/again/stop`);
  });
});

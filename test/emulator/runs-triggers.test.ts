import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/emulator/runtime/clock.js';
import { nextFireTime } from '../../src/emulator/runtime/triggers.js';
import { F } from './helpers.js';
import { ALL_TIME, T0, useRunEmulator, wait } from './runs-helpers.js';

describe('schedule triggers on the run clock', () => {
  const clock = createVirtualClock(T0, { auto: false });
  const e = useRunEmulator(() => ({ runClock: clock }));

  it('a started schedule trigger fires on the clock and creates trigger runs and pipeline runs', async () => {
    await e.pipeline('p', {
      parameters: { when: { type: 'String' } },
      variables: { v: { type: 'String' } },
      activities: [
        {
          name: 'S',
          type: 'SetVariable',
          typeProperties: { variableName: 'v', value: '@{pipeline().TriggerType}|@{pipeline().TriggerName}' },
        },
      ],
    });
    const trigger = {
      properties: {
        type: 'ScheduleTrigger',
        typeProperties: {
          recurrence: {
            frequency: 'Minute',
            interval: 15,
            startTime: new Date(T0 + 5 * 60_000).toISOString(),
            timeZone: 'UTC',
          },
        },
        pipelines: [
          {
            pipelineReference: { referenceName: 'p', type: 'PipelineReference' },
            parameters: { when: '@trigger().scheduledTime' },
          },
        ],
      },
    };
    expect((await e.call('PUT', `${F()}/triggers/every15`, trigger)).status).toBe(200);
    expect((await e.call('POST', `${F()}/triggers/every15/start`)).status).toBe(200);
    const listed = await e.call('POST', `${F()}/querytriggers`, {});
    expect(
      listed.body.value.map((t: { name: string; properties: { runtimeState: string } }) => [
        t.name,
        t.properties.runtimeState,
      ]),
    ).toEqual([['every15', 'Started']]);
    await clock.advance(40 * 60_000);
    const runs = await e.call('POST', `${F()}/queryTriggerRuns`, ALL_TIME);
    expect(runs.status).toBe(200);
    const stamps = runs.body.value.map((r: { triggerRunTimestamp: string }) => Date.parse(r.triggerRunTimestamp) - T0);
    expect(stamps).toEqual([5, 20, 35].map((m) => m * 60_000));
    const first = runs.body.value[0];
    expect(first).toMatchObject({ triggerName: 'every15', triggerType: 'ScheduleTrigger', status: 'Succeeded' });
    expect(first.properties.ScheduleTime).toBe('1/5/2026 8:05:00 AM');
    const runId = first.triggeredPipelines.p as string;
    const shown = await e.show(runId);
    expect(shown.run.invokedBy).toMatchObject({ name: 'every15', invokedByType: 'ScheduleTrigger' });
    expect(shown.run.parameters.when).toBe('2026-01-05T08:05:00.0000000Z');
    expect(shown.byName('S')[0].output.value).toBe('ScheduleTrigger|every15');

    await e.call('POST', `${F()}/triggers/every15/stop`);
    await clock.advance(60 * 60_000);
    expect((await e.call('POST', `${F()}/queryTriggerRuns`, ALL_TIME)).body.value).toHaveLength(3);

    const rerun = await e.call('POST', `${F()}/triggers/every15/triggerRuns/${first.triggerRunId}/rerun`);
    expect(rerun.status).toBe(200);
    expect((await e.call('POST', `${F()}/queryTriggerRuns`, ALL_TIME)).body.value).toHaveLength(4);
    expect((await e.call('POST', `${F()}/triggers/every15/triggerRuns/nope/cancel`)).status).toBe(404);
  });

  it('trigger run cancel cancels the pipeline runs it started', async () => {
    await e.pipeline('slow', { activities: [wait('Long', 3600)] });
    await e.call('PUT', `${F()}/triggers/t`, {
      properties: {
        type: 'ScheduleTrigger',
        typeProperties: {
          recurrence: { frequency: 'Hour', interval: 24, startTime: new Date(clock.now()).toISOString() },
        },
        pipelines: [{ pipelineReference: { referenceName: 'slow', type: 'PipelineReference' } }],
      },
    });
    await e.call('POST', `${F()}/triggers/t/start`);
    await clock.advance(1000);
    const tr = (await e.call('POST', `${F()}/queryTriggerRuns`, ALL_TIME)).body.value[0];
    expect((await e.call('POST', `${F()}/triggers/t/triggerRuns/${tr.triggerRunId}/cancel`)).status).toBe(200);
    await clock.advance(1000);
    expect((await e.show(tr.triggeredPipelines.slow)).run.status).toBe('Cancelled');
    await e.call('POST', `${F()}/triggers/t/stop`);
  });

  it('recurrence: next fire times per frequency and interval, none after endTime', () => {
    const start = '2026-01-15T10:00:00Z';
    const s = Date.parse(start);
    expect(nextFireTime({ frequency: 'Hour', interval: 2, startTime: start }, s + 1)).toBe(s + 2 * 3_600_000);
    expect(nextFireTime({ frequency: 'Day', interval: 1, startTime: start }, s - 5)).toBe(s);
    expect(
      new Date(nextFireTime({ frequency: 'Month', interval: 1, startTime: start }, s + 1) ?? 0).toISOString(),
    ).toBe('2026-02-15T10:00:00.000Z');
    expect(
      nextFireTime({ frequency: 'Week', interval: 1, startTime: start, endTime: '2026-01-20T00:00:00Z' }, s + 1),
    ).toBeUndefined();
  });
});

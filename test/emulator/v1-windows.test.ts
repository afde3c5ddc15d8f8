import { describe, expect, it } from 'vitest';
import { useEmulator } from './helpers.js';
import { DF, seedCopy, v1 } from './v1-helpers.js';

const clock = { now: Date.parse('2016-08-25T12:00:00Z') };
const W = (df = 'df-v1') => `${DF(df)}/activitywindows`;
type Win = Record<string, unknown>;
const starts = (ws: Win[]) => ws.map((w) => String(w.windowStart).slice(11, 16));

describe('V1 activity windows', () => {
  const env = useEmulator({ now: () => clock.now });
  const call = v1(env.call);

  it('hourly copy 08:00–11:00: three Ready windows in the documented shape', async () => {
    clock.now = Date.parse('2016-08-25T12:00:00Z');
    await seedCopy(call);
    const r = await call('POST', W(), {});
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['value']);
    expect(Object.keys(r.body.value)).toEqual(['activityWindows', 'lastUpdate', 'aggregates']);
    expect(r.body.value.lastUpdate).toBe('2016-08-25T12:00:00Z');
    const ws: Win[] = r.body.value.activityWindows;
    expect(starts(ws)).toEqual(['08:00', '09:00', '10:00']);
    expect(ws[0]).toEqual({
      resourceGroupName: 'adf',
      dataFactoryName: 'df-v1',
      pipelineName: 'CopyPipeline',
      activityName: 'Copy',
      linkedServiceName: '',
      activityType: 'Copy',
      windowState: 'Ready',
      windowSubstate: '',
      runAttempts: 1,
      runStart: '2016-08-25T09:00:00Z',
      runEnd: '2016-08-25T09:01:00Z',
      duration: '00:01:00',
      percentComplete: 100,
      windowStart: '2016-08-25T08:00:00Z',
      windowEnd: '2016-08-25T09:00:00Z',
      inputDatasets: ['In'],
      outputDatasets: ['Out'],
      inputDatasetIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
      outputDatasetIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
    });
  });

  it('states follow the clock: ScheduledTime before due, InProgress, then Ready; paused is ActivityResume', async () => {
    clock.now = Date.parse('2016-08-25T09:00:30Z');
    await seedCopy(call);
    let ws: Win[] = (await call('POST', W(), {})).body.value.activityWindows;
    expect(ws.map((w) => [w.windowState, w.windowSubstate, w.percentComplete])).toEqual([
      ['InProgress', '', 50],
      ['Waiting', 'ScheduledTime', 0],
    ]);
    clock.now = Date.parse('2016-08-25T09:01:00Z');
    ws = (await call('POST', W(), {})).body.value.activityWindows;
    expect(ws[0].windowState).toBe('Ready');
    await seedCopy(call, 'df-paused', { isPaused: true });
    ws = (await call('POST', W('df-paused'), {})).body.value.activityWindows;
    expect(ws.map((w) => w.windowSubstate)).toEqual(['ActivityResume', 'ScheduledTime']);
  });

  it('StartOfInterval is due at the window start; a chained activity waits for its input (DatasetDependencies)', async () => {
    clock.now = Date.parse('2016-08-25T08:00:30Z');
    await seedCopy(call, 'df-v1', {}, { frequency: 'Hour', interval: 1, style: 'StartOfInterval' });
    await call('PUT', `${DF()}/datasets/Out2`, {
      name: 'Out2',
      properties: {
        type: 'AzureBlob',
        linkedServiceName: 'Storage',
        availability: { frequency: 'Hour', interval: 1, style: 'StartOfInterval' },
      },
    });
    await call('PUT', `${DF()}/datapipelines/Downstream`, {
      name: 'Downstream',
      properties: {
        start: '2016-08-25T08:00:00Z',
        end: '2016-08-25T11:00:00Z',
        activities: [{ name: 'Copy2', type: 'Copy', inputs: [{ name: 'Out' }], outputs: [{ name: 'Out2' }] }],
      },
    });
    const down = (await call('POST', `${DF()}/datapipelines/Downstream/activitywindows`, {})).body.value
      .activityWindows;
    expect(down.map((w: Win) => [w.activityName, w.windowState, w.windowSubstate])).toEqual([
      ['Copy2', 'Waiting', 'DatasetDependencies'],
    ]);
    clock.now = Date.parse('2016-08-25T08:01:30Z');
    const later = (await call('POST', `${DF()}/datapipelines/Downstream/activitywindows`, {})).body.value
      .activityWindows;
    expect(later.map((w: Win) => [w.windowState, w.runStart])).toEqual([['InProgress', '2016-08-25T08:01:00Z']]);
  });

  it('Failed: a declared failure (with retries counted) and a missing external input (TimedOut)', async () => {
    clock.now = Date.parse('2016-08-25T12:00:00Z');
    await seedCopy(call, 'df-v1', {
      activities: [
        {
          name: 'Copy',
          type: 'Copy',
          inputs: [{ name: 'In' }],
          outputs: [{ name: 'Out' }],
          policy: { retry: 2 },
          emulatorFailure: true,
        },
      ],
    });
    const ws: Win[] = (await call('POST', W(), { top: 1 })).body.value.activityWindows;
    expect(ws.map((w) => [w.windowState, w.runAttempts])).toEqual([['Failed', 3]]);
    await seedCopy(call, 'df-missing');
    const inDs = (await call('GET', `${DF('df-missing')}/datasets/In`)).body;
    await call('PUT', `${DF('df-missing')}/datasets/In`, {
      name: 'In',
      properties: { ...inDs.properties, emulatorMissing: true },
    });
    const ms: Win[] = (await call('POST', W('df-missing'), { top: 1 })).body.value.activityWindows;
    expect(ms.map((w) => [w.windowState, w.windowSubstate])).toEqual([['Failed', 'TimedOut']]);
  });

  it('filter, orderBy (every key), top, and the window-state and time-range body fields', async () => {
    clock.now = Date.parse('2016-08-25T10:30:00Z');
    await seedCopy(call);
    const q = async (body: Record<string, unknown>) =>
      (await call('POST', W(), body)).body.value.activityWindows as Win[];
    expect(starts(await q({ filter: "(ActivityName eq 'Copy') and (PipelineName eq 'CopyPipeline')" }))).toEqual([
      '08:00',
      '09:00',
      '10:00',
    ]);
    expect(starts(await q({ Filter: "WindowState eq 'Ready' and WindowStart ge 2016-08-25T09:00:00Z" }))).toEqual([
      '09:00',
    ]);
    expect(starts(await q({ orderBy: 'WindowStart desc' }))).toEqual(['10:00', '09:00', '08:00']);
    expect(starts(await q({ orderBy: 'WindowState, WindowStart desc' }))).toEqual(['09:00', '08:00', '10:00']);
    expect(starts(await q({ top: 2, orderBy: 'WindowEnd DESC' }))).toEqual(['10:00', '09:00']);
    expect(starts(await q({ windowState: 'Waiting' }))).toEqual(['10:00']);
    expect(starts(await q({ windowSubstate: 'ScheduledTime' }))).toEqual(['10:00']);
    expect(starts(await q({ windowStart: '2016-08-25T09:00:00Z', windowEnd: '2016-08-25T10:00:00Z' }))).toEqual([
      '09:00',
    ]);
    expect(starts(await q({ runStart: '2016-08-25T10:00:00Z' }))).toEqual(['09:00']);
    expect(starts(await q({ runEnd: '2016-08-25T09:30:00Z' }))).toEqual(['08:00']);
    // Every key orders without error, ascending and descending.
    for (const key of [
      'resourceGroupName',
      'dataFactoryName',
      'pipelineName',
      'activityName',
      'linkedServiceName',
      'activityType',
      'runAttempts',
      'runStart',
      'runEnd',
      'duration',
      'percentComplete',
      'windowStart',
      'windowEnd',
      'windowState',
      'windowSubstate',
    ])
      for (const dir of ['asc', 'desc']) {
        const ws = await q({ orderBy: `${key} ${dir}` });
        expect(ws, `${key} ${dir}`).toHaveLength(3);
      }
    expect(starts(await q({ orderBy: 'runStart desc' }))).toEqual(['09:00', '08:00', '10:00']);
    expect(starts(await q({ orderBy: 'percentComplete, windowStart desc' }))).toEqual(['10:00', '09:00', '08:00']);
  });

  it('a bad field, syntax, state or top is a 400 that names it', async () => {
    await seedCopy(call);
    const bad = async (body: Record<string, unknown>) => {
      const r = await call('POST', W(), body);
      expect(r.status).toBe(400);
      return r.body.error.message as string;
    };
    expect(await bad({ filter: "Colour eq 'red'" })).toMatch(/unknown field 'Colour'/);
    expect(await bad({ filter: "PipelineName eq 'x' and" })).toMatch(/the filter ends where a comparison was expected/);
    expect(await bad({ orderBy: 'Colour' })).toMatch(/unknown field 'Colour' in orderBy/);
    expect(await bad({ windowState: 'Pending' })).toMatch(/'windowState' must be one of/);
    expect(await bad({ top: 0 })).toMatch(/'top' must be a positive integer/);
    expect(await bad({ windowStart: 'yesterday' })).toMatch(/'windowStart' must be an ISO 8601 date-time/);
    expect((await call('POST', `${DF()}/datapipelines/Nope/activitywindows`, {})).status).toBe(404);
    expect((await call('POST', `${DF('df-none')}/activitywindows`, {})).status).toBe(404);
  });

  it('pages of 100 by nextLink (the same body POSTed again), dataset and activity levels', async () => {
    clock.now = Date.parse('2016-09-10T00:00:00Z');
    await seedCopy(call, 'df-v1', { start: '2016-08-25T00:00:00Z', end: '2016-09-05T10:00:00Z' });
    const body = { orderBy: 'WindowStart desc' };
    const all: Win[] = [];
    let url: string | undefined = W();
    while (url) {
      const r = await call('POST', url, body);
      expect(r.body.value.activityWindows.length).toBeLessThanOrEqual(100);
      all.push(...r.body.value.activityWindows);
      url = r.body.nextLink;
    }
    expect(all).toHaveLength(11 * 24 + 10);
    expect(all[0].windowStart).toBe('2016-09-05T09:00:00Z');
    expect(new Set(all.map((w) => w.windowStart)).size).toBe(all.length);
    expect(
      (await call('POST', `${DF()}/datasets/Out/activitywindows`, { top: 3 })).body.value.activityWindows,
    ).toHaveLength(3);
    expect((await call('POST', `${DF()}/datasets/In/activitywindows`, {})).body.value.activityWindows).toHaveLength(0);
    expect(
      (await call('POST', `${DF()}/datapipelines/CopyPipeline/activities/Copy/activitywindows`, { top: 2 })).body.value
        .activityWindows,
    ).toHaveLength(2);
    expect((await call('POST', `${DF()}/datapipelines/CopyPipeline/activities/Nope/activitywindows`, {})).status).toBe(
      404,
    );
  });
});

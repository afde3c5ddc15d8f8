import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/emulator/runtime/clock.js';
import { F } from './helpers.js';
import { after, ALL_TIME, fail, T0, useRunEmulator, wait } from './runs-helpers.js';

describe('run API', () => {
  const e = useRunEmulator(() => ({ runsPageSize: 3 }));

  it('run routes are served by the run engine', async () => {
    await e.pipeline('p', { activities: [wait('A')] });
    const created = await e.call('POST', `${F()}/pipelines/p/createRun`);
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).toEqual(['runId']);
    expect(created.body.runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('PipelineRun has the service fields; parameters come back as strings', async () => {
    await e.pipeline('p', {
      parameters: { names: { type: 'Array' }, n: { type: 'Int', defaultValue: 3 }, pw: { type: 'SecureString' } },
      activities: [wait('A', 2)],
    });
    const { run } = await e.run('p', { names: ['a.csv'], pw: 'hunter2-param' });
    expect(Object.keys(run).sort()).toEqual(
      [
        'id',
        'runId',
        'debugRunId',
        'runGroupId',
        'isLatest',
        'pipelineName',
        'parameters',
        'runDimension',
        'invokedBy',
        'runStart',
        'runEnd',
        'durationInMs',
        'status',
        'message',
        'lastUpdated',
        'annotations',
      ].sort(),
    );
    expect(run.parameters).toEqual({ names: '["a.csv"]', n: '3', pw: '**********' });
    expect(run.runGroupId).toBe(run.runId);
    expect(run.isLatest).toBe(true);
    expect(run.invokedBy.invokedByType).toBe('Manual');
    expect(run.invokedBy.id).toMatch(/^[0-9a-f]{32}$/);
    expect(run.status).toBe('Succeeded');
    expect(run.durationInMs).toBe(2000);
    expect(run.runStart).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(run.id).toBe(`${F()}/pipelineruns/${run.runId}`);
  });

  it('ActivityRun has the service fields, an empty error on success', async () => {
    await e.pipeline('p', { activities: [wait('A', 2)] });
    const { activities } = await e.run('p');
    const a = activities[0];
    expect(a).toMatchObject({
      activityName: 'A',
      activityType: 'Wait',
      status: 'Succeeded',
      durationInMs: 2000,
      retryAttempt: null,
      linkedServiceName: '',
      error: { errorCode: '', message: '', failureType: '', target: 'A' },
      recoveryStatus: 'None',
      userProperties: {},
    });
    expect(a.id).toMatch(/\/pipelineruns\/.+\/activityruns\/.+/);
    expect(a).not.toHaveProperty('lastUpdated');
  });

  it('createRun: unknown or missing parameters, missing pipeline, bad reference run', async () => {
    await e.pipeline('p', { parameters: { need: { type: 'String' } }, activities: [wait('A')] });
    const unknown = await e.call('POST', `${F()}/pipelines/p/createRun`, { need: 'x', nede: 'y' });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'BadRequest']);
    expect(unknown.body.error.message).toContain("'nede'");
    const missing = await e.call('POST', `${F()}/pipelines/p/createRun`, {});
    expect(missing.body.error.message).toContain("'need'");
    expect((await e.call('POST', `${F()}/pipelines/nope/createRun`)).status).toBe(404);
    const ref = await e.call('POST', `${F()}/pipelines/p/createRun?referencePipelineRunId=zzz`);
    expect(ref.body.error).toMatchObject({
      code: 'ReferencedPipelineRunNotValid',
      message: 'Referenced pipeline run id zzz is not a valid run id.',
      target: 'pipeline/p/',
    });
    expect((await e.call('GET', `${F()}/pipelineruns/zzz`)).status).toBe(404);
  });

  it.each([
    [{}, 'lastUpdatedAfter'],
    [{ ...ALL_TIME, lastUpdatedBefore: 'yesterday' }, 'lastUpdatedBefore'],
    [{ ...ALL_TIME, filters: [{ operand: 'PipelineNam', operator: 'Equals', values: ['p'] }] }, 'filters[0].operand'],
    [{ ...ALL_TIME, filters: [{ operand: 'ActivityName', operator: 'Equals', values: ['p'] }] }, 'filters[0].operand'],
    [{ ...ALL_TIME, filters: [{ operand: 'Status', operator: 'Like', values: ['p'] }] }, 'filters[0].operator'],
    [{ ...ALL_TIME, filters: [{ operand: 'Status', operator: 'In', values: [] }] }, 'filters[0].values'],
    [{ ...ALL_TIME, filters: [{ operand: 'RunGroupId', operator: 'In', values: ['a', 'b'] }] }, 'filters[0].values'],
    [{ ...ALL_TIME, orderBy: [{ orderBy: 'RunStart', order: 'UP' }] }, 'orderBy[0].order'],
    [{ ...ALL_TIME, orderBy: [{ orderBy: 'ActivityName', order: 'ASC' }] }, 'orderBy[0].orderBy'],
    [{ ...ALL_TIME, continuationToken: 'garbage' }, 'continuationToken'],
  ])('a bad RunFilterParameters is a 400 naming the bad part (%#)', async (body, part) => {
    await e.pipeline('p', { activities: [] });
    const r = await e.call('POST', `${F()}/queryPipelineRuns`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BadRequest');
    expect(r.body.error.target).toBe(part);
    expect(r.body.error.message).toContain(part);
  });

  it('queryPipelineRuns: filters, orderBy and continuationToken paging', async () => {
    await e.pipeline('ok', { activities: [wait('A')] });
    await e.pipeline('bad', { activities: [fail('A')] });
    for (let i = 0; i < 4; i++) await e.run('ok');
    await e.run('bad');
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const r = await e.call('POST', `${F()}/queryPipelineRuns`, {
        ...ALL_TIME,
        continuationToken: token,
        filters: [{ operand: 'PipelineName', operator: 'Equals', values: ['ok'] }],
        orderBy: [{ orderBy: 'RunStart', order: 'DESC' }],
      });
      expect(r.status).toBe(200);
      seen.push(...r.body.value.map((v: { runId: string }) => v.runId));
      token = r.body.continuationToken;
      pages++;
    } while (token);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(4);
    const failed = await e.call('POST', `${F()}/queryPipelineRuns`, {
      ...ALL_TIME,
      filters: [{ operand: 'Status', operator: 'In', values: ['Failed', 'Cancelled'] }],
    });
    expect(failed.body.value.map((v: { pipelineName: string }) => v.pipelineName)).toEqual(['bad']);
    const none = await e.call('POST', `${F()}/queryPipelineRuns`, {
      lastUpdatedAfter: '2000-01-01T00:00:00Z',
      lastUpdatedBefore: '2001-01-01T00:00:00Z',
    });
    expect(none.body).toEqual({ value: [], continuationToken: null });
  });

  it('queryActivityruns: pages of activity runs; no body (as the quickstart) returns them all', async () => {
    await e.pipeline('p', { activities: ['A', 'B', 'C', 'D', 'E'].map((n) => wait(n)) });
    const { run } = await e.run('p');
    const first = await e.call('POST', `${F()}/pipelineruns/${run.runId}/queryActivityruns`);
    expect(first.body.value).toHaveLength(3);
    const second = await e.call('POST', `${F()}/pipelineruns/${run.runId}/queryActivityruns`, {
      ...ALL_TIME,
      continuationToken: first.body.continuationToken,
    });
    expect(second.body.value).toHaveLength(2);
    expect(second.body.continuationToken).toBeNull();
    const onlyB = await e.call('POST', `${F()}/pipelineruns/${run.runId}/queryActivityruns`, {
      ...ALL_TIME,
      filters: [{ operand: 'ActivityName', operator: 'Equals', values: ['b'] }],
    });
    expect(onlyB.body.value.map((a: { activityName: string }) => a.activityName)).toEqual(['B']);
  });

  it('recovery rerun from failure: same runGroupId, the old run is no longer latest, succeeded activities are not run again', async () => {
    await e.pipeline('p', {
      parameters: { x: { type: 'String' } },
      activities: [wait('A'), fail('B', after('A', 'Succeeded'))],
    });
    const first = await e.run('p', { x: 'one' });
    const again = await e.run(
      'p',
      undefined,
      `referencePipelineRunId=${first.run.runId}&isRecovery=true&startFromFailure=true`,
    );
    expect(again.run.runGroupId).toBe(first.run.runGroupId);
    expect(again.run.parameters).toEqual({ x: 'one' });
    expect(again.activities.map((a) => a.activityName)).toEqual(['B']);
    expect((await e.show(first.run.runId)).run.isLatest).toBe(false);
    const latest = await e.call('POST', `${F()}/queryPipelineRuns`, {
      ...ALL_TIME,
      filters: [
        { operand: 'RunGroupId', operator: 'Equals', values: [first.run.runGroupId] },
        { operand: 'LatestOnly', operator: 'Equals', values: ['true'] },
      ],
    });
    expect(latest.body.value.map((r: { runId: string }) => r.runId)).toEqual([again.run.runId]);
  });

  it('recovery rerun from an activity: it and everything downstream run again', async () => {
    await e.pipeline('p', {
      activities: [wait('A'), wait('B', 1, after('A', 'Succeeded')), wait('C', 1, after('B', 'Succeeded'))],
    });
    const first = await e.run('p');
    const again = await e.run(
      'p',
      undefined,
      `referencePipelineRunId=${first.run.runId}&isRecovery=true&startActivityName=B`,
    );
    expect(again.activities.map((a) => a.activityName)).toEqual(['B', 'C']);
    const bad = await e.call(
      'POST',
      `${F()}/pipelines/p/createRun?referencePipelineRunId=${first.run.runId}&isRecovery=true&startActivityName=Z`,
    );
    expect(bad.status).toBe(400);
  });
});

describe('run API: cancel', () => {
  const clock = createVirtualClock(T0, { auto: false });
  const e = useRunEmulator(() => ({ runClock: clock }));

  it('cancel (recursive) stops the run and the child runs it started', async () => {
    await e.pipeline('child', { activities: [wait('Long', 600)] });
    await e.pipeline('parent', {
      activities: [
        {
          name: 'Exec',
          type: 'ExecutePipeline',
          typeProperties: { pipeline: { referenceName: 'child', type: 'PipelineReference' }, waitOnCompletion: true },
        },
      ],
    });
    const created = await e.call('POST', `${F()}/pipelines/parent/createRun`);
    await clock.advance(1000);
    const children = await e.call('POST', `${F()}/queryPipelineRuns`, {
      ...ALL_TIME,
      filters: [{ operand: 'PipelineName', operator: 'Equals', values: ['child'] }],
    });
    const childRunId = children.body.value[0].runId as string;
    expect(children.body.value[0].invokedBy).toMatchObject({
      name: 'Exec',
      invokedByType: 'PipelineActivity',
      pipelineName: 'parent',
      pipelineRunId: created.body.runId,
    });
    const r = await e.call('POST', `${F()}/pipelineruns/${created.body.runId}/cancel?isRecursive=true`);
    expect(r.status).toBe(200);
    await clock.advance(1000);
    expect((await e.show(created.body.runId)).run.status).toBe('Cancelled');
    const child = await e.show(childRunId);
    expect(child.run.status).toBe('Cancelled');
    expect(child.status('Long')).toBe('Cancelled');
    expect((await e.call('POST', `${F()}/pipelineruns/nope/cancel`)).status).toBe(404);
  });
});

import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/emulator/runtime/clock.js';
import { F } from './helpers.js';
import { after, fail, T0, useRunEmulator, wait } from './runs-helpers.js';

describe('run engine: dependencies and the leaf rule', () => {
  const e = useRunEmulator();

  it.each([
    ['Succeeded', false, 'Succeeded', 'none'],
    ['Succeeded', true, 'none', 'Succeeded'],
    ['Failed', false, 'none', 'Succeeded'],
    ['Failed', true, 'Succeeded', 'none'],
    ['Completed', false, 'Succeeded', 'none'],
    ['Completed', true, 'Succeeded', 'none'],
  ])('dependency condition %s (upstream fails: %s)', async (condition, upstreamFails, bStatus, cStatus) => {
    await e.pipeline('p', {
      activities: [
        upstreamFails ? fail('A') : wait('A'),
        wait('B', 1, after('A', condition)),
        wait('C', 1, after('B', 'Skipped')),
      ],
    });
    const r = await e.run('p');
    expect(r.status('B')).toBe(bStatus);
    expect(r.status('C')).toBe(cStatus);
  });

  it('several dependsOn entries are AND; a skip propagates down a chain', async () => {
    await e.pipeline('p', {
      activities: [
        wait('A'),
        fail('X'),
        wait('B', 1, {
          dependsOn: [
            { activity: 'A', dependencyConditions: ['Succeeded'] },
            { activity: 'X', dependencyConditions: ['Succeeded'] },
          ],
        }),
        wait('C', 1, after('B', 'Succeeded')),
        wait('D', 1, after('C', 'Succeeded')),
      ],
    });
    const r = await e.run('p');
    expect([r.status('B'), r.status('C'), r.status('D')]).toEqual(['none', 'none', 'none']);
    expect(r.run.status).toBe('Failed');
    expect(r.run.message).toBe('Operation on target X failed: X failed');
  });

  it.each([
    ['succeeds', false, 'Succeeded'],
    ['fails', true, 'Succeeded'],
  ])('leaf rule: try-catch, main %s', async (_label, mainFails, expected) => {
    await e.pipeline('p', {
      activities: [mainFails ? fail('Main') : wait('Main'), wait('Catch', 1, after('Main', 'Failed'))],
    });
    expect((await e.run('p')).run.status).toBe(expected);
  });

  it.each([
    ['succeeds', false, 'Succeeded'],
    ['fails', true, 'Failed'],
  ])('leaf rule: do-if-else, main %s', async (_label, mainFails, expected) => {
    await e.pipeline('p', {
      activities: [
        mainFails ? fail('Main') : wait('Main'),
        wait('OnSuccess', 1, after('Main', 'Succeeded')),
        wait('OnFailure', 1, after('Main', 'Failed')),
      ],
    });
    expect((await e.run('p')).run.status).toBe(expected);
  });

  it.each([
    ['succeeds', false],
    ['fails', true],
  ])('leaf rule: do-if-skip-else, main %s', async (_label, mainFails) => {
    await e.pipeline('p', {
      activities: [
        mainFails ? fail('Main') : wait('Main'),
        wait('Next', 1, after('Main', 'Succeeded')),
        wait('Else', 1, after('Next', 'Skipped')),
      ],
    });
    expect((await e.run('p')).run.status).toBe('Succeeded');
  });

  it('retry: a failing activity runs 1 + retry times, retryIntervalInSeconds apart on the run clock', async () => {
    await e.pipeline('p', {
      activities: [fail('A', { policy: { retry: 2, retryIntervalInSeconds: 60, timeout: '0.00:10:00' } })],
    });
    const r = await e.run('p');
    const runs = r.byName('A');
    expect(runs.map((a) => a.retryAttempt)).toEqual([null, 1, 2]);
    const starts = runs.map((a) => Date.parse(a.activityRunStart));
    expect(starts[1] - starts[0]).toBe(60_000);
    expect(starts[2] - starts[1]).toBe(60_000);
    expect(r.run.status).toBe('Failed');
  });

  it('timeout: an activity past its policy timeout fails with ActivityTimedOut', async () => {
    await e.pipeline('p', { activities: [wait('A', 600, { policy: { timeout: '0.00:01:00' } })] });
    const r = await e.run('p');
    expect(r.byName('A')[0].error.errorCode).toBe('ActivityTimedOut');
    expect(r.byName('A')[0].durationInMs).toBe(60_000);
    expect(r.run.status).toBe('Failed');
  });

  it('state Inactive: not executed, marked with onInactiveMarkAs (default Succeeded)', async () => {
    await e.pipeline('p', {
      activities: [
        fail('Off', { state: 'Inactive' }),
        wait('Next', 1, after('Off', 'Succeeded')),
        fail('OffFailed', { state: 'Inactive', onInactiveMarkAs: 'Failed' }),
        wait('Handler', 1, after('OffFailed', 'Failed')),
      ],
    });
    const r = await e.run('p');
    expect(r.status('Off')).toBe('Succeeded');
    expect(r.status('Next')).toBe('Succeeded');
    expect(r.status('Handler')).toBe('Succeeded');
    expect(r.run.status).toBe('Succeeded');
  });
});

describe('run engine: concurrency', () => {
  const clock = createVirtualClock(T0, { auto: false });
  const e = useRunEmulator(() => ({ runClock: clock }));

  it('concurrency: runs beyond the limit are Queued until earlier ones finish', async () => {
    await e.pipeline('p', { concurrency: 1, activities: [wait('A', 10)] });
    const first = await e.call('POST', `${F()}/pipelines/p/createRun`);
    const second = await e.call('POST', `${F()}/pipelines/p/createRun`);
    expect((await e.show(second.body.runId)).run.status).toBe('Queued');
    expect((await e.show(first.body.runId)).run.status).toBe('InProgress');
    await clock.advance(10_000);
    expect((await e.show(first.body.runId)).run.status).toBe('Succeeded');
    expect((await e.show(second.body.runId)).run.status).toBe('InProgress');
    await clock.advance(10_000);
    const r2 = (await e.show(second.body.runId)).run;
    expect(r2.status).toBe('Succeeded');
    expect(r2.durationInMs).toBe(20_000);
  });
});

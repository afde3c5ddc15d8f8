import { describe, expect, it } from 'vitest';
import { after, fail, useRunEmulator, wait } from './runs-helpers.js';

const setVar = (name: string, variableName: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'SetVariable',
  typeProperties: { variableName, value },
  ...extra,
});
const append = (name: string, variableName: string, value: unknown) => ({
  name,
  type: 'AppendVariable',
  typeProperties: { variableName, value },
});

describe('control activities', () => {
  const e = useRunEmulator();

  it('ForEach sequential: items in order, item() per iteration, variables shared', async () => {
    await e.pipeline('p', {
      variables: { seen: { type: 'Array' } },
      activities: [
        {
          name: 'Loop',
          type: 'ForEach',
          typeProperties: {
            isSequential: true,
            items: { value: '@range(1, 4)', type: 'Expression' },
            activities: [append('Add', 'seen', '@string(mul(item(), 10))')],
          },
        },
        setVar('Out', 'seen', "@variables('seen')", after('Loop', 'Succeeded')),
      ],
    });
    const r = await e.run('p');
    expect(r.run.status).toBe('Succeeded');
    expect(r.byName('Add')).toHaveLength(4);
    expect(r.byName('Out')[0].output).toEqual({ name: 'seen', value: ['10', '20', '30', '40'] });
  });

  it('ForEach parallel with batchCount: at most batchCount iterations at once; a failed iteration fails the ForEach', async () => {
    await e.pipeline('p', {
      activities: [
        {
          name: 'Loop',
          type: 'ForEach',
          typeProperties: {
            batchCount: 2,
            items: '@createArray(1, 2, 3, 4)',
            activities: [
              wait('W', 10),
              {
                name: 'Check',
                type: 'IfCondition',
                ...after('W', 'Succeeded'),
                typeProperties: { expression: '@equals(item(), 3)', ifTrueActivities: [fail('Boom')] },
              },
            ],
          },
        },
      ],
    });
    const r = await e.run('p');
    const starts = r.byName('W').map((a) => Date.parse(a.activityRunStart) - Date.parse(r.run.runStart));
    expect(starts.sort((a, b) => a - b)).toEqual([0, 0, 10_000, 10_000]);
    expect(r.status('Loop')).toBe('Failed');
    expect(r.byName('Loop')[0].error.message).toContain('Inner activity name: Check');
    expect(r.run.message).toMatch(/^Operation on target Loop failed: /);
  });

  it('Until: loops until the expression is true; times out otherwise', async () => {
    await e.pipeline('p', {
      variables: { n: { type: 'Array' } },
      activities: [
        {
          name: 'Loop',
          type: 'Until',
          typeProperties: {
            expression: { value: "@equals(length(variables('n')), 3)", type: 'Expression' },
            activities: [append('Add', 'n', 1)],
            timeout: '0.00:10:00',
          },
        },
        {
          name: 'Never',
          type: 'Until',
          typeProperties: { expression: '@equals(1, 2)', activities: [wait('Tick', 60)], timeout: '0.00:05:00' },
        },
      ],
    });
    const r = await e.run('p');
    expect(r.byName('Add')).toHaveLength(3);
    expect(r.status('Loop')).toBe('Succeeded');
    expect(r.status('Never')).toBe('Failed');
    expect(r.byName('Never')[0].error.errorCode).toBe('ActivityTimedOut');
    expect(r.byName('Tick').length).toBe(5);
  });

  it('IfCondition and Switch take the matching branch; Switch falls back to defaultActivities', async () => {
    await e.pipeline('p', {
      parameters: { mode: { type: 'String', defaultValue: 'b' } },
      activities: [
        {
          name: 'If',
          type: 'IfCondition',
          typeProperties: {
            expression: "@equals(pipeline().parameters.mode, 'b')",
            ifTrueActivities: [wait('Yes')],
            ifFalseActivities: [wait('No')],
          },
        },
        {
          name: 'Sw',
          type: 'Switch',
          typeProperties: {
            on: '@pipeline().parameters.mode',
            cases: [
              { value: 'a', activities: [wait('CaseA')] },
              { value: 'b', activities: [wait('CaseB')] },
            ],
            defaultActivities: [wait('Default')],
          },
        },
      ],
    });
    let r = await e.run('p');
    expect([r.status('Yes'), r.status('No'), r.status('CaseB'), r.status('Default')]).toEqual([
      'Succeeded',
      'none',
      'Succeeded',
      'none',
    ]);
    r = await e.run('p', { mode: 'zzz' });
    expect([r.status('No'), r.status('Default'), r.status('CaseA')]).toEqual(['Succeeded', 'Succeeded', 'none']);
  });

  it('ExecutePipeline: child run with invokedBy, parameters, waitOnCompletion and pipelineReturnValue', async () => {
    await e.pipeline('child', {
      parameters: { who: { type: 'String' } },
      activities: [
        {
          name: 'Return',
          type: 'SetVariable',
          typeProperties: {
            variableName: 'pipelineReturnValue',
            setSystemVariable: true,
            value: [
              { key: 'greeting', value: { type: 'Expression', content: "@concat('hi ', pipeline().parameters.who)" } },
            ],
          },
        },
      ],
    });
    await e.pipeline('parent', {
      variables: { got: { type: 'String' } },
      activities: [
        {
          name: 'Exec',
          type: 'ExecutePipeline',
          typeProperties: {
            pipeline: { referenceName: 'child', type: 'PipelineReference' },
            parameters: { who: '@pipeline().RunId' },
            waitOnCompletion: true,
          },
        },
        setVar('Got', 'got', "@activity('Exec').output.pipelineReturnValue.greeting", after('Exec', 'Succeeded')),
      ],
    });
    const r = await e.run('parent');
    expect(r.run.status).toBe('Succeeded');
    expect(r.byName('Got')[0].output.value).toBe(`hi ${r.run.runId}`);
    const childId = r.byName('Exec')[0].output.pipelineRunId;
    const child = await e.show(childId);
    expect(child.run.invokedBy).toMatchObject({
      name: 'Exec',
      invokedByType: 'PipelineActivity',
      pipelineRunId: r.run.runId,
    });
  });

  it('ExecutePipeline: a failing child fails the activity with "Activity X failed"; without waiting it succeeds at once', async () => {
    await e.pipeline('child', { activities: [fail('Inner')] });
    const exec = (name: string, waitOnCompletion: boolean) => ({
      name,
      type: 'ExecutePipeline',
      typeProperties: { pipeline: { referenceName: 'child', type: 'PipelineReference' }, waitOnCompletion },
    });
    await e.pipeline('parent', { activities: [exec('Waiting', true), exec('FireAndForget', false)] });
    const r = await e.run('parent');
    expect(r.byName('Waiting')[0].error).toMatchObject({
      errorCode: 'E42',
      message: 'Activity Inner failed: Inner failed',
      target: 'Waiting',
    });
    expect(r.status('FireAndForget')).toBe('Succeeded');
  });

  it('Wait, SetVariable type checks, AppendVariable on a non-array, Filter output', async () => {
    await e.pipeline('p', {
      variables: { s: { type: 'String' }, b: { type: 'Bool' } },
      activities: [
        wait('W', '@add(1, 2)'),
        setVar('BadType', 'b', 'yes'),
        append('NotArray', 's', 'x'),
        setVar('Undeclared', 'nope', 'x'),
        { name: 'F', type: 'Filter', typeProperties: { items: '@range(0, 6)', condition: '@greater(item(), 3)' } },
        setVar('UseF', 's', "@string(activity('F').output.value)", after('F', 'Succeeded')),
      ],
    });
    const r = await e.run('p');
    expect(r.byName('W')[0].durationInMs).toBe(3000);
    expect(r.status('BadType')).toBe('Failed');
    expect(r.status('NotArray')).toBe('Failed');
    expect(r.status('Undeclared')).toBe('Failed');
    expect(r.byName('F')[0].output).toEqual({ ItemsCount: 6, FilteredItemsCount: 2, Value: [4, 5] });
    expect(r.byName('UseF')[0].output.value).toBe('[4,5]');
  });

  it.each([
    [{ message: 'boom', errorCode: 'E1' }, 'E1', 'boom'],
    [{ errorCode: 'E1' }, 'E1', "Fail message wasn't provided"],
    [{ message: '', errorCode: 'E1' }, 'E1', 'Failed to interpret Stop fail message or error code'],
    [
      { message: '@createArray(1)', errorCode: 'E1' },
      'E1',
      "Stop fail message parameter couldn't be interpreted as a string",
    ],
    [{ message: 'boom', errorCode: '@add(1, 1)' }, 'ErrorCodeNotString', 'boom'],
    [{ message: 'boom' }, 'ErrorCodeNotString', 'boom'],
    [
      { message: "@variables('nope')", errorCode: "@variables('nope')" },
      'ErrorCodeNotString',
      'Failed to interpret Stop fail message or error code',
    ],
  ])('Fail: its documented edge cases (%#)', async (typeProperties, code, message) => {
    await e.pipeline('p', { activities: [{ name: 'Stop', type: 'Fail', typeProperties }] });
    const r = await e.run('p');
    expect(r.byName('Stop')[0].error).toMatchObject({ errorCode: code, message, failureType: 'UserError' });
    expect(r.run.status).toBe('Failed');
  });

  it('system variables and activity outputs in expressions', async () => {
    await e.pipeline('p', {
      variables: { v: { type: 'String' } },
      activities: [
        wait('W'),
        setVar(
          'S',
          'v',
          "@{pipeline().DataFactory}|@{pipeline().Pipeline}|@{equals(pipeline().RunId, pipeline().GroupId)}|@{pipeline().TriggerType}|@{activity('W').Status}",
          after('W', 'Succeeded'),
        ),
      ],
    });
    const r = await e.run('p');
    expect(r.byName('S')[0].output.value).toBe('df-test|p|True|Manual|Succeeded');
  });
});

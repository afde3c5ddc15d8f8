import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/manifest/types.js';
import { maskSecureActivityRuns } from '../../src/runs/secure.js';
import type { ActivityRun } from '../../src/runs/types.js';

// Only `resources` is read: a partial project is enough here.
const project = {
  resources: [
    {
      kind: 'Pipeline',
      name: 'Nightly',
      properties: {
        activities: [
          { name: 'GetKey', type: 'WebActivity', policy: { secureOutput: true } },
          {
            name: 'Each',
            type: 'ForEach',
            typeProperties: {
              activities: [{ name: 'CallApi', type: 'WebActivity', policy: { secureInput: true } }],
            },
          },
          { name: 'Log', type: 'SetVariable' },
        ],
      },
    },
  ],
} as unknown as Project;

const act = (activityName: string): ActivityRun => ({
  activityRunId: activityName,
  activityName,
  activityType: 'WebActivity',
  status: 'Succeeded',
  input: { body: 'key=s3cr3t' },
  output: { value: 's3cr3t' },
});

describe('runs show / run --wait: secured activity inputs and outputs are not printed', () => {
  it('masks by the project pipeline policy, inner activities included; others untouched', () => {
    const out = maskSecureActivityRuns(project, 'nightly', [act('GetKey'), act('callapi'), act('Log')]);
    expect(out.map((a) => [a.input, a.output])).toEqual([
      [{ body: 'key=s3cr3t' }, '**********'],
      ['**********', { value: 's3cr3t' }],
      [{ body: 'key=s3cr3t' }, { value: 's3cr3t' }],
    ]);
    expect(maskSecureActivityRuns(undefined, 'Nightly', [act('GetKey')])[0].output).toEqual({ value: 's3cr3t' });
  });
});

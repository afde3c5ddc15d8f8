import { describe, expect, it } from 'vitest';
import { after, fail, useRunEmulator } from './runs-helpers.js';

const SECRET = 'pa55-from-the-vault';

describe('activity secureInput / secureOutput', () => {
  const e = useRunEmulator(() => ({ stubs: [{ activity: 'GetSecret', output: { value: SECRET } }] }));

  it('secured inputs and outputs are masked in activity runs; expressions still see the values', async () => {
    await e.pipeline('p', {
      variables: { copy: { type: 'String' }, plain: { type: 'String' } },
      activities: [
        { name: 'GetSecret', type: 'WebActivity', policy: { secureOutput: true }, typeProperties: { url: 'x' } },
        {
          name: 'Use',
          type: 'SetVariable',
          policy: { secureInput: true, secureOutput: true },
          typeProperties: { variableName: 'copy', value: "@activity('GetSecret').output.value" },
          ...after('GetSecret', 'Succeeded'),
        },
        {
          name: 'Check',
          type: 'SetVariable',
          typeProperties: { variableName: 'plain', value: "@{equals(variables('copy'), '" + SECRET + "')}" },
          ...after('Use', 'Succeeded'),
        },
      ],
    });
    const shown = await e.run('p');
    expect(shown.run.status).toBe('Succeeded');
    expect(shown.byName('GetSecret')[0]).toMatchObject({ output: '**********', input: {} });
    expect(shown.byName('Use')[0]).toMatchObject({ input: '**********', output: '**********' });
    expect(shown.byName('Check')[0].output.value).toBe('True');
    expect(JSON.stringify(shown.activities)).not.toContain(SECRET);
  });

  it('a recovery rerun runs a secure-output activity again (its output was never kept)', async () => {
    await e.pipeline('q', {
      variables: { v: { type: 'String' } },
      activities: [
        { name: 'GetSecret', type: 'WebActivity', policy: { secureOutput: true }, typeProperties: { url: 'x' } },
        { name: 'Plain', type: 'SetVariable', typeProperties: { variableName: 'v', value: 'x' } },
        fail('Boom', after('GetSecret', 'Succeeded')),
      ],
    });
    const first = await e.run('q');
    expect(first.run.status).toBe('Failed');
    const rerun = await e.run(
      'q',
      undefined,
      `referencePipelineRunId=${first.run.runId}&isRecovery=true&startFromFailure=true`,
    );
    expect(rerun.status('GetSecret')).toBe('Succeeded');
    expect(rerun.status('Plain')).toBe('none');
    expect(rerun.status('Boom')).toBe('Failed');
  });
});

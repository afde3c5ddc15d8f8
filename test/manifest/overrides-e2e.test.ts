import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { factoryPath, resourcePath } from '../../src/arm/paths.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { emulatorClient } from '../plan/seed.js';
import { writeProject } from './override-project.js';

const TARGET = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'rg-envs',
  factoryName: 'adf-envs-test',
};

let emulator: RunningEmulator;
let dir: string;
beforeEach(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  dir = writeProject(`environments:
  prod:
    overrides:
      - { target: Dataset/DS_*, path: typeProperties.location.container, value: prod }
      - { target: Pipeline/PL_Copy, path: 'activities["Pause"].typeProperties.waitTimeInSeconds', value: 1 }
    triggers:
      TR_Daily: stopped
    globalParameters:
      envName: production
`);
});
afterEach(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function live(kind: 'Dataset' | 'Pipeline' | 'Trigger', name: string): Promise<any> {
  const r = await emulatorClient(emulator.url).request<any>('GET', resourcePath(TARGET, { kind, name }));
  return r.body.properties;
}

describe('overrides end to end against the emulator (issue 18)', () => {
  it('plan lists the overrides, apply deploys the overridden values, and the next plan is clean', async () => {
    const conn = ['--endpoint', emulator.url, '--env', 'prod'];
    const plan = await runCli(['plan', dir, ...conn]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(
      'Overrides of environment prod: Dataset/DS_* (2 objects): set typeProperties.location.container (adf-deploy.yaml:15);',
    );
    expect(plan.stdout).toContain(
      'Trigger/TR_Daily: stopped (adf-deploy.yaml:18); global parameter envName: set value',
    );
    const json = await runCli(['plan', dir, ...conn, '--json']);
    expect(JSON.parse(json.stdout).source.overrides).toHaveLength(4);

    const applied = await runCli(['apply', dir, ...conn, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await live('Dataset', 'DS_Out')).typeProperties.location.container).toBe('prod');
    expect((await live('Pipeline', 'PL_Copy')).activities[0].typeProperties.waitTimeInSeconds).toBe(1);
    // Kept stopped in this environment although its file says Started.
    expect((await live('Trigger', 'TR_Daily')).runtimeState).toBe('Stopped');
    const factory = await emulatorClient(emulator.url).request<any>('GET', factoryPath(TARGET));
    expect(factory.body.properties.globalParameters.envName.value).toBe('production');

    const again = await runCli(['plan', dir, ...conn, '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
  });
});

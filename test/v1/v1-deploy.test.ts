import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../../src/arm/client.js';
import type { ArmClient } from '../../src/arm/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { applyV1, planV1, planV1Destroy, renderV1Plan, v1FactoryPath } from '../../src/v1/deploy.js';
import { loadV1Project, type V1Project } from '../../src/v1/project.js';
import { listActivityWindows } from '../../src/v1/windows.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

const target = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'adf-v1-example',
  factoryName: 'v1-copy-example',
};
let emulator: RunningEmulator;
let client: ArmClient;
const clock = { now: Date.parse('2016-08-25T03:30:00Z') };

function example(): V1Project {
  const { project } = loadV1Project(path.join(PROJECT_ROOT, 'examples/v1-copy'));
  if (!project) throw new Error('example did not load');
  return project;
}

beforeEach(async () => {
  clock.now = Date.parse('2016-08-25T03:30:00Z');
  emulator = await startEmulator({ port: 0, throttle: 'off', now: () => clock.now });
  client = createArmClient({ endpoint: emulator.url, token: 't', maxRetries: 0 });
});
afterEach(async () => emulator.close());

describe('V1 plan / apply / destroy over real HTTP', () => {
  it('round trip: plan creates everything, apply, re-plan is clean, windows appear, destroy removes what was declared', async () => {
    const project = example();
    const plan = await planV1(client, project, target);
    expect(plan.changes.map((c) => `${c.action} ${c.kind}/${c.name}`)).toEqual([
      'create factory/v1-copy-example',
      'create linkedservices/StorageLinkedService',
      'create datasets/InputBlob',
      'create datasets/OutputBlob',
      'create datapipelines/HourlyCopy',
    ]);
    await applyV1(client, plan);
    const again = await planV1(client, project, target);
    expect(renderV1Plan(again)).toBe('No changes: data factory v1-copy-example matches the manifests.\n');
    const ws = await listActivityWindows(client, target, { orderBy: 'WindowStart' });
    expect(ws.map((w) => [w.windowStart, w.windowState])).toEqual([
      ['2016-08-25T00:00:00Z', 'Ready'],
      ['2016-08-25T01:00:00Z', 'Ready'],
      ['2016-08-25T02:00:00Z', 'Ready'],
      ['2016-08-25T03:00:00Z', 'Waiting'],
    ]);
    const destroy = await planV1Destroy(client, project, target, true);
    expect(destroy.changes.map((c) => `${c.action} ${c.kind}/${c.name}`)).toEqual([
      'delete datapipelines/HourlyCopy',
      'delete datasets/InputBlob',
      'delete datasets/OutputBlob',
      'delete linkedservices/StorageLinkedService',
      'delete factory/v1-copy-example',
    ]);
    await applyV1(client, destroy);
    expect((await planV1(client, project, target)).changes).toHaveLength(5);
  });

  it('a change is an update; a change made after the plan fails with 412 (If-Match), not overwritten', async () => {
    const project = example();
    await applyV1(client, await planV1(client, project, target));
    const pipeline = project.resources.find((r) => r.name === 'HourlyCopy');
    if (!pipeline) throw new Error('no pipeline');
    pipeline.properties.isPaused = true;
    const plan = await planV1(client, project, target);
    expect(plan.changes.map((c) => `${c.action} ${c.kind}/${c.name}`)).toEqual(['update datapipelines/HourlyCopy']);
    expect(renderV1Plan(plan)).toContain('~ datapipelines/HourlyCopy');
    // Someone else writes the pipeline between plan and apply.
    const path = `${v1FactoryPath(target)}/datapipelines/HourlyCopy`;
    const live = await client.request<{ properties: unknown }>('GET', path, { query: { 'api-version': '2015-10-01' } });
    await client.request('PUT', path, {
      query: { 'api-version': '2015-10-01' },
      body: { name: 'HourlyCopy', properties: { ...(live.body.properties as object), description: 'theirs' } },
    });
    await expect(applyV1(client, plan)).rejects.toMatchObject({ status: 412 });
    const after = await client.request<{ properties: { description: string } }>('GET', path, {
      query: { 'api-version': '2015-10-01' },
    });
    expect(after.body.properties.description).toBe('theirs');
  });

  it('unmanaged live resources are reported and left alone', async () => {
    const project = example();
    await applyV1(client, await planV1(client, project, target));
    await client.request('PUT', `${v1FactoryPath(target)}/linkedservices/Other`, {
      query: { 'api-version': '2015-10-01' },
      body: { name: 'Other', properties: { type: 'AzureStorage' } },
    });
    const plan = await planV1(client, project, target);
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged).toEqual(['linkedservices/Other']);
  });

  it('the client follows every nextLink of activity windows (more than one page)', async () => {
    const project = example();
    const pipeline = project.resources.find((r) => r.name === 'HourlyCopy');
    if (!pipeline) throw new Error('no pipeline');
    pipeline.properties.end = '2016-08-30T00:00:00Z';
    clock.now = Date.parse('2016-09-01T00:00:00Z');
    await applyV1(client, await planV1(client, project, target));
    const ws = await listActivityWindows(client, target, { pipeline: 'HourlyCopy', orderBy: 'WindowStart desc' });
    expect(ws).toHaveLength(5 * 24);
    expect(ws[0].windowStart).toBe('2016-08-29T23:00:00Z');
    expect(await listActivityWindows(client, target, { filter: "WindowState ne 'Ready'" })).toEqual([]);
    expect(await listActivityWindows(client, target, { top: 101 })).toHaveLength(101);
  });
});

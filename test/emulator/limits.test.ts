import { describe, expect, it } from 'vitest';
import { memoryIo, type CliContext } from '../../src/cli/context.js';
import { openConnection } from '../../src/cli/connection.js';
import type { Project } from '../../src/manifest/types.js';
import { runCli } from '../helpers/cli.js';
import { writeTmpProject } from '../validate/tmp-project.js';
import { client, F, seedFactory, useEmulator } from './helpers.js';
import { spawnEmulator } from './spawn.js';

const dataset = (bytes: number) => ({
  properties: {
    type: 'Json',
    linkedServiceName: { referenceName: 'ls', type: 'LinkedServiceReference' },
    description: 'x'.repeat(bytes),
  },
});
const ls = (bytes = 0) => ({
  properties: { type: 'AzureBlobStorage', typeProperties: {}, description: 'x'.repeat(bytes) },
});

describe('raised limits (a factory whose limits Azure support raised)', () => {
  const t = useEmulator({ maxEntitiesPerFactory: 4, maxObjectKB: 150 });

  it('maxEntitiesPerFactory: the option is the limit, not 5,000', async () => {
    await seedFactory(t.call);
    for (const n of ['a', 'b', 'c', 'd'])
      expect((await t.call('PUT', `${F()}/pipelines/${n}`, { properties: {} })).status).toBe(200);
    const r = await t.call('PUT', `${F()}/pipelines/e`, { properties: {} });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/already holds 4 entities/);
  });

  it('maxObjectKB: datasets and linked services up to the raised size, pipelines keep 200 KB', async () => {
    await seedFactory(t.call);
    expect((await t.call('PUT', `${F()}/linkedservices/ls`, ls(120 * 1024))).status).toBe(200);
    expect((await t.call('PUT', `${F()}/datasets/big`, dataset(140 * 1024))).status).toBe(200);
    const over = await t.call('PUT', `${F()}/datasets/big`, dataset(150 * 1024));
    expect(over.status).toBe(400);
    expect(over.body.error.message).toMatch(`the limit per dataset is ${150 * 1024} bytes`);
    const pipeline = await t.call('PUT', `${F()}/pipelines/p`, { properties: { description: 'x'.repeat(200 * 1024) } });
    expect(pipeline.body.error.message).toMatch(`the limit per pipeline is ${200 * 1024} bytes`);
  });
});

describe('emulator --max-entities / --max-object-kb', () => {
  it('reach the emulator; bad values are refused', async () => {
    const { url, child, done } = await spawnEmulator(['--in-memory', '--max-entities', '2', '--max-object-kb', '120']);
    const call = client(() => url);
    await seedFactory(call);
    expect((await call('PUT', `${F()}/linkedservices/ls`, ls(110 * 1024))).status).toBe(200);
    expect((await call('PUT', `${F()}/pipelines/a`, { properties: {} })).status).toBe(200);
    const r = await call('PUT', `${F()}/pipelines/b`, { properties: {} });
    expect(r.body.error.message).toMatch(/already holds 2 entities/);
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
    for (const flag of ['--max-entities', '--max-object-kb']) {
      const bad = await runCli(['emulator', flag, '0', '--port', '0']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`${flag}: '0' is not a valid value`);
    }
  }, 60_000);
});

describe('--local: the embedded emulator models the project’s factory', () => {
  const ctx: CliContext = { io: memoryIo(), env: {}, cwd: '/', exitCode: 0, signal: new AbortController().signal };
  const project = (limits: Project['limits']): Project => ({
    root: writeTmpProject({}),
    configFile: 'adf-deploy.yaml',
    factory: { name: 'df-test', location: 'westeurope' },
    target: { subscriptionId: '11111111-2222-3333-4444-555555555555', resourceGroup: 'rg-test' },
    external: [],
    resources: [],
    locate: () => undefined,
    ...(limits ? { limits } : {}),
  });

  it('is seeded with the declared entity and object size limits', async () => {
    const conn = await openConnection(
      project({ entitiesPerFactory: { value: 2, path: [] }, objectSizeKB: { value: 150, path: [] } }),
      { local: true },
      ctx,
    );
    try {
      const call = client(() => conn.target.endpoint);
      await seedFactory(call);
      expect((await call('PUT', `${F()}/linkedservices/ls`, ls(120 * 1024))).status).toBe(200);
      expect((await call('PUT', `${F()}/pipelines/a`, { properties: {} })).status).toBe(200);
      const r = await call('PUT', `${F()}/pipelines/b`, { properties: {} });
      expect(r.body.error.message).toMatch(/already holds 2 entities/);
    } finally {
      await conn.close();
    }
  });

  it('keeps ADF’s defaults when the project declares none', async () => {
    const conn = await openConnection(project(undefined), { local: true }, ctx);
    try {
      const call = client(() => conn.target.endpoint);
      await seedFactory(call);
      const r = await call('PUT', `${F()}/linkedservices/ls`, ls(120 * 1024));
      expect(r.body.error.message).toMatch(`the limit per linked service is ${100 * 1024} bytes`);
    } finally {
      await conn.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { client, useEmulator } from './helpers.js';
import { DF, seedCopy, v1 } from './v1-helpers.js';

describe('V1 linked services, datasets and datapipelines', () => {
  const env = useEmulator();
  const call = v1(env.call);

  it('PUT, GET, list and DELETE in V1 JSON; names are case-insensitive', async () => {
    await seedCopy(call);
    const ds = await call('GET', `${DF()}/datasets/out`);
    expect(ds.status).toBe(200);
    expect(ds.body.name).toBe('Out');
    expect(ds.body.properties.availability).toEqual({ frequency: 'Hour', interval: 1 });
    expect(ds.headers.get('etag')).toMatch(/^".+"$/);
    const list = await call('GET', `${DF()}/datasets`);
    expect(list.body.value.map((d: { name: string }) => d.name)).toEqual(['In', 'Out']);
    const p = await call('GET', `${DF()}/datapipelines/CopyPipeline`);
    expect(p.body.properties.start).toBe('2016-08-25T08:00:00Z');
    expect((await call('DELETE', `${DF()}/datapipelines/CopyPipeline`)).status).toBe(200);
    expect((await call('GET', `${DF()}/datapipelines/CopyPipeline`)).status).toBe(404);
    expect((await call('DELETE', `${DF()}/datapipelines/CopyPipeline`)).status).toBe(204);
  });

  it('references are checked on write and on delete', async () => {
    await seedCopy(call);
    const noLs = await call('PUT', `${DF()}/datasets/X`, {
      name: 'X',
      properties: { type: 'AzureBlob', linkedServiceName: 'Nope', availability: { frequency: 'Hour', interval: 1 } },
    });
    expect(noLs.status).toBe(400);
    expect(noLs.body.error.message).toMatch(/invalid reference 'Nope' \(properties.linkedServiceName\)/);
    const noDs = await call('PUT', `${DF()}/datapipelines/P2`, {
      name: 'P2',
      properties: { activities: [{ name: 'a', type: 'Copy', inputs: [{ name: 'Missing' }], outputs: [] }] },
    });
    expect(noDs.status).toBe(400);
    expect(noDs.body.error.message).toMatch(/'Missing' \(properties.activities\[0\].inputs\[0\]\)/);
    const inUse = await call('DELETE', `${DF()}/datasets/In`);
    expect(inUse.status).toBe(400);
    expect(inUse.body.error.message).toMatch(/referenced by pipeline 'CopyPipeline'/);
    expect((await call('DELETE', `${DF()}/linkedservices/Storage`)).body.error.message).toMatch(
      /referenced by dataset 'In'/,
    );
  });

  it('V1 shape rules: availability required, start and end together, entity names', async () => {
    await seedCopy(call);
    const noAvail = await call('PUT', `${DF()}/datasets/X`, {
      name: 'X',
      properties: { type: 'AzureBlob', linkedServiceName: 'Storage' },
    });
    expect(noAvail.body.error.message).toMatch(/needs 'properties.availability'/);
    const badFreq = await call('PUT', `${DF()}/datasets/X`, {
      name: 'X',
      properties: {
        type: 'AzureBlob',
        linkedServiceName: 'Storage',
        availability: { frequency: 'Hourly', interval: 1 },
      },
    });
    expect(badFreq.body.error.message).toMatch(/frequency must be one of/);
    const half = await call('PUT', `${DF()}/datapipelines/P`, {
      name: 'P',
      properties: { start: '2016-01-01T00:00:00Z', activities: [] },
    });
    expect(half.body.error.message).toMatch(/'start' and 'end' must be given together/);
    const badName = await call('PUT', `${DF()}/linkedservices/a.b`, {
      name: 'a.b',
      properties: { type: 'AzureStorage' },
    });
    expect(badName.status).toBe(400);
    expect(badName.body.error.code).toBe('InvalidResourceName');
    expect((await call('GET', `${DF('df-none')}/datasets`)).status).toBe(404);
  });

  it('If-Match on entities: a stale etag is 412', async () => {
    await seedCopy(call);
    const ls = await call('GET', `${DF()}/linkedservices/Storage`);
    const etag = ls.headers.get('etag') ?? '';
    await call('PUT', `${DF()}/linkedservices/Storage`, { name: 'Storage', properties: { type: 'AzureStorage' } });
    expect(
      (
        await call(
          'PUT',
          `${DF()}/linkedservices/Storage`,
          { properties: { type: 'AzureStorage' } },
          { 'if-match': etag },
        )
      ).status,
    ).toBe(412);
  });
});

describe('V1 state with a data directory', () => {
  it('V1 state survives a restart (v1-state.json)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'v1-data-'));
    try {
      let emulator = await startEmulator({ port: 0, throttle: 'off', dataDir: dir });
      await seedCopy(v1(client(() => emulator.url)));
      await emulator.close();
      emulator = await startEmulator({ port: 0, throttle: 'off', dataDir: dir });
      const call = v1(client(() => emulator.url));
      expect((await call('GET', `${DF()}/datapipelines/CopyPipeline`)).body.properties.activities[0].name).toBe('Copy');
      expect((await call('GET', DF())).body.location).toBe('westus');
      await emulator.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

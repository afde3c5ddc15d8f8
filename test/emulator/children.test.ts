import { describe, expect, it } from 'vitest';
import { F, LS, seedFactory, useEmulator } from './helpers.js';

const KINDS: Array<[string, string, Record<string, unknown>, string]> = [
  ['linkedservices', 'ls1', LS().body, 'Microsoft.DataFactory/factories/linkedservices'],
  ['pipelines', 'p1', { properties: { activities: [] } }, 'Microsoft.DataFactory/factories/pipelines'],
  [
    'triggers',
    't1',
    { properties: { type: 'ScheduleTrigger', pipelines: [] } },
    'Microsoft.DataFactory/factories/triggers',
  ],
  ['dataflows', 'df1', { properties: { type: 'MappingDataFlow' } }, 'Microsoft.DataFactory/factories/dataflows'],
  [
    'integrationRuntimes',
    'ir-one',
    { properties: { type: 'SelfHosted' } },
    'Microsoft.DataFactory/factories/integrationruntimes',
  ],
  ['credentials', 'cred1', { properties: { type: 'ManagedIdentity' } }, 'Microsoft.DataFactory/factories/credentials'],
  ['managedVirtualNetworks', 'default', { properties: {} }, 'Microsoft.DataFactory/factories/managedVirtualNetworks'],
  [
    'globalParameters',
    'default',
    { properties: { p: { type: 'String', value: 'v' } } },
    'Microsoft.DataFactory/factories/globalParameters',
  ],
];

describe('child resources', () => {
  const t = useEmulator({ maxEntitiesPerFactory: 3 });

  it.each(KINDS)('CRUD per kind: %s', async (segment, name, body, type) => {
    await seedFactory(t.call);
    const put = await t.call('PUT', `${F()}/${segment}/${name}`, body);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name, type, etag: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const get = await t.call('GET', `${F()}/${segment}/${name}`);
    expect(get.status).toBe(200);
    expect(get.body).toEqual(put.body);
    const list = await t.call('GET', `${F()}/${segment}`);
    expect(list.body.value).toEqual([put.body]);
    const del = await t.call('DELETE', `${F()}/${segment}/${name}`);
    if (segment === 'managedVirtualNetworks') {
      expect(del.status).toBe(405);
      expect(del.body.error.code).toBe('MethodNotAllowed');
    } else {
      expect(del.status).toBe(200);
      expect((await t.call('GET', `${F()}/${segment}/${name}`)).status).toBe(404);
    }
  });

  it('CRUD per kind: managed private endpoints under a VNet', async () => {
    await seedFactory(t.call);
    await t.call('PUT', `${F()}/managedVirtualNetworks/default`, {});
    const path = `${F()}/managedVirtualNetworks/default/managedPrivateEndpoints/pe1`;
    const put = await t.call('PUT', path, { properties: { privateLinkResourceId: '/x', groupId: 'blob' } });
    expect(put.status).toBe(200);
    expect(put.body.id).toBe(`${F()}/managedVirtualNetworks/default/managedPrivateEndpoints/pe1`);
    expect(put.body.type).toBe('Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints');
    expect((await t.call('GET', `${F()}/managedVirtualNetworks/DEFAULT/managedPrivateEndpoints`)).body.value).toEqual([
      put.body,
    ]);
    expect((await t.call('DELETE', path)).status).toBe(200);
    expect((await t.call('GET', path)).status).toBe(404);
  });

  it('documents are kept verbatim', async () => {
    await seedFactory(t.call);
    const sent = {
      name: 'ignored',
      id: '/bogus',
      etag: 'old',
      properties: { zeta: 1, alpha: { b: [3, 1, 2], a: null }, Type: 'Odd', description: '' },
    };
    const r = await t.call('PUT', `${F()}/pipelines/p1`, sent);
    expect(Object.keys(r.body)).toEqual(['id', 'name', 'type', 'properties', 'etag']);
    expect(r.body.id).toBe(`${F()}/pipelines/p1`);
    expect(r.body.name).toBe('p1');
    expect(r.body.etag).not.toBe('old');
    expect(JSON.stringify(r.body.properties)).toBe(JSON.stringify(sent.properties));
    const ir = await t.call('PUT', `${F()}/integrationRuntimes/ir-one`, { properties: { type: 'Managed' } });
    expect(ir.body.id).toBe(`${F()}/integrationruntimes/ir-one`);
  });

  it('new etag on every write', async () => {
    await seedFactory(t.call);
    const etags = new Set<string>();
    for (let i = 0; i < 3; i++)
      etags.add((await t.call('PUT', `${F()}/pipelines/p1`, { properties: { activities: [] } })).body.etag);
    expect(etags.size).toBe(3);
  });

  it.each([
    ['the current etag', (e: string) => e, 200],
    ['the current etag quoted', (e: string) => `"${e}"`, 200],
    ['*', () => '*', 200],
    ['another etag', () => '00000000-0000-0000-0000-000000000000', 412],
  ])('If-Match: %s', async (_n, value, status) => {
    await seedFactory(t.call);
    const first = await t.call('PUT', `${F()}/pipelines/p1`, { properties: {} });
    const r = await t.call(
      'PUT',
      `${F()}/pipelines/p1`,
      { properties: { description: 'x' } },
      { headers: { 'if-match': value(first.body.etag) } },
    );
    expect(r.status).toBe(status);
    if (status === 412) {
      expect(r.body.error.code).toBe('PreconditionFailed');
      expect((await t.call('GET', `${F()}/pipelines/p1`)).body.properties).toEqual({});
    }
  });

  it('If-Match: on a missing resource, and If-None-Match * on an existing one', async () => {
    await seedFactory(t.call);
    expect(
      (await t.call('PUT', `${F()}/pipelines/p1`, { properties: {} }, { headers: { 'if-match': '*' } })).status,
    ).toBe(412);
    expect(
      (await t.call('PUT', `${F()}/pipelines/p1`, { properties: {} }, { headers: { 'if-none-match': '*' } })).status,
    ).toBe(200);
    const again = await t.call('PUT', `${F()}/pipelines/p1`, { properties: {} }, { headers: { 'if-none-match': '*' } });
    expect(again.status).toBe(412);
    expect(again.body.error.code).toBe('PreconditionFailed');
  });

  it('If-Match: on DELETE', async () => {
    await seedFactory(t.call);
    const put = await t.call('PUT', `${F()}/pipelines/p1`, { properties: {} });
    const stale = await t.call('DELETE', `${F()}/pipelines/p1`, undefined, {
      headers: { 'if-match': '00000000-0000-0000-0000-000000000000' },
    });
    expect([stale.status, stale.body.error.code]).toEqual([412, 'PreconditionFailed']);
    expect(
      (await t.call('DELETE', `${F()}/pipelines/p1`, undefined, { headers: { 'if-match': `"${put.body.etag}"` } }))
        .status,
    ).toBe(200);
    // Already absent: the delete is done, whatever the If-Match.
    expect(
      (await t.call('DELETE', `${F()}/pipelines/p1`, undefined, { headers: { 'if-match': put.body.etag } })).status,
    ).toBe(204);
    const factory = await t.call('GET', F());
    expect((await t.call('DELETE', F(), undefined, { headers: { 'if-match': '"nope"' } })).status).toBe(412);
    expect((await t.call('DELETE', F(), undefined, { headers: { 'if-match': factory.body.eTag } })).status).toBe(200);
  });

  it.each([
    ['linkedservices', 'ls1', LS().body, 304],
    ['pipelines', 'p1', { properties: {} }, 304],
    ['integrationRuntimes', 'ir-one', { properties: { type: 'SelfHosted' } }, 304],
    ['dataflows', 'df1', { properties: { type: 'MappingDataFlow' } }, 200],
    ['credentials', 'c1', { properties: { type: 'ManagedIdentity' } }, 304],
    ['managedVirtualNetworks', 'default', {}, 304],
  ])('If-None-Match: %s answers %s', async (segment, name, body, status) => {
    await seedFactory(t.call);
    const put = await t.call('PUT', `${F()}/${segment}/${name}`, body);
    const r = await t.call('GET', `${F()}/${segment}/${name}`, undefined, {
      headers: { 'if-none-match': put.body.etag },
    });
    expect(r.status).toBe(status);
    if (status === 304) expect(r.text).toBe('');
  });

  it('missing child and DELETE codes', async () => {
    await seedFactory(t.call);
    const r = await t.call('GET', `${F()}/pipelines/ghost`);
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({
      code: 'NotFound',
      message: "The pipeline 'ghost' was not found in factory 'df-test'.",
    });
    expect((await t.call('DELETE', `${F()}/pipelines/ghost`)).status).toBe(204);
    await t.call('PUT', `${F()}/pipelines/real`, { properties: {} });
    expect((await t.call('DELETE', `${F()}/pipelines/REAL`)).status).toBe(200);
  });

  it.each([
    ['pipelines', 'has.dot'],
    ['pipelines', 'x'.repeat(261)],
    ['datasets', '-ok-but?not'],
    ['integrationRuntimes', 'ir_underscore'],
    ['integrationRuntimes', 'ab'],
    ['credentials', 'c'.repeat(128)],
    ['managedVirtualNetworks', '-lead'],
  ])('name rules: %s %s', async (segment, name) => {
    await seedFactory(t.call);
    const r = await t.call('PUT', `${F()}/${segment}/${encodeURIComponent(name)}`, { properties: { type: 'X' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('InvalidResourceName');
  });

  it('name rules: names with spaces and non-ASCII are fine', async () => {
    await seedFactory(t.call);
    const name = 'Copy données 2';
    const r = await t.call('PUT', `${F()}/pipelines/${encodeURIComponent(name)}`, { properties: {} });
    expect(r.status).toBe(200);
    expect(r.body.name).toBe(name);
  });

  it('properties required', async () => {
    await seedFactory(t.call);
    for (const body of [{}, { properties: 'x' }]) {
      const r = await t.call('PUT', `${F()}/pipelines/p1`, body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('BadRequest');
    }
    expect((await t.call('PUT', `${F()}/managedVirtualNetworks/default`, {})).status).toBe(200);
  });

  it.each([
    ['pipelines', 200 * 1024],
    ['datasets', 100 * 1024],
    ['linkedservices', 100 * 1024],
  ])('size limits: %s over %i bytes', async (segment, limit) => {
    await seedFactory(t.call);
    const body = (n: number) => ({ properties: { type: 'Wait', description: 'x'.repeat(n) } });
    const over = await t.call('PUT', `${F()}/${segment}/big`, body(limit));
    expect(over.status).toBe(400);
    expect(over.body.error.message).toMatch(new RegExp(`limit per .* is ${limit} bytes`));
    expect((await t.call('PUT', `${F()}/${segment}/big`, body(limit - 100))).status).toBe(200);
  });

  it('entity limit', async () => {
    await seedFactory(t.call);
    for (const n of ['a', 'b', 'c'])
      expect((await t.call('PUT', `${F()}/pipelines/${n}`, { properties: {} })).status).toBe(200);
    const r = await t.call('PUT', `${F()}/pipelines/d`, { properties: {} });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/already holds 3 entities/);
    expect((await t.call('PUT', `${F()}/pipelines/a`, { properties: { description: 'update is fine' } })).status).toBe(
      200,
    );
    await t.call('DELETE', `${F()}/pipelines/a`);
    expect((await t.call('PUT', `${F()}/pipelines/d`, { properties: {} })).status).toBe(200);
  });

  it('private endpoint needs its VNet', async () => {
    await seedFactory(t.call);
    const r = await t.call('PUT', `${F()}/managedVirtualNetworks/nope/managedPrivateEndpoints/pe1`, { properties: {} });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'NotFound', message: expect.stringContaining("'nope'") });
  });

  it('re-PUT keeps the first name casing', async () => {
    await seedFactory(t.call);
    await t.call('PUT', `${F()}/pipelines/MyPipe`, { properties: {} });
    const r = await t.call('PUT', `${F()}/pipelines/mypipe`, { properties: { description: 'v2' } });
    expect(r.body.name).toBe('MyPipe');
    expect(r.body.id).toBe(`${F()}/pipelines/MyPipe`);
    expect((await t.call('GET', `${F()}/pipelines`)).body.value).toHaveLength(1);
  });
});

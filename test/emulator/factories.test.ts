import { describe, expect, it } from 'vitest';
import { F, LS, RG, SUB, useEmulator } from './helpers.js';

describe('factories', () => {
  const t = useEmulator({ pageSize: 2 });

  it('PUT returns the document plus server fields', async () => {
    const sent = { location: 'East US', properties: { publicNetworkAccess: 'Enabled' } };
    const r = await t.call('PUT', F('df-one'), sent);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['name', 'id', 'type', 'properties', 'eTag', 'location', 'tags']);
    expect(r.body).toMatchObject({
      name: 'df-one',
      id: F('df-one'),
      type: 'Microsoft.DataFactory/factories',
      location: 'East US',
      tags: {},
      properties: { publicNetworkAccess: 'Enabled', provisioningState: 'Succeeded', version: '2018-06-01' },
    });
    expect(Date.parse(r.body.properties.createTime)).not.toBeNaN();
    expect(r.body.eTag).toMatch(/^"[0-9a-f-]{36}"$/);
    const again = await t.call('PUT', F('df-one'), { ...sent, tags: { env: 'dev' } });
    expect(again.body.tags).toEqual({ env: 'dev' });
    expect(again.body.properties.createTime).toBe(r.body.properties.createTime);
    expect(again.body.eTag).not.toBe(r.body.eTag);
  });

  it.each([
    ['absent', {}],
    ['empty', { location: ' ' }],
  ])('location required: %s', async (_label, extra) => {
    const r = await t.call('PUT', F('df-noloc'), { properties: {}, ...extra });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('LocationRequired');
    expect((await t.call('GET', F('df-noloc'))).status).toBe(404);
  });

  it('system-assigned identity', async () => {
    const r = await t.call('PUT', F(), { location: 'x', identity: { type: 'SystemAssigned' } });
    expect(r.body.identity).toEqual({
      type: 'SystemAssigned',
      principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const again = await t.call('PUT', F(), { location: 'x', identity: { type: 'SystemAssigned' } });
    expect(again.body.identity).toEqual(r.body.identity);
    const none = await t.call('PUT', F('df-noid'), { location: 'x' });
    expect(none.body.identity).toBeUndefined();
  });

  it.each(['ab', 'bad_name', '-lead', 'trail-', 'double--dash', 'x'.repeat(64)])('name rule: %s', async (name) => {
    const r = await t.call('PUT', F(name), { location: 'x' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('InvalidResourceName');
    expect(r.body.error.message).toMatch(/3 to 63 characters/);
  });

  it('names are globally unique', async () => {
    expect((await t.call('PUT', F('Shared-DF'), { location: 'x' })).status).toBe(200);
    for (const path of [F('shared-df', 'other-sub'), F('SHARED-DF', SUB, 'other-rg')]) {
      const r = await t.call('PUT', path, { location: 'x' });
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({
        code: 'DataFactoryNameInUse',
        message: expect.stringMatching(
          /^The specified resource name '.*' is already in use\. Resource names must be globally unique\.$/,
        ),
      });
    }
    expect((await t.call('PUT', F('shared-df'), { location: 'x' })).status).toBe(200);
  });

  it('GET and If-None-Match', async () => {
    const put = await t.call('PUT', F(), { location: 'x' });
    const get = await t.call('GET', F());
    expect(get.status).toBe(200);
    expect(get.body).toEqual(put.body);
    const bare = put.body.eTag.replace(/"/g, '');
    for (const inm of [put.body.eTag, bare, '*']) {
      const r = await t.call('GET', F(), undefined, { headers: { 'if-none-match': inm } });
      expect(r.status).toBe(304);
      expect(r.text).toBe('');
    }
    expect((await t.call('GET', F(), undefined, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('missing factory', async () => {
    const message = `The Resource 'Microsoft.DataFactory/factories/ghost' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`;
    for (const [method, path] of [
      ['GET', F('ghost')],
      ['PATCH', F('ghost')],
      ['GET', `${F('ghost')}/pipelines`],
      ['PUT', `${F('ghost')}/linkedservices/ls`],
      ['DELETE', `${F('ghost')}/datasets/d`],
      ['POST', `${F('ghost')}/triggers/t/start`],
    ]) {
      const r = await t.call(method, path, method === 'GET' || method === 'DELETE' ? undefined : LS().body);
      expect([method, path, r.status]).toEqual([method, path, 404]);
      expect(r.body.error).toMatchObject({ code: 'ResourceNotFound', message });
    }
    // A factory of that name elsewhere does not exist here.
    await t.call('PUT', F('ghost', SUB, 'rg-other'), { location: 'x' });
    expect((await t.call('GET', F('ghost'))).status).toBe(404);
  });

  it('PATCH tags and identity', async () => {
    const put = await t.call('PUT', F(), { location: 'x', properties: { publicNetworkAccess: 'Disabled' } });
    const r = await t.call('PATCH', F(), { tags: { team: 'data' }, identity: { type: 'SystemAssigned' } });
    expect(r.status).toBe(200);
    expect(r.body.tags).toEqual({ team: 'data' });
    expect(r.body.identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.properties.publicNetworkAccess).toBe('Disabled');
    expect(r.body.location).toBe('x');
    expect(r.body.eTag).not.toBe(put.body.eTag);
  });

  it('DELETE', async () => {
    await t.call('PUT', F(), { location: 'x' });
    await t.call('PUT', `${F()}/linkedservices/ls`, LS().body);
    expect((await t.call('DELETE', F())).status).toBe(200);
    expect((await t.call('GET', F())).status).toBe(404);
    expect((await t.call('DELETE', F())).status).toBe(204);
    await t.call('PUT', F(), { location: 'x' });
    expect((await t.call('GET', `${F()}/linkedservices/ls`)).status).toBe(404);
  });

  it('list by resource group and subscription', async () => {
    for (const [name, rg] of [
      ['df-c', RG],
      ['df-a', RG],
      ['df-b', 'rg-two'],
      ['df-d', RG],
    ])
      await t.call('PUT', F(name, SUB, rg), { location: 'x' });
    await t.call('PUT', F('df-e', 'sub-other'), { location: 'x' });
    const all = async (path: string) => {
      const names: string[] = [];
      let next: string | undefined = path;
      while (next) {
        const r = await t.call('GET', next);
        expect(r.status).toBe(200);
        names.push(...r.body.value.map((f: { name: string }) => f.name));
        next = r.body.nextLink;
      }
      return names;
    };
    expect(await all(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories`)).toEqual([
      'df-a',
      'df-c',
      'df-d',
    ]);
    expect(await all(`/subscriptions/${SUB}/providers/Microsoft.DataFactory/factories`)).toEqual([
      'df-a',
      'df-b',
      'df-c',
      'df-d',
    ]);
  });
});

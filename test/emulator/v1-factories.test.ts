import { describe, expect, it } from 'vitest';
import { SUB, useEmulator } from './helpers.js';
import { DF, RG1, v1 } from './v1-helpers.js';

describe('V1 datafactories (api-version 2015-10-01)', () => {
  const env = useEmulator();
  const call = v1(env.call);

  it('PUT creates with the seed response: 201, Location, provisioningState, location normalised', async () => {
    // The seed's sample request (V1REF): body {name, location: "West US", tags: {}}.
    const r = await call(
      'PUT',
      DF('test', '00000000-0000-0000-0000-000000000000', 'adf'),
      { name: 'RestDataFactory', location: 'West US', tags: {} },
      {
        'x-ms-client-request-id': '029a8839-027e-43c5-8854-af4388dcd232',
      },
    );
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      name: 'test',
      id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/adf/providers/Microsoft.DataFactory/datafactories/test',
      type: 'Microsoft.DataFactory/datafactories',
      location: 'westus',
      tags: {},
      properties: {
        dataFactoryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        provisioningState: 'Succeeded',
        error: null,
        errorMessage: null,
      },
    });
    expect(r.headers.get('location')).toBe(
      `${env.emulator.url}/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/adf/providers/Microsoft.DataFactory/datafactories/test?api-version=2015-10-01`,
    );
    for (const h of [
      'x-ms-request-id',
      'x-ms-correlation-request-id',
      'x-ms-ratelimit-remaining-subscription-writes',
      'date',
    ])
      expect(r.headers.get(h)).toBeTruthy();
    expect(r.headers.get('x-ms-routing-request-id')).toMatch(/^[A-Z]+:\d{8}T\d{6}Z:[0-9a-f-]{36}$/);
    expect(
      r.headers.get('x-ms-routing-request-id')?.endsWith(r.headers.get('x-ms-correlation-request-id') ?? '?'),
    ).toBe(true);
  });

  it('GET, update (200, same dataFactoryId), DELETE (200, empty) and GET after delete (404)', async () => {
    const created = await call('PUT', DF(), { location: 'westeurope' });
    const got = await call('GET', DF());
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
    const updated = await call('PUT', DF(), { location: 'westeurope', tags: { team: 'a' } });
    expect(updated.status).toBe(200);
    expect(updated.body.properties.dataFactoryId).toBe(created.body.properties.dataFactoryId);
    expect(updated.body.tags).toEqual({ team: 'a' });
    const del = await call('DELETE', DF());
    expect(del.status).toBe(200);
    expect(del.text).toBe('');
    expect((await call('GET', DF())).status).toBe(404);
    expect((await call('DELETE', DF())).status).toBe(204);
  });

  it('If-Match: a stale etag is 412 and nothing changes', async () => {
    const created = await call('PUT', DF(), { location: 'westeurope' });
    const etag = created.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    await call('PUT', DF(), { location: 'westeurope', tags: { v: '2' } });
    expect((await call('PUT', DF(), { location: 'westeurope', tags: { v: '3' } }, { 'if-match': etag })).status).toBe(
      412,
    );
    expect((await call('DELETE', DF(), undefined, { 'if-match': etag })).status).toBe(412);
    expect((await call('GET', DF())).body.tags).toEqual({ v: '2' });
  });

  it('name rules: 3–63, letters, digits, single dashes between them', async () => {
    for (const bad of ['ab', 'a'.repeat(64), '-abc', 'abc-', 'a--b', 'a_b', 'a.b']) {
      const r = await call('PUT', DF(bad), { location: 'westus' });
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('InvalidResourceName');
    }
    for (const good of ['abc', 'a'.repeat(63), 'a-b-c', '1factory'])
      expect((await call('PUT', DF(good), { location: 'westus' })).status, good).toBe(201);
  });

  it('names are global and case-insensitive: the documented "not available" error', async () => {
    await call('PUT', DF('MyFactory'), { location: 'westus' });
    const r = await call('PUT', DF('myfactory', SUB, 'other-rg'), { location: 'westus' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe('Data factory name "myfactory" is not available');
    // The same resource group is an update, whatever the case.
    expect((await call('PUT', DF('MYFACTORY'), { location: 'westus' })).status).toBe(200);
  });

  it('list by resource group: 100 a page, nextLink with $skipToken, over 250 factories', async () => {
    for (let i = 0; i < 250; i++) await call('PUT', DF(`df-${String(i).padStart(3, '0')}`), { location: 'westus' });
    await call('PUT', DF('elsewhere', SUB, 'other'), { location: 'westus' });
    const names: string[] = [];
    let url: string | undefined =
      `/subscriptions/${SUB}/resourcegroups/${RG1}/providers/Microsoft.DataFactory/datafactories`;
    let pages = 0;
    while (url) {
      const r = await call('GET', url);
      expect(r.status).toBe(200);
      expect(r.body.value.length).toBeLessThanOrEqual(100);
      names.push(...r.body.value.map((f: { name: string }) => f.name));
      url = r.body.nextLink;
      if (url) expect(url).toContain('%24skipToken=');
      pages++;
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
  });

  it('list by subscription (chosen) spans resource groups', async () => {
    await call('PUT', DF('df-a'), { location: 'westus' });
    await call('PUT', DF('df-b', SUB, 'other'), { location: 'westus' });
    const r = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.DataFactory/datafactories`);
    expect(r.body.value.map((f: { name: string }) => f.name)).toEqual(['df-a', 'df-b']);
  });

  it('body and api-version errors', async () => {
    expect((await call('PUT', DF(), {})).status).toBe(400);
    const wrong = await env.call('GET', DF(), undefined, { apiVersion: '2018-06-01' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('NoRegisteredProviderFound');
    // V2 factories are untouched by V1 routes and vice versa.
    expect(
      (
        await env.call(
          'GET',
          `/subscriptions/${SUB}/resourceGroups/${RG1}/providers/Microsoft.DataFactory/factories/df-v1`,
        )
      ).status,
    ).toBe(404);
  });
});

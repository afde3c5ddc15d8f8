import { describe, expect, it } from 'vitest';
import { F, LS, RG, SUB, seedFactory, useEmulator } from './helpers.js';

const RGP = (rg = RG, sub = SUB) => `/subscriptions/${sub}/resourcegroups/${rg}`;

describe('resource groups', () => {
  const t = useEmulator();

  it('resourcegroups routes: PUT 201 then 200, GET, HEAD, DELETE (202, polled) with its factories', async () => {
    const put = await t.call('PUT', RGP('rg-new'), { location: 'westeurope', tags: { env: 'dev' } });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      id: `/subscriptions/${SUB}/resourceGroups/rg-new`,
      name: 'rg-new',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'westeurope',
      properties: { provisioningState: 'Succeeded' },
    });
    expect((await t.call('PUT', RGP('RG-NEW'), { location: 'West Europe' })).status).toBe(200);
    const moved = await t.call('PUT', RGP('rg-new'), { location: 'eastus' });
    expect([moved.status, moved.body.error.code]).toEqual([409, 'InvalidResourceGroupLocation']);
    expect((await t.call('GET', RGP('rg-new'))).body.name).toBe('rg-new');
    expect((await t.call('HEAD', RGP('rg-new'))).status).toBe(204);
    await t.call('PUT', F('df-in-rg', SUB, 'rg-new'), { location: 'westeurope' });
    // ARM deletes a resource group asynchronously: 202 + Location, polled until 200.
    const deleting = await t.call('DELETE', RGP('rg-new'));
    expect(deleting.status).toBe(202);
    let poll = await t.call('GET', String(deleting.headers.get('location')));
    for (let i = 0; poll.status === 202 && i < 5; i++) poll = await t.call('GET', String(poll.headers.get('location')));
    expect(poll.status).toBe(200);
    expect((await t.call('GET', F('df-in-rg', SUB, 'rg-new'))).status).toBe(404);
  });

  it('auto (the default): every resource group exists', async () => {
    expect((await t.call('PUT', F('df-auto', SUB, 'never-created'), { location: 'westeurope' })).status).toBe(200);
    expect((await t.call('HEAD', RGP('never-created'))).status).toBe(204);
  });
});

describe('resource groups: strict', () => {
  const t = useEmulator({ resourceGroups: 'strict' });

  it('a factory call into a missing resource group is 404 ResourceGroupNotFound; after PUT it works', async () => {
    for (const [method, path, body] of [
      ['PUT', F(), { location: 'westeurope' }],
      ['GET', F(), undefined],
      ['GET', `${F()}/pipelines`, undefined],
    ] as const) {
      const r = await t.call(method, path, body);
      expect([r.status, r.body.error.code, r.body.error.message]).toEqual([
        404,
        'ResourceGroupNotFound',
        `Resource group '${RG}' could not be found.`,
      ]);
    }
    expect((await t.call('HEAD', RGP())).status).toBe(404);
    expect((await t.call('GET', RGP())).body.error.code).toBe('ResourceGroupNotFound');
    expect((await t.call('PUT', RGP(), { location: 'westeurope' })).status).toBe(201);
    expect((await t.call('PUT', F(), { location: 'westeurope' })).status).toBe(200);
  });
});

describe('factories', () => {
  const t = useEmulator();

  it('location is create-only: another location is 409 InvalidResourceLocation; spelling variants are the same', async () => {
    await t.call('PUT', F(), { location: 'West Europe' });
    expect((await t.call('PUT', F(), { location: 'westeurope' })).status).toBe(200);
    const moved = await t.call('PUT', F(), { location: 'eastus' });
    expect(moved.status).toBe(409);
    expect(moved.body.error).toMatchObject({
      code: 'InvalidResourceLocation',
      message: `The resource 'df-test' already exists in location 'westeurope' in resource group '${RG}'. A resource with the same name cannot be created in location 'eastus'. Please select a new resource name.`,
    });
    expect((await t.call('PATCH', F(), { location: 'eastus' })).status).toBe(409);
    expect((await t.call('GET', F())).body.location).toBe('westeurope');
  });

  it('PATCH keeps every property it is sent (publicNetworkAccess), and the rest', async () => {
    await t.call('PUT', F(), { location: 'westeurope', properties: { publicNetworkAccess: 'Enabled' } });
    const patched = await t.call('PATCH', F(), { properties: { publicNetworkAccess: 'Disabled' }, tags: { a: '1' } });
    expect(patched.status).toBe(200);
    const got = (await t.call('GET', F())).body;
    expect(got.properties.publicNetworkAccess).toBe('Disabled');
    expect(got.tags).toEqual({ a: '1' });
    expect(got.location).toBe('westeurope');
  });

  it('tenantId is one per subscription, not one per factory', async () => {
    const identity = { type: 'SystemAssigned' };
    const a = await t.call('PUT', F('df-a'), { location: 'westeurope', identity });
    const b = await t.call('PUT', F('df-b'), { location: 'westeurope', identity });
    expect(a.body.identity.tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.body.identity.tenantId).toBe(a.body.identity.tenantId);
    expect(b.body.identity.principalId).not.toBe(a.body.identity.principalId);
  });
});

describe('transport', () => {
  const t = useEmulator({ pageSize: 1 });

  it('nextLink is built on the host the caller used (Host header), not the bind address', async () => {
    await seedFactory(t.call);
    for (const n of ['a', 'b']) await t.call('PUT', `${F()}/pipelines/${n}`, { properties: {} });
    const viaLocalhost = t.emulator.url.replace('127.0.0.1', 'localhost');
    const page = await t.call('GET', `${viaLocalhost}${F()}/pipelines`);
    expect(page.body.nextLink).toMatch(new RegExp(`^${viaLocalhost}${F()}/pipelines\\?`));
    expect((await t.call('GET', page.body.nextLink)).body.value.map((p: any) => p.name)).toEqual(['b']);
  });

  it('a body with a non-JSON Content-Type is 415 UnsupportedMediaType; nothing stored', async () => {
    await seedFactory(t.call);
    const r = await t.call('PUT', `${F()}/pipelines/p`, undefined, {
      raw: '{"properties":{}}',
      headers: { 'content-type': 'text/plain' },
    });
    expect([r.status, r.body.error.code]).toEqual([415, 'UnsupportedMediaType']);
    expect((await t.call('GET', `${F()}/pipelines/p`)).status).toBe(404);
  });
});

describe('conditional headers: ignore', () => {
  const t = useEmulator({ conditionalHeaders: 'ignore' });

  it('only the declared ones are enforced: If-Match on PUT; not If-None-Match on PUT, If-Match on DELETE or PATCH', async () => {
    await seedFactory(t.call);
    const put = await t.call('PUT', `${F()}/pipelines/p`, { properties: {} });
    const stale = { headers: { 'if-match': 'not-the-etag' } };
    expect((await t.call('PUT', `${F()}/pipelines/p`, { properties: {} }, stale)).status).toBe(412);
    const star = { headers: { 'if-none-match': '*' } };
    expect((await t.call('PUT', `${F()}/pipelines/p`, { properties: { description: 'x' } }, star)).status).toBe(200);
    expect((await t.call('PATCH', F(), { tags: {} }, stale)).status).toBe(200);
    expect((await t.call('DELETE', `${F()}/pipelines/p`, undefined, stale)).status).toBe(200);
    expect(put.status).toBe(200);
    // If-None-Match on GET is declared: still a 304.
    const f = await t.call('GET', F());
    expect((await t.call('GET', F(), undefined, { headers: { 'if-none-match': f.body.eTag } })).status).toBe(304);
  });
});

describe('integration runtimes', () => {
  const t = useEmulator();

  it('a self-hosted runtime gets no state; its sub-operations answer as the examples', async () => {
    await seedFactory(t.call);
    const put = await t.call('PUT', `${F()}/integrationRuntimes/shir`, { properties: { type: 'SelfHosted' } });
    expect(put.body.properties).toEqual({ type: 'SelfHosted' });
    const ir = `${F()}/integrationRuntimes/shir`;
    expect((await t.call('POST', `${ir}/getStatus`)).body).toEqual({
      name: 'shir',
      properties: {
        dataFactoryName: 'df-test',
        state: 'NeedRegistration',
        type: 'SelfHosted',
        typeProperties: { nodes: [] },
      },
    });
    const keys = (await t.call('POST', `${ir}/listAuthKeys`)).body;
    expect(Object.keys(keys)).toEqual(['authKey1', 'authKey2']);
    const regen = await t.call('POST', `${ir}/regenerateAuthKey`, { keyName: 'authKey2' });
    expect(regen.body.authKey2).not.toBe(keys.authKey2);
    expect((await t.call('POST', `${ir}/listAuthKeys`)).body.authKey1).toBe(keys.authKey1);
    expect((await t.call('POST', `${ir}/getConnectionInfo`)).body.serviceToken).toBe('**********');
    expect((await t.call('POST', `${ir}/monitoringData`)).body).toEqual({ name: 'shir', nodes: [] });
    expect((await t.call('POST', `${ir}/upgrade`)).status).toBe(200);
    expect((await t.call('POST', `${ir}/removeLinks`, { linkedFactoryName: 'other' })).status).toBe(200);
    expect((await t.call('GET', `${ir}/outboundNetworkDependenciesEndpoints`)).body).toEqual({ value: [] });
    expect((await t.call('POST', `${ir}/start`)).status).toBe(400);
    expect((await t.call('GET', `${ir}/nodes/node-1`)).status).toBe(404); // no node registered (fidelity-operations)
  });

  it('auth keys of a managed runtime are refused (400)', async () => {
    await seedFactory(t.call);
    await t.call('PUT', `${F()}/integrationRuntimes/ssis`, { properties: { type: 'Managed', typeProperties: {} } });
    expect((await t.call('POST', `${F()}/integrationRuntimes/ssis/listAuthKeys`)).status).toBe(400);
  });
});

describe('change data capture (adfcdcs)', () => {
  const t = useEmulator();

  it('CRUD, references to linked services checked both ways, start/stop/status', async () => {
    await seedFactory(t.call);
    const cdc = (ls: string) => ({
      properties: {
        sourceConnectionsInfo: [
          { sourceEntities: [], connection: { linkedService: { referenceName: ls, type: 'LinkedServiceReference' } } },
        ],
        targetConnectionsInfo: [],
        policy: { mode: 'Microbatch', recurrence: { frequency: 'Minute', interval: 15 } },
      },
    });
    const missing = await t.call('PUT', `${F()}/adfcdcs/cdc1`, cdc('ls_blob'));
    expect([missing.status, missing.body.error.message]).toEqual([
      400,
      "The document creation or update failed because of invalid reference 'ls_blob'.",
    ]);
    await t.call('PUT', `${F()}/linkedservices/ls_blob`, LS().body);
    const put = await t.call('PUT', `${F()}/adfcdcs/cdc1`, cdc('ls_blob'));
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'cdc1', type: 'Microsoft.DataFactory/factories/adfcdcs' });
    expect((await t.call('GET', `${F()}/adfcdcs`)).body.value).toHaveLength(1);
    expect((await t.call('DELETE', `${F()}/linkedservices/ls_blob`)).status).toBe(400);
    expect((await t.call('GET', `${F()}/adfcdcs/cdc1/status`)).body).toBe('Stopped');
    expect((await t.call('POST', `${F()}/adfcdcs/cdc1/start`)).status).toBe(200);
    expect((await t.call('GET', `${F()}/adfcdcs/cdc1/status`)).body).toBe('Running');
    expect((await t.call('POST', `${F()}/adfcdcs/cdc1/stop`)).status).toBe(200);
    expect((await t.call('DELETE', `${F()}/adfcdcs/cdc1`)).status).toBe(200);
  });
});

describe('other operations of the spec', () => {
  const t = useEmulator();

  it('operations list, factory-level operations, exposure control, private link resources', async () => {
    const ops = await t.call('GET', '/providers/Microsoft.DataFactory/operations');
    expect(ops.body.value.map((o: any) => o.name)).toContain('Microsoft.DataFactory/factories/write');
    await seedFactory(t.call);
    const token = await t.call('POST', `${F()}/getGitHubAccessToken`, {
      gitHubAccessCode: 'code',
      gitHubAccessTokenBaseUrl: 'https://github.com',
    });
    expect(token.body.gitHubAccessToken).toMatch(/^gho_/);
    expect((await t.call('POST', `${F()}/getGitHubAccessToken`, {})).status).toBe(400);
    const access = await t.call('POST', `${F()}/getDataPlaneAccess`, {
      permissions: 'r',
      profileName: 'DefaultProfile',
    });
    expect(Object.keys(access.body)).toEqual(['policy', 'accessToken', 'dataPlaneUrl']);
    expect((await t.call('POST', `${F()}/getFeatureValue`, { featureName: 'X', featureType: 'Feature' })).body).toEqual(
      { featureName: 'X', value: 'False' },
    );
    const many = await t.call('POST', `${F()}/queryFeaturesValue`, {
      exposureControlRequests: [{ featureName: 'A' }, { featureName: 'B' }],
    });
    expect(many.body.exposureControlResponses).toHaveLength(2);
    const loc = `/subscriptions/${SUB}/providers/Microsoft.DataFactory/locations/westeurope`;
    expect((await t.call('POST', `${loc}/getFeatureValue`, { featureName: 'Y' })).body.value).toBe('False');
    expect((await t.call('GET', `${F()}/privateLinkResources`)).body.value[0].properties.groupId).toBe('dataFactory');
  });

  it('configureFactoryRepo sets the factory repoConfiguration; a missing factory is 404', async () => {
    await seedFactory(t.call);
    const loc = `/subscriptions/${SUB}/providers/Microsoft.DataFactory/locations/westeurope/configureFactoryRepo`;
    const repoConfiguration = {
      type: 'FactoryGitHubConfiguration',
      accountName: 'acc',
      repositoryName: 'repo',
      collaborationBranch: 'main',
      rootFolder: '/',
    };
    const factoryResourceId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/df-test`;
    const r = await t.call('POST', loc, { factoryResourceId, repoConfiguration });
    expect(r.status).toBe(200);
    expect((await t.call('GET', F())).body.properties.repoConfiguration).toEqual(repoConfiguration);
    const gone = await t.call('POST', loc, {
      factoryResourceId: factoryResourceId.replace('df-test', 'nope'),
      repoConfiguration,
    });
    expect([gone.status, gone.body.error.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('private endpoint connections: PUT, GET, list (privateEndPointConnections), DELETE', async () => {
    await seedFactory(t.call);
    const name = 'df-test.0b7a6e8c-1234-4c8e-9d2a-abcdefabcdef';
    const body = { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' } } };
    expect((await t.call('PUT', `${F()}/privateEndpointConnections/${name}`, body)).status).toBe(200);
    expect((await t.call('GET', `${F()}/privateEndpointConnections/${name}`)).body.name).toBe(name);
    expect((await t.call('GET', `${F()}/privateEndPointConnections`)).body.value).toHaveLength(1);
    expect((await t.call('DELETE', `${F()}/privateEndpointConnections/${name}`)).status).toBe(200);
  });
});

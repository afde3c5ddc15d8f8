import { describe, expect, it } from 'vitest';
import type { Answer } from './helpers.js';
import { F, RG, SUB, seedFactory, useEmulator } from './helpers.js';

// Operations of the 2018-06-01 spec a script can meet beyond the deployer's own (issue 14, item 6): data flow
// debug sessions, self-hosted IR nodes, SSIS object metadata; and ARM's own subscription and resource group
// routes (issue 14, item 2). SPEC.md lines 130-139.
type Call = (method: string, path: string, body?: unknown) => Promise<Answer>;

/** Follow a 202's Location until the operation answers something else (at most 5 polls). */
async function pollToEnd(call: Call, first: Answer): Promise<Answer> {
  let r = first;
  for (let i = 0; r.status === 202 && i < 5; i++) r = await call('GET', String(r.headers.get('location')));
  return r;
}

describe('data flow debug sessions', () => {
  const t = useEmulator({ lroPolls: 1, lroRetryAfterSeconds: 0 });

  it('create is a 202 polled to the session id; query lists it; add data flow; execute command polled; delete', async () => {
    await seedFactory(t.call);
    const created = await t.call('POST', `${F()}/createDataFlowDebugSession`, {
      timeToLive: 60,
      integrationRuntime: {
        name: 'debugIR',
        properties: {
          type: 'Managed',
          typeProperties: { computeProperties: { dataFlowProperties: { computeType: 'General', coreCount: 48 } } },
        },
      },
    });
    expect(created.status).toBe(202);
    const location = String(created.headers.get('location'));
    expect(location).toMatch(
      /\/factories\/df-test\/operationStatuses\/dfCreateSession\$\$[0-9a-f-]{36}\?api-version=2018-06-01$/,
    );
    expect(created.headers.get('retry-after')).toBe('0');
    const first = await t.call('GET', location);
    expect(first.status).toBe(202);
    const done = await pollToEnd(t.call, first);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('Succeeded');
    const sessionId: string = done.body.sessionId;

    const query = await t.call('POST', `${F()}/queryDataFlowDebugSessions`);
    expect(query.body.value).toEqual([
      expect.objectContaining({ sessionId, coreCount: 48, computeType: 'General', timeToLiveInMinutes: 60 }),
    ]);

    const added = await t.call('POST', `${F()}/addDataFlowToDebugSession`, {
      sessionId,
      dataFlow: { name: 'flow1', properties: { type: 'MappingDataFlow' } },
      linkedServices: [],
      datasets: [],
    });
    expect(added.status).toBe(200);
    expect(added.body.jobVersion).toMatch(/^[0-9a-f-]{36}$/);

    const run = await t.call('POST', `${F()}/executeDataFlowDebugCommand`, {
      sessionId,
      command: 'executePreviewQuery',
      commandPayload: { streamName: 'source1', rowLimits: 100 },
    });
    expect(run.status).toBe(202);
    expect(String(run.headers.get('location'))).toContain(`/operationResults/dfCommandOutput$$${sessionId}$$`);
    expect((await pollToEnd(t.call, run)).body).toEqual({ status: 'Succeeded', data: '[]' });

    const bad = await t.call('POST', `${F()}/executeDataFlowDebugCommand`, { sessionId, command: 'rm -rf' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'BadRequest']);

    expect((await t.call('POST', `${F()}/deleteDataFlowDebugSession`, { sessionId })).status).toBe(200);
    expect((await t.call('POST', `${F()}/queryDataFlowDebugSessions`)).body.value).toEqual([]);
    const gone = await t.call('POST', `${F()}/addDataFlowToDebugSession`, { sessionId, dataFlow: { name: 'f' } });
    expect([gone.status, gone.body.error.message]).toEqual([
      400,
      `The data flow debug session '${sessionId}' does not exist or has expired.`,
    ]);
    expect((await t.call('GET', `${F()}/createDataFlowDebugSession`)).status).toBe(405);
    expect((await t.call('POST', `${F('df-none')}/createDataFlowDebugSession`, {})).body.error.code).toBe(
      'ResourceNotFound',
    );
  });
});

describe('self-hosted integration runtime nodes', () => {
  const t = useEmulator();
  const ir = `${F()}/integrationRuntimes/shir`;

  it('a node registered with an auth key is listed, read, updated, asked its IP and deleted', async () => {
    await seedFactory(t.call);
    await t.call('PUT', ir, { properties: { type: 'SelfHosted' } });
    const { authKey1 } = (await t.call('POST', `${ir}/listAuthKeys`)).body;
    const wrong = await t.call('POST', '/emulator/integrationRuntimes/registerNode', {
      authKey: 'IR@nope',
      nodeName: 'Node_1',
    });
    expect(wrong.status).toBe(400);
    const reg = await t.call('POST', '/emulator/integrationRuntimes/registerNode', {
      authKey: authKey1,
      nodeName: 'Node_1',
      machineName: 'BUILD-01',
    });
    expect(reg.status).toBe(200);

    const status = (await t.call('POST', `${ir}/getStatus`)).body.properties;
    expect(status.state).toBe('Online');
    expect(status.typeProperties.nodes.map((n: { nodeName: string }) => n.nodeName)).toEqual(['Node_1']);
    expect((await t.call('POST', `${ir}/monitoringData`)).body.nodes[0]).toMatchObject({ nodeName: 'Node_1' });

    const got = await t.call('GET', `${ir}/nodes/node_1`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ nodeName: 'Node_1', machineName: 'BUILD-01', status: 'Online' });
    const patched = await t.call('PATCH', `${ir}/nodes/Node_1`, { concurrentJobsLimit: 2 });
    expect([patched.status, patched.body.concurrentJobsLimit]).toEqual([200, 2]);
    expect((await t.call('PATCH', `${ir}/nodes/Node_1`, { concurrentJobsLimit: 0 })).status).toBe(400);
    expect((await t.call('POST', `${ir}/nodes/Node_1/ipAddress`)).body).toEqual({ ipAddress: '127.0.0.1' });
    // An update of the runtime keeps its nodes.
    await t.call('PUT', ir, { properties: { type: 'SelfHosted', description: 'v2' } });
    expect((await t.call('GET', `${ir}/nodes/Node_1`)).status).toBe(200);

    expect((await t.call('DELETE', `${ir}/nodes/Node_1`)).status).toBe(200);
    expect((await t.call('DELETE', `${ir}/nodes/Node_1`)).status).toBe(204);
    const missing = await t.call('GET', `${ir}/nodes/Node_1`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NotFound']);
    expect((await t.call('POST', `${ir}/getStatus`)).body.properties.state).toBe('NeedRegistration');
  });

  it('at most four nodes; a regenerated key no longer registers; a managed runtime has no nodes', async () => {
    await seedFactory(t.call);
    await t.call('PUT', ir, { properties: { type: 'SelfHosted' } });
    const { authKey1, authKey2 } = (await t.call('POST', `${ir}/listAuthKeys`)).body;
    for (const n of [1, 2, 3, 4])
      expect(
        (await t.call('POST', '/emulator/integrationRuntimes/registerNode', { authKey: authKey2, nodeName: `n${n}` }))
          .status,
      ).toBe(200);
    const fifth = await t.call('POST', '/emulator/integrationRuntimes/registerNode', {
      authKey: authKey2,
      nodeName: 'n5',
    });
    expect(fifth.status).toBe(400);
    await t.call('POST', `${ir}/regenerateAuthKey`, { keyName: 'authKey1' });
    const stale = await t.call('POST', '/emulator/integrationRuntimes/registerNode', {
      authKey: authKey1,
      nodeName: 'n1',
    });
    expect(stale.status).toBe(400);
    await t.call('PUT', `${F()}/integrationRuntimes/azure`, { properties: { type: 'Managed', typeProperties: {} } });
    expect((await t.call('GET', `${F()}/integrationRuntimes/azure/nodes/n1`)).status).toBe(400);
  });
});

describe('SSIS object metadata', () => {
  const t = useEmulator({ lroPolls: 1, lroRetryAfterSeconds: 0 });

  it('get answers an empty catalog; refresh is a 202 polled to Succeeded; a self-hosted runtime has none', async () => {
    await seedFactory(t.call);
    const ssis = `${F()}/integrationRuntimes/ssis`;
    await t.call('PUT', ssis, { properties: { type: 'Managed', typeProperties: {} } });
    const got = await t.call('POST', `${ssis}/getObjectMetadata`, { metadataPath: 'ssisFolders' });
    expect([got.status, got.body]).toEqual([200, { value: [] }]);
    const refresh = await t.call('POST', `${ssis}/refreshObjectMetadata`);
    expect(refresh.status).toBe(202);
    expect(String(refresh.headers.get('location'))).toMatch(
      /\/refreshObjectMetadata\/operationresults\/[0-9a-f]{32}\?/,
    );
    const done = await pollToEnd(t.call, refresh);
    expect(done.body).toEqual({ status: 'Succeeded', name: expect.any(String), properties: null, error: null });
    await t.call('PUT', `${F()}/integrationRuntimes/shir`, { properties: { type: 'SelfHosted' } });
    expect((await t.call('POST', `${F()}/integrationRuntimes/shir/getObjectMetadata`, {})).status).toBe(400);
  });
});

describe('subscriptions and resource group lists (ARM)', () => {
  const t = useEmulator({ pageSize: 2 });

  it('GET /subscriptions/{id} and GET /subscriptions answer as ARM, with the subscription tenant', async () => {
    await seedFactory(t.call);
    const one = await t.call('GET', `/subscriptions/${SUB}?api-version=2022-12-01`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: `/subscriptions/${SUB}`, subscriptionId: SUB, state: 'Enabled' });
    const identity = await t.call('PUT', F('df-id'), { location: 'westeurope', identity: { type: 'SystemAssigned' } });
    expect(one.body.tenantId).toBe(identity.body.identity.tenantId);
    const all = await t.call('GET', '/subscriptions?api-version=2022-12-01');
    expect(all.body.value.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([SUB]);
    expect((await t.call('GET', `/subscriptions/${SUB}?api-version=bogus`)).status).toBe(400);
  });

  it('resource groups list in pages on the caller api-version; auto mode lists groups that only hold factories', async () => {
    for (const rg of ['rg-a', 'rg-b', 'rg-c'])
      await t.call('PUT', `/subscriptions/${SUB}/resourcegroups/${rg}?api-version=2021-04-01`, {
        location: 'westeurope',
      });
    await seedFactory(t.call); // in RG, never PUT
    const names: string[] = [];
    let next: string | undefined = `/subscriptions/${SUB}/resourcegroups?api-version=2021-04-01`;
    let pages = 0;
    while (next) {
      const page: Answer = await t.call('GET', next);
      expect(page.status).toBe(200);
      names.push(...page.body.value.map((g: { name: string }) => g.name));
      next = page.body.nextLink;
      if (next) expect(next).toContain('api-version=2021-04-01');
      pages++;
    }
    expect(pages).toBe(2);
    expect(names).toEqual(['rg-a', 'rg-b', 'rg-c', RG]);
  });
});

describe('resource group delete (ARM: asynchronous)', () => {
  const t = useEmulator({ resourceGroups: 'strict', lroPolls: 2, lroRetryAfterSeconds: 0 });

  it('DELETE is 202 with Location; the factories are gone; polls answer 202 then 200; a missing group is 404', async () => {
    const rg = `/subscriptions/${SUB}/resourcegroups/${RG}`;
    await t.call('PUT', rg, { location: 'westeurope' });
    await seedFactory(t.call);
    const deleting = await t.call('DELETE', rg);
    expect(deleting.status).toBe(202);
    const location = String(deleting.headers.get('location'));
    expect(location).toMatch(
      new RegExp(`/subscriptions/${SUB}/operationresults/[0-9a-f]{32}\\?api-version=2018-06-01$`),
    );
    expect((await t.call('GET', location)).status).toBe(202);
    expect((await t.call('GET', location)).status).toBe(202);
    expect((await t.call('GET', location)).status).toBe(200);
    expect((await t.call('HEAD', rg)).status).toBe(404);
    expect((await t.call('GET', F())).body.error.code).toBe('ResourceGroupNotFound');
    const again = await t.call('DELETE', rg);
    expect([again.status, again.body.error.code]).toEqual([404, 'ResourceGroupNotFound']);
  });
});

import { AdfDeployError } from '../../src/core/errors.js';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createArmClient } from '../../src/arm/client.js';
import { ArmError } from '../../src/arm/errors.js';
import { factoryPath } from '../../src/arm/paths.js';
import type { FactoryTarget } from '../../src/arm/types.js';
import { fetchLiveState } from '../../src/state/fetch.js';
import { cloudError, fakeClock, json, useFakeArm, type Received } from './fake-arm.js';

/**
 * fetchLiveState against scripted answers the emulator does not give (InvalidResourceType for a kind,
 * ResourceGroupNotFound, a VNet name needing encoding). The emulator e2e test covers the ordinary case.
 */
const target: FactoryTarget = { subscriptionId: 'sub', resourceGroup: 'rg', factoryName: 'f1' };
const F = factoryPath(target);

const t = useFakeArm();

const client = () => createArmClient({ endpoint: t.server.url, token: 't', sleep: fakeClock().sleep, maxRetries: 1 });
const pathOf = (q: Received) => decodeURIComponent(new URL(q.url, 'http://x').pathname);
const factoryBody = {
  name: 'f1',
  id: F,
  type: 'Microsoft.DataFactory/factories',
  properties: {},
  eTag: '"0000-f"',
  location: 'westeurope',
};

/** Answers lists from a table of path suffix -> items; the factory from factoryBody. */
function routes(
  lists: Record<string, unknown[]>,
  special: (q: Received, res: ServerResponse) => boolean = () => false,
) {
  return (q: Received, res: ServerResponse) => {
    if (special(q, res)) return;
    const p = pathOf(q);
    if (p === F) return json(res, 200, factoryBody);
    const suffix = p.slice(F.length + 1);
    if (suffix in lists) return json(res, 200, { value: lists[suffix] });
    return json(res, 200, { value: [] });
  };
}

describe('fetchLiveState', () => {
  it('lists each kind once, private endpoints once per VNet, and keeps etags as returned', async () => {
    t.server.handle(
      routes({
        linkedservices: [{ name: 'ls1', etag: 'e-ls1', properties: { type: 'AzureBlobStorage' } }],
        pipelines: [{ name: 'Copy Données', etag: 'e-p' }],
        managedVirtualNetworks: [
          { name: 'default', etag: 'e-v1' },
          { name: 'vnet two', etag: 'e-v2' },
        ],
        'managedVirtualNetworks/default/managedPrivateEndpoints': [{ name: 'pe1', etag: 'e-pe1' }],
        'managedVirtualNetworks/vnet two/managedPrivateEndpoints': [{ name: 'vnet two/pe2', etag: 'e-pe2' }],
      }),
    );
    const c = client();
    const live = await fetchLiveState(c, target);
    expect(live.factory).toEqual({ body: factoryBody, etag: '"0000-f"' });
    expect(live.resources.map((r) => [r.kind, r.parent, r.name, r.etag])).toEqual([
      ['LinkedService', undefined, 'ls1', 'e-ls1'],
      ['Pipeline', undefined, 'Copy Données', 'e-p'],
      ['ManagedVirtualNetwork', undefined, 'default', 'e-v1'],
      ['ManagedVirtualNetwork', undefined, 'vnet two', 'e-v2'],
      ['ManagedPrivateEndpoint', 'default', 'pe1', 'e-pe1'],
      ['ManagedPrivateEndpoint', 'vnet two', 'pe2', 'e-pe2'],
    ]);
    expect(live.resources[0].body).toEqual({ name: 'ls1', etag: 'e-ls1', properties: { type: 'AzureBlobStorage' } });
    // 1 factory GET + 9 kind lists (change data captures included) + 2 private endpoint lists; the VNet name is
    // encoded in the URL
    expect(c.stats().requests).toBe(12);
    expect(t.server.received.every((r) => r.method === 'GET')).toBe(true);
    expect(
      t.server.received.some((r) => r.url.includes('/managedVirtualNetworks/vnet%20two/managedPrivateEndpoints?')),
    ).toBe(true);
  });

  it('sends the kind lists in parallel (the answers are held until all of them arrived)', async () => {
    const held: ServerResponse[] = [];
    let seen = 0;
    t.server.handle((q, res) => {
      if (pathOf(q) === F) return json(res, 200, factoryBody);
      held.push(res);
      // 8 kinds + the VNet list, at most 8 in flight (the client's cap): if fetch listed one kind at a time, the
      // first 8 would never be answered
      seen++;
      if (seen >= 8) for (const r of held.splice(0)) json(r, 200, { value: [] });
    });
    const live = await fetchLiveState(client(), target);
    expect(live.resources).toEqual([]);
    expect(t.server.maxConcurrent).toBe(8);
  });

  it("sends the lists with the factory's GET, not after its answer (one round trip less, issue 19)", {
    timeout: 10_000,
  }, async () => {
    let factoryRes: ServerResponse | undefined;
    t.server.handle((q, res) => {
      // The factory's answer is held until every list has arrived: fetch waiting for it first would never end.
      if (pathOf(q) === F) factoryRes = res;
      else json(res, 200, { value: [] });
      if (factoryRes && t.server.received.length === 10) json(factoryRes, 200, factoryBody);
    });
    const live = await fetchLiveState(client(), target);
    expect(live.factory?.etag).toBe('"0000-f"');
    expect(t.server.received.map(pathOf)[0]).toBe(F);
  });

  it("a factory GET that fails is the error, not a list's (vitest fails on an unobserved rejection)", async () => {
    t.server.handle((q, res) => {
      if (pathOf(q) === F) setTimeout(() => cloudError(res, 400, 'BadRequest', 'the factory GET failed'), 20);
      else cloudError(res, 404, 'ResourceNotFound', 'a list of a missing factory');
    });
    const err = await fetchLiveState(client(), target).catch((e) => e);
    expect(err.message).toMatch(/the factory GET failed/);
  });

  it('a missing factory (404 ResourceNotFound) gives no factory: the lists sent with it are dropped', async () => {
    t.server.handle((_q, res) =>
      cloudError(
        res,
        404,
        'ResourceNotFound',
        "The Resource 'Microsoft.DataFactory/factories/f1' under resource group 'rg' was not found.",
      ),
    );
    const live = await fetchLiveState(client(), target);
    expect(live).toEqual({ factory: undefined, resources: [] });
    // The factory and the 9 lists (the VNets' 404 means no private endpoint list), every answer read.
    expect(t.server.received).toHaveLength(10);
  });

  it('a missing resource group is an error, not a missing factory', async () => {
    t.server.handle((_q, res) =>
      cloudError(res, 404, 'ResourceGroupNotFound', "Resource group 'rg' could not be found."),
    );
    const err = await fetchLiveState(client(), target).catch((e) => e);
    expect(err).toBeInstanceOf(AdfDeployError);
    expect(err.message).toBe(
      `resource group '${target.resourceGroup}' does not exist in subscription '${target.subscriptionId}'`,
    );
    expect(err.hint).toMatch(/az group create/);
    expect(err.cause).toBeInstanceOf(ArmError);
  });

  it('a kind the service does not know for this api-version (404 InvalidResourceType) is empty', async () => {
    t.server.handle(
      routes({ datasets: [{ name: 'ds', etag: 'e' }] }, (q, res) => {
        if (!pathOf(q).endsWith('/credentials')) return false;
        cloudError(
          res,
          404,
          'InvalidResourceType',
          "The resource type could not be found in the namespace 'Microsoft.DataFactory' for api version '2018-06-01'.",
        );
        return true;
      }),
    );
    const live = await fetchLiveState(client(), target);
    expect(live.resources.map((r) => r.name)).toEqual(['ds']);
  });

  it.each([
    ['a 404 of another kind (the factory vanished)', 404, 'ResourceNotFound'],
    ['a 400', 400, 'BadRequest'],
    ['a 500 after retries', 500, 'InternalServerError'],
  ])('any other list failure fails the fetch: %s', async (_label, status, code) => {
    t.server.handle(
      routes({}, (q, res) => {
        if (!pathOf(q).endsWith('/triggers')) return false;
        cloudError(res, status, code, 'nope');
        return true;
      }),
    );
    const err = await fetchLiveState(client(), target).catch((e) => e);
    expect(err).toMatchObject({ status, armCode: code });
    expect(err.message).toMatch(
      new RegExp(`^GET Factory/f1/triggers failed( after 2 attempts)?: ${status} ${code}: nope`),
    );
  });

  it('lists only the kinds asked for; private endpoints still find their VNets', async () => {
    t.server.handle(
      routes({
        managedVirtualNetworks: [{ name: 'default', etag: 'v' }],
        'managedVirtualNetworks/default/managedPrivateEndpoints': [{ name: 'pe1', etag: 'p' }],
      }),
    );
    const c = client();
    const live = await fetchLiveState(c, target, { kinds: ['ManagedPrivateEndpoint', 'Pipeline'] });
    expect(live.resources.map((r) => `${r.kind}/${r.name}`)).toEqual(['ManagedPrivateEndpoint/pe1']);
    expect(t.server.received.map((q) => pathOf(q).slice(F.length)).sort()).toEqual([
      '',
      '/managedVirtualNetworks',
      '/managedVirtualNetworks/default/managedPrivateEndpoints',
      '/pipelines',
    ]);
  });

  it('an item without a name is reported, not skipped', async () => {
    t.server.handle(routes({ dataflows: [{ id: '/x/dataflows/', etag: 'e' }] }));
    await expect(fetchLiveState(client(), target)).rejects.toThrow(
      'a DataFlow in the list has no name (id /x/dataflows/)',
    );
  });
});

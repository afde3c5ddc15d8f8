import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../../src/arm/client.js';
import { ArmError } from '../../src/arm/errors.js';
import { collectionPath, factoryPath, resourcePath } from '../../src/arm/paths.js';
import type { ArmClient, ArmClientOptions, FactoryTarget } from '../../src/arm/types.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { fetchLiveState } from '../../src/state/fetch.js';
import { fakeClock } from './fake-arm.js';

/** The ARM client and fetchLiveState end to end against the emulator over real HTTP. */
const target: FactoryTarget = {
  subscriptionId: '11111111-2222-3333-4444-555555555555',
  resourceGroup: 'rg-e2e',
  factoryName: 'adf-e2e',
};

let emulators: RunningEmulator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ port: 0, throttle: 'off', ...options });
  emulators.push(e);
  return e;
}

function clientFor(e: RunningEmulator, extra: Partial<ArmClientOptions> = {}): ArmClient {
  return createArmClient({ endpoint: e.url, token: 'e2e-token', sleep: fakeClock().sleep, ...extra });
}

/** A factory with 7 linked services, 2 pipelines (odd names), a managed VNet with 2 private endpoints. */
async function seed(client: ArmClient): Promise<void> {
  await client.request('PUT', factoryPath(target), { body: { location: 'westeurope' } });
  await Promise.all(
    Array.from({ length: 7 }, (_, i) =>
      client.request('PUT', resourcePath(target, { kind: 'LinkedService', name: `ls_${i}` }), {
        body: {
          properties: {
            type: 'AzureBlobStorage',
            typeProperties: { serviceEndpoint: `https://acct${i}.blob.core.windows.net` },
          },
        },
      }),
    ),
  );
  for (const name of ['Copy Données', 'with space']) {
    await client.request('PUT', resourcePath(target, { kind: 'Pipeline', name }), {
      body: { properties: { activities: [] } },
    });
  }
  await client.request('PUT', resourcePath(target, { kind: 'ManagedVirtualNetwork', name: 'default' }), {
    body: { properties: {} },
  });
  for (const name of ['pe1', 'pe2']) {
    await client.request('PUT', resourcePath(target, { kind: 'ManagedPrivateEndpoint', parent: 'default', name }), {
      body: {
        properties: {
          privateLinkResourceId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z',
          groupId: 'blob',
        },
      },
    });
  }
}

const gets = (e: RunningEmulator) => e.requestLog().filter((r) => r.method === 'GET');

describe('ARM client against the emulator', () => {
  it('list follows nextLink across pages and returns every item', async () => {
    const e = await emulator({ pageSize: 3 });
    const client = clientFor(e);
    await seed(client);
    const before = gets(e).length;
    const items = await client.list<{ name: string }>(collectionPath(target, 'LinkedService'));
    expect(items.map((i) => i.name).sort()).toEqual(['ls_0', 'ls_1', 'ls_2', 'ls_3', 'ls_4', 'ls_5', 'ls_6']);
    expect(gets(e).length - before).toBe(3); // 3 + 3 + 1
  });

  it('fetchLiveState: one GET for the factory plus one per page per kind, etags as returned', async () => {
    const e = await emulator({ pageSize: 3 });
    const client = clientFor(e);
    await seed(client);
    const before = gets(e).length;
    const live = await fetchLiveState(client, target);
    // factory 1 + linked services 3 pages + pipelines 1 + VNets 1 + private endpoints 1 + 6 other (empty) kinds (change data captures included)
    expect(gets(e).length - before).toBe(1 + 3 + 1 + 1 + 1 + 6);
    expect(live.factory?.etag).toMatch(/^".+"$/);
    expect(live.factory?.body.name).toBe('adf-e2e');
    const byKind = (k: string) => live.resources.filter((r) => r.kind === k);
    expect(byKind('LinkedService')).toHaveLength(7);
    expect(
      byKind('Pipeline')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['Copy Données', 'with space']);
    expect(byKind('ManagedPrivateEndpoint').map((r) => `${r.parent}/${r.name}`)).toEqual([
      'default/pe1',
      'default/pe2',
    ]);
    for (const r of live.resources) {
      expect(r.etag).not.toBe('');
      expect(r.etag).toBe(r.body.etag);
    }
  });

  it('fetchLiveState of a factory that does not exist: one round of 404s (the factory and the lists sent with it)', async () => {
    const e = await emulator();
    const live = await fetchLiveState(clientFor(e), { ...target, factoryName: 'absent-factory' });
    expect(live).toEqual({ factory: undefined, resources: [] });
    const log = e.requestLog();
    // The factory and its 9 kinds' lists (private endpoints are listed per VNet: there is none).
    expect(log).toHaveLength(10);
    expect(log.every((r) => r.method === 'GET' && r.status === 404)).toBe(true);
  });

  it('an ADF error reaches the caller with code, message, resource and request id', async () => {
    const e = await emulator();
    const client = clientFor(e);
    await client.request('PUT', factoryPath(target), { body: { location: 'westeurope' } });
    const body = {
      properties: {
        activities: [
          { name: 'a', type: 'Copy', inputs: [{ referenceName: 'DS1', type: 'DatasetReference' }], outputs: [] },
        ],
      },
    };
    const err = await client
      .request('PUT', resourcePath(target, { kind: 'Pipeline', name: 'Copy' }), { body, resource: 'Pipeline/Copy' })
      .catch((x) => x);
    expect(err).toBeInstanceOf(ArmError);
    expect(err.message).toMatch(
      /^PUT Pipeline\/Copy failed: 400 BadRequest: The document creation or update failed because of invalid reference 'ds1'\.( \(target [^)]+\))? \(request id [0-9a-f-]+\)$/,
    );
  });

  it('a PUT whose first attempt committed before the connection reset: the retry gets 412 and says so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adf-arm-e2e-'));
    dirs.push(dir);
    const clean = await emulator({ dataDir: dir });
    const setup = clientFor(clean);
    await setup.request('PUT', factoryPath(target), { body: { location: 'westeurope' } });
    const p = resourcePath(target, { kind: 'Pipeline', name: 'p1' });
    const created = await setup.request<{ etag: string }>('PUT', p, { body: { properties: { activities: [] } } });
    await clean.close();

    const faulty = await emulator({ dataDir: dir, faultRate: 1, faultKinds: ['reset-after-commit'] });
    const err = await clientFor(faulty)
      .request('PUT', p, {
        body: { properties: { activities: [], description: 'v2' } },
        ifMatch: created.body.etag,
        resource: 'Pipeline/p1',
      })
      .catch((x) => x);
    expect(err).toMatchObject({
      status: 412,
      attempts: 2,
      outcomes: ['network-error', 412],
      retriedAfterNetworkError: true,
    });
    // ...and the first attempt did land: this is why apply must re-read before reporting a conflict
    const now = await clientFor(faulty).list<{ name: string; properties: { description?: string } }>(
      collectionPath(target, 'Pipeline'),
    );
    expect(now[0].properties.description).toBe('v2');
  });

  it('pacing from the remaining-reads header keeps a burst under the emulator’s token bucket', async () => {
    // Shared fake clock: the client's pacing sleeps are what refill the emulator's bucket (0.2 x ARM: 50 reads, +5/s).
    const run = async (pacing: ArmClientOptions['pacing']) => {
      const clock = fakeClock();
      const e = await emulator({ throttle: 0.2, now: clock.now });
      const client = createArmClient({
        endpoint: e.url,
        token: 't',
        now: clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
        pacing,
      });
      for (let i = 0; i < 80; i++) await client.request('GET', factoryPath(target), { expect: [404] });
      return client.stats();
    };
    const paced = await run({ refillPerSecond: { reads: 5 } });
    const unpaced = await run(false);
    expect(paced.throttled).toBe(0);
    expect(unpaced.throttled).toBeGreaterThan(0);
    expect(paced.requests).toBe(80);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../../src/arm/client.js';
import { requestLongRunning } from '../../src/arm/lro.js';
import { factoryPath, resourcePath } from '../../src/arm/paths.js';
import type { FactoryTarget } from '../../src/arm/types.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { json, startFakeArm, type FakeArm } from './fake-arm.js';

const target: FactoryTarget = { subscriptionId: 'sub-lro', resourceGroup: 'rg-lro', factoryName: 'adf-lro' };
let running: Array<RunningEmulator | FakeArm> = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  running = [];
});

async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ port: 0, throttle: 'off', ...options });
  running.push(e);
  return e;
}

/** A sleep that records what it was asked to wait and returns at once. */
function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

describe('long-running operations (client polling over the emulator)', () => {
  it('IR start: 202 + Location, polled with Retry-After until 200 with the runtime status', async () => {
    const e = await emulator({ lroPolls: 2, lroRetryAfterSeconds: 3 });
    const client = createArmClient({ endpoint: e.url, token: 't' });
    await client.request('PUT', factoryPath(target), { body: { location: 'westeurope' } });
    const ir = resourcePath(target, { kind: 'IntegrationRuntime', name: 'ssis-ir' });
    await client.request('PUT', ir, { body: { properties: { type: 'Managed', typeProperties: {} } } });
    const { waits, sleep } = recordingSleep();
    const res = await requestLongRunning<any>(client, 'POST', `${ir}/start`, { sleep });
    expect(res.status).toBe(200);
    expect(res.body.properties).toMatchObject({ state: 'Started', type: 'Managed' });
    // One wait after the 202, one after each pending poll (two), each the Retry-After.
    expect(waits).toEqual([3000, 3000, 3000]);
    expect(
      e
        .requestLog()
        .filter((l) => l.path.includes('/operationresults/'))
        .map((l) => `${l.method} ${l.status}`),
    ).toEqual(['GET 202', 'GET 202', 'GET 200']);
  });

  it('trigger subscribeToEvents: 202 then the Location (getEventSubscriptionStatus) says Enabled', async () => {
    const e = await emulator();
    const client = createArmClient({ endpoint: e.url, token: 't' });
    await client.request('PUT', factoryPath(target), { body: { location: 'westeurope' } });
    const trigger = resourcePath(target, { kind: 'Trigger', name: 'on-blob' });
    await client.request('PUT', trigger, { body: { properties: { type: 'BlobEventsTrigger', pipelines: [] } } });
    const { waits, sleep } = recordingSleep();
    const res = await requestLongRunning<any>(client, 'POST', `${trigger}/subscribeToEvents`, { sleep });
    expect([res.status, res.body]).toEqual([200, { triggerName: 'on-blob', status: 'Enabled' }]);
    expect(waits).toEqual([1000]);
  });

  it('Azure-AsyncOperation: polled until Succeeded, the final body read from Location; Failed is an error', async () => {
    const fake = await startFakeArm();
    running.push(fake);
    let polls = 0;
    fake.handle((req, res) => {
      if (req.method === 'POST')
        return json(res, 202, null, {
          'azure-asyncoperation': `${fake.url}/op/status?api-version=2018-06-01`,
          location: `${fake.url}/op/result?api-version=2018-06-01`,
          'retry-after': '7',
        });
      if (req.url.startsWith('/op/status'))
        return json(res, 200, { status: ++polls < 2 ? 'InProgress' : 'Succeeded' }, { 'retry-after': '2' });
      if (req.url.startsWith('/op/result')) return json(res, 200, { done: true });
      if (req.url.startsWith('/bad/status'))
        return json(res, 200, { status: 'Failed', error: { code: 'Boom', message: 'it broke' } });
      return json(res, 404, {});
    });
    const client = createArmClient({ endpoint: fake.url, token: 't' });
    const { waits, sleep } = recordingSleep();
    const res = await requestLongRunning<any>(client, 'POST', '/x/start', { sleep });
    expect(res.body).toEqual({ done: true });
    expect(waits).toEqual([7000, 2000]);

    fake.handle((req, res) =>
      req.method === 'POST'
        ? json(res, 202, null, { 'azure-asyncoperation': `${fake.url}/bad/status` })
        : json(res, 200, { status: 'Failed', error: { code: 'Boom', message: 'it broke' } }),
    );
    await expect(requestLongRunning(client, 'POST', '/x/start', { sleep })).rejects.toThrow(
      /failed \(Boom: it broke\)/,
    );
  });

  it('a 200 answer is returned as it is, without polling', async () => {
    const e = await emulator();
    const client = createArmClient({ endpoint: e.url, token: 't' });
    const { waits, sleep } = recordingSleep();
    const res = await requestLongRunning(client, 'PUT', factoryPath(target), {
      body: { location: 'westeurope' },
      sleep,
    });
    expect(res.status).toBe(200);
    expect(waits).toEqual([]);
  });
});

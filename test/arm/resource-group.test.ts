import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../../src/arm/client.js';
import type { FactoryTarget } from '../../src/arm/types.js';
import { AdfDeployError } from '../../src/core/errors.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { fetchLiveState } from '../../src/state/fetch.js';

const target: FactoryTarget = { subscriptionId: 'sub-rg', resourceGroup: 'rg-missing', factoryName: 'adf-rg' };
let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('a missing resource group (emulator --resource-groups strict)', () => {
  it('fetching live state says so clearly, with a hint, and sends no write', async () => {
    emulator = await startEmulator({ port: 0, throttle: 'off', resourceGroups: 'strict' });
    const client = createArmClient({ endpoint: emulator.url, token: 't' });
    const err = await fetchLiveState(client, target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdfDeployError);
    expect((err as AdfDeployError).code).toBe('state.no-resource-group');
    expect((err as AdfDeployError).message).toBe("resource group 'rg-missing' does not exist in subscription 'sub-rg'");
    expect((err as AdfDeployError).hint).toMatch(/az group create --name rg-missing/);
    expect(emulator.requestLog().map((e) => `${e.method} ${e.status}`)).toEqual(['GET 404']);
  });

  it('once the resource group is created, a missing factory is simply absent', async () => {
    emulator = await startEmulator({ port: 0, throttle: 'off', resourceGroups: 'strict' });
    const client = createArmClient({ endpoint: emulator.url, token: 't' });
    await client.request('PUT', `/subscriptions/sub-rg/resourcegroups/rg-missing`, {
      body: { location: 'westeurope' },
    });
    expect(await fetchLiveState(client, target)).toEqual({ factory: undefined, resources: [] });
  });
});

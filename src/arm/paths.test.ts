import { describe, expect, it } from 'vitest';
import { collectionPath, factoryPath, resourcePath } from './paths.js';

const target = { subscriptionId: '0000-1111', resourceGroup: 'rg (prod)', factoryName: 'my-factory' };
const F = '/subscriptions/0000-1111/resourceGroups/rg%20(prod)/providers/Microsoft.DataFactory/factories/my-factory';

describe('ARM paths', () => {
  it('factoryPath encodes each segment', () => expect(factoryPath(target)).toBe(F));

  it.each([
    [{ kind: 'LinkedService', name: 'ls_blob' }, `${F}/linkedservices/ls_blob`],
    [{ kind: 'Dataset', name: 'ds 1' }, `${F}/datasets/ds%201`],
    [{ kind: 'Pipeline', name: 'Copy Données' }, `${F}/pipelines/Copy%20Donn%C3%A9es`],
    [{ kind: 'Trigger', name: 't$1' }, `${F}/triggers/t%241`],
    [{ kind: 'DataFlow', name: 'df' }, `${F}/dataflows/df`],
    [{ kind: 'IntegrationRuntime', name: 'ir-1' }, `${F}/integrationRuntimes/ir-1`],
    [{ kind: 'Credential', name: 'c1' }, `${F}/credentials/c1`],
    [{ kind: 'ManagedVirtualNetwork', name: 'default' }, `${F}/managedVirtualNetworks/default`],
    [
      { kind: 'ManagedPrivateEndpoint', parent: 'default', name: 'pe 1' },
      `${F}/managedVirtualNetworks/default/managedPrivateEndpoints/pe%201`,
    ],
  ] as const)('resourcePath %j', (id, expected) => expect(resourcePath(target, id)).toBe(expected));

  it('collectionPath of private endpoints needs the VNet', () => {
    expect(collectionPath(target, 'ManagedPrivateEndpoint', 'v 1')).toBe(
      `${F}/managedVirtualNetworks/v%201/managedPrivateEndpoints`,
    );
    expect(() => collectionPath(target, 'ManagedPrivateEndpoint')).toThrow(/needs its managed virtual network/);
  });
});

import { expect, it, vi } from 'vitest';

it('compiles only the schemas of the types it meets', async () => {
  vi.resetModules();
  const registry = await import('./registry.js');
  const { validateResourceSchema } = await import('./validate-resource.js');
  validateResourceSchema({ kind: 'LinkedService', name: 'ls', properties: { type: 'azureblobstorage', typeProperties: {} } });
  validateResourceSchema({ kind: 'Pipeline', name: 'p', properties: { activities: [{ name: 'w', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] } });
  expect(registry.compiledSchemaFiles().sort()).toEqual(['Activity/Wait.json', 'LinkedService/AzureBlobStorage.json', 'Pipeline.json']);
});

import { expect, it, vi } from 'vitest';

it('compiles only the schemas of the types (and parts) it meets', async () => {
  vi.resetModules();
  const registry = await import('./registry.js');
  const { validateResourceSchema } = await import('./validate-resource.js');
  validateResourceSchema({
    kind: 'LinkedService',
    name: 'ls',
    properties: { type: 'azureblobstorage', typeProperties: {} },
  });
  const copy = {
    name: 'c',
    type: 'Copy',
    typeProperties: { source: { type: 'BlobSource' }, sink: { type: 'BlobSink' } },
  };
  validateResourceSchema({ kind: 'Pipeline', name: 'p', properties: { activities: [copy] } });
  expect(registry.compiledSchemaFiles().sort()).toEqual([
    'Activity/Copy.json',
    'LinkedService/AzureBlobStorage.json',
    'Pipeline.json',
    'parts/CopySink/BlobSink.json',
    'parts/CopySource/BlobSource.json',
  ]);
});

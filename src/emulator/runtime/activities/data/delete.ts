import type { DataActivityRequest } from '../../data-contract.js';
import { EFFECTIVE_IR } from './copy-output.js';
import { badConfig } from './errors.js';
import { datasetRef } from './lookup.js';
import { isObject as isRecord } from '../../../documents.js';
import { getCI, resolveDataset } from './resolve.js';
import { bool, selectBlobs } from './select.js';

/**
 * Delete: the dataset's file, or its folder's files (subfolders too with `recursive`, default false), filtered by the
 * store settings' wildcards and modified window. Output (chosen, the service's fields are not documented):
 * `{datasetName, type, filesDeleted, effectiveIntegrationRuntime, executionDuration}`.
 */
export async function runDelete(req: DataActivityRequest): Promise<Record<string, unknown>> {
  const started = req.now();
  const tp = req.activity.typeProperties;
  if (bool(getCI(tp, 'enableLogging'), false))
    throw badConfig('Delete with enableLogging is not supported by the emulator: set enableLogging to false.');
  const ds = resolveDataset(req, datasetRef(tp));
  const settings = isRecord(getCI(tp, 'storeSettings')) ? (getCI(tp, 'storeSettings') as Record<string, unknown>) : {};
  const recursive = bool(getCI(settings, 'recursive') ?? getCI(tp, 'recursive'), false);
  const selection = await selectBlobs(ds, { ...settings, recursive });
  for (const blob of selection.blobs) await selection.container.deleteBlob(blob.name, { abortSignal: req.signal });
  return {
    datasetName: ds.name,
    type: ds.account.endpoint.includes('.dfs.') ? 'AzureBlobFS' : 'AzureBlobStorage',
    filesDeleted: selection.blobs.length,
    effectiveIntegrationRuntime: EFFECTIVE_IR,
    executionDuration: Math.round((req.now() - started) / 1000),
  };
}

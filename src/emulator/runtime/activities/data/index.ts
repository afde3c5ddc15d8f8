import { isAdfDeployError } from '../../../../core/errors.js';
import type { DataActivityExecutor, DataActivityRequest } from '../../data-contract.js';
import { runCopy } from './copy.js';
import { runDelete } from './delete.js';
import { DataError, toActivityError } from './errors.js';
import { runGetMetadata } from './get-metadata.js';
import { runLookup } from './lookup.js';
import { prepareStorage } from '../../storage/project-storage.js';

const RUNNERS: Record<string, (req: DataActivityRequest) => Promise<Record<string, unknown>>> = {
  Copy: runCopy,
  Lookup: runLookup,
  GetMetadata: runGetMetadata,
  Delete: runDelete,
};

/** A storage call that failed (the SDK's RestError): the activity's error, naming the status and the service's code. */
function storageFailure(err: unknown): unknown {
  const zcode = (err as { code?: unknown } | null)?.code;
  if (typeof zcode === 'string' && zcode.startsWith('Z_'))
    return new DataError(
      'UserErrorInvalidCompressedData',
      `The source data is not valid compressed data (${zcode}).`,
      'Source',
    );
  if (isAdfDeployError(err))
    return new DataError('UserErrorStorageUnavailable', `${err.message}${err.hint ? ` (${err.hint})` : ''}`);
  if (!(err instanceof Error) || !('statusCode' in err)) return err;
  const status = (err as { statusCode?: number }).statusCode;
  const code = (err as { code?: string }).code ?? 'StorageError';
  if (status === 403)
    return new DataError(
      'UserErrorBlobAuthorizationFailed',
      `Storage refused the request (403 ${code}): check the linked service's key or SAS.`,
    );
  if (status === undefined)
    return new DataError(
      'UserErrorStorageUnreachable',
      `Storage could not be reached (${err.message}).`,
      undefined,
      'SystemError',
    );
  return new DataError(
    'UserErrorStorageOperationFailed',
    `Storage answered ${status} ${code}: ${err.message.split('\n')[0]}`,
  );
}

/** Run Copy, Lookup, GetMetadata or Delete (the contract in ../../data-contract.ts). Never throws. */
export const executeDataActivity: DataActivityExecutor = async (req) => {
  const run = RUNNERS[req.activity.type];
  if (!run)
    return {
      status: 'Failed',
      error: toActivityError(
        req.activity.type,
        req.activity.name,
        new DataError('UserErrorInvalidConfiguration', `'${req.activity.type}' is not a data activity.`),
      ),
    };
  try {
    await prepareStorage(req.storage);
    return { status: 'Succeeded', output: await run(req) };
  } catch (err) {
    return { status: 'Failed', error: toActivityError(req.activity.type, req.activity.name, storageFailure(err)) };
  }
};

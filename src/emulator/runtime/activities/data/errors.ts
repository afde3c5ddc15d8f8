import type { ActivityError } from '../../data-contract.js';

/**
 * A data activity failure in the service's shape. Codes (chosen, from the shape of ADF's own failures): Copy
 * failures carry errorCode '2200' and a message `Failure happened on 'Source'|'Sink' side. ErrorCode=<inner>,...`;
 * Lookup '2100', GetMetadata '2001', Delete '2300'; configuration problems 'BadRequest'.
 */
export class DataError extends Error {
  constructor(
    /** The inner code, e.g. UserErrorSourceBlobNotExists. */
    readonly inner: string,
    message: string,
    readonly side: 'Source' | 'Sink' | undefined = undefined,
    readonly failureType: 'UserError' | 'SystemError' = 'UserError',
  ) {
    super(message);
  }
}

const ACTIVITY_CODES: Record<string, string> = { Copy: '2200', Lookup: '2100', GetMetadata: '2001', Delete: '2300' };

/** Turn a thrown error into the activity's error record (target: the activity name). */
export function toActivityError(activityType: string, target: string, err: unknown): ActivityError {
  if (err instanceof DataError) {
    const side = err.side ? `Failure happened on '${err.side}' side. ` : '';
    const message =
      activityType === 'Copy'
        ? `${side}ErrorCode=${err.inner},'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=${err.message},Source=Microsoft.DataTransfer.ClientLibrary,'`
        : `${side}ErrorCode=${err.inner},Message=${err.message}`;
    return { errorCode: ACTIVITY_CODES[activityType] ?? 'BadRequest', message, failureType: err.failureType, target };
  }
  const text = err instanceof Error ? err.message : String(err);
  return {
    errorCode: ACTIVITY_CODES[activityType] ?? 'InternalServerError',
    message: `ErrorCode=SystemErrorUnexpected,Message=${text}`,
    failureType: 'SystemError',
    target,
  };
}

/** A bad activity/dataset definition (chosen: errorCode of the activity, inner UserErrorInvalidConfiguration). */
export function badConfig(message: string): DataError {
  return new DataError('UserErrorInvalidConfiguration', message);
}

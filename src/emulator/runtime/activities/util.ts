import type { ActivityCall } from '../scheduler.js';
import type { Outcome } from '../scope.js';

export const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The activity's typeProperties (an empty object when absent). */
export function typeProps(call: ActivityCall): Record<string, unknown> {
  return isObj(call.def.typeProperties) ? call.def.typeProperties : {};
}

/** A failed outcome with the user-error shape. */
export function failWith(errorCode: string, message: string): Outcome {
  return { status: 'Failed', error: { errorCode, message, failureType: 'UserError' } };
}

/** How a container reports an inner failure (chosen: the service's ForEach/If wording). */
export function innerFailure(inner: { name: string; error: { message: string; errorCode: string } }): Outcome {
  return failWith(
    inner.error.errorCode || 'ActionFailed',
    `Activity failed because an inner activity failed; Inner activity name: ${inner.name}, Error: ${inner.error.message}`,
  );
}

/** Value as text for messages. */
export function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

import { ArmError, ArmNetworkError } from './errors.js';
import { isRetryableNetworkCode, isRetryableStatus } from './retry.js';
import type { ArmClient } from './types.js';

/**
 * The resource-level layer over ArmClient: what an HTTP answer means for a resource, in one place, so apply/ and
 * state/ never read status codes or ARM error codes themselves.
 */
export type ArmFailure =
  /** 404 ResourceNotFound: ARM says the resource does not exist. */
  | 'absent'
  /** Any other 404 on a resource (the ADF resource provider answers a missing child with `NotFound`). */
  | 'not-found'
  /** 404 ResourceGroupNotFound: nothing can be read or written until the group exists. */
  | 'no-resource-group'
  /** 404 InvalidResourceType: the service does not know this collection (an older API or region). */
  | 'unknown-resource-type'
  /** 412: the If-Match / If-None-Match condition failed: the resource is not the version we read. */
  | 'precondition-failed'
  /** 409, or a 400 saying so: the resource is still being provisioned; the write succeeds later. */
  | 'provisioning'
  /** Worth another attempt (throttling, 5xx but 501/505, a reset connection); see arm/retry.ts. */
  | 'transient'
  /** Anything else: permanent, report it. */
  | 'other';

export function classifyArmError(err: unknown): ArmFailure {
  if (err instanceof ArmNetworkError) return isRetryableNetworkCode(err.errorCode) ? 'transient' : 'other';
  if (!(err instanceof ArmError)) return 'other';
  const code = err.armCode.toLowerCase();
  if (err.status === 404) {
    if (code === 'resourcegroupnotfound') return 'no-resource-group';
    if (code === 'invalidresourcetype') return 'unknown-resource-type';
    if (code === 'subscriptionnotfound') return 'other';
    return code === 'resourcenotfound' ? 'absent' : 'not-found';
  }
  if (err.status === 412) return 'precondition-failed';
  if (isProvisioningConflict(err)) return 'provisioning';
  return isRetryableStatus(err.status) ? 'transient' : 'other';
}

/**
 * The one definition of "transient" (the client's retry policy, arm/retry.ts): 429 and 5xx except 501 and 505,
 * and the network errors that can clear (not ENOTFOUND: a misspelt host fails the same way each time). Used by
 * callers that retry what the client does not (POSTs and PATCHes that are idempotent in effect).
 */
export function isTransient(err: unknown): boolean {
  return classifyArmError(err) === 'transient';
}

/** The resource is not there (any 404 on it other than a missing resource group or an unknown type). */
export function isAbsent(err: unknown): boolean {
  const c = classifyArmError(err);
  return c === 'absent' || c === 'not-found';
}

/**
 * ADF answers a write that meets a resource still being provisioned (an integration runtime starting, a private
 * endpoint being approved) with 409 or a 400 saying so; it succeeds later. A name taken by another factory
 * (DataFactoryNameInUse) or a failed condition is not that.
 */
function isProvisioningConflict(err: ArmError): boolean {
  if (err.armCode === 'DataFactoryNameInUse' || err.armCode === 'PreconditionFailed') return false;
  if (err.status === 409) return true;
  const text = `${err.armCode} ${err.armMessage}`;
  return err.status === 400 && /provisioning|in progress|inprogress|being (created|updated|deleted)/i.test(text);
}

/** GET a resource; undefined when it is not there. */
export async function getOrAbsent(
  client: ArmClient,
  path: string,
  resource: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    return (await client.request<Record<string, unknown>>('GET', path, { resource })).body;
  } catch (err) {
    if (isAbsent(err)) return undefined;
    throw err;
  }
}

/** What a conditional write found. */
export type ConditionalResult =
  | { status: 'written' }
  /**
   * The condition failed. `mayBeOurs`: an earlier attempt of this same call may have landed (a retry after a reset
   * or a 5xx), so the new version may be ours: read it and compare before calling it a conflict.
   */
  | { status: 'precondition-failed'; mayBeOurs: boolean };

/** PUT with If-Match / If-None-Match; a failed condition is a result, not an error. */
export async function conditionalPut(
  client: ArmClient,
  path: string,
  body: Record<string, unknown>,
  cond: { ifMatch?: string; ifNoneMatch?: string },
  resource: string,
): Promise<ConditionalResult> {
  try {
    await client.request('PUT', path, { body, ...cond, resource });
    return { status: 'written' };
  } catch (err) {
    if (!(err instanceof ArmError) || classifyArmError(err) !== 'precondition-failed') throw err;
    return { status: 'precondition-failed', mayBeOurs: err.priorAttemptMayHaveLanded || err.retriedAfterNetworkError };
  }
}

/** DELETE with If-Match; a resource already gone is 'absent', a failed condition 'precondition-failed'. */
export async function conditionalDelete(
  client: ArmClient,
  path: string,
  ifMatch: string | undefined,
  resource: string,
): Promise<'deleted' | 'absent' | 'precondition-failed'> {
  try {
    const res = await client.request('DELETE', path, { ifMatch, resource, expect: [200, 204, 404] });
    // 204: nothing was there to delete (ARM's convention for DELETE).
    return res.status === 204 || res.status === 404 ? 'absent' : 'deleted';
  } catch (err) {
    if (isAbsent(err)) return 'absent';
    if (classifyArmError(err) === 'precondition-failed') return 'precondition-failed';
    throw err;
  }
}

/** A resource's etag: the factory says `eTag`, its children `etag`. */
export function etagOf(body: Record<string, unknown>): string | undefined {
  const e = body.eTag ?? body.etag;
  return typeof e === 'string' && e !== '' ? e : undefined;
}

/** Two etags name the same version whatever their quoting (the factory's `eTag` is quoted, children's not). */
export function sameEtag(a: string | undefined, b: string | undefined): boolean {
  const strip = (s: string) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return a !== undefined && b !== undefined && strip(a) === strip(b);
}

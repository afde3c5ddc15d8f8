import { describe, expect, it } from 'vitest';
import { ArmError, ArmNetworkError } from './errors.js';
import { classifyArmError, conditionalDelete, conditionalPut, getOrAbsent, isTransient } from './resource.js';
import type { ArmClient, ArmResponse, HttpMethod } from './types.js';

const history = { attempts: 1, outcomes: [], retriedAfterNetworkError: false, priorAttemptMayHaveLanded: false };
const arm = (status: number, armCode = 'X', armMessage = 'm', extra: Partial<typeof history> = {}) =>
  new ArmError({ method: 'PUT', path: '/p', status, armCode, armMessage, ...history, ...extra });
const net = (errorCode: string) =>
  new ArmNetworkError({
    method: 'POST',
    path: '/p',
    endpoint: 'http://127.0.0.1:1',
    errorCode,
    detail: 'd',
    ...history,
  });

/** A client that answers every request with `answer` (a status or an error to throw). */
function clientAnswering(answer: number | Error): ArmClient {
  return {
    async request<T>(_method: HttpMethod, _path: string): Promise<ArmResponse<T>> {
      if (answer instanceof Error) throw answer;
      return { status: answer, headers: {}, body: { name: 'x' } as T };
    },
  } as unknown as ArmClient;
}

describe('classifyArmError', () => {
  it.each([
    ['404 ResourceNotFound', arm(404, 'ResourceNotFound'), 'absent'],
    ['404 NotFound (a child)', arm(404, 'NotFound'), 'not-found'],
    ['404 ResourceGroupNotFound', arm(404, 'ResourceGroupNotFound'), 'no-resource-group'],
    ['404 InvalidResourceType', arm(404, 'InvalidResourceType'), 'unknown-resource-type'],
    ['404 SubscriptionNotFound', arm(404, 'SubscriptionNotFound'), 'other'],
    ['412', arm(412, 'PreconditionFailed'), 'precondition-failed'],
    ['409 Conflict', arm(409, 'Conflict'), 'provisioning'],
    ['409 DataFactoryNameInUse', arm(409, 'DataFactoryNameInUse'), 'other'],
    ['400 still provisioning', arm(400, 'BadRequest', 'the runtime is being updated'), 'provisioning'],
    ['400 other', arm(400, 'BadRequest', 'bad'), 'other'],
    ['429', arm(429), 'transient'],
    ['503', arm(503), 'transient'],
    ['501', arm(501), 'other'],
    ['an Error', new Error('x'), 'other'],
  ])('%s', (_label, err, expected) => {
    expect(classifyArmError(err)).toBe(expected);
  });
});

describe('isTransient: one definition, the client retry policy', () => {
  // apply/operations.ts used to retry these two; arm/retry.ts never did. Neither gets better by waiting.
  it('505 and ENOTFOUND are not transient', () => {
    expect(isTransient(arm(505))).toBe(false);
    expect(isTransient(net('ENOTFOUND'))).toBe(false);
  });
  it('a reset connection, a refused one and a 502 are', () => {
    expect(isTransient(net('ECONNRESET'))).toBe(true);
    expect(isTransient(net('ECONNREFUSED'))).toBe(true);
    expect(isTransient(arm(502))).toBe(true);
  });
});

describe('resource calls', () => {
  it('getOrAbsent: undefined for a missing resource, the error for a missing resource group', async () => {
    await expect(getOrAbsent(clientAnswering(arm(404, 'NotFound')), '/p', 'Pipeline/p')).resolves.toBeUndefined();
    await expect(getOrAbsent(clientAnswering(200), '/p', 'Pipeline/p')).resolves.toEqual({ name: 'x' });
    await expect(getOrAbsent(clientAnswering(arm(404, 'ResourceGroupNotFound')), '/p', 'x')).rejects.toThrow();
  });
  it('conditionalPut: a failed condition is a result, and says whether an earlier attempt may have landed', async () => {
    const put = (answer: number | Error) => conditionalPut(clientAnswering(answer), '/p', {}, { ifMatch: 'e' }, 'x');
    await expect(put(200)).resolves.toEqual({ status: 'written' });
    await expect(put(arm(412))).resolves.toEqual({ status: 'precondition-failed', mayBeOurs: false });
    await expect(put(arm(412, 'X', 'm', { priorAttemptMayHaveLanded: true }))).resolves.toEqual({
      status: 'precondition-failed',
      mayBeOurs: true,
    });
    await expect(put(arm(400))).rejects.toThrow();
  });
  it.each([
    [200, 'deleted'],
    [204, 'absent'],
    [404, 'absent'],
  ])('conditionalDelete: %s is %s', async (status, expected) => {
    await expect(conditionalDelete(clientAnswering(status), '/p', 'e', 'x')).resolves.toBe(expected);
  });
  it('conditionalDelete: 412 and a thrown 404 are results', async () => {
    await expect(conditionalDelete(clientAnswering(arm(412)), '/p', 'e', 'x')).resolves.toBe('precondition-failed');
    await expect(conditionalDelete(clientAnswering(arm(404, 'NotFound')), '/p', 'e', 'x')).resolves.toBe('absent');
  });
});

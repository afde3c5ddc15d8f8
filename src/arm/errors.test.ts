import { describe, expect, it } from 'vitest';
import { ArmError, parseErrorBody } from './errors.js';

describe('parseErrorBody', () => {
  it.each([
    [
      'CloudError',
      400,
      '{"error":{"code":"BadRequest","message":"m","target":"t","details":null}}',
      'application/json',
      { code: 'BadRequest', message: 'm', target: 't', details: undefined },
    ],
    [
      'CloudError with null target',
      400,
      '{"error":{"code":"X","message":"m","target":null}}',
      'application/json',
      { code: 'X', message: 'm', target: undefined, details: undefined },
    ],
    [
      'bare {code,message}',
      409,
      '{"code":"Conflict","message":"busy"}',
      'application/json',
      { code: 'Conflict', message: 'busy', target: undefined, details: undefined },
    ],
    ['JSON without code', 500, '{"foo":1}', 'application/json', { code: 'InternalServerError', message: '{"foo":1}' }],
    ['empty', 503, '', undefined, { code: 'ServiceUnavailable', message: '(empty response body)' }],
    ['long text', 502, 'x'.repeat(400), 'text/plain', { code: 'BadGateway', message: `${'x'.repeat(300)}…` }],
  ])('%s', (_label, status, text, type, expected) => {
    expect(parseErrorBody(status, text, type)).toEqual(expected);
  });
});

describe('ArmError', () => {
  const base = {
    method: 'DELETE' as const,
    path: '/f/linkedservices/LS_KV',
    status: 400,
    armCode: 'BadRequest',
    attempts: 1,
    outcomes: [400],
    retriedAfterNetworkError: false,
    priorAttemptMayHaveLanded: false,
  };

  it('names the resource, not the path, when given; omits a target equal to it', () => {
    const err = new ArmError({
      ...base,
      armMessage: 'The document cannot be deleted since it is referenced by LS_ASQL.',
      target: '/Microsoft.DataFactory/factories/f/linkedservices/LS_KV',
      requestId: 'r1',
      resource: 'LinkedService/LS_KV',
    });
    expect(err.message).toBe(
      'DELETE LinkedService/LS_KV failed: 400 BadRequest: The document cannot be deleted since it is referenced by LS_ASQL. (target /Microsoft.DataFactory/factories/f/linkedservices/LS_KV) (request id r1)',
    );
    expect(err).toMatchObject({ name: 'ArmError', code: 'arm.400', fault: 'user' });
  });

  it.each([
    [401, 'InvalidAuthenticationToken', /az login/],
    [403, 'AuthorizationFailed', /Data Factory Contributor/],
    [412, 'PreconditionFailed', /plan again/],
    [404, 'SubscriptionNotFound', /--subscription/],
  ])('hint for %i %s', (status, armCode, hint) => {
    expect(new ArmError({ ...base, status, armCode, armMessage: 'x' }).hint).toMatch(hint);
  });

  it('collapses whitespace in the service message (trailing spaces, newlines)', () => {
    const err = new ArmError({
      ...base,
      armMessage: 'Cannot update enabled Trigger; the trigger needs to be disabled first. \n',
      requestId: 'r',
    });
    expect(err.message).toMatch(/disabled first\. \(request id r\)$/);
  });
});

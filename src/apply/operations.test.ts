import { describe, expect, it } from 'vitest';
import { ArmError } from '../arm/errors.js';
import type { ArmClient, ArmResponse, HttpMethod, RequestOptions } from '../arm/types.js';
import { SECRET_PLACEHOLDER, type ChildChange, type FactoryChange } from '../plan/types.js';
import { isProvisioningConflict, performStep, type StepContext } from './operations.js';
import type { ApplyStep } from './types.js';

function armError(status: number, armCode: string, armMessage: string, method: HttpMethod = 'PUT'): ArmError {
  return new ArmError({
    method,
    path: '/x',
    status,
    armCode,
    armMessage,
    attempts: 1,
    outcomes: [status],
    retriedAfterNetworkError: false,
    priorAttemptMayHaveLanded: false,
  });
}

/** A client that answers from a script: each call takes the next answer (an error to throw, or a status). */
function scripted(answers: Array<number | Error | { status: number; body: Record<string, unknown> }>) {
  const calls: Array<{ method: HttpMethod; path: string; options?: RequestOptions }> = [];
  const client: ArmClient = {
    async request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<ArmResponse<T>> {
      calls.push({ method, path, options });
      const next = answers.shift();
      if (next === undefined) throw new Error(`unexpected call ${method} ${path}`);
      if (next instanceof Error) throw next;
      if (typeof next === 'object') return { status: next.status, body: next.body as T, headers: {} };
      return { status: next, body: {} as T, headers: {} };
    },
    list: async () => [],
    stats: () => ({ requests: 0, byMethod: {}, retries: 0, throttled: 0 }),
  };
  return { client, calls };
}

function context(client: ArmClient, bodies = new Map<string, Record<string, unknown>>()) {
  const waits: number[] = [];
  const retries: string[] = [];
  const ctx: StepContext = {
    client,
    target: { subscriptionId: 's', resourceGroup: 'rg', factoryName: 'f' },
    bodies,
    sleep: async (ms) => void waits.push(ms),
    maxProvisioningRetries: 3,
    onRetry: (_step, attempt, delayMs, reason) => void retries.push(`${attempt}:${delayMs}:${reason}`),
  };
  return { ctx, waits, retries };
}

const change = (action: ChildChange['action'], extra: Partial<ChildChange> = {}): ChildChange => ({
  address: 'IntegrationRuntime/ir1',
  kind: 'IntegrationRuntime',
  name: 'ir1',
  action,
  changes: [],
  dependsOn: [],
  etag: 'e1',
  desired: { properties: { type: 'Managed' } },
  ...extra,
});
const step = (c: ChildChange): ApplyStep => {
  if (c.action === 'no-op') throw new Error('a no-op is no step');
  return { id: `${c.action}:${c.address}`, address: c.address, operation: c.action, change: c };
};

describe('performStep', () => {
  it('waits and retries a write that meets a resource still provisioning, with growing delays', async () => {
    const busy = armError(409, 'Conflict', 'The integration runtime is being updated; try again later');
    const { client, calls } = scripted([busy, busy, 200]);
    const { ctx, waits, retries } = context(client);
    await performStep(step(change('update')), ctx);
    expect(calls.map((c) => c.method)).toEqual(['PUT', 'PUT', 'PUT']);
    expect(calls[0].options).toMatchObject({ ifMatch: 'e1' });
    expect(waits).toEqual([2000, 4000]);
    expect(retries[0]).toContain('being updated');
  });

  it('gives up after the bounded number of provisioning retries', async () => {
    const busy = armError(409, 'Conflict', 'provisioning in progress');
    const { client, calls } = scripted([busy, busy, busy, busy, busy]);
    await expect(performStep(step(change('update')), context(client).ctx)).rejects.toThrow('provisioning in progress');
    expect(calls).toHaveLength(4); // the first try and 3 retries
  });

  it.each([
    [409, 'Conflict', 'anything', true],
    [400, 'BadRequest', 'Resource is in provisioning state Updating', true],
    [400, 'BadRequest', "The document creation or update failed because of invalid reference 'x'.", false],
    [409, 'DataFactoryNameInUse', 'The specified resource name is already in use.', false],
    [412, 'PreconditionFailed', 'etag mismatch', false],
  ])('%i %s "%s" is a provisioning conflict: %s', (status, code, message, expected) => {
    expect(isProvisioningConflict(armError(status, code, message))).toBe(expected);
  });

  it('fails an update with 412 as "changed since plan" without re-reading when no earlier attempt could have landed', async () => {
    const { client, calls } = scripted([armError(412, 'PreconditionFailed', 'etag')]);
    await expect(performStep(step(change('update')), context(client).ctx)).rejects.toThrow(
      'IntegrationRuntime/ir1 changed since plan, run plan again',
    );
    expect(calls).toHaveLength(1);
  });

  it('counts a delete of something already gone as done', async () => {
    // The read before the DELETE finds nothing: no DELETE is sent.
    const gone = scripted([armError(404, 'NotFound', 'missing', 'GET')]);
    await expect(performStep(step(change('delete')), context(gone.client).ctx)).resolves.toBe('already absent');
    expect(gone.calls.map((c) => c.method)).toEqual(['GET']);
    // A 412 on delete: gone now (GET 404) means an earlier run deleted it.
    const raced = scripted([
      { status: 200, body: { etag: 'e1' } },
      armError(412, 'PreconditionFailed', 'etag', 'DELETE'),
      armError(404, 'NotFound', 'missing', 'GET'),
    ]);
    await expect(performStep(step(change('delete')), context(raced.client).ctx)).resolves.toBe('already absent');
    expect(raced.calls.map((c) => c.method)).toEqual(['GET', 'DELETE', 'GET']);
  });

  // The spec declares no If-Match on DELETE and no If-None-Match on PUT: apply must not depend on them.
  it('refuses a delete when the etag read just before differs from the plan, without sending the DELETE', async () => {
    const { client, calls } = scripted([{ status: 200, body: { etag: 'e2' } }]);
    await expect(performStep(step(change('delete')), context(client).ctx)).rejects.toThrow(
      'IntegrationRuntime/ir1 changed since plan, run plan again',
    );
    expect(calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('accepts a quoted factory eTag as the same version when deleting the factory', async () => {
    const { client, calls } = scripted([{ status: 200, body: { eTag: '"e1"' } }, 200]);
    const c: FactoryChange = { ...change('delete', { address: 'Factory/f', etag: '"e1"' }), kind: 'Factory' };
    const del: ApplyStep = {
      id: 'delete-factory:Factory/f',
      address: 'Factory/f',
      operation: 'delete-factory',
      change: c,
    };
    await expect(performStep(del, context(client).ctx)).resolves.toBeUndefined();
    expect(calls.map((x) => x.method)).toEqual(['GET', 'DELETE']);
    expect(calls[1].options).toMatchObject({ ifMatch: '"e1"' });
  });

  it('refuses a create when the object exists already (made after the plan), without sending the PUT', async () => {
    const { client, calls } = scripted([
      { status: 200, body: { properties: { type: 'SelfHosted', description: 'theirs' } } },
    ]);
    const c = change('create', { desired: { properties: { type: 'SelfHosted' } } });
    await expect(performStep(step(c), context(client).ctx)).rejects.toThrow('changed since plan');
    expect(calls.map((x) => x.method)).toEqual(['GET']);
  });

  it('never PUTs a body that still holds the secret placeholder', async () => {
    const { client, calls } = scripted([]);
    const c = change('create', {
      desired: { properties: { password: { type: 'SecureString', value: SECRET_PLACEHOLDER } } },
    });
    await expect(performStep(step(c), context(client).ctx)).rejects.toThrow('secret values are not available');
    expect(calls).toEqual([]);
  });

  it('PUTs the in-memory body with the real secret, and a create with If-None-Match: *', async () => {
    const { client, calls } = scripted([armError(404, 'NotFound', 'missing', 'GET'), 200]);
    const real = { properties: { password: { type: 'SecureString', value: 'real' } } };
    const c = change('create', {
      desired: { properties: { password: { type: 'SecureString', value: SECRET_PLACEHOLDER } } },
    });
    await performStep(step(c), context(client, new Map([[c.address, real]])).ctx);
    expect(calls.map((x) => x.method)).toEqual(['GET', 'PUT']);
    expect(calls[1].options).toMatchObject({ body: real, ifNoneMatch: '*' });
  });

  it('retries a trigger start after a transient error (the client does not retry POSTs)', async () => {
    const { client, calls } = scripted([armError(503, 'ServiceUnavailable', 'busy', 'POST'), 200]);
    const start: ApplyStep = {
      id: 'start-trigger:Trigger/t',
      address: 'Trigger/t',
      operation: 'start-trigger',
      trigger: { address: 'Trigger/t', name: 't', stop: false, start: true, reason: 'test' },
    };
    await performStep(start, context(client).ctx);
    expect(calls.map((c) => `${c.method} ${c.path.split('/factories/f/')[1]}`)).toEqual([
      'POST triggers/t/start',
      'POST triggers/t/start',
    ]);
  });

  it('does not retry a trigger start refused for good', async () => {
    const { client, calls } = scripted([armError(400, 'BadRequest', 'bad trigger', 'POST')]);
    const start: ApplyStep = {
      id: 'start-trigger:Trigger/t',
      address: 'Trigger/t',
      operation: 'start-trigger',
      trigger: { address: 'Trigger/t', name: 't', stop: false, start: true, reason: 'test' },
    };
    await expect(performStep(start, context(client).ctx)).rejects.toThrow('bad trigger');
    expect(calls).toHaveLength(1);
  });
});

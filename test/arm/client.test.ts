import { beforeEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../../src/arm/client.js';
import { ArmError, ArmNetworkError } from '../../src/arm/errors.js';
import type { ArmClientOptions, ExchangeEvent, HttpMethod } from '../../src/arm/types.js';
import { cloudError, json, reset, useFakeArm } from './fake-arm.js';

const TOKEN = 'SECRET-token-eyJhbGciOi-never-print-me';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let events: ExchangeEvent[];

const t = useFakeArm();
beforeEach(() => {
  events = [];
});

function client(extra: Partial<ArmClientOptions> = {}) {
  return createArmClient({
    endpoint: t.server.url,
    token: TOKEN,
    sleep: t.clock.sleep,
    now: t.clock.now,
    random: () => 0.5,
    onExchange: (e) => events.push(e),
    ...extra,
  });
}

describe('request basics', () => {
  it('adds api-version, bearer token, a fresh client request id per attempt, and sends JSON', async () => {
    t.server.handle((q, res, n) => (n === 1 ? json(res, 500, {}) : json(res, 200, { ok: true })));
    const res = await client().request('PUT', '/subscriptions/s/x', {
      body: { properties: { a: 1 } },
      query: { foo: 'a b' },
    });
    expect(res.body).toEqual({ ok: true });
    expect(res.requestId).toBe('req-0001');
    const [first, second] = t.server.received;
    expect(first.url).toBe('/subscriptions/s/x?foo=a%20b&api-version=2018-06-01');
    expect(first.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(first.body)).toEqual({ properties: { a: 1 } });
    expect(first.headers['x-ms-client-request-id']).toMatch(UUID);
    expect(second.headers['x-ms-client-request-id']).toMatch(UUID);
    expect(second.headers['x-ms-client-request-id']).not.toBe(first.headers['x-ms-client-request-id']);
  });

  it('keeps an api-version already in the path instead of adding a second one', async () => {
    await client().request('GET', '/x?api-version=2017-09-01-preview');
    expect(t.server.received[0].url).toBe('/x?api-version=2017-09-01-preview');
  });

  it('sends If-Match and If-None-Match, and treats 304 on a conditional GET as success', async () => {
    t.server.handle((_q, res) => {
      res.writeHead(304);
      res.end();
    });
    const res = await client().request('GET', '/x', { ifNoneMatch: 'abc' });
    expect(res.status).toBe(304);
    expect(res.body).toBeUndefined();
    expect(t.server.received[0].headers['if-none-match']).toBe('abc');
    t.server.handle((_q, res) => json(res, 200, {}));
    await client().request('PUT', '/x', { ifMatch: '"e1"', body: {} });
    expect(t.server.received[1].headers['if-match']).toBe('"e1"');
  });

  it('accepts the statuses in `expect` and nothing else', async () => {
    t.server.handle((_q, res) => cloudError(res, 404, 'NotFound', 'gone'));
    expect((await client().request('DELETE', '/x', { expect: [200, 204, 404] })).status).toBe(404);
    t.server.handle((_q, res) => json(res, 200, {}));
    await expect(client().request('GET', '/x', { expect: [204] })).rejects.toMatchObject({ status: 200 });
  });

  it('reports every exchange and counts requests by method', async () => {
    t.server.handle((_q, res, n) =>
      n === 1 ? cloudError(res, 503, 'ServiceUnavailable', 'busy') : json(res, 200, {}),
    );
    const c = client();
    await c.request('GET', '/a');
    await c.request('DELETE', '/b');
    expect(events.map((e) => [e.method, e.status, e.attempt, e.retryInMs])).toEqual([
      ['GET', 503, 1, 500],
      ['GET', 200, 2, undefined],
      ['DELETE', 200, 1, undefined],
    ]);
    expect(events[0].path).toBe('/a');
    expect(c.stats()).toMatchObject({ requests: 3, byMethod: { GET: 2, DELETE: 1 }, retries: 1, throttled: 0 });
  });
});

describe('retries', () => {
  it('backs off exponentially with full jitter (injected random) on 5xx for idempotent calls', async () => {
    t.server.handle((_q, res, n) =>
      n <= 4 ? cloudError(res, 500, 'InternalServerError', 'oops') : json(res, 200, {}),
    );
    const randoms = [0.9, 0.25, 0.5, 0.999];
    const c = client({ random: () => randoms.shift()!, baseDelayMs: 1000, maxDelayMs: 5000 });
    await c.request('GET', '/x');
    // ceilings 1000, 2000, 4000, 5000 (capped) times the random draws
    expect(t.clock.sleeps).toEqual([900, 500, 2000, 4995]);
    expect(c.stats().retries).toBe(4);
  });

  it.each([
    ['seconds', (_now: number) => '7', 7000],
    ['an HTTP date', (now: number) => new Date(now + 3000).toUTCString(), 3000],
  ])('honours Retry-After given in %s on 429 and counts the throttling', async (_label, value, expected) => {
    t.server.handle((_q, res, n) =>
      n === 1
        ? cloudError(res, 429, 'SubscriptionRequestsThrottled', 'slow down', { 'retry-after': value(t.clock.now()) })
        : json(res, 200, {}),
    );
    const c = client();
    await c.request('GET', '/x');
    expect(t.clock.sleeps).toEqual([expected]);
    expect(c.stats()).toMatchObject({ throttled: 1, retries: 1, requests: 2 });
  });

  it('honours Retry-After on 503', async () => {
    t.server.handle((_q, res, n) =>
      n === 1 ? cloudError(res, 503, 'ServiceUnavailable', 'busy', { 'retry-after': '12' }) : json(res, 200, {}),
    );
    await client().request('DELETE', '/x');
    expect(t.clock.sleeps).toEqual([12000]);
  });

  it('gives up instead of waiting when Retry-After is beyond maxRetryAfterMs', async () => {
    t.server.handle((_q, res) =>
      cloudError(res, 429, 'SubscriptionRequestsThrottled', 'come back in an hour', { 'retry-after': '3600' }),
    );
    await expect(client({ maxRetryAfterMs: 60_000 }).request('GET', '/x')).rejects.toMatchObject({
      status: 429,
      attempts: 1,
    });
    expect(t.server.received).toHaveLength(1);
  });

  it.each<[HttpMethod, 'status' | 'reset']>([
    ['POST', 'status'],
    ['PATCH', 'status'],
    ['POST', 'reset'],
  ])('never retries %s (%s)', async (method, failure) => {
    t.server.handle((_q, res) =>
      failure === 'reset' ? reset(res) : cloudError(res, 503, 'ServiceUnavailable', 'busy'),
    );
    await expect(client().request(method, '/x/start', { body: {} })).rejects.toMatchObject({ attempts: 1 });
    expect(t.server.received).toHaveLength(1);
    expect(t.clock.sleeps).toEqual([]);
  });

  it('does not retry 4xx (other than 429) or 501', async () => {
    t.server.handle((_q, res, n) =>
      n === 1 ? cloudError(res, 400, 'BadRequest', 'no') : cloudError(res, 501, 'NotImplemented', 'no'),
    );
    await expect(client().request('GET', '/x')).rejects.toMatchObject({ status: 400 });
    await expect(client().request('GET', '/x')).rejects.toMatchObject({ status: 501 });
    expect(t.server.received).toHaveLength(2);
  });

  it('stops after maxRetries and says how many attempts were made', async () => {
    t.server.handle((_q, res) => cloudError(res, 503, 'ServiceUnavailable', 'busy'));
    const err = await client({ maxRetries: 3 })
      .request('GET', '/x', { resource: 'Pipeline/p' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ArmError);
    expect(t.server.received).toHaveLength(4);
    expect(err.message).toBe(
      'GET Pipeline/p failed after 4 attempts: 503 ServiceUnavailable: busy (request id req-0001)',
    );
    expect(err.outcomes).toEqual([503, 503, 503, 503]);
  });

  it('retries a PUT after a connection reset; a 412 then says the first attempt may have landed', async () => {
    t.server.handle((_q, res, n) =>
      n === 1 ? reset(res) : cloudError(res, 412, 'PreconditionFailed', 'etag mismatch'),
    );
    const err = await client()
      .request('PUT', '/p', { body: {}, ifMatch: 'e1', resource: 'Pipeline/p' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ArmError);
    expect(err).toMatchObject({
      status: 412,
      attempts: 2,
      outcomes: ['network-error', 412],
      retriedAfterNetworkError: true,
      priorAttemptMayHaveLanded: true,
    });
    expect(t.server.received.map((r) => r.headers['if-match'])).toEqual(['e1', 'e1']);
    expect(events[0]).toMatchObject({ status: 'network-error', errorCode: 'ECONNRESET', retryInMs: 500 });
  });

  it('a plain 412 without a prior network error is a conflict', async () => {
    t.server.handle((_q, res) => cloudError(res, 412, 'PreconditionFailed', 'etag mismatch'));
    const err = await client()
      .request('PUT', '/p', { body: {}, ifMatch: 'e1' })
      .catch((e) => e);
    expect(err).toMatchObject({ attempts: 1, retriedAfterNetworkError: false, priorAttemptMayHaveLanded: false });
  });

  it('after retries on resets, fails with a network error naming the endpoint', async () => {
    t.server.handle((_q, res) => reset(res));
    const err = await client({ maxRetries: 2 })
      .request('GET', '/x', { resource: 'Factory/f' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ArmNetworkError);
    expect(err.code).toBe('arm.network');
    expect(err.message).toBe(
      `GET Factory/f failed: could not reach ${t.server.url}: ECONNRESET (socket hang up) after 3 attempts`,
    );
    expect(err.hint).toMatch(/emulator is running/);
    expect(t.server.received).toHaveLength(3);
  });

  it('retries a refused connection and then reports it', async () => {
    const url = t.server.url;
    await t.server.close();
    const err = await createArmClient({ endpoint: url, token: TOKEN, sleep: t.clock.sleep, maxRetries: 1 })
      .request('GET', '/x')
      .catch((e) => e);
    expect(err).toMatchObject({ errorCode: 'ECONNREFUSED', attempts: 2 });
    expect(t.clock.sleeps).toHaveLength(1);
  });

  it('an endpoint that never answered and refuses: two quick retries, then a hint that the emulator may not run', async () => {
    const url = t.server.url;
    await t.server.close();
    const err = await createArmClient({ endpoint: url, token: TOKEN, sleep: t.clock.sleep })
      .request('GET', '/x')
      .catch((e) => e);
    expect(err).toMatchObject({ errorCode: 'ECONNREFUSED', attempts: 3 });
    // 0.75 s in all, not the half minute of backoff the default 6 retries would take.
    expect(t.clock.sleeps).toEqual([250, 500]);
    expect(err.hint).toMatch(/nothing is listening at http:\/\/127\.0\.0\.1:\d+: is the emulator running\?/);
    expect(err.hint).toContain('--local');
  });

  it('a refusal after the endpoint has answered (a restart) keeps the full retry budget', async () => {
    t.server.handle((_q, res) => json(res, 200, {}));
    const c = createArmClient({ endpoint: t.server.url, token: TOKEN, sleep: t.clock.sleep, random: () => 0.5 });
    await c.request('GET', '/x');
    await t.server.close();
    const err = await c.request('GET', '/x').catch((e) => e);
    expect(err).toMatchObject({ errorCode: 'ECONNREFUSED', attempts: 7 });
    expect(err.hint).not.toMatch(/nothing is listening/);
  });

  it('times out a request that gets no answer (per-request timeout)', async () => {
    t.server.handle(() => undefined); // never answers
    const err = await client({ maxRetries: 0, timeoutMs: 60_000 })
      .request('GET', '/slow', { timeoutMs: 40 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ArmNetworkError);
    expect(err.message).toMatch(/ETIMEDOUT \(no answer within 40 ms\)/);
  });

  it('stops waiting when the signal aborts during a backoff', async () => {
    const controller = new AbortController();
    t.server.handle((_q, res) => cloudError(res, 500, 'InternalServerError', 'oops'));
    const c = client({ sleep: async () => controller.abort() });
    await expect(c.request('GET', '/x', { signal: controller.signal })).rejects.toMatchObject({ code: 'arm.aborted' });
    expect(t.server.received).toHaveLength(1);
  });
});

describe('errors', () => {
  it('formats a CloudError with method, resource, status, code, message, target and request id', async () => {
    t.server.handle((_q, res) =>
      cloudError(
        res,
        400,
        'BadRequest',
        "The document creation or update failed because of invalid reference 'ds1'.",
        { 'x-ms-request-id': '1234-abcd' },
        'pipeline/Copy/activities/0',
      ),
    );
    const err = await client()
      .request('PUT', '/p/Copy', { body: {}, resource: 'Pipeline/Copy' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ArmError);
    expect(err.message).toBe(
      "PUT Pipeline/Copy failed: 400 BadRequest: The document creation or update failed because of invalid reference 'ds1'. (target pipeline/Copy/activities/0) (request id 1234-abcd)",
    );
    expect(err).toMatchObject({
      code: 'arm.400',
      fault: 'user',
      status: 400,
      armCode: 'BadRequest',
      target: 'pipeline/Copy/activities/0',
      requestId: '1234-abcd',
      method: 'PUT',
      path: '/p/Copy',
      resource: 'Pipeline/Copy',
    });
  });

  it.each([
    [
      'an HTML gateway page',
      'text/html',
      '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
      'GET /x failed: 502 BadGateway: non-JSON response (text/html, 74 bytes): 502 Bad Gateway',
    ],
    ['plain text', 'text/plain', 'upstream   connect error', 'GET /x failed: 502 BadGateway: upstream connect error'],
    ['an empty body', 'text/plain', '', 'GET /x failed: 502 BadGateway: (empty response body)'],
    ['broken JSON', 'application/json', '{"error": {', 'GET /x failed: 502 BadGateway: {"error": {'],
  ])('handles a non-JSON error body: %s', async (_label, type, body, message) => {
    t.server.handle((_q, res) => {
      res.writeHead(502, { 'content-type': type });
      res.end(body);
    });
    const err = await client({ maxRetries: 0 })
      .request('GET', '/x')
      .catch((e) => e);
    expect(err.message).toBe(
      `${message} (client request id ${t.server.received[0].headers['x-ms-client-request-id']})`,
    );
    expect(err.fault).toBe('program');
  });

  it('falls back to the client request id when the answer has no request id', async () => {
    t.server.handle((_q, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Conflict', message: 'busy' } }));
    });
    const err = await client()
      .request('GET', '/x')
      .catch((e) => e);
    expect(err.message).toMatch(/\(client request id [0-9a-f-]{36}\)$/);
    expect(err.clientRequestId).toBe(t.server.received[0].headers['x-ms-client-request-id']);
  });

  it('never puts the token in an error, its fields or the exchange events', async () => {
    t.server.handle((_q, res, n) =>
      n % 2 ? reset(res) : cloudError(res, 401, 'InvalidAuthenticationToken', 'The received access token is not valid'),
    );
    const c = client({ maxRetries: 0 });
    const errors = [await c.request('GET', '/x').catch((e) => e), await c.request('GET', '/x').catch((e) => e)];
    for (const err of errors) {
      const dump = JSON.stringify({
        ...err,
        message: err.message,
        stack: err.stack,
        hint: err.hint,
        cause: String(err.cause),
      });
      expect(dump).not.toContain(TOKEN);
    }
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    expect(errors[1].hint).toMatch(/az login/);
  });

  it('rejects a success answer whose body is not JSON, naming the resource', async () => {
    t.server.handle((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'x-ms-request-id': 'r9' });
      res.end('<html>sign in</html>');
    });
    await expect(client().request('GET', '/x', { resource: 'Factory/f' })).rejects.toThrow(
      'GET Factory/f: the service answered 200 with a body that is not JSON (request id r9)',
    );
  });
});

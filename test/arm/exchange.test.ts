import { getEventListeners } from 'node:events';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createArmClient } from '../../src/arm/client.js';
import { ArmNetworkError } from '../../src/arm/errors.js';
import type { ArmClientOptions, HttpMethod } from '../../src/arm/types.js';
import { EXCHANGES } from './exchanges.js';
import { json, useFakeArm } from './fake-arm.js';

/**
 * What the client's HTTP layer must keep doing on the wire, with either exchange under it: got in this thread
 * (src/arm/exchange.ts: one got instance, read as a stream), or the CLI's HTTP worker (src/arm/http-worker-client.ts:
 * Node's http in a worker thread). The rest of the client's behaviour (retries, throttling, errors, paging, auth) is
 * in client.test.ts, pacing.test.ts and paging-auth.test.ts.
 */
const t = useFakeArm();

describe.each(EXCHANGES)('ARM client HTTP exchange: %s', (_name, exchange) => {
  function client(extra: Partial<ArmClientOptions> = {}) {
    return createArmClient({
      endpoint: t.server.url,
      token: 'tok',
      sleep: t.clock.sleep,
      now: t.clock.now,
      random: () => 0.5,
      ...(exchange ? { exchange } : {}),
      ...extra,
    });
  }

  it('reuses one keep-alive connection for consecutive requests', async () => {
    const c = client();
    for (let i = 0; i < 5; i++) await c.request('GET', `/x${i}`);
    await c.request('PUT', '/y', { body: { a: 1 } });
    await c.request('DELETE', '/y');
    expect(t.server.received).toHaveLength(7);
    expect(t.server.connections).toBe(1);
  });

  it.each(['POST', 'PATCH', 'DELETE', 'PUT'] as HttpMethod[])(
    'a %s without a body is sent and answered',
    async (method) => {
      t.server.handle((_q, res) => json(res, 202, { accepted: true }));
      const res = await client().request(method, '/action');
      expect(res).toMatchObject({ status: 202, body: { accepted: true } });
      const [got] = t.server.received;
      expect(got).toMatchObject({ method, body: '' });
      expect(got.headers['content-type']).toBeUndefined();
    },
  );

  it('sends a body with its length, and the same default headers as before (user agent, compression)', async () => {
    const body = { properties: { description: 'zürich ✓' } };
    await client().request('PUT', '/x', { body });
    const [got] = t.server.received;
    expect(got.body).toBe(JSON.stringify(body));
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(body))));
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got.headers.accept).toBe('application/json');
    expect(got.headers['user-agent']).toBe('got (https://github.com/sindresorhus/got)');
    expect(got.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('decodes a gzip-compressed answer', async () => {
    const page = { value: [{ name: 'p1', properties: { description: 'é'.repeat(1000) } }] };
    t.server.handle((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(page)));
    });
    expect((await client().request('GET', '/x')).body).toEqual(page);
  });

  it('decodes UTF-8 split across chunks, and a large body sent in many writes', async () => {
    const text = JSON.stringify({ value: Array.from({ length: 2000 }, (_, i) => ({ name: `n${i}`, d: 'ß€𝄞' })) });
    const bytes = Buffer.from(text);
    t.server.handle(async (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      // Cut inside multi-byte characters: 7 bytes at a time, each write flushed on its own.
      for (let i = 0; i < bytes.length; i += 4099) {
        res.write(bytes.subarray(i, i + 7));
        res.write(bytes.subarray(i + 7, i + 4099));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
    expect(await client().list('/x')).toEqual(JSON.parse(text).value);
  });

  it('a body cut short (fewer bytes than its content-length) is a network error, retried for a GET', async () => {
    t.server.handle((_q, res, n) => {
      if (n > 1) return json(res, 200, { ok: true });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"value": [');
      setImmediate(() => res.socket?.destroy());
    });
    const outcomes: (number | string)[] = [];
    const res = await client({ onExchange: (e) => outcomes.push(e.status) }).request('GET', '/x');
    expect(res.body).toEqual({ ok: true });
    expect(outcomes).toEqual(['network-error', 200]);
  });

  it("times out by the client's own timeout when the request sets none", async () => {
    t.server.handle(() => undefined); // never answers
    const err = await client({ maxRetries: 0, timeoutMs: 40 })
      .request('GET', '/slow')
      .catch((e) => e);
    expect(err).toBeInstanceOf(ArmNetworkError);
    expect(err.message).toMatch(/ETIMEDOUT \(no answer within 40 ms\)/);
  });

  it('leaves no listener on a signal shared by many requests (no MaxListenersExceededWarning)', async () => {
    const controller = new AbortController();
    const c = client();
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.request('GET', `/x${i}`, { signal: controller.signal })));
    t.server.handle((_q, res) => json(res, 500, {}));
    await c.request('PUT', '/x', { body: {}, signal: controller.signal, expect: [500] });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('stops a request in flight when its signal aborts', async () => {
    const controller = new AbortController();
    t.server.handle(() => controller.abort()); // never answers; the client gives up at the abort
    const err = await client()
      .request('PUT', '/x', { body: {}, signal: controller.signal })
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'arm.aborted' });
    expect(t.server.received).toHaveLength(1);
  });
});

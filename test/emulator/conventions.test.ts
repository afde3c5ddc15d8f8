import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { client, F, LS, seedFactory, useEmulator } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('ARM conventions', () => {
  const t = useEmulator();

  it.each([
    ['missing header', null, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."],
    [
      'not a bearer header',
      'Basic abc',
      'AuthenticationFailedInvalidHeader',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    ],
  ])('auth errors: %s', async (_n, auth, code, message) => {
    const r = await t.call('GET', F(), undefined, { auth });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code, message });
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('auth errors: wrong token when --token is set (never echoed)', async () => {
    const e = await startEmulator({ port: 0, token: 'the-right-one' });
    try {
      const call = client(() => e.url);
      const wrong = await call('GET', F(), undefined, { auth: 'Bearer sekrit-wrong-token' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('InvalidAuthenticationToken');
      expect(wrong.text).not.toContain('sekrit-wrong-token');
      expect(wrong.text).not.toContain('the-right-one');
      const right = await call('GET', F(), undefined, { auth: 'Bearer the-right-one' });
      expect(right.status).toBe(404);
    } finally {
      await e.close();
    }
  });

  it('any bearer token is accepted without --token', async () => {
    for (const token of ['a', 'eyJhbGciOi.x.y']) {
      expect((await t.call('PUT', F(), { location: 'westeurope' }, { auth: `Bearer ${token}` })).status).toBe(200);
    }
  });

  it.each([
    [
      'missing',
      null,
      'MissingApiVersionParameter',
      /^The api-version query parameter \(\?api-version=\) is required for all requests\.$/,
    ],
    [
      'unsupported',
      '2015-10-01',
      'NoRegisteredProviderFound',
      /API version '2015-10-01' for type 'factories'\. The supported api-versions are '2018-06-01/,
    ],
  ])('api-version errors: %s', async (_n, apiVersion, code, message) => {
    const r = await t.call('GET', F(), undefined, { apiVersion });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(message);
  });

  it('error body shape', async () => {
    const r = await t.call('GET', F('nope'));
    expect(r.body).toEqual({
      error: { code: 'ResourceNotFound', message: expect.any(String), target: null, details: null },
    });
  });

  it('ARM headers on every response', async () => {
    const answers = [
      await t.call('PUT', F(), { location: 'westeurope' }),
      await t.call('GET', F('missing')),
      await t.call('DELETE', F('x')),
      await t.call('GET', F(), undefined, { auth: null }),
      await t.call('GET', F(), undefined, { apiVersion: null }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 404, 204, 401, 400]);
    const classes = ['writes', 'reads', 'deletes', 'reads', 'reads'];
    answers.forEach((r, i) => {
      const id = r.headers.get('x-ms-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers.get('x-ms-correlation-request-id')).toBe(id);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      // Only the request's own class, as ARM sends it.
      for (const k of ['reads', 'writes', 'deletes'])
        expect(r.headers.get(`x-ms-ratelimit-remaining-subscription-${k}`)).toEqual(
          k === classes[i] ? expect.stringMatching(/^\d+$/) : null,
        );
    });
    const own = await t.call('GET', F(), undefined, { headers: { 'x-ms-correlation-request-id': 'corr-1' } });
    expect(own.headers.get('x-ms-correlation-request-id')).toBe('corr-1');
  });

  it('client request id echoed only on request', async () => {
    const plain = await t.call('GET', F(), undefined, { headers: { 'x-ms-client-request-id': 'cid-1' } });
    expect(plain.headers.get('x-ms-client-request-id')).toBeNull();
    const asked = await t.call('GET', F(), undefined, {
      headers: { 'x-ms-client-request-id': 'cid-1', 'x-ms-return-client-request-id': 'true' },
    });
    expect(asked.headers.get('x-ms-client-request-id')).toBe('cid-1');
  });

  it('413 for bodies over 4 MB', async () => {
    await seedFactory(t.call);
    const big = { properties: { type: 'Wait', description: 'x'.repeat(4 * 1024 * 1024 + 10) } };
    const r = await t.call('PUT', `${F()}/pipelines/big`, big).catch((err: Error) => ({ status: -1, err }));
    // The server answers before reading the whole body and closes; fetch may see the answer or the closed socket.
    if (r.status !== -1) {
      expect(r.status).toBe(413);
      expect((r as { body: any }).body.error.code).toBe('RequestEntityTooLarge');
    }
    expect(t.emulator.requestLog().at(-1)).toMatchObject({ method: 'PUT', status: 413 });
    expect((await t.call('GET', `${F()}/pipelines/big`)).status).toBe(404);
  });

  it('invalid JSON body', async () => {
    for (const raw of [
      '{"properties":',
      '[1,2]',
      '"text"',
      '{"password": hunter2-in-bad-json}',
      '{"a":\n"hunter2-in-bad-json" x}',
    ]) {
      const r = await t.call('PUT', F(), undefined, { raw });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('InvalidRequestContent');
      expect(r.text).not.toContain('hunter2');
    }
  });

  it('paths and names are case-insensitive', async () => {
    await seedFactory(t.call);
    const ls = LS('MyLS');
    expect((await t.call('PUT', `${F()}/linkedservices/MyLS`, ls.body)).status).toBe(200);
    const lowerPath = F()
      .replace('resourceGroups', 'resourcegroups')
      .replace('Microsoft.DataFactory', 'microsoft.datafactory')
      .toUpperCase()
      .replace('/SUBSCRIPTIONS', '/subscriptions');
    const r = await t.call('GET', `${lowerPath}/LINKEDSERVICES/myls`);
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('MyLS');
  });

  it('unknown types and verbs', async () => {
    await seedFactory(t.call);
    const unknown = await t.call('GET', `${F()}/widgets`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('InvalidResourceType');
    const verb = await t.call('POST', `${F()}/linkedservices`, {});
    expect(verb.status).toBe(405);
    expect(verb.body.error.code).toBe('MethodNotAllowed');
  });

  it('request log', async () => {
    const dir = tempDir('emu-log-');
    const logFile = path.join(dir, 'requests.jsonl');
    const e = await startEmulator({ port: 0, logFile });
    try {
      const call = client(() => e.url);
      await call('PUT', F(), { location: 'westeurope' });
      await call('PUT', `${F()}/linkedservices/ls1`, {
        properties: {
          type: 'AzureSqlDatabase',
          typeProperties: { password: { type: 'SecureString', value: 'hunter2-log' } },
        },
      });
      await call('GET', `${F()}/linkedservices/zzz`, undefined, { headers: { 'x-test': 'hunter2-header' } });
      const log = e.requestLog();
      expect(log.map((l) => [l.method, l.path, l.status])).toEqual([
        ['PUT', F(), 200],
        ['PUT', `${F()}/linkedservices/ls1`, 200],
        ['GET', `${F()}/linkedservices/zzz`, 404],
      ]);
      for (const l of log) {
        expect(Object.keys(l)).toEqual(['time', 'method', 'path', 'status', 'durationMs']);
        expect(l.durationMs).toBeGreaterThanOrEqual(0);
        expect(Date.parse(l.time)).not.toBeNaN();
      }
      const lines = fs
        .readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .map((s) => JSON.parse(s));
      expect(lines).toEqual(log);
      expect(fs.readFileSync(logFile, 'utf8')).not.toMatch(/hunter2|api-version/);
    } finally {
      await e.close();
    }
  });

  it('request log: memoryLog false keeps nothing in memory, still writes the file', async () => {
    const logFile = path.join(tempDir('emu-log-'), 'requests.jsonl');
    const e = await startEmulator({ port: 0, logFile, memoryLog: false });
    try {
      await client(() => e.url)('GET', F());
      expect(e.requestLog()).toEqual([]);
      expect(JSON.parse(fs.readFileSync(logFile, 'utf8'))).toMatchObject({ method: 'GET', status: 404 });
    } finally {
      await e.close();
    }
  });
});

describe('robustness', () => {
  const t = useEmulator();

  it('unknown types and verbs: a malformed request line does not stop the server', async () => {
    const net = await import('node:net');
    const { port } = new URL(t.emulator.url);
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.end('GET http://[bad HTTP/1.1\r\nHost: x\r\n\r\n'),
      );
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.resume();
    });
    expect((await t.call('GET', F())).status).toBe(404);
  });
});

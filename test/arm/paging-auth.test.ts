import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { CredentialUnavailableError } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { ARM_SCOPE } from '../../src/arm/auth.js';
import { createArmClient } from '../../src/arm/client.js';
import type { ArmClientOptions } from '../../src/arm/types.js';
import { EXCHANGES } from './exchanges.js';
import { cloudError, json, startFakeArm, useFakeArm } from './fake-arm.js';

const t = useFakeArm();

describe.each(EXCHANGES)('list, %s', (_name, exchange) => {
  const client = (options: ArmClientOptions) => createArmClient({ ...options, ...(exchange ? { exchange } : {}) });

  it('follows absolute nextLinks to the end, keeping auth and not doubling api-version', async () => {
    t.server.handle((q, res) => {
      const skip = new URL(q.url, t.server.url).searchParams.get('$skipToken');
      if (!skip)
        return json(res, 200, {
          value: [{ name: 'a' }, { name: 'b' }],
          nextLink: `${t.server.url}/f/pipelines?api-version=2018-06-01&%24skipToken=b%2Fx`,
        });
      if (skip === 'b/x')
        return json(res, 200, { value: [{ name: 'c' }], nextLink: `${t.server.url}/f/pipelines?%24skipToken=c` });
      return json(res, 200, { value: [{ name: 'd' }], nextLink: null });
    });
    const c = client({ endpoint: `${t.server.url}/`, token: 't1', sleep: t.clock.sleep });
    const items = await c.list<{ name: string }>('/f/pipelines');
    expect(items.map((i) => i.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(t.server.received.map((r) => r.url)).toEqual([
      '/f/pipelines?api-version=2018-06-01',
      '/f/pipelines?api-version=2018-06-01&%24skipToken=b%2Fx',
      // a nextLink without api-version gets one
      '/f/pipelines?%24skipToken=c&api-version=2018-06-01',
    ]);
    expect(t.server.received.every((r) => r.headers.authorization === 'Bearer t1')).toBe(true);
    expect(c.stats().byMethod).toEqual({ GET: 3 });
  });

  it('retries a failed page without starting over', async () => {
    t.server.handle((q, res, n) => {
      if (n === 2) return cloudError(res, 500, 'InternalServerError', 'oops');
      if (q.url.includes('skipToken')) return json(res, 200, { value: [2] });
      return json(res, 200, { value: [1], nextLink: `${t.server.url}/l?api-version=2018-06-01&$skipToken=1` });
    });
    const items = await client({ endpoint: t.server.url, token: 't', sleep: t.clock.sleep }).list('/l');
    expect(items).toEqual([1, 2]);
    expect(t.server.received.map((r) => r.url.includes('skipToken'))).toEqual([false, true, true]);
  });

  it('refuses to send the token to a nextLink on another host', async () => {
    const other = await startFakeArm();
    try {
      t.server.handle((_q, res) =>
        json(res, 200, { value: [1], nextLink: `${other.url}/steal?api-version=2018-06-01` }),
      );
      await expect(client({ endpoint: t.server.url, token: 't' }).list('/l')).rejects.toThrow(
        /nextLink on another host .*refusing to send credentials/,
      );
      expect(other.received).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('stops on a nextLink loop and on a page without value', async () => {
    t.server.handle((_q, res) => json(res, 200, { value: [1], nextLink: `${t.server.url}/l?api-version=2018-06-01` }));
    await expect(client({ endpoint: t.server.url, token: 't' }).list('/l')).rejects.toThrow(/paging loop/);
    t.server.handle((_q, res) => json(res, 200, { items: [] }));
    await expect(client({ endpoint: t.server.url, token: 't' }).list('/l')).rejects.toThrow(/expected a list/);
  });
});

/** A TokenCredential that records its calls: no network, no Azure. */
function fakeCredential(tokens: AccessToken[] | (() => never)) {
  const calls: string[][] = [];
  const credential: TokenCredential = {
    async getToken(scopes: string | string[], _options?: GetTokenOptions) {
      calls.push(Array.isArray(scopes) ? scopes : [scopes]);
      if (typeof tokens === 'function') return tokens();
      return tokens.shift() ?? null;
    },
  };
  return { credential, calls };
}

describe('credential', () => {
  it('asks the credential for the ARM scope, sends its token, and caches it until near expiry', async () => {
    const now = t.clock.now();
    const { credential, calls } = fakeCredential([
      { token: 'tok-1', expiresOnTimestamp: now + 60 * 60_000 },
      { token: 'tok-2', expiresOnTimestamp: now + 2 * 60 * 60_000 },
    ]);
    const c = createArmClient({ endpoint: t.server.url, credential, now: t.clock.now, sleep: t.clock.sleep });
    await Promise.all([c.request('GET', '/a'), c.request('GET', '/b')]);
    await c.request('GET', '/c');
    expect(calls).toEqual([[ARM_SCOPE]]);
    expect(ARM_SCOPE).toBe('https://management.azure.com/.default');
    t.clock.advance(56 * 60_000); // within 5 minutes of expiry: refresh
    await c.request('GET', '/d');
    expect(calls).toHaveLength(2);
    expect(t.server.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('after a 401, gets a new token once and retries (even a POST: ARM rejected it before running it)', async () => {
    const now = t.clock.now();
    const { credential, calls } = fakeCredential([
      { token: 'revoked', expiresOnTimestamp: now + 3_600_000 },
      { token: 'fresh', expiresOnTimestamp: now + 3_600_000 },
    ]);
    t.server.handle((q, res) =>
      q.headers.authorization === 'Bearer fresh'
        ? json(res, 200, {})
        : cloudError(res, 401, 'ExpiredAuthenticationToken', 'expired'),
    );
    await createArmClient({ endpoint: t.server.url, credential, now: t.clock.now, sleep: t.clock.sleep }).request(
      'POST',
      '/t/start',
    );
    expect(calls).toHaveLength(2);
    expect(t.server.received).toHaveLength(2);
  });

  it('a fixed token rejected with 401 is not retried', async () => {
    t.server.handle((_q, res) =>
      cloudError(res, 401, 'InvalidAuthenticationToken', 'The received access token is not valid'),
    );
    await expect(
      createArmClient({ endpoint: t.server.url, token: 'x', sleep: t.clock.sleep }).request('GET', '/a'),
    ).rejects.toMatchObject({ status: 401 });
    expect(t.server.received).toHaveLength(1);
  });

  it('turns an unavailable credential into a user error with sign-in hints, before any request', async () => {
    const { credential } = fakeCredential(() => {
      throw new CredentialUnavailableError(
        'DefaultAzureCredential failed to retrieve a token.\nAzureCliCredential: Please run az login',
      );
    });
    const err = await createArmClient({ endpoint: t.server.url, credential, sleep: t.clock.sleep })
      .request('GET', '/a')
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'arm.auth', fault: 'user' });
    expect(err.message).toBe(
      'could not get an Azure token: DefaultAzureCredential failed to retrieve a token. AzureCliCredential: Please run az login',
    );
    expect(err.hint).toMatch(/az login.*AZURE_CLIENT_ID/);
    expect(t.server.received).toHaveLength(0);
  });

  it('keeps using a still-valid token when refreshing it fails', async () => {
    const now = t.clock.now();
    let calls = 0;
    const credential: TokenCredential = {
      async getToken() {
        calls++;
        if (calls === 1) return { token: 'tok-1', expiresOnTimestamp: now + 60 * 60_000 };
        throw new CredentialUnavailableError('network blip');
      },
    };
    const c = createArmClient({ endpoint: t.server.url, credential, now: t.clock.now, sleep: t.clock.sleep });
    await c.request('GET', '/a');
    t.clock.advance(57 * 60_000); // past the refresh point, 3 minutes before expiry
    await c.request('GET', '/b');
    expect(calls).toBe(2);
    expect(t.server.received.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
    t.clock.advance(3 * 60_000); // expired: now the failure surfaces
    await expect(c.request('GET', '/c')).rejects.toMatchObject({ code: 'arm.auth' });
  });

  it('a credential that returns no token is an auth error', async () => {
    const { credential } = fakeCredential([]);
    await expect(createArmClient({ endpoint: t.server.url, credential }).request('GET', '/a')).rejects.toMatchObject({
      code: 'arm.auth',
    });
  });
});

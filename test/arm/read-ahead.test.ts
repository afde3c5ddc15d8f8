import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createArmClient, inThreadExchange } from '../../src/arm/client.js';
import type { ExchangeOptions, RawResponse } from '../../src/arm/exchange.js';
import { httpWorkerExchange } from '../../src/arm/http-worker-client.js';
import { READ_AHEAD_FLOOR, nextPageOf, readingAhead } from '../../src/arm/read-ahead.js';
import type { HttpMethod } from '../../src/arm/types.js';
import { json, useFakeArm } from './fake-arm.js';

const BASE = 'https://management.example.test/f/pipelines';
const page = (n: number) => `${BASE}?api-version=2018-06-01&%24skipToken=${n}`;

/** An exchange that answers from a script and records what it was asked, in order. */
function scripted(answer: (url: string) => RawResponse) {
  const calls: { url: string; options: ExchangeOptions }[] = [];
  const exchange = async (_method: HttpMethod, url: string, options: ExchangeOptions): Promise<RawResponse> => {
    calls.push({ url, options });
    return answer(url);
  };
  return { calls, exchange };
}

/** Pages 1..last, each linking to the next. */
const chain =
  (last: number, headers: Record<string, string> = {}) =>
  (url: string): RawResponse => {
    const n = Number(new URL(url).searchParams.get('$skipToken') ?? 1);
    return {
      statusCode: 200,
      headers,
      body: JSON.stringify({ value: [n], ...(n < last ? { nextLink: page(n + 1) } : {}) }),
    };
  };

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
const ask = (url: string, readAhead = true): [HttpMethod, string, ExchangeOptions & { readAhead: boolean }] => [
  'GET',
  url,
  { headers: { authorization: 'Bearer t', 'x-ms-client-request-id': `asked-${url.slice(-1)}` }, readAhead },
];

describe('readingAhead', () => {
  it("requests a page's next page as soon as it answers, and the next from that, before they are asked for", async () => {
    const s = scripted(chain(3));
    const read = readingAhead(s.exchange);
    await read(...ask(page(1)));
    await settle();
    expect(s.calls.map((c) => c.url)).toEqual([page(1), page(2), page(3)]);
    // The read-aheads carry the asker's headers, with fresh request ids.
    expect(s.calls[1].options.headers.authorization).toBe('Bearer t');
    const ids = s.calls.map((c) => c.options.headers['x-ms-client-request-id']);
    expect(new Set(ids).size).toBe(3);
    // Asking for them sends nothing more, and says which request got the answer.
    const second = await read(...ask(page(2)));
    const third = await read(...ask(page(3)));
    expect(s.calls).toHaveLength(3);
    expect(JSON.parse(second.body).value).toEqual([2]);
    expect(second.clientRequestId).toBe(ids[1]);
    expect(third.clientRequestId).toBe(ids[2]);
  });

  it('reads nothing ahead for a request not marked as a list page, or one that is not a GET', async () => {
    const s = scripted(chain(3));
    const read = readingAhead(s.exchange);
    await read(...ask(page(1), false));
    await read('PUT', page(1), { headers: {}, readAhead: true } as never);
    await settle();
    expect(s.calls.map((c) => c.url)).toEqual([page(1), page(1)]);
  });

  it('reads nothing ahead after an answer that is not a 200, or when ARM says reads are running low', async () => {
    const failing = scripted(() => ({ statusCode: 429, headers: {}, body: JSON.stringify({ nextLink: page(2) }) }));
    await readingAhead(failing.exchange)(...ask(page(1)));
    const low = scripted(chain(3, { 'x-ms-ratelimit-remaining-subscription-reads': String(READ_AHEAD_FLOOR - 1) }));
    await readingAhead(low.exchange)(...ask(page(1)));
    const lowTenant = scripted(chain(3, { 'x-ms-ratelimit-remaining-tenant-reads': '3' }));
    await readingAhead(lowTenant.exchange)(...ask(page(1)));
    await settle();
    expect([failing.calls.length, low.calls.length, lowTenant.calls.length]).toEqual([1, 1, 1]);
    const plenty = scripted(chain(2, { 'x-ms-ratelimit-remaining-subscription-reads': String(READ_AHEAD_FLOOR) }));
    await readingAhead(plenty.exchange)(...ask(page(1)));
    await settle();
    expect(plenty.calls).toHaveLength(2);
  });

  it('never reads ahead on another origin, and not the same URL again', async () => {
    const foreign = scripted(() => ({
      statusCode: 200,
      headers: {},
      body: JSON.stringify({ value: [], nextLink: 'https://elsewhere.example.test/steal' }),
    }));
    await readingAhead(foreign.exchange)(...ask(page(1)));
    const loop = scripted(() => ({
      statusCode: 200,
      headers: {},
      body: JSON.stringify({ value: [], nextLink: page(1) }),
    }));
    await readingAhead(loop.exchange)(...ask(page(1)));
    await settle();
    expect(foreign.calls).toHaveLength(1);
    expect(loop.calls).toHaveLength(1);
  });

  it('a failed read-ahead is the asker’s failure when asked for, and never an unhandled rejection', async () => {
    let n = 0;
    const read = readingAhead(async (_m, url) => {
      n++;
      if (url === page(2)) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return chain(3)(url);
    });
    await read(...ask(page(1)));
    await settle();
    await expect(read(...ask(page(2)))).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(n).toBe(2);
  });

  it('an asker that aborts stops the read-ahead it was given', async () => {
    let signal: AbortSignal | undefined;
    const read = readingAhead(async (_m, url, options) => {
      if (url === page(2)) {
        signal = options.signal;
        return new Promise<RawResponse>(() => undefined);
      }
      return chain(3)(url);
    });
    await read(...ask(page(1)));
    await settle();
    const controller = new AbortController();
    void read('GET', page(2), { headers: {}, readAhead: true, signal: controller.signal });
    expect(signal?.aborted).toBe(false);
    controller.abort();
    expect(signal?.aborted).toBe(true);
  });

  it('leaves no listener on the asker’s signal once a read-ahead it was given has answered', async () => {
    const read = readingAhead(async (_m, url) => chain(3)(url));
    await read(...ask(page(1)));
    await settle();
    const controller = new AbortController();
    await read('GET', page(2), { headers: {}, readAhead: true, signal: controller.signal });
    await settle();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('nextPageOf', () => {
  it('gives the URL the client will ask for (api-version added as the client adds it), or nothing', () => {
    const from = 'https://m.example.test/f/p?api-version=2018-06-01';
    expect(nextPageOf(from, JSON.stringify({ nextLink: 'https://m.example.test/f/p?%24skipToken=x' }))).toBe(
      'https://m.example.test/f/p?%24skipToken=x&api-version=2018-06-01',
    );
    expect(nextPageOf(from, JSON.stringify({ nextLink: '/f/p?api-version=2018-06-01&$skipToken=y' }))).toBe(
      'https://m.example.test/f/p?api-version=2018-06-01&$skipToken=y',
    );
    for (const body of ['{"value":[]}', '{"nextLink":null}', '{"nextLink":""}', 'not json', 'null'])
      expect(nextPageOf(from, body)).toBeUndefined();
    expect(nextPageOf(from, JSON.stringify({ nextLink: 'http://m.example.test/f/p' }))).toBeUndefined();
  });
});

describe('the ARM client and reading ahead', () => {
  const t = useFakeArm();

  it('through the HTTP worker: each page is requested once, and reported with the id the server got', async () => {
    t.server.handle((q, res) => {
      const n = Number(new URL(q.url, t.server.url).searchParams.get('$skipToken') ?? 1);
      json(res, 200, {
        value: [n],
        ...(n < 4 ? { nextLink: `${t.server.url}/l?api-version=2018-06-01&$skipToken=${n + 1}` } : {}),
      });
    });
    const ids: (string | undefined)[] = [];
    const client = createArmClient({
      endpoint: t.server.url,
      token: 't',
      exchange: httpWorkerExchange(inThreadExchange),
      onExchange: (e) => ids.push(e.clientRequestId),
    });
    expect(await client.list('/l')).toEqual([1, 2, 3, 4]);
    expect(t.server.received).toHaveLength(4);
    expect(ids).toEqual(t.server.received.map((r) => r.headers['x-ms-client-request-id']));
    expect(client.stats().requests).toBe(4);
  });

  it('asks for read-ahead only for list pages, and not while it paces reads', async () => {
    const asked: [string, boolean | undefined][] = [];
    let remaining = 1990;
    const client = createArmClient({
      endpoint: 'https://management.example.test',
      token: 't',
      exchange: async (_method, url, options) => {
        asked.push([new URL(url).pathname, options.readAhead]);
        const n = Number(new URL(url).searchParams.get('$skipToken') ?? 1);
        remaining -= 990;
        return {
          statusCode: 200,
          headers: { 'x-ms-ratelimit-remaining-subscription-reads': String(remaining) },
          body: JSON.stringify({
            value: [n],
            ...(n < 2 ? { nextLink: `https://management.example.test/l?$skipToken=2` } : {}),
          }),
        };
      },
    });
    await client.request('GET', '/one');
    await client.list('/l');
    // /one: not a page. Page 1: reads were plentiful. Page 2: ARM said 10 remain of 1,000, so the client paces.
    expect(asked).toEqual([
      ['/one', false],
      ['/l', true],
      ['/l', false],
    ]);
  });
});

describe('the HTTP worker', () => {
  it('does not keep a process alive once started and unused', () => {
    const client = fileURLToPath(new URL('../../src/arm/http-worker-client.ts', import.meta.url));
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `(await import(${JSON.stringify(client)})).startHttpWorker();`],
      { timeout: 20_000, encoding: 'utf8' },
    );
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
  });
});

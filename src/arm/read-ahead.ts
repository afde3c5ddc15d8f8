import { randomUUID } from 'node:crypto';
import type { ExchangeOptions, RawResponse } from './exchange.js';
import { remainingCount, SCOPES } from './limiter.js';
import { topLevelNextLink } from './next-link.js';
import type { HttpMethod } from './types.js';
import { buildUrl } from './url.js';

/** An answer, with the request id and duration of the request that got it when they are not the asker's own. */
export interface ExchangeAnswer extends RawResponse {
  /** x-ms-client-request-id of the request that got this answer (a page read ahead had its own). */
  clientRequestId?: string;
  durationMs?: number;
}

export interface ReadAheadOptions extends ExchangeOptions {
  /** A list page: when it answers 200 with a nextLink on the same origin, request that page at once. */
  readAhead?: boolean;
}

export type ReadAheadExchange = (method: HttpMethod, url: string, options: ReadAheadOptions) => Promise<ExchangeAnswer>;

/** Most pages read ahead and not yet asked for, all lists together (about 10 MB of answers at ARM's page sizes). */
const MAX_WAITING = 64;

/**
 * Pages are read ahead only while ARM says at least this many reads remain (x-ms-ratelimit-remaining-*-reads, when
 * it says): far above the count at which the client starts pacing reads (src/arm/limiter.ts, 20 or 10% of the
 * largest count seen), so reading ahead never spends what pacing would keep.
 */
export const READ_AHEAD_FLOOR = 100;

/**
 * An exchange that reads list pages ahead (issue 19): when a page asked for with `readAhead` answers 200 with a
 * nextLink, the next page is requested at once, with the same headers and a fresh x-ms-client-request-id, so that
 * the chain of a kind's pages does not wait for the thread that asks for them (the main thread, busy loading the
 * project). When the client then asks for that URL (with `readAhead`), it gets that request's answer.
 *
 * A page read ahead is read ahead from in turn, so a list's pages come at the server's pace whatever the asker does.
 * Bounded and safe: only GETs, only after a 200, only while ARM's remaining reads are above READ_AHEAD_FLOOR, only
 * on the origin the page came from (the token goes nowhere else), never a URL already waiting, at most MAX_WAITING
 * pages waiting (a chain that stops there goes on when the asker asks for its next page); and the client asks for a
 * read-ahead only while it neither paces nor holds reads (src/arm/client.ts). The requests are those the client
 * would send; only a list that fails or is cancelled midway leaves read-aheads never asked for: reads spent for
 * nothing, never a write.
 */
export function readingAhead(
  exchange: (method: HttpMethod, url: string, options: ExchangeOptions) => Promise<RawResponse>,
  now: () => number = () => performance.now(),
): ReadAheadExchange {
  const waiting = new Map<string, { answer: Promise<ExchangeAnswer>; controller: AbortController }>();

  const send = (method: HttpMethod, url: string, options: ExchangeOptions): Promise<ExchangeAnswer> => {
    const started = now();
    return exchange(method, url, options).then((res) => ({
      ...res,
      clientRequestId: options.headers['x-ms-client-request-id'],
      durationMs: Math.round(now() - started),
    }));
  };

  const readNext = (url: string, res: ExchangeAnswer, options: ExchangeOptions): void => {
    if (res.statusCode !== 200 || waiting.size >= MAX_WAITING || readsLow(res.headers)) return;
    const next = nextPageOf(url, res.body);
    if (!next || next === url || waiting.has(next)) return;
    const controller = new AbortController();
    const ahead = {
      headers: { ...options.headers, 'x-ms-client-request-id': randomUUID() },
      signal: controller.signal,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    };
    const answer = send('GET', next, ahead);
    waiting.set(next, { answer, controller });
    // Observed here: an answer never asked for must not be an unhandled rejection.
    answer.then(
      (r) => readNext(next, r, ahead),
      () => undefined,
    );
  };

  return (method, url, options) => {
    const pageRead = options.readAhead === true && method === 'GET';
    const early = pageRead ? waiting.get(url) : undefined;
    if (early) {
      waiting.delete(url);
      const signal = options.signal;
      if (signal?.aborted) early.controller.abort();
      else if (signal) {
        const stop = (): void => early.controller.abort();
        signal.addEventListener('abort', stop, { once: true });
        // Not left on a signal that may outlive the answer (and be shared by many requests).
        const forget = (): void => signal.removeEventListener('abort', stop);
        early.answer.then(forget, forget);
      }
      return early.answer;
    }
    const answer = send(method, url, options);
    if (pageRead)
      answer.then(
        (res) => readNext(url, res, options),
        () => undefined,
      );
    return answer;
  };
}

/**
 * The absolute URL of a list page's nextLink, as the client will ask for it (src/arm/client.ts builds the same),
 * or undefined: no nextLink (src/arm/next-link.ts), or on another origin.
 */
export function nextPageOf(url: string, body: string): string | undefined {
  const link = topLevelNextLink(body);
  if (link === undefined || link === '') return undefined;
  let next: URL;
  try {
    next = new URL(link, url);
  } catch {
    return undefined;
  }
  if (next.origin !== new URL(url).origin) return undefined;
  return buildUrl(next.toString());
}

/** ARM says fewer than READ_AHEAD_FLOOR reads remain, for the subscription or the tenant. */
function readsLow(headers: Record<string, string | string[] | undefined>): boolean {
  return SCOPES.some(
    (scope) => (remainingCount(headers, scope, 'reads') ?? Number.POSITIVE_INFINITY) < READ_AHEAD_FLOOR,
  );
}

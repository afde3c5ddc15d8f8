import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { AdfDeployError } from '../core/errors.js';
import { createTokenSource } from './auth.js';
import { ArmError, ArmNetworkError, parseErrorBody, type AttemptOutcome } from './errors.js';
import type { RawResponse } from './exchange.js';
import type { ReadAheadExchange } from './read-ahead.js';
import { RateLimiter, Semaphore, rateClassOf, type Sleep } from './limiter.js';
import { backoffDelay, isIdempotent, isRetryableNetworkCode, isRetryableStatus, parseRetryAfter } from './retry.js';
import type {
  ArmClient,
  ArmClientOptions,
  ArmResponse,
  ClientStats,
  ExchangeEvent,
  HttpMethod,
  RequestOptions,
} from './types.js';
import { buildUrl, displayPath, normaliseEndpoint } from './url.js';

const defaultSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal ? { signal } : undefined);
};

type Attempt =
  | { kind: 'response'; res: RawResponse; clientRequestId: string; durationMs: number }
  | { kind: 'network'; code: string; detail: string; clientRequestId: string; durationMs: number };

/** Retries of a connection refused before the endpoint ever answered, and the step between them (0.25 s, 0.5 s). */
const FIRST_CONTACT_RETRIES = 2;
const FIRST_CONTACT_DELAY_MS = 250;

/**
 * Create the ARM client: the only code that talks to the network.
 *
 * Every request gets `api-version` (unless present), `Authorization: Bearer`, a fresh `x-ms-client-request-id`,
 * and JSON in and out. got's own retry is off: retries happen here so tests can drive them (injected sleep,
 * random, clock). Idempotent calls (GET, PUT, DELETE) are retried on 429, 5xx and network errors with full-jitter
 * exponential backoff, honouring Retry-After; POST and PATCH never are. A client-wide semaphore caps requests in
 * flight, and a RateLimiter paces each ARM throttling class from the remaining-count headers (see limiter.ts).
 *
 * If-Match and retries: a PUT/DELETE whose attempt died on the network may have committed; its retry then fails
 * with 412 because the etag moved. The ArmError carries `attempts`, `outcomes`, `retriedAfterNetworkError` and
 * `priorAttemptMayHaveLanded` so apply can re-read the resource instead of reporting a false conflict.
 */
export function createArmClient(options: ArmClientOptions): ArmClient {
  const { base, origin } = normaliseEndpoint(options.endpoint);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxRetries = options.maxRetries ?? 6;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
  const tokens = createTokenSource({ token: options.token, credential: options.credential, now });
  const semaphore = new Semaphore(Math.max(1, options.maxInFlight ?? 8));
  const limiter = options.limiter ?? new RateLimiter(now, sleep, options.pacing ?? {});
  const counters = { requests: 0, retries: 0, throttled: 0, byMethod: {} as Record<string, number> };
  const exchange = options.exchange ?? inThreadExchange();
  /** The endpoint has answered at least once (any status): a refusal after that is a restart, worth waiting for. */
  let answered = false;

  const emit = (e: ExchangeEvent): void => {
    try {
      options.onExchange?.(e);
    } catch {
      // a logging callback must not break a deploy
    }
  };

  const checkAbort = (signal: AbortSignal | undefined, method: HttpMethod, url: string): void => {
    if (signal?.aborted) throw new AdfDeployError('arm.aborted', `${method} ${displayPath(url)} cancelled`);
  };

  /** `page`: a list page, which the exchange may read ahead (only while reads are neither paced nor held). */
  async function attemptOnce(method: HttpMethod, url: string, opts: RequestOptions, page: boolean): Promise<Attempt> {
    const clientRequestId = randomUUID();
    const token = await tokens.get(opts.signal);
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'x-ms-client-request-id': clientRequestId,
      accept: 'application/json',
    };
    if (opts.ifMatch !== undefined) headers['if-match'] = opts.ifMatch;
    if (opts.ifNoneMatch !== undefined) headers['if-none-match'] = opts.ifNoneMatch;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }
    const release = await semaphore.acquire(opts.signal);
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    try {
      const res = await exchange(method, url, {
        headers,
        body,
        signal: opts.signal,
        timeoutMs: opts.timeoutMs ?? timeoutMs,
        readAhead: page && limiter.isClear('reads'),
      });
      // A page read ahead was its own request: its id and duration, not this attempt's.
      return {
        kind: 'response',
        res,
        clientRequestId: res.clientRequestId ?? clientRequestId,
        durationMs: res.durationMs ?? elapsed(),
      };
    } catch (err) {
      const e = err as { code?: string; message?: string; name?: string };
      const code = e.code ?? 'EUNKNOWN';
      // Only the transport's own words: got errors also hold the request options (with the token), never attach them.
      const detail =
        e.name === 'TimeoutError'
          ? `no answer within ${opts.timeoutMs ?? timeoutMs} ms`
          : (e.message ?? 'network error');
      return { kind: 'network', code, detail, clientRequestId, durationMs: elapsed() };
    } finally {
      release();
      counters.requests++;
      counters.byMethod[method] = (counters.byMethod[method] ?? 0) + 1;
    }
  }

  async function send<T>(method: HttpMethod, url: string, opts: RequestOptions, page = false): Promise<ArmResponse<T>> {
    const cls = rateClassOf(method);
    const path = displayPath(url);
    const outcomes: AttemptOutcome[] = [];
    let authRetried = false;
    for (let attempt = 1; ; attempt++) {
      checkAbort(opts.signal, method, url);
      let result: Attempt;
      try {
        await limiter.wait(cls, opts.signal);
        result = await attemptOnce(method, url, opts, page);
      } catch (err) {
        checkAbort(opts.signal, method, url);
        throw err;
      }
      checkAbort(opts.signal, method, url);
      const history = {
        attempts: attempt,
        outcomes: [...outcomes, result.kind === 'network' ? ('network-error' as const) : result.res.statusCode],
        ...priorFlags(outcomes),
      };
      const canRetry = isIdempotent(method) && attempt <= maxRetries;
      let wait: number | undefined;

      if (result.kind === 'network') {
        outcomes.push('network-error');
        // Refused before the endpoint ever answered: a wrong --endpoint or an emulator that is not running. Two
        // quick retries (an emulator still starting) instead of half a minute of backoff.
        const neverAnswered = !answered && result.code === 'ECONNREFUSED';
        if (canRetry && isRetryableNetworkCode(result.code))
          wait = neverAnswered
            ? attempt <= FIRST_CONTACT_RETRIES
              ? FIRST_CONTACT_DELAY_MS * attempt
              : undefined
            : backoffDelay(attempt - 1, random, baseDelayMs, maxDelayMs);
        emit({
          method,
          path,
          status: 'network-error',
          attempt,
          durationMs: result.durationMs,
          clientRequestId: result.clientRequestId,
          errorCode: result.code,
          retryInMs: wait,
        });
        if (wait === undefined) {
          throw new ArmNetworkError({
            method,
            path,
            endpoint: origin,
            errorCode: result.code,
            detail: result.detail,
            resource: opts.resource,
            neverAnswered,
            ...history,
          });
        }
      } else {
        answered = true;
        const { res } = result;
        const status = res.statusCode;
        outcomes.push(status);
        limiter.observe(res.headers);
        const requestId = header(res, 'x-ms-request-id') ?? header(res, 'x-ms-correlation-request-id');
        const retryAfter = parseRetryAfter(res.headers['retry-after'], now());
        if (status === 429) {
          counters.throttled++;
          limiter.hold(
            cls,
            Math.min(maxRetryAfterMs, retryAfter ?? backoffDelay(attempt - 1, random, baseDelayMs, maxDelayMs)),
          );
        }
        if (isExpected(status, method, opts)) {
          emit({
            method,
            path,
            status,
            attempt,
            durationMs: result.durationMs,
            requestId,
            clientRequestId: result.clientRequestId,
          });
          return { status, body: parseBody<T>(res, method, path, opts, requestId), headers: res.headers, requestId };
        }
        if (status === 401 && tokens.refreshable && !authRetried) {
          // An expired or revoked cached token: ask the credential once more. Rejected before any processing, so safe for every method.
          authRetried = true;
          tokens.invalidate();
          wait = 0;
        } else if (canRetry && isRetryableStatus(status)) {
          if (retryAfter === undefined) wait = backoffDelay(attempt - 1, random, baseDelayMs, maxDelayMs);
          else if (retryAfter <= maxRetryAfterMs) wait = retryAfter;
        }
        emit({
          method,
          path,
          status,
          attempt,
          durationMs: result.durationMs,
          requestId,
          clientRequestId: result.clientRequestId,
          retryInMs: wait,
        });
        if (wait === undefined) {
          const error = parseErrorBody(status, res.body, header(res, 'content-type'));
          throw new ArmError({
            method,
            path,
            status,
            armCode: error.code,
            armMessage: error.message,
            target: error.target,
            details: error.details,
            requestId,
            clientRequestId: result.clientRequestId,
            resource: opts.resource,
            ...history,
          });
        }
      }
      counters.retries++;
      if (wait > 0) await sleep(wait, opts.signal).catch(() => checkAbort(opts.signal, method, url));
    }
  }

  const resolveNextLink = (link: string, current: string): string => {
    const next = new URL(link, current);
    // The token goes only to the configured endpoint, whatever a response says.
    if (next.origin !== origin) {
      throw new AdfDeployError(
        'arm.next-link',
        `GET ${displayPath(current)}: the service returned a nextLink on another host (${next.origin}); refusing to send credentials there`,
        { fault: 'program' },
      );
    }
    return next.toString();
  };

  return {
    request<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<ArmResponse<T>> {
      return send<T>(method, buildUrl(`${base}${path.startsWith('/') ? '' : '/'}${path}`, opts.query), opts);
    },

    async list<T>(
      path: string,
      opts: { signal?: AbortSignal; resource?: string; onPage?: (items: T[]) => void } = {},
    ): Promise<T[]> {
      const items: T[] = [];
      const seen = new Set<string>();
      let url = buildUrl(`${base}${path.startsWith('/') ? '' : '/'}${path}`);
      for (;;) {
        seen.add(url);
        const res = await send<{ value?: T[]; nextLink?: string | null }>('GET', url, opts, true);
        const page = res.body;
        if (!page || !Array.isArray(page.value)) {
          throw new AdfDeployError(
            'arm.bad-response',
            `GET ${displayPath(url)}: expected a list ({"value": [...]}) (request id ${res.requestId ?? 'none'})`,
            { fault: 'program' },
          );
        }
        items.push(...page.value);
        opts.onPage?.(page.value);
        if (!page.nextLink) return items;
        const next = buildUrl(resolveNextLink(page.nextLink, url));
        if (seen.has(next)) {
          throw new AdfDeployError(
            'arm.bad-response',
            `GET ${displayPath(url)}: the service returned the same nextLink twice (paging loop)`,
            { fault: 'program' },
          );
        }
        url = next;
      }
    },

    stats(): ClientStats {
      return {
        requests: counters.requests,
        byMethod: { ...counters.byMethod },
        retries: counters.retries,
        throttled: counters.throttled,
        pacedMs: limiter.pacedMs,
      };
    },
  };
}

function priorFlags(outcomes: AttemptOutcome[]): {
  retriedAfterNetworkError: boolean;
  priorAttemptMayHaveLanded: boolean;
} {
  return {
    retriedAfterNetworkError: outcomes.includes('network-error'),
    priorAttemptMayHaveLanded: outcomes.some((o) => o === 'network-error' || (o >= 500 && o !== 503)),
  };
}

function isExpected(status: number, method: HttpMethod, opts: RequestOptions): boolean {
  if (opts.expect) return opts.expect.includes(status);
  if (status >= 200 && status < 300) return true;
  return status === 304 && method === 'GET' && opts.ifNoneMatch !== undefined;
}

function header(res: RawResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseBody<T>(
  res: RawResponse,
  method: HttpMethod,
  path: string,
  opts: RequestOptions,
  requestId: string | undefined,
): T {
  const text = res.body;
  // Not text.trim(): that copies every list page (150 KB each) to find it is not blank. \s is trim's whitespace.
  if (/^\s*$/.test(text)) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    const what = opts.resource ?? path;
    throw new AdfDeployError(
      'arm.bad-response',
      `${method} ${what}: the service answered ${res.statusCode} with a body that is not JSON (request id ${requestId ?? 'none'})`,
      { fault: 'program' },
    );
  }
}

/**
 * got's exchange (src/arm/exchange.ts) in this thread, loaded on first use: the CLI's client sends through the HTTP
 * worker (src/arm/http-worker-client.ts), which does not need got in this thread. It reads nothing ahead.
 */
export function inThreadExchange(): ReadAheadExchange {
  let loaded: Promise<typeof import('./exchange.js')['createExchange']> | undefined;
  let exchange: ReturnType<typeof import('./exchange.js')['createExchange']> | undefined;
  return async (method, url, { readAhead: _, ...options }) => {
    if (!exchange) {
      loaded ??= import('./exchange.js').then((m) => m.createExchange);
      // The timeout is the client's, sent with every request; this default is never used.
      exchange = (await loaded)(90_000);
    }
    return exchange(method, url, options);
  };
}

import type { IncomingHttpHeaders } from 'node:http';
import got from 'got';
import type { HttpMethod } from './types.js';

/** One HTTP answer, whatever its status: the client decides what a status means. */
export interface RawResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text ('' when empty). */
  body: string;
}

export interface ExchangeOptions {
  headers: Record<string, string>;
  /** Serialised request body; absent for a request without one. */
  body?: string;
  signal?: AbortSignal;
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
}

export type Exchange = (method: HttpMethod, url: string, options: ExchangeOptions) => Promise<RawResponse>;

/**
 * The single HTTP exchange under the ARM client (got, nothing else): send one request, read the whole answer.
 * Rejects only for transport failures (refused, reset, timeout, abort, a body cut short) with got's RequestError
 * (`code`, `name`, `message`); every status resolves. No redirects, no retries (the client retries).
 *
 * Why got's stream interface and one extended instance, not `got(url, options)` per call (bench/notes/4-http-cpu.md):
 * got validates and merges every option it is given on each call, so the fixed ones are merged once here; and its
 * promise interface adds a cancelable promise, event proxying and an async iterator over the body on top of the
 * same request stream. Reading the stream directly costs less CPU per request, for the same request on the wire.
 */
export function createExchange(timeoutMs: number): Exchange {
  const http = got.extend({
    throwHttpErrors: false,
    followRedirect: false,
    retry: { limit: 0 },
    timeout: { request: timeoutMs },
  });
  return (method, url, options) =>
    new Promise<RawResponse>((resolve, reject) => {
      const stream = http.stream(url, {
        method,
        headers: options.headers,
        ...(options.body !== undefined ? { body: options.body } : {}),
        ...(options.timeoutMs !== undefined ? { timeout: { request: options.timeoutMs } } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      let statusCode = 0;
      let headers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.once('response', (res: { statusCode: number; headers: IncomingHttpHeaders }) => {
        statusCode = res.statusCode;
        headers = res.headers;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      // on, not once: a later 'error' on this stream (got can emit more than one) must not go unhandled.
      stream.on('error', (err) => {
        stream.destroy();
        reject(err);
      });
      stream.once('end', () => {
        // got's streams are not destroyed at their end (autoDestroy is off): destroying it removes its listener on the
        // caller's AbortSignal, shared by many requests, as the promise interface does once it has the body.
        stream.destroy();
        const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        resolve({ statusCode, headers, body: raw.toString('utf8') });
      });
      // A stream request with a body-capable method waits to be ended by its writer (GET ends itself); the promise
      // interface ends it the same way when there is no body.
      if (options.body === undefined && method !== 'GET') stream.end();
    });
}

import { AdfDeployError } from '../core/errors.js';
import type { ArmClient, ArmResponse, HttpMethod, RequestOptions } from './types.js';

export interface LongRunningOptions extends RequestOptions {
  /** How to wait between polls (tests pass a fake). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Wait when the service sends no Retry-After (ARM's guidance: poll no faster than this). Default 5000 ms. */
  defaultDelayMs?: number;
  /** A Retry-After longer than this is shortened to it. Default 60000 ms. */
  maxDelayMs?: number;
  /** Give up after this many polls. Default 360 (at least half an hour at the default delay). */
  maxPolls?: number;
}

type Headers = ArmResponse['headers'];

function headerOf(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After in ms (seconds only: ARM's operations send seconds), bounded. */
function delayOf(headers: Headers, opts: LongRunningOptions): number {
  const raw = headerOf(headers, 'retry-after');
  const seconds = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  const ms = seconds === undefined ? (opts.defaultDelayMs ?? 5000) : seconds * 1000;
  return Math.min(ms, opts.maxDelayMs ?? 60_000);
}

/**
 * The path and query of an operation URL, asked of the client's own endpoint: the token goes only where the
 * client is configured to send it, whatever host a header names (ARM's operation URLs are on the same host).
 */
function pathOf(url: string): string {
  const u = new URL(url, 'http://unused.invalid');
  return `${u.pathname}${u.search}`;
}

/**
 * Send a request that ARM may answer as a long-running operation (202 + `Azure-AsyncOperation` and/or
 * `Location`, with `Retry-After`), and poll it to the end (ARM's asynchronous operations guidance):
 * - with `Azure-AsyncOperation`: GET it until `status` is Succeeded (then the final body comes from `Location`
 *   when there is one), Failed or Canceled (an error naming the operation's error);
 * - with only `Location`: GET it until it answers anything but 202 (200/204: done).
 * Each wait honours Retry-After. Any other first answer is returned as it is.
 */
export async function requestLongRunning<T = unknown>(
  client: ArmClient,
  method: HttpMethod,
  path: string,
  opts: LongRunningOptions,
): Promise<ArmResponse<T>> {
  const { sleep, defaultDelayMs: _d, maxDelayMs: _m, maxPolls: _p, ...request } = opts;
  let res = await client.request<T>(method, path, request);
  if (res.status !== 202 && res.status !== 201) return res;
  const asyncUrl = headerOf(res.headers, 'azure-asyncoperation');
  let location = headerOf(res.headers, 'location');
  if (!asyncUrl && !location) return res;
  const what = opts.resource ?? path;
  const pollOptions = { signal: opts.signal, resource: opts.resource, timeoutMs: opts.timeoutMs };
  let headers = res.headers;
  for (let poll = 1; ; poll++) {
    if (poll > (opts.maxPolls ?? 360))
      throw new AdfDeployError('arm.operation-timeout', `${method} ${what}: the operation did not finish`, {
        hint: 'it may still be running in Azure: check the resource, then run again',
      });
    await sleep(delayOf(headers, opts), opts.signal);
    if (asyncUrl) {
      const status = await client.request<{ status?: string; error?: { code?: string; message?: string } }>(
        'GET',
        pathOf(asyncUrl),
        pollOptions,
      );
      headers = status.headers;
      const state = String(status.body?.status ?? '').toLowerCase();
      if (state === 'failed' || state === 'canceled' || state === 'cancelled') {
        const e = status.body?.error;
        throw new AdfDeployError(
          'arm.operation-failed',
          `${method} ${what}: the operation ${state}${e?.code ? ` (${e.code}: ${e.message ?? ''})` : ''}`,
        );
      }
      if (state !== 'succeeded') continue;
      if (!location) return { ...status, body: undefined as T };
      return client.request<T>('GET', pathOf(location), pollOptions);
    }
    res = await client.request<T>('GET', pathOf(location as string), { ...pollOptions, expect: [200, 201, 202, 204] });
    if (res.status !== 202) return res;
    headers = res.headers;
    location = headerOf(res.headers, 'location') ?? location;
  }
}

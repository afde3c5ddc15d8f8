import type { HttpMethod } from './types.js';

/**
 * Retry policy. Only idempotent methods are retried: a POST (trigger start, createRun) or PATCH that timed out
 * may have run, and running it twice is not harmless. PUT and DELETE are idempotent by definition, so a retry
 * after a connection reset converges, with one caveat for If-Match (see AttemptInfo in errors.ts).
 */
export function isIdempotent(method: HttpMethod): boolean {
  return method === 'GET' || method === 'PUT' || method === 'DELETE';
}

/** 429 and 5xx are transient; 501 (not implemented) and 505 (HTTP version) never get better by waiting. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/**
 * Transport errors worth another attempt. ENOTFOUND (a misspelt host) is not: it fails the same way each time.
 * 'socket hang up' surfaces as ECONNRESET.
 */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export function isRetryableNetworkCode(code: string): boolean {
  return RETRYABLE_NETWORK_CODES.has(code);
}

/**
 * Retry-After as ms from `nowMs`: delta-seconds ('12', '1.5') or an HTTP date. Undefined when absent or
 * unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names a weekday and month ('Wed, 21 Oct 2015 07:28:00 GMT'); V8 would read '-5' as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): a uniform
 * random wait in [0, min(max, base * 2^retry)). Spreads clients that failed together instead of re-synchronising
 * them. `retry` counts from 0 for the first retry.
 */
export function backoffDelay(retry: number, random: () => number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

import { describe, expect, it } from 'vitest';
import { backoffDelay, isIdempotent, isRetryableNetworkCode, isRetryableStatus, parseRetryAfter } from './retry.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it.each([
    ['7', 7000],
    ['0', 0],
    ['1.5', 1500],
    [' 12 ', 12000],
    [['3', '9'], 3000],
    [new Date(NOW + 4000).toUTCString(), 4000],
    [new Date(NOW - 60_000).toUTCString(), 0],
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['-5', undefined],
  ] as const)('%j -> %j ms', (value, expected) => {
    expect(parseRetryAfter(value as string | string[] | undefined, NOW)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it('is a uniform draw below min(max, base * 2^retry)', () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffDelay(r, () => 0.999999, 1000, 10_000))).toEqual([
      999, 1999, 3999, 7999, 9999, 9999,
    ]);
    expect(backoffDelay(3, () => 0, 1000, 10_000)).toBe(0);
    expect(backoffDelay(1, () => 0.5, 1000, 10_000)).toBe(1000);
  });
});

describe('what is retried', () => {
  it.each([
    ['GET', true],
    ['PUT', true],
    ['DELETE', true],
    ['POST', false],
    ['PATCH', false],
  ] as const)('%s idempotent: %s', (method, expected) => expect(isIdempotent(method)).toBe(expected));

  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [505, false],
    [400, false],
    [404, false],
    [409, false],
    [412, false],
  ])('status %i retryable: %s', (status, expected) => expect(isRetryableStatus(status)).toBe(expected));

  it.each([
    ['ECONNRESET', true],
    ['ETIMEDOUT', true],
    ['ECONNREFUSED', true],
    ['EPIPE', true],
    ['ENOTFOUND', false],
    ['ERR_INVALID_URL', false],
  ])('network code %s retryable: %s', (code, expected) => expect(isRetryableNetworkCode(code)).toBe(expected));
});

import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from '../context.js';
import { evaluate } from '../evaluate.js';
import { findTimeZone, timeZoneIds } from './timezones.js';

const run = (text: string, ctx: EvaluationContext = {}): unknown => evaluate(text, ctx);

describe('time zones: the reference examples', () => {
  it.each([
    ["@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')", '2018-01-01T00:00:00.0000000'],
    ["@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D')", 'Monday, January 1, 2018'],
    ["@convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time')", '2018-01-01T00:00:00.0000000'],
    [
      "@convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D')",
      'Monday, January 1, 2018',
    ],
    ["@convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time')", '2018-01-01T08:00:00.0000000Z'],
    ["@convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time', 'D')", 'Monday, January 1, 2018'],
  ])('%s', (text, expected) => {
    expect(run(text)).toBe(expected);
  });
});

describe('time zones: every Windows id, rules from the platform', () => {
  it.each([
    ["@convertFromUtc('2024-06-01T12:00:00Z', 'SA Western Standard Time')", '2024-06-01T08:00:00.0000000'],
    ["@convertFromUtc('2024-06-01T12:00:00Z', 'India Standard Time')", '2024-06-01T17:30:00.0000000'],
    ["@convertFromUtc('2024-06-01T12:00:00Z', 'Nepal Standard Time')", '2024-06-01T17:45:00.0000000'],
    ["@convertFromUtc('2024-01-15T12:00:00Z', 'Newfoundland Standard Time')", '2024-01-15T08:30:00.0000000'],
    ["@convertFromUtc('2024-07-15T12:00:00Z', 'Newfoundland Standard Time')", '2024-07-15T09:30:00.0000000'],
    ["@convertFromUtc('2024-06-01T12:00:00Z', 'Line Islands Standard Time')", '2024-06-02T02:00:00.0000000'],
    ["@convertFromUtc('2024-06-01T12:00:00Z', 'UTC-11')", '2024-06-01T01:00:00.0000000'],
    ["@convertFromUtc('2024-01-15T12:00:00Z', 'E. Australia Standard Time')", '2024-01-15T22:00:00.0000000'],
    ["@convertFromUtc('2024-01-15T12:00:00Z', 'AUS Eastern Standard Time')", '2024-01-15T23:00:00.0000000'],
    // Pacific time across the spring change (02:00 PST jumps to 03:00 PDT on 2024-03-10)...
    ["@convertFromUtc('2024-03-10T09:59:59Z', 'Pacific Standard Time')", '2024-03-10T01:59:59.0000000'],
    ["@convertFromUtc('2024-03-10T10:00:00Z', 'Pacific Standard Time')", '2024-03-10T03:00:00.0000000'],
    // ...and the autumn one (02:00 PDT falls back to 01:00 PST on 2024-11-03).
    ["@convertFromUtc('2024-11-03T08:59:59Z', 'Pacific Standard Time')", '2024-11-03T01:59:59.0000000'],
    ["@convertFromUtc('2024-11-03T09:00:00Z', 'Pacific Standard Time')", '2024-11-03T01:00:00.0000000'],
    ["@convertToUtc('2024-07-04T12:00:00', 'Pacific Standard Time')", '2024-07-04T19:00:00.0000000Z'],
    [
      "@convertTimeZone('2024-07-04T12:00:00', 'W. Europe Standard Time', 'Tokyo Standard Time')",
      '2024-07-04T19:00:00.0000000',
    ],
    ["@convertTimeZone('2024-07-04T12:00:00', 'pacific standard time', 'UTC')", '2024-07-04T19:00:00.0000000Z'],
  ])('%s', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('keeps the 100 ns ticks through a conversion', () => {
    expect(run("@convertFromUtc('2024-06-01T12:00:00.1234567Z', 'India Standard Time')")).toBe(
      '2024-06-01T17:30:00.1234567',
    );
  });

  it('reads the repeated hour as standard time and rejects the skipped hour', () => {
    expect(run("@convertToUtc('2024-11-03T01:30:00', 'Pacific Standard Time')")).toBe('2024-11-03T09:30:00.0000000Z');
    expect(() => run("@convertToUtc('2024-03-10T02:30:00', 'Pacific Standard Time')")).toThrow(
      /does not exist in the time zone 'Pacific Standard Time'/,
    );
  });

  it('knows every CLDR Windows id, each with a working offset', () => {
    expect(timeZoneIds().length).toBeGreaterThan(130);
    for (const id of timeZoneIds()) {
      const minutes = findTimeZone('convertFromUtc', id).offsetAt(Date.UTC(2024, 5, 1));
      expect(Math.abs(minutes)).toBeLessThanOrEqual(14 * 60);
    }
  });

  it('names an unknown id', () => {
    expect(() => run("@convertFromUtc('2024-06-01T12:00:00Z', 'Mars Standard Time')")).toThrow(
      /'convertFromUtc' was given the time zone 'Mars Standard Time', which is not a Windows time zone id/,
    );
  });
});

describe('clock: 100 ns ticks end to end', () => {
  const precise: EvaluationContext = { clock: () => '2024-03-10T09:59:59.1234567Z' };

  it('utcNow() and its formats keep the 7 fractional digits', () => {
    expect(run('@utcNow()', precise)).toBe('2024-03-10T09:59:59.1234567Z');
    expect(run("@utcNow('fffffff')", precise)).toBe('1234567');
    expect(run("@formatDateTime(utcNow(), 'HH:mm:ss.fffffff')", precise)).toBe('09:59:59.1234567');
  });

  it('ticks(utcNow()) counts every 100 ns', () => {
    const expected = BigInt(Date.parse('2024-03-10T09:59:59.123Z')) * 10000n + 4567n + 621355968000000000n;
    expect(run('@ticks(utcNow())', precise)).toBe(expected);
  });

  it('getFutureTime and getPastTime keep the ticks', () => {
    expect(run("@getFutureTime(1, 'Day')", precise)).toBe('2024-03-11T09:59:59.1234567Z');
    expect(run("@getPastTime(2, 'Hour')", precise)).toBe('2024-03-10T07:59:59.1234567Z');
  });

  it('takes { epochMs, ticks } as well as a string', () => {
    const ctx: EvaluationContext = { clock: () => ({ epochMs: Date.parse('2024-03-10T09:59:59.123Z'), ticks: 4567 }) };
    expect(run('@utcNow()', ctx)).toBe('2024-03-10T09:59:59.1234567Z');
    expect(() => run('@utcNow()', { clock: () => ({ epochMs: 0, ticks: 10000 }) })).toThrow(/0\.\.9999 ticks/);
  });

  it('still takes now(): a Date, to the millisecond; clock wins when both are given', () => {
    const now = (): Date => new Date('2024-03-10T09:59:59.123Z');
    expect(run('@utcNow()', { now })).toBe('2024-03-10T09:59:59.1230000Z');
    expect(run('@utcNow()', { now, ...precise })).toBe('2024-03-10T09:59:59.1234567Z');
  });

  it('the reference examples of utcNow, getFutureTime and getPastTime', () => {
    const at = (iso: string): EvaluationContext => ({ now: () => new Date(iso) });
    expect(run('@utcNow()', at('2018-04-15T13:00:00Z'))).toBe('2018-04-15T13:00:00.0000000Z');
    expect(run("@utcNow('D')", at('2018-04-15T13:00:00Z'))).toBe('Sunday, April 15, 2018');
    expect(run("@getFutureTime(5, 'Day')", at('2018-03-01T00:00:00Z'))).toBe('2018-03-06T00:00:00.0000000Z');
    expect(run("@getFutureTime(5, 'Day', 'D')", at('2018-03-01T00:00:00Z'))).toBe('Tuesday, March 6, 2018');
    expect(run("@getPastTime(5, 'Day')", at('2018-02-01T00:00:00Z'))).toBe('2018-01-27T00:00:00.0000000Z');
    expect(run("@getPastTime(5, 'Day', 'D')", at('2018-02-01T00:00:00Z'))).toBe('Saturday, January 27, 2018');
  });
});

describe('unzoned timestamps stay unzoned', () => {
  it.each([
    ["@formatDateTime('2023-11-24T12:11:49')", '2023-11-24T12:11:49.0000000'],
    ["@formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')", '2018-03-15T12:00:00'],
    ["@formatDateTime('2023-11-24T12:11:49', '%K')", ''],
    ["@formatDateTime('2023-11-24T12:11:49Z', '%K')", 'Z'],
    ["@addDays('2023-11-24T12:11:49', 1)", '2023-11-25T12:11:49.0000000'],
    ["@addDays('2023-11-24T12:11:49Z', 1)", '2023-11-25T12:11:49.0000000Z'],
    ["@addHours('2023-11-24T12:11:49.5', -13)", '2023-11-23T23:11:49.5000000'],
    ["@addMinutes('2023-11-24T12:11:49', 5)", '2023-11-24T12:16:49.0000000'],
    ["@addSeconds('2023-11-24T12:11:49', 11)", '2023-11-24T12:12:00.0000000'],
    ["@addToTime('2023-01-31T00:00:00', 1, 'Month')", '2023-02-28T00:00:00.0000000'],
    ["@subtractFromTime('2023-11-24T12:11:49', 1, 'Year')", '2022-11-24T12:11:49.0000000'],
    ["@startOfDay('2023-11-24T12:11:49')", '2023-11-24T00:00:00.0000000'],
    ["@startOfMonth('2023-11-24T12:11:49')", '2023-11-01T00:00:00.0000000'],
    ["@startOfHour('2023-11-24T12:11:49Z')", '2023-11-24T12:00:00.0000000Z'],
    ["@convertTimeZone('2023-11-24T12:11:49', 'UTC', 'UTC')", '2023-11-24T12:11:49.0000000Z'],
  ])('%s', (text, expected) => {
    expect(run(text)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { formatTimeSpan, generateWindows, parseTimeSpan, type Availability } from '../../src/emulator/v1/schedule.js';

const t = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const gen = (a: Availability, start: string, end: string) =>
  generateWindows(a, t(start), t(end)).map((w) => [iso(w.start), iso(w.end)]);

describe('V1 window generation (adf-runs-v1-facts B2, B4)', () => {
  it('Hour/1 from 08:00Z to 11:00Z: 8–9, 9–10, 10–11', () => {
    expect(gen({ frequency: 'Hour', interval: 1 }, '2016-08-25T08:00:00Z', '2016-08-25T11:00:00Z')).toEqual([
      ['2016-08-25T08:00:00Z', '2016-08-25T09:00:00Z'],
      ['2016-08-25T09:00:00Z', '2016-08-25T10:00:00Z'],
      ['2016-08-25T10:00:00Z', '2016-08-25T11:00:00Z'],
    ]);
  });

  it('Hour/1 from 00:00Z to 05:00Z: 5 slices; start == end: none', () => {
    expect(gen({ frequency: 'Hour', interval: 1 }, '2016-08-25T00:00:00Z', '2016-08-25T05:00:00Z')).toHaveLength(5);
    expect(gen({ frequency: 'Hour', interval: 1 }, '2016-08-25T01:00:00Z', '2016-08-25T01:00:00Z')).toEqual([]);
  });

  it('Day/1 starts at 00:00 UTC; offset 06:00:00 moves it to 06:00', () => {
    expect(gen({ frequency: 'Day', interval: 1 }, '2017-04-01T00:00:00Z', '2017-04-03T00:00:00Z')[0]).toEqual([
      '2017-04-01T00:00:00Z',
      '2017-04-02T00:00:00Z',
    ]);
    expect(
      gen({ frequency: 'Day', interval: 1, offset: '06:00:00' }, '2017-04-01T00:00:00Z', '2017-04-03T00:00:00Z'),
    ).toEqual([['2017-04-01T06:00:00Z', '2017-04-02T06:00:00Z']]);
  });

  it('Hour/23 anchored at 2017-04-19T08:00:00: the first slice starts at the anchor', () => {
    const w = gen(
      { frequency: 'Hour', interval: 23, anchorDateTime: '2017-04-19T08:00:00' },
      '2017-04-19T08:00:00Z',
      '2017-04-21T08:00:00Z',
    );
    expect(w).toEqual([
      ['2017-04-19T08:00:00Z', '2017-04-20T07:00:00Z'],
      ['2017-04-20T07:00:00Z', '2017-04-21T06:00:00Z'],
    ]);
  });

  it('Month/1 with offset 3.08:00:00 (StartOfInterval): the 3rd of each month at 08:00', () => {
    const w = gen(
      { frequency: 'Month', interval: 1, style: 'StartOfInterval', offset: '3.08:00:00' },
      '2017-01-01T00:00:00Z',
      '2017-04-30T00:00:00Z',
    );
    expect(w).toEqual([
      ['2017-01-03T08:00:00Z', '2017-02-03T08:00:00Z'],
      ['2017-02-03T08:00:00Z', '2017-03-03T08:00:00Z'],
      ['2017-03-03T08:00:00Z', '2017-04-03T08:00:00Z'],
    ]);
  });

  it('Minute/15, Week/1 and a partial window at the edges (not emitted)', () => {
    expect(gen({ frequency: 'Minute', interval: 15 }, '2016-01-01T00:10:00Z', '2016-01-01T01:00:00Z')).toEqual([
      ['2016-01-01T00:15:00Z', '2016-01-01T00:30:00Z'],
      ['2016-01-01T00:30:00Z', '2016-01-01T00:45:00Z'],
      ['2016-01-01T00:45:00Z', '2016-01-01T01:00:00Z'],
    ]);
    // 0001-01-01 was a Monday: weeks start on Mondays by default.
    expect(gen({ frequency: 'Week', interval: 1 }, '2017-04-01T00:00:00Z', '2017-04-20T00:00:00Z')).toEqual([
      ['2017-04-03T00:00:00Z', '2017-04-10T00:00:00Z'],
      ['2017-04-10T00:00:00Z', '2017-04-17T00:00:00Z'],
    ]);
  });

  it('until stops at windows not started yet', () => {
    expect(
      generateWindows(
        { frequency: 'Hour', interval: 1 },
        t('2016-01-01T00:00:00Z'),
        t('9999-09-09T00:00:00Z'),
        t('2016-01-01T03:30:00Z'),
      ),
    ).toHaveLength(4);
  });

  it('TimeSpans: d.hh:mm:ss, 24:00:00 is 24 days, formatting', () => {
    expect(parseTimeSpan('06:00:00')).toBe(6 * 3_600_000);
    expect(parseTimeSpan('3.08:00:00')).toBe((3 * 24 + 8) * 3_600_000);
    expect(parseTimeSpan('24:00:00')).toBe(24 * 86_400_000);
    expect(parseTimeSpan('1:99:00')).toBeUndefined();
    expect(formatTimeSpan(217_802)).toBe('00:03:37.8020000');
    expect(formatTimeSpan(26 * 3_600_000)).toBe('1.02:00:00');
  });
});

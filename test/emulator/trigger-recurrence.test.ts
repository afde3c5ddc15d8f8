import { describe, expect, it } from 'vitest';
import { nextFireTime } from '../../src/emulator/runtime/recurrence.js';

/** The first `n` fire times of a recurrence, from its start (ISO, UTC). */
function fires(recurrence: Record<string, unknown>, n: number, from = '2000-01-01T00:00:00Z'): string[] {
  const out: string[] = [];
  let at = Date.parse(from);
  for (let i = 0; i < n; i++) {
    const next = nextFireTime(recurrence, at);
    if (next === undefined) break;
    out.push(new Date(next).toISOString().replace('.000Z', 'Z'));
    at = next + 1;
  }
  return out;
}

const day = (schedule: Record<string, unknown>, startTime = '2026-01-05T00:00:00Z', interval = 1) => ({
  frequency: 'Day',
  interval,
  startTime,
  schedule,
});

describe('schedule trigger recurrence: the documented schedule examples', () => {
  it.each([
    [
      '{"hours":[5],"minutes":[0]}: 05:00 every day',
      day({ hours: [5], minutes: [0] }),
      2,
      ['2026-01-05T05:00:00Z', '2026-01-06T05:00:00Z'],
    ],
    [
      '{"minutes":[15],"hours":[5,17]}: 05:15 and 17:15',
      day({ minutes: [15], hours: [5, 17] }),
      3,
      ['2026-01-05T05:15:00Z', '2026-01-05T17:15:00Z', '2026-01-06T05:15:00Z'],
    ],
    [
      '{"minutes":[15,45],"hours":[5,17]}: four times a day',
      day({ minutes: [15, 45], hours: [5, 17] }),
      4,
      ['2026-01-05T05:15:00Z', '2026-01-05T05:45:00Z', '2026-01-05T17:15:00Z', '2026-01-05T17:45:00Z'],
    ],
    [
      '{"minutes":[0,15,30,45]}: every 15 minutes',
      day({ minutes: [0, 15, 30, 45] }),
      5,
      [
        '2026-01-05T00:00:00Z',
        '2026-01-05T00:15:00Z',
        '2026-01-05T00:30:00Z',
        '2026-01-05T00:45:00Z',
        '2026-01-05T01:00:00Z',
      ],
    ],
    [
      '{"hours":[0..23]}: every hour, at the start time\'s minute',
      day({ hours: [...Array(24).keys()] }, '2026-01-05T00:20:00Z'),
      2,
      ['2026-01-05T00:20:00Z', '2026-01-05T01:20:00Z'],
    ],
    [
      'start time in the past of the day: the first run is the next schedule time (every 2 days at 09:00)',
      day({ hours: [9], minutes: [0] }, '2017-04-07T14:00:00Z', 2),
      2,
      ['2017-04-09T09:00:00Z', '2017-04-11T09:00:00Z'],
    ],
    [
      '{"weekDays":["monday","wednesday","friday"]} weekly, at the start time of day',
      {
        frequency: 'Week',
        interval: 1,
        startTime: '2026-01-05T06:30:00Z',
        schedule: { weekDays: ['Monday', 'Wednesday', 'Friday'] },
      },
      4,
      ['2026-01-05T06:30:00Z', '2026-01-07T06:30:00Z', '2026-01-09T06:30:00Z', '2026-01-12T06:30:00Z'],
    ],
    [
      'every 2 weeks on Tuesday at 18:00',
      {
        frequency: 'Week',
        interval: 2,
        startTime: '2026-01-05T00:00:00Z',
        schedule: { weekDays: ['Tuesday'], hours: [18], minutes: [0] },
      },
      3,
      ['2026-01-06T18:00:00Z', '2026-01-20T18:00:00Z', '2026-02-03T18:00:00Z'],
    ],
    [
      '{"minutes":[0,15,30,45],"weekDays":["saturday","sunday"]}: every 15 minutes on weekends',
      {
        frequency: 'Week',
        interval: 1,
        startTime: '2026-01-09T23:00:00Z',
        schedule: { minutes: [0, 15, 30, 45], weekDays: ['saturday', 'sunday'] },
      },
      2,
      ['2026-01-10T00:00:00Z', '2026-01-10T00:15:00Z'],
    ],
    [
      '{"monthDays":[-1]}: the last day of each month',
      { frequency: 'Month', interval: 1, startTime: '2026-01-01T08:00:00Z', schedule: { monthDays: [-1] } },
      3,
      ['2026-01-31T08:00:00Z', '2026-02-28T08:00:00Z', '2026-03-31T08:00:00Z'],
    ],
    [
      '{"monthDays":[1,14]}: the first and 14th day',
      {
        frequency: 'Month',
        interval: 1,
        startTime: '2026-01-02T00:00:00Z',
        schedule: { monthDays: [1, 14], hours: [3], minutes: [0] },
      },
      3,
      ['2026-01-14T03:00:00Z', '2026-02-01T03:00:00Z', '2026-02-14T03:00:00Z'],
    ],
    [
      '{"monthlyOccurrences":[{"day":"friday","occurrence":1}]}: the first Friday',
      {
        frequency: 'Month',
        interval: 1,
        startTime: '2026-01-01T00:00:00Z',
        schedule: { monthlyOccurrences: [{ day: 'friday', occurrence: 1 }], hours: [6], minutes: [0] },
      },
      2,
      ['2026-01-02T06:00:00Z', '2026-02-06T06:00:00Z'],
    ],
    [
      '{"minutes":[0],"hours":[6],"monthlyOccurrences":[{"day":"friday","occurrence":-1}]}: the last Friday at 06:00',
      {
        frequency: 'Month',
        interval: 1,
        startTime: '2026-01-01T00:00:00Z',
        schedule: { minutes: [0], hours: [6], monthlyOccurrences: [{ day: 'friday', occurrence: -1 }] },
      },
      2,
      ['2026-01-30T06:00:00Z', '2026-02-27T06:00:00Z'],
    ],
    [
      'every 3 months on day 15',
      {
        frequency: 'Month',
        interval: 3,
        startTime: '2026-01-01T00:00:00Z',
        schedule: { monthDays: [15], hours: [0], minutes: [0] },
      },
      2,
      ['2026-01-15T00:00:00Z', '2026-04-15T00:00:00Z'],
    ],
  ])('%s', (_label, recurrence, n, expected) => {
    expect(fires(recurrence, n)).toEqual(expected);
  });
});

describe('schedule trigger recurrence: time zones, start and end', () => {
  it('a daily 05:00 in W. Europe Standard Time stays 05:00 local across the switch to summer time', () => {
    const r = { frequency: 'Day', interval: 1, startTime: '2026-03-27T05:00:00', timeZone: 'W. Europe Standard Time' };
    expect(fires(r, 4)).toEqual([
      '2026-03-27T04:00:00Z',
      '2026-03-28T04:00:00Z',
      '2026-03-29T03:00:00Z',
      '2026-03-30T03:00:00Z',
    ]);
  });

  it('a schedule in Pacific Standard Time follows the switch back to standard time', () => {
    const r = day({ hours: [9], minutes: [30] }, '2026-10-31T00:00:00', 1);
    expect(fires({ ...r, timeZone: 'Pacific Standard Time' }, 3)).toEqual([
      '2026-10-31T16:30:00Z',
      '2026-11-01T17:30:00Z',
      '2026-11-02T17:30:00Z',
    ]);
  });

  it('hourly recurrences are real time: the wall clock jump does not skip or repeat a run', () => {
    const r = { frequency: 'Hour', interval: 1, startTime: '2026-03-29T00:00:00', timeZone: 'W. Europe Standard Time' };
    expect(fires(r, 3)).toEqual(['2026-03-28T23:00:00Z', '2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z']);
  });

  it('a wall time the clocks skip fires just after the jump; a repeated one fires once', () => {
    const skipped = day({ hours: [2], minutes: [30] }, '2026-03-28T00:00:00');
    expect(fires({ ...skipped, timeZone: 'W. Europe Standard Time' }, 3)).toEqual([
      '2026-03-28T01:30:00Z',
      '2026-03-29T01:30:00Z',
      '2026-03-30T00:30:00Z',
    ]);
    const repeated = day({ hours: [2], minutes: [30] }, '2026-10-24T00:00:00');
    expect(fires({ ...repeated, timeZone: 'W. Europe Standard Time' }, 3)).toEqual([
      '2026-10-24T00:30:00Z',
      '2026-10-25T00:30:00Z',
      '2026-10-26T01:30:00Z',
    ]);
  });

  it('a monthly recurrence without schedule keeps the start day (clamped at a month end); none after endTime', () => {
    const r = { frequency: 'Month', interval: 1, startTime: '2026-01-31T10:00:00Z', endTime: '2026-04-01T00:00:00Z' };
    expect(fires(r, 5)).toEqual(['2026-01-31T10:00:00Z', '2026-02-28T10:00:00Z', '2026-03-31T10:00:00Z']);
  });

  it('an unknown time zone or an unreadable start never fires', () => {
    expect(fires({ frequency: 'Day', startTime: '2026-01-01T00:00:00', timeZone: 'Mars Standard Time' }, 1)).toEqual(
      [],
    );
    expect(fires({ frequency: 'Day', startTime: 'soon' }, 1)).toEqual([]);
  });
});

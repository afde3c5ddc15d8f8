import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format.js';
import { findTimeZone } from './timezones.js';
import { parseTimestamp, ticksOf } from './value.js';

const T = parseTimestamp('2018-03-05T07:04:09.1234567Z');
const PM = parseTimestamp('2018-03-15T13:30:30Z');

describe('formatDateTime: .NET custom specifiers', () => {
  it.each([
    ['yyyy-MM-dd', '2018-03-05'],
    ['yyyy/MM/dd', '2018/03/05'],
    ['d/M/yy', '5/3/18'],
    ['ddd dddd', 'Mon Monday'],
    ['MMM MMMM', 'Mar March'],
    ['H HH h hh', '7 07 7 07'],
    ['m mm s ss', '4 04 9 09'],
    ['f ff fff ffff fffffff', '1 12 123 1234 1234567'],
    ['HH:mm:ss.FFF', '07:04:09.123'],
    ['y yyy yyyyy', '18 2018 02018'],
    ['tt t', 'AM A'],
    ['zzz zz z', '+00:00 +00 +0'],
    ['%K', 'Z'],
    ['%g', 'A.D.'],
    ["yyyy'T'HH 'at' \"q\" \\d", '2018T07 at q d'],
    ['%d', '5'],
    ['yyyyMMddHHmmss', '20180305070409'],
  ])('%s', (format, expected) => {
    expect(formatDateTime(T, format)).toBe(expected);
  });

  it('F drops trailing zeros and, when nothing is left, the dot before it', () => {
    const whole = parseTimestamp('2018-03-05T07:04:09Z');
    expect(formatDateTime(whole, 'HH:mm:ss.FFF')).toBe('07:04:09');
    expect(formatDateTime(parseTimestamp('2018-03-05T07:04:09.5Z'), 'ss.FFF')).toBe('09.5');
  });

  it('12-hour clock in the afternoon', () => {
    expect(formatDateTime(PM, 'h:mm tt')).toBe('1:30 PM');
  });
});

describe('formatDateTime: standard formats (en-US)', () => {
  it.each([
    ['d', '3/15/2018'],
    ['D', 'Thursday, March 15, 2018'],
    ['f', 'Thursday, March 15, 2018 1:30 PM'],
    ['F', 'Thursday, March 15, 2018 1:30:30 PM'],
    ['g', '3/15/2018 1:30 PM'],
    ['G', '3/15/2018 1:30:30 PM'],
    ['M', 'March 15'],
    ['o', '2018-03-15T13:30:30.0000000Z'],
    ['O', '2018-03-15T13:30:30.0000000Z'],
    ['R', 'Thu, 15 Mar 2018 13:30:30 GMT'],
    ['s', '2018-03-15T13:30:30'],
    ['t', '1:30 PM'],
    ['T', '1:30:30 PM'],
    ['u', '2018-03-15 13:30:30Z'],
    ['U', 'Thursday, March 15, 2018 1:30:30 PM'],
    ['y', 'March 2018'],
  ])('%s', (format, expected) => {
    expect(formatDateTime(PM, format)).toBe(expected);
  });

  it("an empty format means 'o'", () => {
    expect(formatDateTime(PM, '')).toBe('2018-03-15T13:30:30.0000000Z');
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2018-03-15', '2018-03-15T00:00:00.0000000'],
    ['2018-03-15T13:30', '2018-03-15T13:30:00.0000000'],
    ['2018-03-15 13:30:30.5', '2018-03-15T13:30:30.5000000'],
    ['2018-03-15T13:30:30.123456789Z', '2018-03-15T13:30:30.1234567Z'],
    ['2018-03-15T13:30:30-05:00', '2018-03-15T18:30:30.0000000Z'],
    ['2018-03-15T13:30:30+0530', '2018-03-15T08:00:30.0000000Z'],
    ['03/15/2018', '2018-03-15T00:00:00.0000000'],
    ['3/5/2018 1:02:03 PM', '2018-03-05T13:02:03.0000000'],
    ['2018/03/15 12:00:00', '2018-03-15T12:00:00.0000000'],
    ['Thu, 15 Mar 2018 13:30:30 GMT', '2018-03-15T13:30:30.0000000Z'],
    ['0050-06-01', '0050-06-01T00:00:00.0000000'],
  ])('%s', (input, expected) => {
    expect(formatDateTime(parseTimestamp(input))).toBe(expected);
  });

  it('counts ticks from 0001-01-01', () => {
    expect(ticksOf(parseTimestamp('0001-01-01T00:00:00Z'))).toBe(0n);
    expect(ticksOf(parseTimestamp('1970-01-01T00:00:00Z'))).toBe(621355968000000000n);
  });
});

describe('time zones (CLDR ids, platform rules)', () => {
  const at = (iso: string): number => Date.parse(iso);
  it.each([
    ['Pacific Standard Time', '2024-01-15T12:00:00Z', -480],
    ['Pacific Standard Time', '2024-07-15T12:00:00Z', -420],
    ['Pacific Standard Time', '2024-03-10T09:59:00Z', -480], // 01:59 PST, just before the switch
    ['Pacific Standard Time', '2024-03-10T10:00:00Z', -420], // 03:00 PDT
    ['Pacific Standard Time', '2024-11-03T08:59:00Z', -420], // 01:59 PDT
    ['Pacific Standard Time', '2024-11-03T09:00:00Z', -480], // 01:00 PST
    ['W. Europe Standard Time', '2024-03-31T00:59:00Z', 60],
    ['W. Europe Standard Time', '2024-03-31T01:00:00Z', 120],
    ['W. Europe Standard Time', '2024-10-27T01:00:00Z', 60],
    ['GMT Standard Time', '2024-06-01T00:00:00Z', 60],
    ['AUS Eastern Standard Time', '2024-01-15T00:00:00Z', 660],
    ['AUS Eastern Standard Time', '2024-06-15T00:00:00Z', 600],
    ['New Zealand Standard Time', '2024-12-15T00:00:00Z', 780],
    ['India Standard Time', '2024-06-15T00:00:00Z', 330],
    ['utc', '2024-06-15T00:00:00Z', 0],
  ])('%s at %s', (id, iso, minutes) => {
    expect(findTimeZone('convertFromUtc', id).offsetAt(at(iso))).toBe(minutes);
  });

  it('names the id when a zone is unknown', () => {
    expect(() => findTimeZone('convertFromUtc', 'Europe/Paris')).toThrow(
      /'convertFromUtc' was given the time zone 'Europe\/Paris', which is not a Windows time zone id/,
    );
  });
});

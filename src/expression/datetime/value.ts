import { fail } from '../value.js';

/**
 * A .NET-like DateTime: 100 ns precision and a kind. A timestamp with `Z` or an offset is adjusted to UTC
 * (kind 'utc', printed with a trailing Z by the default 'o' format); one without a zone stays unzoned
 * (kind 'unspecified', printed without a suffix) through formatting and arithmetic, and conversions to a
 * time zone other than UTC yield 'unspecified' too, as convertTimeZone does in ADF.
 */
export interface AdfDateTime {
  /** Wall-clock fields encoded as milliseconds since 1970-01-01, read with getUTC* accessors. */
  wallMs: number;
  /** 100 ns ticks below the millisecond, 0..9999. */
  subTicks: number;
  kind: 'utc' | 'unspecified';
}

const TICKS_AT_EPOCH = 621355968000000000n;
const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

export function fromDate(d: Date): AdfDateTime {
  return { wallMs: d.getTime(), subTicks: 0, kind: 'utc' };
}

/** A UTC instant from milliseconds since 1970 and the 100 ns ticks inside that millisecond (0..9999). */
export function fromEpoch(epochMs: number, ticks: number): AdfDateTime {
  if (!Number.isInteger(epochMs) || !Number.isInteger(ticks) || ticks < 0 || ticks > 9999)
    fail(
      `The clock gave ${epochMs} ms and ${ticks} ticks; expected whole milliseconds since 1970 and 0..9999 ticks of 100 ns.`,
    );
  return { wallMs: epochMs, subTicks: ticks, kind: 'utc' };
}

function build(
  input: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  fraction: string,
  zone: string | undefined,
): AdfDateTime {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 1..99 as they are.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) invalid(input);
  const ticks = Number((fraction + '0000000').slice(0, 7));
  const wallMs = date.getTime() - (offsetOf(zone) ?? 0) * 60000 + Math.floor(ticks / 10000);
  return { wallMs, subTicks: ticks % 10000, kind: zone ? 'utc' : 'unspecified' };
}

function invalid(input: string): never {
  return fail(
    `The string '${input}' was not recognized as a valid DateTime. The timestamp must be in ISO 8601 format (e.g. 2018-03-15T13:00:00Z) or a form .NET parses in the invariant culture (e.g. 03/15/2018 13:00:00).`,
  );
}

function offsetOf(zone: string | undefined): number | undefined {
  if (!zone || /^z$/i.test(zone) || /^gmt$/i.test(zone) || /^utc$/i.test(zone)) return undefined;
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toUpperCase() === 'PM';
  return (h % 12) + (pm ? 12 : 0);
}

/** Parse a timestamp the way ADF accepts them (ISO 8601, US invariant M/d/yyyy, yyyy/MM/dd, RFC 1123). */
export function parseTimestamp(input: string): AdfDateTime {
  const s = input.trim();
  const zone = '\\s*(Z|[+-]\\d{1,2}(?::?\\d{2})?|GMT|UTC)?';
  const time = '(?:[T ]\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?\\s*(AM|PM)?)?';
  let m = new RegExp(`^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})${time}${zone}$`, 'i').exec(s);
  if (m)
    return build(input, +m[1], +m[2], +m[3], hour12(+(m[4] ?? 0), m[8]), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '', m[9]);
  m = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${time}${zone}$`, 'i').exec(s);
  if (m)
    return build(input, +m[3], +m[1], +m[2], hour12(+(m[4] ?? 0), m[8]), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '', m[9]);
  // RFC 1123: 'Thu, 15 Mar 2018 13:00:00 GMT'
  m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z)?$/i.exec(
    s,
  );
  if (m && MONTHS[m[2].toLowerCase()])
    return build(input, +m[3], MONTHS[m[2].toLowerCase()], +m[1], +m[4], +m[5], +(m[6] ?? 0), '', m[7]);
  return invalid(input);
}

export function ticksOf(dt: AdfDateTime): bigint {
  return BigInt(dt.wallMs) * 10000n + BigInt(dt.subTicks) + TICKS_AT_EPOCH;
}

export function addMilliseconds(dt: AdfDateTime, ms: number): AdfDateTime {
  return { ...dt, wallMs: dt.wallMs + ms };
}

/** .NET AddMonths: the day is clamped to the last day of the target month. */
export function addMonths(dt: AdfDateTime, months: number): AdfDateTime {
  const d = new Date(dt.wallMs);
  const y = d.getUTCFullYear();
  const target = d.getUTCMonth() + months;
  const ty = y + Math.floor(target / 12);
  const tm = ((target % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(2000, tm + 1, 0)).getUTCDate();
  const daysInTarget = tm === 1 ? (isLeap(ty) ? 29 : 28) : lastDay;
  const n = new Date(dt.wallMs);
  n.setUTCDate(1);
  n.setUTCFullYear(ty, tm, Math.min(d.getUTCDate(), daysInTarget));
  return { ...dt, wallMs: n.getTime() };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60000,
  hour: 3600000,
  day: 86400000,
  week: 7 * 86400000,
};

/** Add `interval` units ('Second'..'Year', case-insensitive, plural accepted) as addToTime does. */
export function addUnits(fn: string, dt: AdfDateTime, interval: number, unit: string): AdfDateTime {
  const u = unit.toLowerCase().replace(/s$/, '');
  if (u === 'month') return addMonths(dt, interval);
  if (u === 'year') return addMonths(dt, interval * 12);
  const ms = UNIT_MS[u];
  if (ms === undefined)
    fail(
      `The template language function '${fn}' expects a time unit of 'Second', 'Minute', 'Hour', 'Day', 'Week', 'Month' or 'Year'; got '${unit}'.`,
    );
  return addMilliseconds(dt, interval * ms);
}

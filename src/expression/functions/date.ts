import { formatDateTime } from '../datetime/format.js';
import { findTimeZone, wallToUtc } from '../datetime/timezones.js';
import { addMilliseconds, addUnits, parseTimestamp, ticksOf, type AdfDateTime } from '../datetime/value.js';
import { normalizeInt, type Value } from '../value.js';
import { int, optStr, str, type FunctionImpl } from './args.js';

function ts(fn: string, args: Value[], i: number): AdfDateTime {
  return parseTimestamp(str(fn, args, i));
}

const out = (dt: AdfDateTime, format: string | undefined): string => formatDateTime(dt, format);

function addFixed(ms: number): FunctionImpl {
  return (a, _c, n) => out(addMilliseconds(ts(n, a, 0), int(n, a, 1) * ms), optStr(n, a, 2));
}

function startOf(unit: 'day' | 'hour' | 'month'): FunctionImpl {
  return (a, _c, n) => {
    const dt = ts(n, a, 0);
    const d = new Date(dt.wallMs);
    if (unit === 'month') d.setUTCDate(1);
    if (unit !== 'hour') d.setUTCHours(0);
    d.setUTCMinutes(0, 0, 0);
    return out({ ...dt, wallMs: d.getTime(), subTicks: 0 }, optStr(n, a, 1));
  };
}

/** Move a UTC instant into a zone: the wall clock there, of kind 'unspecified' unless the zone is UTC. */
function toZone(fn: string, utc: AdfDateTime, zoneId: string): AdfDateTime {
  const zone = findTimeZone(fn, zoneId);
  if (zone.isUtc) return { ...utc, kind: 'utc' };
  return { ...utc, wallMs: utc.wallMs + zone.offsetAt(utc.wallMs) * 60000, kind: 'unspecified' };
}

/** Read a wall-clock time as a time in a zone and return the UTC instant. */
function fromZone(fn: string, wall: AdfDateTime, zoneId: string): AdfDateTime {
  const zone = findTimeZone(fn, zoneId);
  return { ...wall, wallMs: zone.isUtc ? wall.wallMs : wallToUtc(fn, zone, wall.wallMs), kind: 'utc' };
}

export const DATE_FUNCTIONS: Record<string, FunctionImpl> = {
  utcNow: (a, ctx, n) => out(ctx.now(), optStr(n, a, 0)),
  formatDateTime: (a, _c, n) => out(ts(n, a, 0), optStr(n, a, 1)),
  addDays: addFixed(86400000),
  addHours: addFixed(3600000),
  addMinutes: addFixed(60000),
  addSeconds: addFixed(1000),
  addToTime: (a, _c, n) => out(addUnits(n, ts(n, a, 0), int(n, a, 1), str(n, a, 2)), optStr(n, a, 3)),
  subtractFromTime: (a, _c, n) => out(addUnits(n, ts(n, a, 0), -int(n, a, 1), str(n, a, 2)), optStr(n, a, 3)),
  getFutureTime: (a, ctx, n) => out(addUnits(n, ctx.now(), int(n, a, 0), str(n, a, 1)), optStr(n, a, 2)),
  getPastTime: (a, ctx, n) => out(addUnits(n, ctx.now(), -int(n, a, 0), str(n, a, 1)), optStr(n, a, 2)),
  convertFromUtc: (a, _c, n) => out(toZone(n, ts(n, a, 0), str(n, a, 1)), optStr(n, a, 2)),
  convertToUtc: (a, _c, n) => out(fromZone(n, ts(n, a, 0), str(n, a, 1)), optStr(n, a, 2)),
  convertTimeZone: (a, _c, n) => out(toZone(n, fromZone(n, ts(n, a, 0), str(n, a, 1)), str(n, a, 2)), optStr(n, a, 3)),
  dayOfMonth: (a, _c, n) => new Date(ts(n, a, 0).wallMs).getUTCDate(),
  // Sunday is 0.
  dayOfWeek: (a, _c, n) => new Date(ts(n, a, 0).wallMs).getUTCDay(),
  dayOfYear: (a, _c, n) => {
    const d = new Date(ts(n, a, 0).wallMs);
    const jan1 = new Date(0);
    jan1.setUTCFullYear(d.getUTCFullYear(), 0, 1);
    return Math.floor((d.getTime() - jan1.getTime()) / 86400000) + 1;
  },
  startOfDay: startOf('day'),
  startOfHour: startOf('hour'),
  startOfMonth: startOf('month'),
  ticks: (a, _c, n) => normalizeInt(ticksOf(ts(n, a, 0))),
};

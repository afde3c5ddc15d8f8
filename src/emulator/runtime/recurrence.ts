import { findTimeZone, type TimeZone } from '../../expression/datetime/timezones.js';

/**
 * ScheduleTrigger recurrences (how-to-create-schedule-trigger): frequency × interval from startTime, or the
 * advanced `schedule` (minutes, hours, weekDays, monthDays, monthlyOccurrences) for Day, Week and Month; all of it
 * on the wall clock of `timeZone` (a Windows zone id), so a daily 05:00 stays 05:00 across daylight saving.
 * Times are handled as "wall ms": the zone's local time written as if it were UTC.
 */

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** How far ahead a schedule is searched (a schedule that never matches, e.g. monthDays [31] every 12 months from April). */
const HORIZON_DAYS = 366 * 8;

const UTC: TimeZone = { id: 'UTC', iana: 'Etc/UTC', isUtc: true, offsetAt: () => 0 };

/** The zone of a recurrence (UTC when absent); an unknown id is an error naming it. */
export function recurrenceZone(recurrence: Record<string, unknown>): TimeZone {
  const id = recurrence.timeZone;
  if (id === undefined || id === null || id === '') return UTC;
  try {
    return findTimeZone('recurrence', String(id));
  } catch {
    throw new Error(`timeZone '${String(id)}' is not a Windows time zone id (e.g. 'W. Europe Standard Time')`);
  }
}

const toWall = (zone: TimeZone, utc: number) => utc + zone.offsetAt(utc) * MINUTE;

/**
 * The instant of a wall time. Chosen (undocumented): a wall time the clocks skip (spring forward) fires at the
 * same distance after the jump (02:30 → 03:30); a repeated one (fall back) fires once, at its first occurrence.
 */
export function wallToInstant(zone: TimeZone, wall: number): number {
  if (zone.isUtc) return wall;
  const before = zone.offsetAt(wall - DAY) * MINUTE;
  const after = zone.offsetAt(wall + DAY) * MINUTE;
  const valid = [wall - before, wall - after].filter((t) => toWall(zone, t) === wall);
  return valid.length > 0 ? Math.min(...valid) : wall - before;
}

/** A time as the trigger means it: with `Z` or an offset it is an instant; without, a wall time in the zone. */
function parseTriggerTime(value: unknown, zone: TimeZone): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value);
  const explicit = /(?:Z|[+-]\d\d:?\d\d)$/i.test(text);
  const ms = Date.parse(explicit ? text : `${text}Z`);
  if (Number.isNaN(ms)) return undefined;
  return explicit ? ms : wallToInstant(zone, ms);
}

const ints = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.length > 0
    ? [...new Set(v.map(Number).filter(Number.isInteger))].sort((a, b) => a - b)
    : undefined;

interface Schedule {
  minutes?: number[];
  hours?: number[];
  weekDays?: Set<number>;
  monthDays?: number[];
  occurrences?: Array<{ day: number; occurrence: number }>;
}

function readSchedule(raw: unknown): Schedule | undefined {
  if (!isObj(raw)) return undefined;
  const weekDays = Array.isArray(raw.weekDays)
    ? new Set(raw.weekDays.map((d) => WEEK_DAYS.indexOf(String(d).toLowerCase())).filter((d) => d >= 0))
    : undefined;
  const occurrences = Array.isArray(raw.monthlyOccurrences)
    ? raw.monthlyOccurrences
        .filter(isObj)
        .map((o) => ({ day: WEEK_DAYS.indexOf(String(o.day).toLowerCase()), occurrence: Number(o.occurrence ?? 1) }))
        .filter((o) => o.day >= 0)
    : undefined;
  const s: Schedule = {
    minutes: ints(raw.minutes),
    hours: ints(raw.hours),
    weekDays: weekDays && weekDays.size > 0 ? weekDays : undefined,
    monthDays: ints(raw.monthDays),
    occurrences: occurrences && occurrences.length > 0 ? occurrences : undefined,
  };
  return Object.values(s).some((v) => v !== undefined) ? s : undefined;
}

const monthIndex = (wall: number) => {
  const d = new Date(wall);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
const daysInMonth = (wall: number) => {
  const d = new Date(wall);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
};

/** Whether a local day (wall ms at 00:00) is one of the recurrence's days. */
function dayMatches(day: number, startDay: number, freq: string, interval: number, s: Schedule): boolean {
  const d = new Date(day);
  const diffDays = Math.round((day - startDay) / DAY);
  if (freq === 'day' && diffDays % interval !== 0) return false;
  if (freq === 'week') {
    // Weeks counted from the start's week (Sunday first, as .NET's DayOfWeek).
    const weekOf = (w: number) => Math.floor((w - new Date(w).getUTCDay() * DAY) / (7 * DAY));
    if ((weekOf(day) - weekOf(startDay)) % interval !== 0) return false;
    const days = s.weekDays ?? new Set([new Date(startDay).getUTCDay()]);
    if (!days.has(d.getUTCDay())) return false;
  }
  if (freq === 'month') {
    if ((monthIndex(day) - monthIndex(startDay)) % interval !== 0) return false;
    const dom = d.getUTCDate();
    const last = daysInMonth(day);
    const byDay = s.monthDays?.some((m) => (m > 0 ? m === dom : last + m + 1 === dom)) ?? false;
    const byOccurrence =
      s.occurrences?.some((o) => {
        if (o.day !== d.getUTCDay()) return false;
        const nth = Math.ceil(dom / 7);
        const nthFromEnd = Math.ceil((last - dom + 1) / 7);
        return o.occurrence > 0 ? o.occurrence === nth : -o.occurrence === nthFromEnd;
      }) ?? false;
    if (s.monthDays || s.occurrences) {
      if (!byDay && !byOccurrence) return false;
    } else if (dom !== new Date(startDay).getUTCDate()) return false;
    // Week days narrow a monthly schedule further (docs: weekDays with frequency Month).
    if (s.weekDays && !s.weekDays.has(d.getUTCDay())) return false;
  }
  if (freq === 'day' && s.weekDays && !s.weekDays.has(d.getUTCDay())) return false;
  return true;
}

/** The first fire time of an advanced schedule at or after `from`. */
function nextScheduled(
  zone: TimeZone,
  start: number,
  from: number,
  freq: string,
  interval: number,
  s: Schedule,
): number | undefined {
  const startWall = toWall(zone, start);
  const startDay = Math.floor(startWall / DAY) * DAY;
  const startTime = new Date(startWall);
  // Without minutes: the start's minute; without hours: every hour when minutes are given, else the start's hour.
  const minutes = s.minutes ?? [startTime.getUTCMinutes()];
  const hours = s.hours ?? (s.minutes ? [...Array(24).keys()] : [startTime.getUTCHours()]);
  const first = Math.max(startDay, Math.floor(toWall(zone, from) / DAY) * DAY - DAY);
  for (let day = first; day < first + HORIZON_DAYS * DAY; day += DAY) {
    if (!dayMatches(day, startDay, freq, interval, s)) continue;
    for (const h of hours)
      for (const m of minutes) {
        const at = wallToInstant(zone, day + h * HOUR + m * MINUTE);
        if (at >= from && at >= start) return at;
      }
  }
  return undefined;
}

/** Add whole local days, weeks or months to a wall time (a month end is kept: Jan 31 + 1 month = Feb 28). */
function addWall(wall: number, freq: string, n: number): number {
  if (freq === 'day') return wall + n * DAY;
  if (freq === 'week') return wall + n * 7 * DAY;
  const d = new Date(wall);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  d.setUTCDate(Math.min(day, daysInMonth(d.getTime())));
  return d.getTime();
}

/**
 * The next fire time of a schedule recurrence at or after `from` (ms), or undefined when there is none before
 * its endTime (or the recurrence cannot be read).
 */
export function nextFireTime(recurrence: Record<string, unknown>, from: number): number | undefined {
  let zone: TimeZone;
  try {
    zone = recurrenceZone(recurrence);
  } catch {
    return undefined;
  }
  const start = parseTriggerTime(recurrence.startTime, zone);
  if (start === undefined) return undefined;
  const end = parseTriggerTime(recurrence.endTime, zone) ?? Number.POSITIVE_INFINITY;
  const interval = Math.max(1, Math.trunc(Number(recurrence.interval ?? 1)) || 1);
  const freq = String(recurrence.frequency ?? '').toLowerCase();
  const schedule = ['day', 'week', 'month'].includes(freq) ? readSchedule(recurrence.schedule) : undefined;
  let at: number | undefined;
  if (schedule) at = nextScheduled(zone, start, from, freq, interval, schedule);
  else if (freq === 'minute' || freq === 'hour') {
    // Minutes and hours are spans of real time: the wall clock's jumps do not move them.
    const step = (freq === 'minute' ? MINUTE : HOUR) * interval;
    at = from <= start ? start : start + Math.ceil((from - start) / step) * step;
  } else if (freq === 'day' || freq === 'week' || freq === 'month') {
    const startWall = toWall(zone, start);
    const unit = freq === 'day' ? DAY : freq === 'week' ? 7 * DAY : 31 * DAY;
    let k = Math.max(0, Math.floor((from - start) / (unit * interval)) - 2);
    for (at = wallToInstant(zone, addWall(startWall, freq, k * interval)); at < from; ) {
      k++;
      at = wallToInstant(zone, addWall(startWall, freq, k * interval));
    }
  }
  return at !== undefined && at <= end ? at : undefined;
}

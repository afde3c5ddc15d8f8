import { createRequire } from 'node:module';
import { fail } from '../value.js';

/**
 * Windows time zone ids (the names convertTimeZone and friends take) mapped to IANA zones with the CLDR
 * table of the `windows-iana` package; offsets and daylight rules come from the platform's time zone data
 * (Intl), so history and future rule changes follow the Node runtime, not a table of ours. Each id maps to
 * its CLDR "001" (primary) zone, which is the zone Windows itself models.
 */
let ianaById: Map<string, { id: string; iana: string }> | undefined;

// Built on first use: the package's table costs every start-up (validate included) about 50 ms of CPU, and most
// projects never convert a time zone. It is CommonJS, so require() loads it synchronously.
function zonesById(): Map<string, { id: string; iana: string }> {
  if (ianaById) return ianaById;
  const { WINDOWS_TO_IANA_MAP } = createRequire(import.meta.url)('windows-iana') as typeof import('windows-iana');
  const byId = new Map<string, { id: string; iana: string }>();
  for (const entry of WINDOWS_TO_IANA_MAP) {
    // The package's typings narrow territory oddly; the data holds CLDR territory codes as strings.
    if (String(entry.territory) !== '001') continue;
    byId.set(entry.windowsName.toLowerCase(), { id: entry.windowsName, iana: entry.iana[0] });
  }
  // 'Coordinated Universal Time' is the display name of 'UTC'; earlier versions of this evaluator took it.
  byId.set('coordinated universal time', { id: 'Coordinated Universal Time', iana: 'Etc/UTC' });
  ianaById = byId;
  return byId;
}

/** Every Windows time zone id the evaluator knows (CLDR's list), for messages and did-you-mean. */
export function timeZoneIds(): readonly string[] {
  return [...zonesById().values()].map((z) => z.id);
}

export interface TimeZone {
  id: string;
  iana: string;
  isUtc: boolean;
  /** Offset from UTC in minutes at a UTC instant. */
  offsetAt(utcMs: number): number;
}

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    FORMATTERS.set(iana, f);
  }
  return f;
}

/** The zone's offset at a UTC instant: its wall clock there minus the instant, from Intl. */
function offsetMinutes(iana: string, utcMs: number): number {
  // Intl works to the second; the fraction is dropped here and the offset is whole minutes anyway.
  const whole = Math.floor(utcMs / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const p of formatterFor(iana).formatToParts(new Date(whole))) parts[p.type] = p.value;
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return Math.round((wall.getTime() - whole) / 60000);
}

/** Look a Windows time zone id up (case-insensitive); fail naming the id otherwise. */
export function findTimeZone(fn: string, id: string): TimeZone {
  const zone = zonesById().get(id.trim().toLowerCase());
  if (!zone) {
    return fail(
      `The template language function '${fn}' was given the time zone '${id}', which is not a Windows time zone id. Use an id such as 'UTC', 'Pacific Standard Time', 'W. Europe Standard Time' or 'India Standard Time' (the names of the Microsoft Time Zone Index, without punctuation).`,
    );
  }
  const isUtc = zone.iana === 'Etc/UTC' || zone.iana === 'Etc/GMT';
  return { id: zone.id, iana: zone.iana, isUtc, offsetAt: (utcMs) => (isUtc ? 0 : offsetMinutes(zone.iana, utcMs)) };
}

/**
 * UTC instant of a wall-clock time in a zone, as .NET's TimeZoneInfo.ConvertTimeToUtc: an ambiguous time
 * (the repeated hour when clocks go back) is read as standard time; a time that does not exist (the hour
 * skipped when clocks go forward) is an error.
 */
export function wallToUtc(fn: string, zone: TimeZone, wallMs: number): number {
  const day = 86400000;
  const candidates = new Set([zone.offsetAt(wallMs - day), zone.offsetAt(wallMs), zone.offsetAt(wallMs + day)]);
  const valid = [...candidates].filter((o) => zone.offsetAt(wallMs - o * 60000) === o);
  if (valid.length === 0) {
    return fail(
      `The template language function '${fn}' was given a time that does not exist in the time zone '${zone.id}' (the clocks skip it when daylight saving time starts).`,
    );
  }
  // The standard offset is the smaller one in every zone that has daylight saving time.
  return wallMs - Math.min(...valid) * 60000;
}

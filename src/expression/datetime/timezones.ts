import { fail } from '../value.js';

/**
 * A small built-in table of common Windows time zone ids (the names ADF's convertTimeZone takes),
 * with base offsets and daylight-saving rules as of 2024. Historical rule changes are not modelled and
 * ids outside this table fail with a clear message (a documented limit of the emulator's evaluator).
 */
type DstRule = 'none' | 'us' | 'eu' | 'au' | 'nz';

interface Zone {
  id: string;
  baseMinutes: number;
  dst: DstRule;
}

const ZONES: Zone[] = [
  { id: 'UTC', baseMinutes: 0, dst: 'none' },
  { id: 'Coordinated Universal Time', baseMinutes: 0, dst: 'none' },
  { id: 'GMT Standard Time', baseMinutes: 0, dst: 'eu' },
  { id: 'Greenwich Standard Time', baseMinutes: 0, dst: 'none' },
  { id: 'W. Europe Standard Time', baseMinutes: 60, dst: 'eu' },
  { id: 'Central Europe Standard Time', baseMinutes: 60, dst: 'eu' },
  { id: 'Central European Standard Time', baseMinutes: 60, dst: 'eu' },
  { id: 'Romance Standard Time', baseMinutes: 60, dst: 'eu' },
  { id: 'E. Europe Standard Time', baseMinutes: 120, dst: 'eu' },
  { id: 'FLE Standard Time', baseMinutes: 120, dst: 'eu' },
  { id: 'GTB Standard Time', baseMinutes: 120, dst: 'eu' },
  { id: 'South Africa Standard Time', baseMinutes: 120, dst: 'none' },
  { id: 'Russian Standard Time', baseMinutes: 180, dst: 'none' },
  { id: 'Arabian Standard Time', baseMinutes: 240, dst: 'none' },
  { id: 'India Standard Time', baseMinutes: 330, dst: 'none' },
  { id: 'SE Asia Standard Time', baseMinutes: 420, dst: 'none' },
  { id: 'China Standard Time', baseMinutes: 480, dst: 'none' },
  { id: 'Singapore Standard Time', baseMinutes: 480, dst: 'none' },
  { id: 'Tokyo Standard Time', baseMinutes: 540, dst: 'none' },
  { id: 'Korea Standard Time', baseMinutes: 540, dst: 'none' },
  { id: 'AUS Eastern Standard Time', baseMinutes: 600, dst: 'au' },
  { id: 'New Zealand Standard Time', baseMinutes: 720, dst: 'nz' },
  { id: 'E. South America Standard Time', baseMinutes: -180, dst: 'none' },
  { id: 'Atlantic Standard Time', baseMinutes: -240, dst: 'us' },
  { id: 'Eastern Standard Time', baseMinutes: -300, dst: 'us' },
  { id: 'Central Standard Time', baseMinutes: -360, dst: 'us' },
  { id: 'Mountain Standard Time', baseMinutes: -420, dst: 'us' },
  { id: 'US Mountain Standard Time', baseMinutes: -420, dst: 'none' },
  { id: 'Pacific Standard Time', baseMinutes: -480, dst: 'us' },
  { id: 'Alaskan Standard Time', baseMinutes: -540, dst: 'us' },
  { id: 'Hawaiian Standard Time', baseMinutes: -600, dst: 'none' },
];

/** The supported ids, for messages and did-you-mean. */
export const TIME_ZONE_IDS: readonly string[] = ZONES.map((z) => z.id);

export interface TimeZone {
  id: string;
  isUtc: boolean;
  /** Offset from UTC in minutes at a UTC instant. */
  offsetAt(utcMs: number): number;
}

/** The n-th (1-based; -1 = last) Sunday of a month, as a UTC day at 00:00. */
function sunday(year: number, month: number, n: number): number {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
    return Date.UTC(year, month, 1 + ((7 - first) % 7) + (n - 1) * 7);
  }
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay());
}

const HOUR = 3600000;

function inDst(rule: DstRule, base: number, utcMs: number): boolean {
  const y = new Date(utcMs).getUTCFullYear();
  const b = base * 60000;
  switch (rule) {
    case 'us': // second Sunday of March 02:00 local to first Sunday of November 02:00 local daylight time
      return utcMs >= sunday(y, 2, 2) + 2 * HOUR - b && utcMs < sunday(y, 10, 1) + 2 * HOUR - b - HOUR;
    case 'eu': // last Sunday of March to last Sunday of October, 01:00 UTC
      return utcMs >= sunday(y, 2, -1) + HOUR && utcMs < sunday(y, 9, -1) + HOUR;
    case 'au': // first Sunday of October 02:00 standard to first Sunday of April 03:00 daylight
      return utcMs >= sunday(y, 9, 1) + 2 * HOUR - b || utcMs < sunday(y, 3, 1) + 2 * HOUR - b;
    case 'nz': // last Sunday of September 02:00 standard to first Sunday of April 03:00 daylight
      return utcMs >= sunday(y, 8, -1) + 2 * HOUR - b || utcMs < sunday(y, 3, 1) + 2 * HOUR - b;
    default:
      return false;
  }
}

/** Look a Windows time zone id up (case-insensitive); fail with the supported list otherwise. */
export function findTimeZone(fn: string, id: string): TimeZone {
  const zone = ZONES.find((z) => z.id.toLowerCase() === id.trim().toLowerCase());
  if (!zone) {
    return fail(
      `The template language function '${fn}' was given the time zone '${id}', which the adf-deploy evaluator does not know. Supported Windows time zone ids: ${TIME_ZONE_IDS.join(', ')}.`,
    );
  }
  return {
    id: zone.id,
    isUtc: zone.baseMinutes === 0 && zone.dst === 'none',
    offsetAt: (utcMs) => zone.baseMinutes + (inDst(zone.dst, zone.baseMinutes, utcMs) ? 60 : 0),
  };
}

/** UTC instant of a wall-clock time in a zone (the standard-time guess, corrected once for DST). */
export function wallToUtc(zone: TimeZone, wallMs: number): number {
  const guess = wallMs - zone.offsetAt(wallMs) * 60000;
  return wallMs - zone.offsetAt(guess) * 60000;
}

/**
 * Tumbling windows from a V1 availability / scheduler (adf-runs-v1-facts B2, B4). Pure and deterministic.
 *
 * Boundaries: anchorDateTime (default 0001-01-01T00:00:00Z), truncated to the frequency unit, plus k periods,
 * shifted by offset. Only whole windows inside [start, end) are produced (B4 step 4 is unverified: chosen).
 */
export interface Availability {
  frequency: 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month';
  interval: number;
  style?: 'StartOfInterval' | 'EndOfInterval';
  anchorDateTime?: string;
  offset?: string;
}

export interface Window {
  start: number;
  end: number;
}

const UNIT_MS = { Minute: 60_000, Hour: 3_600_000, Day: 86_400_000, Week: 7 * 86_400_000 } as const;
const DAY = 86_400_000;
/** A safety cap so a 9999-09-09 end cannot exhaust memory. Chosen. */
export const MAX_WINDOWS = 100_000;

/**
 * A .NET TimeSpan (`[-][d.]hh:mm[:ss[.fffffff]]`) in ms, or undefined when malformed. As in .NET, a first part
 * above 23 without days is read as days: `24:00:00` is 24 days (B2).
 */
export function parseTimeSpan(text: string): number | undefined {
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.(\d{1,7}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  let days = m[2] ? Number(m[2]) : 0;
  let hours = Number(m[3]);
  const minutes = Number(m[4]);
  const seconds = m[5] ? Number(m[5]) : 0;
  if (minutes > 59 || seconds > 59) return undefined;
  if (!m[2] && hours > 23) {
    days = hours;
    hours = 0;
  } else if (hours > 23) return undefined;
  const frac = m[6] ? Number(`0.${m[6]}`) * 1000 : 0;
  const ms = ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000 + frac;
  return m[1] ? -ms : ms;
}

/** ms as a .NET TimeSpan string (`00:03:37.8020000`, `1.02:00:00`). */
export function formatTimeSpan(ms: number): string {
  const days = Math.floor(ms / DAY);
  let rest = ms - days * DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = rest - s * 1000;
  const p = (n: number) => String(n).padStart(2, '0');
  const base = `${days > 0 ? `${days}.` : ''}${p(h)}:${p(mi)}:${p(s)}`;
  return frac > 0 ? `${base}.${String(Math.round(frac * 10_000)).padStart(7, '0')}` : base;
}

const YEAR_ONE = Date.parse('0001-01-01T00:00:00Z');

/** The anchor with the parts finer than the frequency dropped (B2). */
function truncatedAnchor(a: Availability): number {
  const t = a.anchorDateTime ? Date.parse(a.anchorDateTime) : YEAR_ONE;
  const d = new Date(Number.isNaN(t) ? YEAR_ONE : t);
  d.setUTCMilliseconds(0);
  d.setUTCSeconds(0);
  if (a.frequency !== 'Minute') d.setUTCMinutes(0);
  if (a.frequency !== 'Minute' && a.frequency !== 'Hour') d.setUTCHours(0);
  if (a.frequency === 'Month') d.setUTCDate(1);
  return d.getTime();
}

/**
 * The windows of `a` inside [start, end) whose start is before `until` (default: no limit), oldest first.
 * Month: calendar months from the anchor's month; the offset's day part names the day of the month (the docs'
 * example: offset `3.08:00:00` puts monthly slices on the 3rd at 08:00 — chosen reading, B2).
 */
export function generateWindows(
  a: Availability,
  start: number,
  end: number,
  until = Number.POSITIVE_INFINITY,
): Window[] {
  const out: Window[] = [];
  const interval = Math.max(1, Math.floor(a.interval));
  let offset = a.offset ? (parseTimeSpan(a.offset) ?? 0) : 0;
  const anchor = truncatedAnchor(a);
  if (a.frequency === 'Month') {
    if (offset >= DAY) offset -= DAY;
    const ad = new Date(anchor);
    const anchorIdx = ad.getUTCFullYear() * 12 + ad.getUTCMonth();
    const sd = new Date(start);
    const startIdx = sd.getUTCFullYear() * 12 + sd.getUTCMonth() - 1;
    let m = anchorIdx + Math.ceil((startIdx - anchorIdx) / interval) * interval;
    const monthStart = (idx: number) => {
      const d = new Date(0);
      d.setUTCFullYear(Math.floor(idx / 12), idx % 12, 1);
      return d.getTime();
    };
    for (; out.length < MAX_WINDOWS; m += interval) {
      const ws = monthStart(m) + offset;
      const we = monthStart(m + interval) + offset;
      if (we > end || ws >= until) break;
      if (ws >= start) out.push({ start: ws, end: we });
    }
    return out;
  }
  const period = UNIT_MS[a.frequency] * interval;
  const base = anchor + offset;
  for (let k = Math.ceil((start - base) / period); out.length < MAX_WINDOWS; k++) {
    const ws = base + k * period;
    const we = ws + period;
    if (we > end || ws >= until) break;
    out.push({ start: ws, end: we });
  }
  return out;
}

import { fail } from '../value.js';
import type { AdfDateTime } from './value.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * .NET standard date and time format strings, in the en-US culture ADF formats with (its documented
 * examples print 'D' as 'Monday, January 1, 2018').
 */
const STANDARD: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function badFormat(format: string): never {
  return fail(
    `The template language function was given the date format '${format}', which is not a valid .NET date and time format string.`,
  );
}

/** Format a timestamp with a .NET standard (one letter) or custom format string. Default: 'o'. */
export function formatDateTime(dt: AdfDateTime, format = 'o'): string {
  if (format === '') format = 'o';
  if (format.length === 1) {
    const pattern = STANDARD[format];
    if (!pattern) badFormat(format);
    return formatCustom(dt, pattern, format);
  }
  return formatCustom(dt, format, format);
}

function formatCustom(dt: AdfDateTime, pattern: string, original: string): string {
  const d = new Date(dt.wallMs);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const fraction7 = pad(d.getUTCMilliseconds() * 10000 + dt.subTicks, 7);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    let n = 1;
    while (pattern[i + n] === c && /[dfFghHKmMstyz]/.test(c)) n++;
    switch (c) {
      case 'd':
        out +=
          n === 1
            ? String(day)
            : n === 2
              ? pad(day, 2)
              : n === 3
                ? DAYS[d.getUTCDay()].slice(0, 3)
                : DAYS[d.getUTCDay()];
        break;
      case 'f':
      case 'F': {
        if (n > 7) badFormat(original);
        const digits = fraction7.slice(0, n);
        if (c === 'f') out += digits;
        else {
          const trimmed = digits.replace(/0+$/, '');
          if (trimmed) out += trimmed;
          else if (out.endsWith('.')) out = out.slice(0, -1); // .NET drops the separating dot too
        }
        break;
      }
      case 'g':
        out += year > 0 ? 'A.D.' : 'B.C.';
        break;
      case 'h': {
        const h12 = hour % 12 === 0 ? 12 : hour % 12;
        out += n === 1 ? String(h12) : pad(h12, 2);
        break;
      }
      case 'H':
        out += n === 1 ? String(hour) : pad(hour, 2);
        break;
      case 'K':
        out += dt.kind === 'utc' ? 'Z' : '';
        break;
      case 'm':
        out += n === 1 ? String(d.getUTCMinutes()) : pad(d.getUTCMinutes(), 2);
        break;
      case 'M':
        out +=
          n === 1
            ? String(month + 1)
            : n === 2
              ? pad(month + 1, 2)
              : n === 3
                ? MONTHS[month].slice(0, 3)
                : MONTHS[month];
        break;
      case 's':
        out += n === 1 ? String(d.getUTCSeconds()) : pad(d.getUTCSeconds(), 2);
        break;
      case 't': {
        const ampm = hour < 12 ? 'AM' : 'PM';
        out += n === 1 ? ampm[0] : ampm;
        break;
      }
      case 'y':
        out += n === 1 ? String(year % 100) : n === 2 ? pad(year % 100, 2) : pad(year, n);
        break;
      case 'z':
        // The service runs in UTC: offsets print as +00 / +00:00.
        out += n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
        break;
      case "'":
      case '"': {
        const close = pattern.indexOf(c, i + 1);
        if (close < 0) badFormat(original);
        out += pattern.slice(i + 1, close);
        n = close - i + 1;
        break;
      }
      case '\\':
        if (i + 1 >= pattern.length) badFormat(original);
        out += pattern[i + 1];
        n = 2;
        break;
      case '%':
        // '%d' makes a single custom specifier; the next character is read on the next turn.
        break;
      default:
        out += c;
    }
    i += n;
  }
  return out;
}

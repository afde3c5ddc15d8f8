import { AdfDeployError } from '../core/errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `10m`, `2h`, `1d`, `1h30m` (a bare number is seconds) in ms; a bad value is a user error naming the flag. */
export function parseDuration(text: string, flag: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|min|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t)
    throw new AdfDeployError('cli.bad-duration', `${flag} ${text}: not a duration`, {
      hint: 'e.g. 90s, 10m, 2h, 1d, 1h30m',
    });
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0);
}

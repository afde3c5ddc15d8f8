import { toText, fail } from '../value.js';
import { str, strOrNull, int, optStr, type FunctionImpl } from './args.js';

function formatGuid(raw: string, format: string | undefined): string {
  const hex = raw.replace(/-/g, '').toLowerCase();
  const d = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  // An empty format is the default 'D', as .NET's Guid.ToString('') is.
  switch ((format || 'D').toUpperCase()) {
    case 'N':
      return hex;
    case 'D':
      return d;
    case 'B':
      return `{${d}}`;
    case 'P':
      return `(${d})`;
    case 'X': {
      const h = (s: string) => `0x${s}`;
      const b = hex.slice(16).match(/../g)!.map(h).join(',');
      return `{${h(hex.slice(0, 8))},${h(hex.slice(8, 12))},${h(hex.slice(12, 16))},{${b}}}`;
    }
    default:
      return fail(
        `The template language function 'guid' was invoked with a format '${format}' that is not one of 'N', 'D', 'B', 'P', 'X'.`,
      );
  }
}

export const STRING_FUNCTIONS: Record<string, FunctionImpl> = {
  // concat renders non-string arguments as string() would (numbers, True/False, JSON).
  concat: (args) => args.map((a) => toText(a)).join(''),
  endsWith: (a, _c, n) =>
    strOrNull(n, a, 0)
      .toLowerCase()
      .endsWith(strOrNull(n, a, 1).toLowerCase()),
  startsWith: (a, _c, n) =>
    strOrNull(n, a, 0)
      .toLowerCase()
      .startsWith(strOrNull(n, a, 1).toLowerCase()),
  guid: (a, ctx, n) => formatGuid(ctx.newGuid(), optStr(n, a, 0)),
  // indexOf/lastIndexOf ignore case (documented), and return -1 when not found.
  indexOf: (a, _c, n) =>
    strOrNull(n, a, 0)
      .toLowerCase()
      .indexOf(strOrNull(n, a, 1).toLowerCase()),
  lastIndexOf: (a, _c, n) => {
    const text = strOrNull(n, a, 0).toLowerCase();
    const search = strOrNull(n, a, 1).toLowerCase();
    return search === '' ? Math.max(text.length - 1, 0) : text.lastIndexOf(search);
  },
  replace: (a, _c, n) => {
    const old = str(n, a, 1);
    if (old === '')
      fail(`The template language function 'replace' expects its second parameter to be a non-empty string.`);
    return strOrNull(n, a, 0)
      .split(old)
      .join(strOrNull(n, a, 2));
  },
  split: (a, _c, n) => strOrNull(n, a, 0).split(str(n, a, 1)),
  substring: (a, _c, n) => {
    const text = strOrNull(n, a, 0);
    const start = int(n, a, 1);
    const length = a.length > 2 ? int(n, a, 2) : text.length - start;
    if (start < 0 || length < 0 || start + length > text.length) {
      fail(
        `The template language function 'substring' parameters are out of range: 'start index' and 'length' must be non-negative integers and their sum must be no larger than the length of the string (${text.length}); got ${start} and ${length}.`,
      );
    }
    return text.substr(start, length);
  },
  toLower: (a, _c, n) => strOrNull(n, a, 0).toLowerCase(),
  toUpper: (a, _c, n) => strOrNull(n, a, 0).toUpperCase(),
  trim: (a, _c, n) => strOrNull(n, a, 0).trim(),
};

/**
 * A list page's `nextLink`, read without building the page: the HTTP worker needs only that string to read the
 * next page ahead (src/arm/read-ahead.ts), and JSON.parse of every page of 50 resources was a fifth of the
 * worker's busy time, taken from the core the main thread shares with it (issue 19). The client parses the page itself.
 *
 * What it gives is what `JSON.parse(body).nextLink` gives when that is a string (the last such key of the
 * top-level object, as JSON.parse keeps the last), or undefined. A body that is not a JSON object may give
 * something JSON.parse would refuse: read-ahead then requests a page nobody asks for, a read and never a write.
 */
export function topLevelNextLink(body: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const c = body.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(body, i);
      if (end < 0) return undefined;
      if (depth === 1) {
        const colon = skipSpace(body, end + 1);
        if (body.charCodeAt(colon) === COLON) {
          const isNextLink = end - i - 1 === KEY.length && body.startsWith(KEY, i + 1);
          const at = skipSpace(body, colon + 1);
          if (isNextLink) found = body.charCodeAt(at) === QUOTE ? stringAt(body, at) : undefined;
          // The value is read by the loop as any other token (a string value is skipped as a string).
          i = at - 1;
          continue;
        }
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return found;
}

const KEY = 'nextLink';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The index of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let slashes = 0;
    for (let b = quote - 1; b > start && text.charCodeAt(b) === BACKSLASH; b--) slashes++;
    if (slashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** The JSON string at `start` (its escapes decoded), or undefined. */
function stringAt(text: string, start: number): string | undefined {
  const end = stringEnd(text, start);
  if (end < 0) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return undefined;
  }
}

/** The first index at or after `from` that is not JSON whitespace. */
function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

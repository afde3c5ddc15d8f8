/**
 * Scalars for the fast YAML path (fast-yaml.ts): plain scalars resolved by the YAML 1.2 core schema exactly as the
 * yaml package resolves them (its tests, same order: null, bool, 0o, int, 0x, .inf/.nan, exponent, float), quoted
 * scalars on one line, and single-line flow collections. Anything else throws NOT_MINE and yaml reads the file.
 */

/** Thrown (not an Error: no stack to capture) when the text is outside the fast path's subset. */
export const NOT_MINE: unknown = Object.freeze({ notMine: true });

export function decline(): never {
  throw NOT_MINE;
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The value of a plain scalar under the core schema (yaml's schema/core: the first tag whose test matches). */
export function resolvePlain(str: string): unknown {
  // Only these first characters can start a null, bool or number: everything else is a string, without a regex.
  if (str.length > 0 && !'0123456789+-.~nNtTfF'.includes(str[0])) return str;
  if (NULL.test(str)) return null;
  if (BOOL.test(str)) return str[0] === 't' || str[0] === 'T';
  if (INT_OCT.test(str)) return Number.parseInt(str.substring(2), 8);
  if (INT.test(str)) return Number.parseInt(str, 10);
  if (INT_HEX.test(str)) return Number.parseInt(str.substring(2), 16);
  if (FLOAT_NAN.test(str))
    return str.slice(-3).toLowerCase() === 'nan'
      ? Number.NaN
      : str[0] === '-'
        ? Number.NEGATIVE_INFINITY
        : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(str) || FLOAT.test(str)) return Number.parseFloat(str);
  return str;
}

/** A map key as yaml's toJS writes it into a plain object (addPairToJSMap's stringifyKey for scalars). */
export function keyString(value: unknown): string {
  return value === null ? '' : String(value);
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/**
 * A quoted scalar that starts at `p` (its quote) and closes before `end` (the end of its line).
 * Returns the value and the index after the closing quote; a scalar that does not close on its line is declined.
 */
export function readQuoted(s: string, p: number, end: number): [string, number] {
  const q = s[p];
  if (q === "'") {
    let out = '';
    let from = p + 1;
    for (;;) {
      const i = s.indexOf("'", from);
      if (i < 0 || i >= end) decline();
      if (s[i + 1] === "'" && i + 1 < end) {
        out += s.slice(from, i + 1);
        from = i + 2;
        continue;
      }
      return [out + s.slice(from, i), i + 1];
    }
  }
  let out = '';
  let from = p + 1;
  for (let i = from; i < end; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 34) return [out + s.slice(from, i), i + 1];
    if (ch !== 92) continue;
    out += s.slice(from, i);
    const next = s[i + 1];
    const simple = ESCAPES[next];
    if (simple !== undefined && i + 1 < end) {
      out += simple;
      i += 1;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = s.substr(i + 2, length);
      if (i + 2 + length > end || !/^[0-9a-fA-F]+$/.test(hex)) decline();
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) decline();
      out += String.fromCodePoint(code);
      i += 1 + length;
    } else {
      decline();
    }
    from = i + 1;
  }
  return decline();
}

/** Characters that end a plain scalar inside a flow collection, or that we leave to yaml there. */
const FLOW_STOP = /[,[\]{}:#'"]/g;

/**
 * A flow collection (`[...]` or `{...}`) that starts at `p` and closes before `end` (its line's end), with scalar
 * or nested flow items. Returns the value and the index after the closing bracket.
 */
export function readFlow(s: string, p: number, end: number, depth: number): [unknown, number] {
  if (depth > MAX_DEPTH) decline();
  const isMap = s[p] === '{';
  const close = isMap ? '}' : ']';
  const seq: unknown[] = [];
  const map: Record<string, unknown> = {};
  let i = skipSpaces(s, p + 1, end);
  if (s[i] === close) return [isMap ? map : seq, i + 1];
  for (;;) {
    if (isMap) {
      const [k, afterKey, quoted] = readFlowItem(s, i, end, depth, true);
      i = skipSpaces(s, afterKey, end);
      // JSON-like `"a":1` needs no space after a quoted key; a plain key does.
      if (s[i] !== ':' || (!quoted && s[i + 1] !== ' ')) decline();
      const key = keyString(k);
      if (key === '__proto__' || Object.hasOwn(map, key)) decline();
      const [v, afterValue] = readFlowItem(s, skipSpaces(s, i + 1, end), end, depth, false);
      map[key] = v;
      i = skipSpaces(s, afterValue, end);
    } else {
      const [v, afterValue] = readFlowItem(s, i, end, depth, false);
      seq.push(v);
      i = skipSpaces(s, afterValue, end);
    }
    if (s[i] === close) return [isMap ? map : seq, i + 1];
    if (s[i] !== ',') decline();
    i = skipSpaces(s, i + 1, end);
    // A trailing comma or an empty entry: valid YAML, but rare enough to leave to yaml.
    if (s[i] === close || s[i] === ',') decline();
  }
}

function readFlowItem(s: string, p: number, end: number, depth: number, key: boolean): [unknown, number, boolean] {
  const c = s[p];
  if (p >= end) decline();
  if (c === '"' || c === "'") {
    const [v, after] = readQuoted(s, p, end);
    return [v, after, true];
  }
  if (c === '[' || c === '{') {
    if (key) decline();
    const [v, after] = readFlow(s, p, end, depth + 1);
    return [v, after, false];
  }
  FLOW_STOP.lastIndex = p;
  const m = FLOW_STOP.exec(s);
  let stop = m && m.index < end ? m.index : end;
  // A ':' inside a flow scalar, a '#' or a quote: leave to yaml.
  if (stop < end && s[stop] !== ',' && s[stop] !== ']' && s[stop] !== '}' && !(key && s[stop] === ':')) decline();
  while (stop > p && s[stop - 1] === ' ') stop--;
  const text = s.slice(p, stop);
  if (text.length === 0 || !isPlainStart(text)) decline();
  return [resolvePlain(text), stop, false];
}

/** Whether a plain scalar may start so (YAML's indicators excluded; `-1` or `:x` are fine, `- ` is not). */
export function isPlainStart(text: string): boolean {
  if (text.length === 0) return false;
  const c = text[0];
  if ('[]{},#&*!|>\'"%@`'.includes(c)) return false;
  if (c === '-' || c === '?' || c === ':') {
    const n = text[1];
    return n !== undefined && n !== ' ';
  }
  return true;
}

export function skipSpaces(s: string, p: number, end: number): number {
  while (p < end && s.charCodeAt(p) === 32) p++;
  return p;
}

/** Deeper than any ADF document; yaml itself decides what to do with deeper ones (yaml.too-deep). */
export const MAX_DEPTH = 100;

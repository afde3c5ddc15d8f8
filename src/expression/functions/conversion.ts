import { FloatNumber, fail, isObject, makeFloat, numberOf, toText, type Value } from '../value.js';
import { str, strOrNull, typeError, type FunctionImpl } from './args.js';
import { parseLenientJson } from './lenient-json.js';
import { evaluateXpath, jsonToXml, looksLikeXml, parseXml, xmlToJson } from './xml.js';

/**
 * Binary values are represented the way the ADF/Logic Apps runtime serialises them: an object with
 * `$content-type` and base64 `$content` (the documentation's bit strings are only illustrations).
 */
function binaryOf(bytes: Buffer): Value {
  return { '$content-type': 'application/octet-stream', $content: bytes.toString('base64') };
}

function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

function fromBase64(fn: string, s: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/\s/g, '')) || s.replace(/\s/g, '').length % 4 !== 0) {
    fail(`The template language function '${fn}' was invoked with a parameter that is not a valid base64 string.`);
  }
  return Buffer.from(s, 'base64');
}

function dataUriBytes(fn: string, s: string): Buffer {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(s);
  if (!m)
    return fail(`The template language function '${fn}' was invoked with a parameter that is not a valid data URI.`);
  return m[2] ? fromBase64(fn, m[3]) : utf8(decodeURIComponent(m[3]));
}

/** .NET Uri.EscapeDataString: only RFC 3986 unreserved characters stay as they are. */
function escapeDataString(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function unescapeDataString(fn: string, s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return fail(
      `The template language function '${fn}' was invoked with a parameter that is not a valid URI-encoded string.`,
    );
  }
}

/** Round half to even, as .NET Convert.ToInt32 does. */
function bankersRound(n: number): number {
  const r = Math.round(n);
  return Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export const CONVERSION_FUNCTIONS: Record<string, FunctionImpl> = {
  array: ([v]) => [v],
  createArray: (args) => [...args],
  coalesce: (args) => args.find((a) => a !== null) ?? null,
  base64: ([v]) => utf8(toText(v)).toString('base64'),
  base64ToString: (a, _c, n) => fromBase64(n, strOrNull(n, a, 0)).toString('utf8'),
  decodeBase64: (a, _c, n) => fromBase64(n, strOrNull(n, a, 0)).toString('utf8'),
  base64ToBinary: (a, _c, n) => binaryOf(fromBase64(n, strOrNull(n, a, 0))),
  binary: ([v]) => binaryOf(utf8(toText(v))),
  bool: ([v], _c, n) => {
    if (typeof v === 'boolean') return v;
    const nv = numberOf(v);
    if (nv) return Number(nv.value) !== 0;
    if (typeof v === 'string') {
      const t = v.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      return fail(
        `The template language function 'bool' was invoked with a parameter that is not valid. The value '${v}' cannot be converted to the target type 'Boolean'.`,
      );
    }
    return typeError(n, 0, 'boolean, integer or string', v);
  },
  dataUri: ([v]) => `data:text/plain;charset=utf-8;base64,${utf8(toText(v)).toString('base64')}`,
  dataUriToBinary: (a, _c, n) => binaryOf(dataUriBytes(n, str(n, a, 0))),
  decodeDataUri: (a, _c, n) => binaryOf(dataUriBytes(n, str(n, a, 0))),
  dataUriToString: (a, _c, n) => dataUriBytes(n, str(n, a, 0)).toString('utf8'),
  uriComponent: ([v]) => escapeDataString(toText(v)),
  encodeUriComponent: ([v]) => escapeDataString(toText(v)),
  decodeUriComponent: (a, _c, n) => unescapeDataString(n, strOrNull(n, a, 0)),
  uriComponentToString: (a, _c, n) => unescapeDataString(n, strOrNull(n, a, 0)),
  uriComponentToBinary: (a, _c, n) => binaryOf(utf8(unescapeDataString(n, strOrNull(n, a, 0)))),
  // The result is always a float, also when it has no fraction (float('10') is 10.0).
  float: ([v], _c, n) => {
    const nv = numberOf(v);
    if (nv) return makeFloat(Number(nv.value));
    if (typeof v === 'string' && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return makeFloat(Number(v));
    if (typeof v === 'string')
      fail(
        `The template language function 'float' was invoked with a parameter that is not valid. The value '${v}' cannot be converted to the target type 'Float'.`,
      );
    return typeError(n, 0, 'string or number', v);
  },
  int: ([v], _c, n) => {
    if (typeof v === 'bigint') return v;
    if (v instanceof FloatNumber) return v.value;
    if (typeof v === 'number') return Number.isInteger(v) ? v : bankersRound(v);
    if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) {
      const b = BigInt(v.trim());
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    }
    if (typeof v === 'string')
      fail(
        `The template language function 'int' was invoked with a parameter that is not valid. The value '${v}' cannot be converted to the target type 'Integer'.`,
      );
    return typeError(n, 0, 'string or number', v);
  },
  json: ([v], _c, n) => {
    if (v === null) return {};
    if (typeof v !== 'string') return v;
    if (looksLikeXml(v)) return xmlToJson(n, v);
    return parseLenientJson(v);
  },
  string: ([v]) => toText(v),
  xml: ([v], _c, n) => {
    if (typeof v === 'string' && looksLikeXml(v)) {
      parseXml(n, v); // fails on malformed XML now, as ADF's xml() does, not later in xpath()
      return v;
    }
    const obj = typeof v === 'string' ? parseLenientJson(v) : v;
    if (!isObject(obj) || Object.keys(obj).length !== 1 || Array.isArray(Object.values(obj)[0])) {
      fail(
        `The template language function '${n}' expects a JSON object with exactly one root property that is not an array.`,
      );
    }
    const [root, content] = Object.entries(obj)[0];
    return jsonToXml(root, content);
  },
  xpath: (a, _c, n) => evaluateXpath(n, str(n, a, 0), str(n, a, 1)),
};

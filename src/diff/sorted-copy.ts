/**
 * A deep copy of a JSON document with object keys sorted at every level: what `sortKeys(cloneJson(doc))` gives, in
 * one walk and without the JSON text in between (issue 19). Used by normaliseDocument's fast path, which then
 * writes its rows into the copy.
 *
 * Returns undefined where the one walk would not give exactly what the row-by-row path gives, so the caller takes
 * that path instead: a value JSON.stringify rewrites or drops (undefined, a function, a bigint, NaN or Infinity, a
 * Date or any object that is not a plain one), an own `__proto__` key, or two keys that differ only in case and that
 * the secret shapes look up by their first match (`type`, `value`, `defaultValue`, `name`, src/diff/secret-shapes.ts):
 * sorting before masking would change which one is found.
 */
export function copySortedJson<T extends Record<string, unknown>>(doc: T): T | undefined {
  const copy = copyValue(doc);
  return copy === UNSUPPORTED ? undefined : (copy as T);
}

const UNSUPPORTED = Symbol('unsupported');

/** Keys the secret shapes find by a case-insensitive first match (keyOf in src/diff/secret-shapes.ts). */
const FIRST_MATCH_KEYS = new Set(['type', 'value', 'defaultvalue', 'name']);

function copyValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return UNSUPPORTED;
      // JSON writes -0 as 0.
      return value === 0 ? 0 : value;
    case 'object':
      if (value === null) return null;
      return Array.isArray(value) ? copyArray(value) : copyObject(value);
    default:
      return UNSUPPORTED;
  }
}

function copyArray(list: unknown[]): unknown {
  const out = new Array<unknown>(list.length);
  for (let i = 0; i < list.length; i++) {
    const item = copyValue(list[i]);
    if (item === UNSUPPORTED) return UNSUPPORTED;
    out[i] = item;
  }
  return out;
}

function copyObject(node: object): unknown {
  const proto = Object.getPrototypeOf(node);
  if (proto !== Object.prototype && proto !== null) return UNSUPPORTED;
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  let firstMatch: Set<string> | undefined;
  for (const k of keys) {
    if (k === '__proto__') return UNSUPPORTED;
    const lower = k.length <= 12 ? k.toLowerCase() : '';
    if (FIRST_MATCH_KEYS.has(lower)) {
      firstMatch ??= new Set();
      if (firstMatch.has(lower)) return UNSUPPORTED;
      firstMatch.add(lower);
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys.sort()) {
    const item = copyValue(record[k]);
    if (item === UNSUPPORTED) return UNSUPPORTED;
    out[k] = item;
  }
  return out;
}

/**
 * Whether `cloneJson(value)` would equal `value` itself: nothing JSON.stringify rewrites or drops, no `__proto__`
 * key (the conditions of copySortedJson but for key case: a walk that keeps key order needs none). A document for
 * which this holds can be read where the row-by-row path reads its JSON copy.
 */
export function isExactJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isExactJson(value[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const record = value as Record<string, unknown>;
      for (const k of Object.keys(record)) if (k === '__proto__' || !isExactJson(record[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

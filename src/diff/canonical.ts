/** JSON values as they come from YAML or the REST API. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

import { isPlainObject } from '../core/json.js';

// Moved to src/core/json.ts; re-exported only so that diff/, plan/ and apply/ (other branches at work) keep their
// imports: new code imports it from core/json.js.
export { isPlainObject };

/** The key of `obj` equal to `key` ignoring case (ADF compares property and tag names so), or undefined. */
export function findKeyIgnoringCase(obj: Record<string, unknown>, key: string): string | undefined {
  const wanted = key.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === wanted);
}

/**
 * JSON with object keys sorted at every level, arrays kept in order: two documents that differ only in key
 * order (which the service does not preserve reliably, adf-rest-facts §5 "Property order") serialise the same.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** A deep copy with object keys sorted. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) if (value[k] !== undefined) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

/**
 * Deep equality: objects order-insensitively, arrays in order. Exactly `canonicalJson(a) === canonicalJson(b)`,
 * without building the two strings and the two sorted copies (a third of the plan's garbage at 5,000 objects,
 * issue 19): a structural walk that follows JSON.stringify's rules, and the canonical strings for what it does not
 * know (a bigint, an own toJSON).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  // What JSON.stringify leaves out altogether (undefined, a function) serialises as nothing at the top.
  if (isOmitted(a) || isOmitted(b)) return isOmitted(a) && isOmitted(b);
  return equalJson(a, b) ?? canonicalJson(a) === canonicalJson(b);
}

/** Values JSON.stringify drops from an object and writes as null in an array. */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** What a JSON.stringify'd atom reads as: non-finite numbers become null (so NaN equals null, as in the text). */
function atomOf(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** canonicalJson equality by walking; undefined when a value outside what the walk knows is met. */
function equalJson(a: unknown, b: unknown): boolean | undefined {
  if (typeof a === 'bigint' || typeof b === 'bigint') return undefined;
  const objectA = a !== null && typeof a === 'object';
  const objectB = b !== null && typeof b === 'object';
  if (!objectA || !objectB) {
    if (objectA || objectB) return Object.hasOwn((objectA ? a : b) as object, 'toJSON') ? undefined : false;
    return atomOf(a) === atomOf(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const same = equalJson(isOmitted(a[i]) ? null : a[i], isOmitted(b[i]) ? null : b[i]);
      if (same !== true) return same;
    }
    return true;
  }
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  if (Object.hasOwn(recordA, 'toJSON') || Object.hasOwn(recordB, 'toJSON')) return undefined;
  // for-in with hasOwn, not Object.keys: no array per object (the re-plan compares 4,500 bodies; issue 19).
  let keysB = 0;
  for (const k in recordB) if (Object.hasOwn(recordB, k) && !isOmitted(recordB[k])) keysB++;
  let keysA = 0;
  for (const k in recordA) {
    if (!Object.hasOwn(recordA, k)) continue;
    const value = recordA[k];
    if (isOmitted(value)) continue;
    keysA++;
    if (!Object.hasOwn(recordB, k) || isOmitted(recordB[k])) return false;
    const same = equalJson(value, recordB[k]);
    if (same !== true) return same;
  }
  return keysA === keysB;
}

/** A deep copy through JSON (the documents are plain data). */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

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

/** Deep equality: objects order-insensitively, arrays in order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** A deep copy through JSON (the documents are plain data). */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

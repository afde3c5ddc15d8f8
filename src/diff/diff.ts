import type { PropertyChange } from '../plan/types.js';
import { deepEqual, isPlainObject } from './canonical.js';

/**
 * Property-level differences between two normalised documents (before = live, after = desired), in the
 * json-diff style: objects are compared key by key (order-insensitively), arrays element by element in order
 * (extra elements are adds or removes at the end), anything else is replaced whole. Keys come out sorted so the
 * result is stable.
 */
export function diffDocuments(before: unknown, after: unknown, path: (string | number)[] = []): PropertyChange[] {
  if (deepEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const out: PropertyChange[] = [];
    for (const k of keys) {
      const p = [...path, k];
      if (!(k in after)) out.push({ path: p, op: 'remove', before: before[k] });
      else if (!(k in before)) out.push({ path: p, op: 'add', after: after[k] });
      else out.push(...diffDocuments(before[k], after[k], p));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length > 0 && after.length > 0) {
    const out: PropertyChange[] = [];
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = [...path, i];
      if (i >= after.length) out.push({ path: p, op: 'remove', before: before[i] });
      else if (i >= before.length) out.push({ path: p, op: 'add', after: after[i] });
      else out.push(...diffDocuments(before[i], after[i], p));
    }
    return out;
  }
  return [{ path, op: 'replace', before, after }];
}

/** 'properties.activities[0].name' */
export function formatPath(path: (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(root)';
}

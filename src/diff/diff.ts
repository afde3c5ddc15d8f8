import type { PathSegment, PropertyChange } from './types.js';
import { deepEqual, isPlainObject } from './canonical.js';
import { unifiedLineDiff } from './line-diff.js';

/**
 * Property-level differences between two normalised documents (before = live, after = desired). Objects are
 * compared key by key (order-insensitively). Lists are compared by identity where ADF gives their items one:
 * items with a unique `name` (activities, nested activities, data flow sources/sinks/transformations) or a unique
 * `activity` (dependsOn) are matched by it, so inserting one activity reads as one add, and the path names the
 * item (`activities["Copy data"].policy.retry`); a change of order alone is one change listing the new order.
 * Other lists go element by element. `scriptLines` and multi-line strings (data flow scripts) are one change
 * carrying a line diff with context. Anything else is replaced whole. Keys come out sorted so the result is stable.
 */
export function diffDocuments(before: unknown, after: unknown, path: PathSegment[] = []): PropertyChange[] {
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
  if (isLines(before, after, path)) {
    const a = typeof before === 'string' ? before.split('\n') : (before as string[]);
    const b = typeof after === 'string' ? after.split('\n') : (after as string[]);
    return [{ path, op: 'replace', lines: unifiedLineDiff(a, b) }];
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length > 0 && after.length > 0) {
    const key = identityKey(before, after);
    if (key) return diffByIdentity(before, after, key, path);
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

/** A script: `scriptLines` on both sides, or two strings of which one spans lines. */
function isLines(before: unknown, after: unknown, path: PathSegment[]): boolean {
  if (typeof before === 'string' && typeof after === 'string') return before.includes('\n') || after.includes('\n');
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  return path[path.length - 1] === 'scriptLines' && strings(before) && strings(after);
}

const IDENTITY_KEYS = ['name', 'activity'];

/** The property that identifies the items of both lists: present, a string and unique on each side. */
function identityKey(before: unknown[], after: unknown[]): string | undefined {
  const unique = (list: unknown[], key: string) => {
    const ids = list.map((x) => (isPlainObject(x) && typeof x[key] === 'string' ? x[key] : undefined));
    return ids.every((id) => id !== undefined) && new Set(ids).size === ids.length;
  };
  return IDENTITY_KEYS.find((k) => unique(before, k) && unique(after, k));
}

function diffByIdentity(before: unknown[], after: unknown[], key: string, path: PathSegment[]): PropertyChange[] {
  const id = (x: unknown) => (x as Record<string, string>)[key];
  const beforeById = new Map(before.map((x) => [id(x), x]));
  const afterById = new Map(after.map((x) => [id(x), x]));
  const out: PropertyChange[] = [];
  for (const item of before)
    if (!afterById.has(id(item))) out.push({ path: [...path, { id: id(item) }], op: 'remove', before: item });
  for (const item of after) {
    const old = beforeById.get(id(item));
    if (old === undefined) out.push({ path: [...path, { id: id(item) }], op: 'add', after: item });
    else out.push(...diffDocuments(old, item, [...path, { id: id(item) }]));
  }
  // Kept items in another relative order: the order is part of the body the PUT sends.
  const keptBefore = before.map(id).filter((x) => afterById.has(x));
  const keptAfter = after.map(id).filter((x) => beforeById.has(x));
  if (!deepEqual(keptBefore, keptAfter)) out.push({ path, op: 'reorder', before: keptBefore, after: keptAfter });
  return out;
}

/** 'properties.activities["Copy data"].name'; positions as [3]. */
export function formatPath(path: PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'object') out += `[${JSON.stringify(seg.id)}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(root)';
}

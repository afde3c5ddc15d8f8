import { formatPath } from '../diff/diff.js';
import { isPlainObject } from '../core/json.js';
import type { PathSegment } from '../plan/types.js';

/** A value shorter than this (as compact JSON) is printed on one line instead of being opened up. */
const INLINE_WIDTH = 100;

/**
 * The body of a created resource as `path: value` lines a reviewer can read: objects opened up until a value fits
 * on a line, list items named by their identity (`activities["Copy data"].type`) where they have one. The body is
 * the plan's, so its secrets are already placeholders.
 */
export function bodyLines(body: unknown, path: PathSegment[] = []): string[] {
  const out: string[] = [];
  const visit = (value: unknown, at: PathSegment[]): void => {
    const compact = JSON.stringify(value) ?? 'null';
    const open = (isPlainObject(value) && Object.keys(value).length > 0) || (Array.isArray(value) && value.length > 0);
    if (!open || (at.length > 1 && compact.length <= INLINE_WIDTH)) {
      out.push(`${formatPath(at)}: ${compact}`);
      return;
    }
    if (Array.isArray(value)) {
      const ids = value.map((x) => (isPlainObject(x) && typeof x.name === 'string' ? x.name : undefined));
      const named = ids.every((id) => id !== undefined) && new Set(ids).size === ids.length;
      // A named item's name is in its path already.
      value.forEach((item, i) =>
        named && isPlainObject(item)
          ? visit(withoutName(item), [...at, { id: ids[i] as string }])
          : visit(item, [...at, i]),
      );
      return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) visit(v, [...at, k]);
  };
  visit(body, path);
  return out;
}

function withoutName(item: Record<string, unknown>): Record<string, unknown> {
  const { name: _name, ...rest } = item;
  return rest;
}

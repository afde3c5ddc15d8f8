import { didYouMean } from '../core/did-you-mean.js';
import { isPlainObject as isMapping } from '../core/json.js';

/**
 * Property paths of `overrides:` (docs/environments.md): a dot path inside the object's `properties`, with `[n]`
 * array indexes and `["name"]` / `['name']` picking the array element whose `name` is that (an activity by name).
 * azure.datafactory.tools' style is accepted too: a leading `+` (add) or `-` (remove), and a `$.properties.` root.
 */
export type PathSegment = { key: string } | { index: number } | { named: string };

export type OverrideAction = 'set' | 'add' | 'remove';

export interface ParsedPath {
  segments: PathSegment[];
  /** From a `+` / `-` prefix, when there is one. */
  action?: OverrideAction;
}

/** Parse a path; a syntax problem comes back as a message (never throws). */
export function parseOverridePath(text: string): ParsedPath | { error: string } {
  let rest = text.trim();
  let action: OverrideAction | undefined;
  if (rest.startsWith('+')) action = 'add';
  else if (rest.startsWith('-')) action = 'remove';
  if (action) rest = rest.slice(1);
  if (rest.startsWith('$.properties.')) rest = rest.slice('$.properties.'.length);
  else if (rest.startsWith('$')) return { error: `path '${text}' starts at '$' but not at '$.properties.'` };
  const segments: PathSegment[] = [];
  let i = 0;
  let expectKey = true;
  while (i < rest.length) {
    const c = rest[i];
    if (c === '[') {
      const close = rest.indexOf(']', i);
      if (close < 0) return { error: `path '${text}' has a '[' without its ']'` };
      const inner = rest.slice(i + 1, close).trim();
      const quoted = /^(["'])(.*)\1$/.exec(inner);
      if (quoted) segments.push({ named: quoted[2] });
      else if (/^\d+$/.test(inner)) segments.push({ index: Number(inner) });
      else return { error: `path '${text}' has '[${inner}]': expected a number or a quoted name` };
      i = close + 1;
      expectKey = false;
    } else if (c === '.') {
      if (expectKey) return { error: `path '${text}' has an empty segment` };
      i++;
      expectKey = true;
    } else {
      if (!expectKey) return { error: `path '${text}' needs a '.' before '${rest.slice(i)}'` };
      let j = i;
      while (j < rest.length && rest[j] !== '.' && rest[j] !== '[') j++;
      segments.push({ key: rest.slice(i, j) });
      i = j;
      expectKey = false;
    }
  }
  if (segments.length === 0 || expectKey) return { error: `path '${text}' is empty or ends with '.'` };
  return { segments, ...(action ? { action } : {}) };
}

/** The path as written in messages: `activities["Copy"].policy.retry`. */
export function formatPath(segments: PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if ('key' in s) out += out ? `.${s.key}` : s.key;
    else if ('index' in s) out += `[${s.index}]`;
    else out += `[${JSON.stringify(s.named)}]`;
  }
  return out;
}

export interface PathFailure {
  /** Index of the segment that matched nothing. */
  segment: number;
  message: string;
  hint?: string;
}

type Node = Record<string, unknown> | unknown[];

function namedIndex(list: unknown[], name: string): number {
  return list.findIndex((e) => isMapping(e) && e.name === name);
}

/** Where the segment points in `node`: a key or index, or why it does not. */
function step(node: unknown, seg: PathSegment, so: string): { at: string | number } | { error: string; hint?: string } {
  if ('key' in seg) {
    if (!isMapping(node)) return { error: `${so} is ${describe(node)}, not a mapping with '${seg.key}'` };
    return { at: seg.key };
  }
  if (!Array.isArray(node)) return { error: `${so} is ${describe(node)}, not a list` };
  if ('index' in seg) return { at: seg.index };
  const i = namedIndex(node, seg.named);
  if (i >= 0) return { at: i };
  const names = node.flatMap((e) => (isMapping(e) && typeof e.name === 'string' ? [e.name] : []));
  const near = didYouMean(seg.named, names);
  return {
    error: `${so} has no element named '${seg.named}'${near ? `, did you mean '${near}'?` : ''}`,
    hint: names.length ? `names there: ${names.join(', ')}` : undefined,
  };
}

function exists(node: Node, at: string | number): boolean {
  return Array.isArray(node) ? typeof at === 'number' && at < node.length : Object.hasOwn(node, at);
}

function missing(node: Node, at: string | number, so: string): { error: string; hint?: string } {
  if (Array.isArray(node)) return { error: `${so} has ${node.length} element(s), no [${at}]` };
  const keys = Object.keys(node);
  const near = didYouMean(String(at), keys);
  return {
    error: `${so} has no '${at}'${near ? `, did you mean '${near}'?` : ''}`,
    hint: keys.length ? `keys there: ${keys.join(', ')}` : undefined,
  };
}

function describe(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

/**
 * Apply one action at `segments` inside `root` (an object's properties), in place. Returns the concrete path
 * (keys and indexes) it changed, or the first segment that matched nothing. `set` and `remove` need the path to
 * exist; `add` creates missing mappings on the way and the last key (or appends at index = length).
 */
export function applyAtPath(
  root: Record<string, unknown>,
  segments: PathSegment[],
  action: OverrideAction,
  value: unknown,
): { path: (string | number)[] } | PathFailure {
  let node: Node = root;
  const concrete: (string | number)[] = [];
  for (let i = 0; i < segments.length; i++) {
    const so = i === 0 ? 'properties' : `'${formatPath(segments.slice(0, i))}'`;
    const found = step(node, segments[i], so);
    if ('error' in found) return { segment: i, message: found.error, hint: found.hint };
    const at = found.at;
    const last = i === segments.length - 1;
    if (!last) {
      if (!exists(node, at)) {
        if (action !== 'add' || Array.isArray(node)) return { segment: i, ...messageOf(missing(node, at, so)) };
        (node as Record<string, unknown>)[at] = 'index' in segments[i + 1] || 'named' in segments[i + 1] ? [] : {};
      }
      const next = (node as Record<string | number, unknown>)[at];
      if (next === null || typeof next !== 'object')
        return { segment: i + 1, message: `'${formatPath(segments.slice(0, i + 1))}' is ${describe(next)}` };
      concrete.push(at);
      node = next as Node;
      continue;
    }
    concrete.push(at);
    if (action === 'add') {
      if (Array.isArray(node) && typeof at === 'number') {
        if (at > node.length) return { segment: i, message: `${so} has ${node.length} element(s): cannot add [${at}]` };
        if (at === node.length) node.push(value);
        else node[at] = value;
      } else (node as Record<string, unknown>)[at] = value;
      return { path: concrete };
    }
    if (!exists(node, at)) {
      const m = missing(node, at, so);
      return {
        segment: i,
        message: m.error,
        hint: action === 'set' ? `${m.hint ? `${m.hint}; ` : ''}to add it, use 'action: add'` : m.hint,
      };
    }
    if (action === 'remove') {
      if (Array.isArray(node)) node.splice(at as number, 1);
      else delete node[at];
    } else (node as Record<string | number, unknown>)[at] = value;
    return { path: concrete };
  }
  return { path: concrete };
}

function messageOf(m: { error: string; hint?: string }): { message: string; hint?: string } {
  return { message: m.error, ...(m.hint ? { hint: m.hint } : {}) };
}

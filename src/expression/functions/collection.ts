import { deepEqual, fail, isObject, toText, typeName, type Value } from '../value.js';
import { arr, int, str, typeError, type FunctionImpl } from './args.js';

function lengthOf(fn: string, v: Value, i: number): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  return typeError(fn, i, 'array or string', v);
}

/** The collections of intersection/union must all be arrays or all objects. */
function collections(fn: string, args: Value[]): { arrays?: Value[][]; objects?: Array<{ [key: string]: Value }> } {
  if (args.every(Array.isArray)) return { arrays: args as Value[][] };
  if (args.every(isObject)) return { objects: args as Array<{ [key: string]: Value }> };
  return fail(
    `The template language function '${fn}' expects parameters of type array or object, all of the same type; got ${args.map((a) => typeName(a)).join(', ')}.`,
  );
}

function distinct(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const x of items) if (!out.some((y) => deepEqual(x, y))) out.push(x);
  return out;
}

export const COLLECTION_FUNCTIONS: Record<string, FunctionImpl> = {
  contains: ([coll, item], _c, n) => {
    if (typeof coll === 'string') {
      if (typeof item !== 'string') typeError(n, 1, 'string', item);
      return coll.includes(item);
    }
    if (Array.isArray(coll)) return coll.some((x) => deepEqual(x, item));
    if (isObject(coll)) {
      if (typeof item !== 'string') typeError(n, 1, 'string', item);
      // Case-sensitive, as documented (property access, unlike this, ignores case).
      return Object.prototype.hasOwnProperty.call(coll, item);
    }
    return typeError(n, 0, 'array, object or string', coll);
  },
  empty: ([v], _c, n) => (v === null ? true : lengthOf(n, v, 0) === 0),
  first: ([v], _c, n) => {
    if (typeof v === 'string') return v.length ? v[0] : null;
    if (Array.isArray(v)) return v.length ? v[0] : null;
    return typeError(n, 0, 'array or string', v);
  },
  last: ([v], _c, n) => {
    if (typeof v === 'string') return v.length ? v[v.length - 1] : null;
    if (Array.isArray(v)) return v.length ? v[v.length - 1] : null;
    return typeError(n, 0, 'array or string', v);
  },
  length: ([v], _c, n) => {
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    return typeError(n, 0, 'array or string', v);
  },
  intersection: (args, _c, n) => {
    const { arrays, objects } = collections(n, args);
    if (arrays) return distinct(arrays[0].filter((x) => arrays.every((a) => a.some((y) => deepEqual(x, y)))));
    const out: { [key: string]: Value } = {};
    const [head, ...rest] = objects!;
    for (const k of Object.keys(head)) {
      // The last collection's value wins when every collection holds the key with an equal value.
      if (rest.every((o) => k in o && deepEqual(o[k], head[k]))) out[k] = objects![objects!.length - 1][k];
    }
    return out;
  },
  union: (args, _c, n) => {
    const { arrays, objects } = collections(n, args);
    if (arrays) return distinct(arrays.flat());
    return Object.assign({}, ...objects!);
  },
  join: (a, _c, n) => {
    const items = arr(n, a, 0);
    const sep = str(n, a, 1);
    return items.map((x) => toText(x)).join(sep);
  },
  skip: (a, _c, n) => {
    const count = Math.max(0, int(n, a, 1));
    const v = a[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(count);
    return typeError(n, 0, 'array', v);
  },
  take: (a, _c, n) => {
    const count = Math.max(0, int(n, a, 1));
    const v = a[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(0, count);
    return typeError(n, 0, 'array or string', v);
  },
};

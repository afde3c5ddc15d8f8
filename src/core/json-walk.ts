import { isPlainObject } from './json.js';

/** Where a value sits in a JSON document: object keys and array indexes from the root. */
export type JsonPath = (string | number)[];

/** An array or a plain object: the values a walk descends into. */
export type JsonContainer = unknown[] | Record<string, unknown>;

/**
 * Visit every value of a JSON-like tree depth first, a container before its children (object keys in insertion
 * order, array items in order), with its path and the container holding it. Return `false` to not descend into the
 * node. Anything that is not an array or a plain object is a leaf.
 *
 * `path` is one array updated in place as the walk moves (validate walks every node of every resource: a fresh
 * array per node was a tenth of its CPU at 5,000 objects): it is valid during the call only, so a callback that
 * keeps it stores a copy (`[...path]`).
 */
export function visitJson(
  value: unknown,
  visit: (node: unknown, path: Readonly<JsonPath>, parent: JsonContainer | undefined) => boolean | undefined | void,
  path: Readonly<JsonPath> = [],
): void {
  const at: JsonPath = [...path];
  const walk = (node: unknown, parent: JsonContainer | undefined): void => {
    if (visit(node, at, parent) === false) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        at.push(i);
        walk(node[i], node);
        at.pop();
      }
    } else if (isPlainObject(node)) {
      for (const k in node) {
        if (!Object.hasOwn(node, k)) continue;
        at.push(k);
        walk(node[k], node);
        at.pop();
      }
    }
  };
  walk(value, undefined);
}

/** Returned by a `mapJson` callback: no replacement here, copy the node (a container with its children mapped). */
export const DESCEND: unique symbol = Symbol('descend');

/**
 * A mapped copy of a JSON-like tree. `map` sees every node first (containers before their children) and returns
 * its replacement, or DESCEND to keep it: a container is then copied with each child mapped, a leaf kept as is.
 * Objects are rebuilt with Object.fromEntries, so a `__proto__` key stays an own property.
 */
export function mapJson(value: unknown, map: (node: unknown, path: JsonPath) => unknown, path: JsonPath = []): unknown {
  const walk = (node: unknown, at: JsonPath): unknown => {
    const replaced = map(node, at);
    if (replaced !== DESCEND) return replaced;
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...at, i]));
    if (isPlainObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...at, k])]));
    return node;
  };
  return walk(value, path);
}

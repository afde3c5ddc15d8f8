import { deepEqual, fail, numberOf, typeName, type Value } from '../value.js';
import { bool, type FunctionImpl } from './args.js';

/** Compare two numbers or two strings (ordinal); anything else is an error, as in ADF. */
function compare(fn: string, a: Value, b: Value): number {
  const na = numberOf(a);
  const nb = numberOf(b);
  if (na && nb) return na.value < nb.value ? -1 : na.value > nb.value ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return fail(
    `The template language function '${fn}' expects two parameters of matching types (integer, float or string); got '${typeName(a)}' and '${typeName(b)}'.`,
  );
}

export const LOGICAL_FUNCTIONS: Record<string, FunctionImpl> = {
  and: (args, _c, n) => args.map((_, i) => bool(n, args, i)).every(Boolean),
  or: (args, _c, n) => args.map((_, i) => bool(n, args, i)).some(Boolean),
  not: (args, _c, n) => !bool(n, args, 0),
  // A Boolean equals the number it converts to (the reference's own example: equals(true, 1) is true).
  equals: ([a, b]) => {
    const na = numberOf(a);
    const nb = numberOf(b);
    if (typeof a === 'boolean' && nb) return Number(a) === Number(nb.value);
    if (typeof b === 'boolean' && na) return Number(b) === Number(na.value);
    return deepEqual(a, b);
  },
  greater: ([a, b], _c, n) => compare(n, a, b) > 0,
  greaterOrEquals: ([a, b], _c, n) => compare(n, a, b) >= 0,
  less: ([a, b], _c, n) => compare(n, a, b) < 0,
  lessOrEquals: ([a, b], _c, n) => compare(n, a, b) <= 0,
  // The evaluator evaluates if() lazily (only the chosen branch); this eager form serves direct calls.
  if: (args, _c, n) => (bool(n, args, 0) ? args[1] : args[2]),
};

import { fail, makeFloat, normalizeInt, type TypedNumber, type Value } from '../value.js';
import { arr, int, num, type FunctionImpl } from './args.js';

/**
 * Integer arithmetic stays exact (bigint when needed, e.g. on ticks()); any float operand makes the
 * result a float, boxed when it has no fraction (add(1, 2.0) is the float 3.0), as ADF keeps the types.
 */
function arith(
  a: TypedNumber,
  b: TypedNumber,
  intOp: (x: bigint, y: bigint) => bigint,
  floatOp: (x: number, y: number) => number,
): Value {
  if (!a.float && !b.float) {
    if (typeof a.value === 'number' && typeof b.value === 'number') {
      const r = floatOp(a.value, b.value);
      if (Number.isSafeInteger(r)) return r;
    }
    return normalizeInt(intOp(BigInt(a.value), BigInt(b.value)));
  }
  return makeFloat(floatOp(Number(a.value), Number(b.value)));
}

function nonZero(fn: string, v: TypedNumber): void {
  if (Number(v.value) === 0) fail(`The template language function '${fn}' cannot divide by zero.`);
}

function numbersOf(fn: string, args: Value[]): TypedNumber[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? arr(fn, args, 0) : args;
  if (list.length === 0) fail(`The template language function '${fn}' expects at least one number.`);
  return list.map((_, i) => num(fn, list, i));
}

const backToValue = (t: TypedNumber): Value => (t.float ? makeFloat(Number(t.value)) : t.value);

export const MATH_FUNCTIONS: Record<string, FunctionImpl> = {
  add: (a, _c, n) =>
    arith(
      num(n, a, 0),
      num(n, a, 1),
      (x, y) => x + y,
      (x, y) => x + y,
    ),
  sub: (a, _c, n) =>
    arith(
      num(n, a, 0),
      num(n, a, 1),
      (x, y) => x - y,
      (x, y) => x - y,
    ),
  mul: (a, _c, n) =>
    arith(
      num(n, a, 0),
      num(n, a, 1),
      (x, y) => x * y,
      (x, y) => x * y,
    ),
  // Integer division truncates toward zero when both numbers are integers (div(11, 5) is 2); with a
  // float on either side it is a float division (div(5, 2.0) is 2.5).
  div: (a, _c, n) => {
    const x = num(n, a, 0);
    const y = num(n, a, 1);
    nonZero(n, y);
    return arith(
      x,
      y,
      (p, q) => p / q,
      (p, q) => (!x.float && !y.float ? Math.trunc(p / q) : p / q),
    );
  },
  // The remainder takes the dividend's sign, for integers and floats alike (.NET's %).
  mod: (a, _c, n) => {
    const x = num(n, a, 0);
    const y = num(n, a, 1);
    nonZero(n, y);
    return arith(
      x,
      y,
      (p, q) => p % q,
      (p, q) => p % q,
    );
  },
  max: (a, _c, n) => backToValue(numbersOf(n, a).reduce((m, v) => (v.value > m.value ? v : m))),
  min: (a, _c, n) => backToValue(numbersOf(n, a).reduce((m, v) => (v.value < m.value ? v : m))),
  // rand(min, max): min inclusive, max exclusive.
  rand: (a, ctx, n) => {
    const lo = int(n, a, 0);
    const hi = int(n, a, 1);
    if (hi <= lo)
      fail(
        `The template language function 'rand' expects its second parameter (${hi}) to be greater than its first (${lo}).`,
      );
    return lo + Math.floor(ctx.random() * (hi - lo));
  },
  range: (a, _c, n) => {
    const start = int(n, a, 0);
    const count = int(n, a, 1);
    if (count < 0)
      fail(
        `The template language function 'range' expects its second parameter (count) to be a non-negative integer; got ${count}.`,
      );
    if (count > 100000) fail(`The template language function 'range' expects a count of at most 100000; got ${count}.`);
    return Array.from({ length: count }, (_, i) => start + i);
  },
};

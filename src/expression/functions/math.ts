import { fail, normalizeInt, type Value } from '../value.js';
import { arr, int, num, type FunctionImpl } from './args.js';

type Num = number | bigint;

const isInt = (v: Num): boolean => typeof v === 'bigint' || Number.isInteger(v);

/** Integer arithmetic stays exact (bigint when needed, e.g. on ticks()); any float makes it a float. */
function arith(
  a: Num,
  b: Num,
  intOp: (x: bigint, y: bigint) => bigint,
  floatOp: (x: number, y: number) => number,
): Value {
  if (isInt(a) && isInt(b)) {
    if (typeof a === 'number' && typeof b === 'number') {
      const r = floatOp(a, b);
      if (Number.isSafeInteger(r)) return r;
    }
    return normalizeInt(intOp(BigInt(a), BigInt(b)));
  }
  return floatOp(Number(a), Number(b));
}

function nonZero(fn: string, v: Num): void {
  if (Number(v) === 0) fail(`The template language function '${fn}' cannot divide by zero.`);
}

function numbersOf(fn: string, args: Value[]): Num[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? arr(fn, args, 0) : args;
  if (list.length === 0) fail(`The template language function '${fn}' expects at least one number.`);
  return list.map((_, i) => num(fn, list, i));
}

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
  // Integer division truncates toward zero when both numbers are integers (div(11, 5) is 2).
  div: (a, _c, n) => {
    const x = num(n, a, 0);
    const y = num(n, a, 1);
    nonZero(n, y);
    return arith(
      x,
      y,
      (p, q) => p / q,
      (p, q) => (isInt(x) && isInt(y) ? Math.trunc(p / q) : p / q),
    );
  },
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
  max: (a, _c, n) => numbersOf(n, a).reduce((m, v) => (v > m ? v : m)),
  min: (a, _c, n) => numbersOf(n, a).reduce((m, v) => (v < m ? v : m)),
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

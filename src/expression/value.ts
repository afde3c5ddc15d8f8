import { AdfDeployError } from '../core/errors.js';

/**
 * A float whose value has no fraction (a literal `2.0`, `add(1, 2.0)`, `float('3')`). ADF keeps integers
 * and floats apart (`div(5, 2)` is 2, `div(5, 2.0)` is 2.5); a JS number with no fraction is taken as an
 * integer, so such floats are boxed while an expression runs. The box never leaves the evaluator:
 * evaluate() returns it as a plain number (see plainValue).
 */
export class FloatNumber {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

/**
 * A runtime value: JSON values, plus bigint for integers beyond 2^53 (ticks() returns 64-bit counts of
 * 100 ns since year 1). A `number` is an integer when Number.isInteger, otherwise a float; floats with no
 * fraction are FloatNumber boxes inside an evaluation only.
 */
export type Value = null | boolean | number | bigint | string | FloatNumber | Value[] | { [key: string]: Value };

/** A number with its ADF type: integers are number or bigint, floats always number. */
export interface TypedNumber {
  value: number | bigint;
  float: boolean;
}

/** The number inside a value, with its kind; undefined when the value is not a number. */
export function numberOf(v: Value | undefined): TypedNumber | undefined {
  if (v instanceof FloatNumber) return { value: v.value, float: true };
  if (typeof v === 'bigint') return { value: v, float: false };
  if (typeof v === 'number') return { value: v, float: !Number.isInteger(v) };
  return undefined;
}

/** A float result: boxed when it has no fraction so that it stays a float. */
export function makeFloat(n: number): number | FloatNumber {
  return Number.isInteger(n) ? new FloatNumber(n) : n;
}

/**
 * The value without FloatNumber boxes: what the evaluator hands out (JSON-ready, floats as numbers).
 * Arrays and objects without a box inside are returned as they are (activity outputs can be large).
 */
export function plainValue(v: Value): Value {
  if (v instanceof FloatNumber) return v.value;
  if (Array.isArray(v)) {
    const out = v.map(plainValue);
    return out.every((x, i) => x === v[i]) ? v : out;
  }
  if (isObject(v)) {
    const entries = Object.entries(v);
    const out = entries.map(([k, x]) => [k, plainValue(x)] as const);
    return out.every(([, x], i) => x === entries[i][1]) ? v : Object.fromEntries(out);
  }
  return v;
}

/** An evaluation failure, with a message shaped like ADF's run-time errors. */
export class ExpressionEvaluationError extends AdfDeployError {
  constructor(message: string) {
    super('expr.evaluation', message);
    this.name = 'ExpressionEvaluationError';
  }
}

export function fail(message: string): never {
  throw new ExpressionEvaluationError(message);
}

export function isObject(v: unknown): v is { [key: string]: Value } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof FloatNumber);
}

/** ADF's type names, as they appear in its error messages. */
export function typeName(v: Value | undefined): string {
  if (v === null || v === undefined) return 'Null';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'bigint') return 'Integer';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Float';
  if (v instanceof FloatNumber) return 'Float';
  if (typeof v === 'string') return 'String';
  if (Array.isArray(v)) return 'Array';
  return 'Object';
}

/** Fold a bigint back to a number when it fits exactly. */
export function normalizeInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** JSON text of a value (objects inside interpolations and string()): compact, as ADF renders it. */
export function toJson(v: Value): string {
  let floats = false;
  const text = JSON.stringify(v, function (this: unknown, key: string, x: unknown) {
    if (typeof x === 'bigint') return Number(x);
    // Json.NET writes a float with no fraction as 3.0; JSON.stringify has already unboxed it to 3.
    const holder = this as Record<string, unknown> | null;
    if (holder !== null && typeof holder === 'object' && holder[key] instanceof FloatNumber) {
      floats = true;
      return `\u0000${x}\u0000`;
    }
    return x;
  });
  return floats ? text.replace(/"\\u0000(-?\d+)\\u0000"/g, '$1.0').replace(/"\\u0000([^"\\]+)\\u0000"/g, '$1') : text;
}

/**
 * The text of a value inside a string interpolation or string(): strings as is, null as '',
 * booleans as 'True'/'False' (.NET Boolean.ToString, which is what ADF prints), numbers in invariant
 * culture, arrays and objects as compact JSON.
 */
export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return formatNumber(v);
  // .NET prints a double with no fraction without a decimal point: string(2.0) is '2'.
  if (v instanceof FloatNumber) return formatNumber(v.value);
  return toJson(v);
}

function formatNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isInteger(n) || !Number.isFinite(n)) return String(n);
  // .NET prints exponents as E+XX; JS as e+X. Plain decimals are identical.
  return String(n)
    .replace(/e([+-])(\d)$/, 'E$10$2')
    .replace('e', 'E');
}

/** Deep equality as ADF's equals(): numbers by value (1 == 1.0), strings case-sensitively, objects by keys. */
export function deepEqual(a: Value, b: Value): boolean {
  const na = numberOf(a);
  const nb = numberOf(b);
  if (na && nb) {
    // biome-ignore lint/suspicious/noDoubleEquals: a number and a bigint of the same value are equal in ADF
    return na.value == nb.value;
  }
  if (na || nb) return false;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  const ob = b as { [key: string]: Value };
  return ka.length === kb.length && ka.every((k) => k in ob && deepEqual((a as { [key: string]: Value })[k], ob[k]));
}

/** Property lookup: exact name first, then case-insensitively (ADF's JSON property access ignores case). */
export function getProperty(obj: { [key: string]: Value }, name: string): Value | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

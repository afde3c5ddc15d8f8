import type { AdfDateTime } from '../datetime/value.js';
import { fail, numberOf, type TypedNumber, typeName, type Value } from '../value.js';

/** What a built-in function may use besides its arguments: the injectable clock and random sources. */
export interface FunctionContext {
  /** The current UTC time with its 100 ns ticks. */
  now(): AdfDateTime;
  newGuid(): string;
  /** A number in [0, 1). */
  random(): number;
}

export type FunctionImpl = (args: Value[], ctx: FunctionContext, name: string) => Value;

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

function ordinal(i: number): string {
  return ORDINALS[i] ?? `#${i + 1}`;
}

/** ADF's wording for a parameter of the wrong type. */
export function typeError(fn: string, i: number, expected: string, v: Value): never {
  fail(
    `The template language function '${fn}' expects its ${ordinal(i)} parameter to be of type ${expected}. The provided value is of type '${typeName(v)}'.`,
  );
}

export function str(fn: string, args: Value[], i: number): string {
  const v = args[i];
  if (typeof v !== 'string') typeError(fn, i, 'string', v);
  return v;
}

/** A string argument that may also be null (ADF treats null as an empty string in string functions). */
export function strOrNull(fn: string, args: Value[], i: number): string {
  const v = args[i];
  if (v === null) return '';
  return str(fn, args, i);
}

export function optStr(fn: string, args: Value[], i: number): string | undefined {
  return args.length > i ? str(fn, args, i) : undefined;
}

export function num(fn: string, args: Value[], i: number): TypedNumber {
  const n = numberOf(args[i]);
  if (!n) return typeError(fn, i, 'integer or float', args[i]);
  return n;
}

export function int(fn: string, args: Value[], i: number): number {
  const v = args[i];
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'number' || !Number.isInteger(v)) typeError(fn, i, 'integer', v);
  return v;
}

export function bool(fn: string, args: Value[], i: number): boolean {
  const v = args[i];
  if (typeof v !== 'boolean') typeError(fn, i, 'boolean', v);
  return v;
}

export function arr(fn: string, args: Value[], i: number): Value[] {
  const v = args[i];
  if (!Array.isArray(v)) typeError(fn, i, 'array', v);
  return v;
}

import { randomUUID } from 'node:crypto';
import type { ExprNode } from './ast.js';
import type { EvaluationContext } from './context.js';
import { type AdfDateTime, fromDate, fromEpoch, parseTimestamp } from './datetime/value.js';
import { type FunctionContext, typeError } from './functions/args.js';
import { BUILTIN_IMPLEMENTATIONS } from './functions/index.js';
import { describeArity, lookupFunction } from './functions/table.js';
import { ExpressionSyntaxError, parseExpression } from './parser.js';
import { SYSTEM_FUNCTIONS } from './system.js';
import { splitTemplate } from './template.js';
import { fail, getProperty, isObject, makeFloat, numberOf, plainValue, toText, typeName, type Value } from './value.js';
import { DESCEND, mapJson } from '../core/json-walk.js';

const SYSTEM_BY_LOWER = new Map(Object.entries(SYSTEM_FUNCTIONS).map(([k, v]) => [k.toLowerCase(), v]));

/** The names the evaluator implements (built-ins and system functions), lower-case. */
export function implementedFunctions(): string[] {
  return [...BUILTIN_IMPLEMENTATIONS.keys(), ...SYSTEM_BY_LOWER.keys()];
}

/**
 * Evaluate a JSON string value as ADF does: `@expr` gives the expression's value (any type),
 * `@{...}` interpolations give a string (see toText for how values print), `@@` escapes, other text is
 * returned as is. Throws ExpressionEvaluationError (or for bad syntax, an error naming the column).
 */
export function evaluate(text: string, context: EvaluationContext = {}): Value {
  const split = splitTemplate(text);
  if (split.error)
    fail(`The expression '${text}' is not valid: ${split.error.message} (column ${split.error.offset + 1}).`);
  const [first] = split.parts;
  if (split.parts.length === 1 && first.type === 'expression' && !first.interpolated)
    return evaluateExpression(first.text, context);
  return split.parts
    .map((p) => (p.type === 'literal' ? p.value : toText(evaluateExpression(p.text, context))))
    .join('');
}

/** Evaluate every expression inside a JSON document (strings and `{value, type: 'Expression'}` objects). */
export function evaluateDeep(value: unknown, context: EvaluationContext = {}): Value {
  return mapJson(value, (node) => {
    if (typeof node === 'string') return evaluate(node, context);
    if (isObject(node)) {
      if (typeof node.type === 'string' && node.type.toLowerCase() === 'expression' && typeof node.value === 'string')
        return evaluate(node.value, context);
      return DESCEND;
    }
    return Array.isArray(node) ? DESCEND : (node ?? null);
  }) as Value;
}

/** Evaluate one expression's text (without the leading `@`). */
export function evaluateExpression(expression: string, context: EvaluationContext = {}): Value {
  const ast = parseExpression(expression);
  if (ast instanceof ExpressionSyntaxError)
    fail(`The expression '${expression}' is not valid: ${ast.message} (column ${ast.offset + 1}).`);
  const fnContext: FunctionContext = {
    now: clockOf(context),
    newGuid: context.newGuid ?? randomUUID,
    random: context.random ?? Math.random,
  };
  return plainValue(new Evaluator(expression, context, fnContext).eval(ast));
}

/** The context's clock as an ADF timestamp: `clock` (full precision) first, then `now`, then the real clock. */
function clockOf(context: EvaluationContext): () => AdfDateTime {
  const { clock, now } = context;
  if (clock)
    return () => {
      const t = clock();
      if (typeof t !== 'string') return fromEpoch(t.epochMs, t.ticks);
      const parsed = parseTimestamp(t);
      return { ...parsed, kind: 'utc' };
    };
  if (now) return () => fromDate(now());
  return () => fromDate(new Date());
}

class Evaluator {
  constructor(
    private readonly source: string,
    private readonly ctx: EvaluationContext,
    private readonly fnCtx: FunctionContext,
  ) {}

  private textOf(node: ExprNode): string {
    return this.source.slice(node.start, node.end);
  }

  eval(node: ExprNode): Value {
    switch (node.kind) {
      case 'literal':
        return node.float && typeof node.value === 'number' ? makeFloat(node.value) : node.value;
      case 'call':
        return this.call(node);
      case 'member': {
        const target = this.eval(node.object);
        return this.select(node, target, node.property, node.optional);
      }
      case 'index': {
        const target = this.eval(node.object);
        const index = this.eval(node.index);
        const n = numberOf(index);
        if (Array.isArray(target) && n) {
          const i = Number(n.value);
          if (Number.isInteger(i) && i >= 0 && i < target.length) return target[i];
          if (node.optional) return null;
          return fail(
            `The template language expression '${this.textOf(node)}' cannot be evaluated because array index '${i}' is outside bounds (0, ${target.length - 1}) of array.`,
          );
        }
        if (typeof index === 'string') return this.select(node, target, index, node.optional);
        if (target === null && node.optional) return null;
        return fail(
          `The template language expression '${this.textOf(node)}' cannot be evaluated because a value of type '${typeName(index)}' cannot index a value of type '${typeName(target)}'.`,
        );
      }
    }
  }

  private select(node: ExprNode, target: Value, property: string, optional: boolean): Value {
    if (isObject(target)) {
      const found = getProperty(target, property);
      if (found !== undefined) return found;
      if (optional) return null;
      return fail(
        `The expression '${this.textOf(node)}' cannot be evaluated because property '${property}' doesn't exist, available properties are '${Object.keys(target).join(', ')}'.`,
      );
    }
    if (target === null && optional) return null;
    return fail(
      `The expression '${this.textOf(node)}' cannot be evaluated because property '${property}' cannot be selected. Property selection is not supported on values of type '${typeName(target)}'.`,
    );
  }

  private call(node: Extract<ExprNode, { kind: 'call' }>): Value {
    const spec = lookupFunction(node.name);
    if (!spec) fail(`The template function '${node.name}' is not defined or not valid.`);
    if (node.args.length < spec.minArgs || node.args.length > spec.maxArgs) {
      fail(
        `The template language function '${spec.name}' expects ${describeArity(spec)} parameter(s); it was given ${node.args.length}.`,
      );
    }
    const lower = spec.name.toLowerCase();
    // if() evaluates only the branch it returns, so the other branch may refer to absent values.
    if (lower === 'if') {
      const cond = this.eval(node.args[0]);
      if (typeof cond !== 'boolean')
        fail(
          `The template language function 'if' expects its first parameter to be of type boolean. The provided value is of type '${typeName(cond)}'.`,
        );
      return this.eval(node.args[cond ? 1 : 2]);
    }
    // and()/or() stop at the first decisive argument, left to right (chosen: see the README), so a later
    // argument may refer to values that only exist when the earlier ones allow it.
    if (lower === 'and' || lower === 'or') {
      const decisive = lower === 'or';
      for (let i = 0; i < node.args.length; i++) {
        const v = this.eval(node.args[i]);
        if (typeof v !== 'boolean') typeError(spec.name, i, 'boolean', v);
        if (v === decisive) return decisive;
      }
      return !decisive;
    }
    const args = node.args.map((a) => this.eval(a));
    const system = SYSTEM_BY_LOWER.get(lower);
    if (system) return system(args, this.ctx);
    const impl = BUILTIN_IMPLEMENTATIONS.get(lower)!;
    return impl(args, this.fnCtx, spec.name);
  }
}

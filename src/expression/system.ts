import type { EvaluationContext } from './context.js';
import { fail, getProperty, isObject, type Value } from './value.js';

/**
 * The context holds the caller's JSON, typed `unknown`: this is the one place where it is taken as the evaluator's
 * values (JSON is a subset of Value).
 */
function valuesOf(map: Record<string, unknown>): { [key: string]: Value } {
  return map as { [key: string]: Value };
}

/** A context value (the caller's JSON; absent = null) as the evaluator's value, as valuesOf does. */
function contextValue(v: unknown): Value {
  return (v ?? null) as Value;
}

function lookup(map: Record<string, unknown> | undefined, name: string): Value | undefined {
  if (!map) return undefined;
  return getProperty(valuesOf(map), name);
}

function notValid(fn: string, where: string): never {
  return fail(`The template function '${fn}' is not defined or not valid here: it is only available ${where}.`);
}

/** The functions that read the run's context rather than their arguments. */
export const SYSTEM_FUNCTIONS: Record<string, (args: Value[], ctx: EvaluationContext) => Value> = {
  pipeline: (_a, ctx) => ({
    ...valuesOf(ctx.system ?? {}),
    parameters: valuesOf(ctx.parameters ?? {}),
    globalParameters: valuesOf(ctx.globalParameters ?? {}),
  }),
  activity: ([name], ctx) => {
    const found = typeof name === 'string' ? lookup(ctx.activities, name) : undefined;
    if (found === undefined)
      fail(
        `The output of activity '${String(name)}' can't be referenced since it is either not present or not completed.`,
      );
    return found;
  },
  variables: ([name], ctx) => {
    const found = typeof name === 'string' ? lookup(ctx.variables, name) : undefined;
    if (found === undefined) fail(`The variable '${String(name)}' is not defined in the pipeline.`);
    return found;
  },
  item: (_a, ctx) => ('item' in ctx ? contextValue(ctx.item) : notValid('item', 'inside a ForEach activity')),
  trigger: (_a, ctx) =>
    ctx.trigger ? valuesOf(ctx.trigger) : notValid('trigger', 'in parameter values a trigger passes to a pipeline'),
  triggerOutputs: (_a, ctx) => {
    if (!ctx.trigger) notValid('triggerOutputs', 'in parameter values a trigger passes to a pipeline');
    return lookup(ctx.trigger, 'outputs') ?? null;
  },
  triggerBody: (_a, ctx) => {
    if (!ctx.trigger) notValid('triggerBody', 'in parameter values a trigger passes to a pipeline');
    const outputs = lookup(ctx.trigger, 'outputs');
    return isObject(outputs) ? (getProperty(outputs, 'body') ?? null) : null;
  },
  dataset: (_a, ctx) => (ctx.dataset ? valuesOf(ctx.dataset) : notValid('dataset', 'inside a dataset')),
  linkedService: (_a, ctx) =>
    ctx.linkedService ? valuesOf(ctx.linkedService) : notValid('linkedService', 'inside a linked service'),
};

import type { EvaluationContext } from './context.js';
import { fail, getProperty, isObject, type Value } from './value.js';

function lookup(map: Record<string, unknown> | undefined, name: string): Value | undefined {
  if (!map) return undefined;
  return getProperty(map as { [key: string]: Value }, name);
}

function notValid(fn: string, where: string): never {
  return fail(`The template function '${fn}' is not defined or not valid here: it is only available ${where}.`);
}

/** The functions that read the run's context rather than their arguments. */
export const SYSTEM_FUNCTIONS: Record<string, (args: Value[], ctx: EvaluationContext) => Value> = {
  pipeline: (_a, ctx) => ({
    ...((ctx.system ?? {}) as { [key: string]: Value }),
    parameters: (ctx.parameters ?? {}) as { [key: string]: Value },
    globalParameters: (ctx.globalParameters ?? {}) as { [key: string]: Value },
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
  item: (_a, ctx) => ('item' in ctx ? ((ctx.item ?? null) as Value) : notValid('item', 'inside a ForEach activity')),
  trigger: (_a, ctx) =>
    ctx.trigger
      ? (ctx.trigger as { [key: string]: Value })
      : notValid('trigger', 'in parameter values a trigger passes to a pipeline'),
  triggerOutputs: (_a, ctx) => {
    if (!ctx.trigger) notValid('triggerOutputs', 'in parameter values a trigger passes to a pipeline');
    return (lookup(ctx.trigger, 'outputs') ?? null) as Value;
  },
  triggerBody: (_a, ctx) => {
    if (!ctx.trigger) notValid('triggerBody', 'in parameter values a trigger passes to a pipeline');
    const outputs = lookup(ctx.trigger, 'outputs');
    return (isObject(outputs) ? (getProperty(outputs, 'body') ?? null) : null) as Value;
  },
  dataset: (_a, ctx) =>
    ctx.dataset ? (ctx.dataset as { [key: string]: Value }) : notValid('dataset', 'inside a dataset'),
  linkedService: (_a, ctx) =>
    ctx.linkedService
      ? (ctx.linkedService as { [key: string]: Value })
      : notValid('linkedService', 'inside a linked service'),
};

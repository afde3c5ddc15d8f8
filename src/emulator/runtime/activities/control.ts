import { toText, type Value } from '../../../expression/index.js';
import { parseTimeSpan, runScope, type ActivityCall, type ScopeResult } from '../scheduler.js';
import { childScope, type Outcome } from '../scope.js';
import { failWith, innerFailure, isObj, show, typeProps } from './util.js';

function fromScope(result: ScopeResult, output: unknown = {}): Outcome {
  if (result.status === 'Cancelled') return { status: 'Cancelled' };
  if (result.status === 'Failed' && result.failed) return { ...innerFailure(result.failed), output };
  return { status: 'Succeeded', output };
}

/** ForEach: items in order (isSequential) or `batchCount` at a time (default 20, max 50); every item runs. */
export async function runForEach(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const items = call.evaluate(tp.items);
  if (!Array.isArray(items))
    return failWith(
      'InvalidTemplate',
      `The expression of ForEach '${call.name}' items must evaluate to an array; it gave ${show(items)}.`,
    );
  const batch = tp.isSequential === true ? 1 : Math.min(50, Math.max(1, Math.trunc(Number(tp.batchCount ?? 20)) || 20));
  const results: ScopeResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !call.signal.aborted) {
      const i = next++;
      results[i] = await runScope(tp.activities, childScope(call.scope, call.signal, { value: items[i] }), call.svc);
    }
  };
  await Promise.all(Array.from({ length: Math.min(batch, items.length) }, worker));
  if (call.signal.aborted || results.some((r) => r?.status === 'Cancelled')) return { status: 'Cancelled' };
  const failed = results.find((r) => r?.status === 'Failed');
  return failed ? fromScope(failed) : { status: 'Succeeded', output: {} };
}

/**
 * Until: run the inner activities, then evaluate the condition; stop when true or past the timeout (default 7
 * days). An inner failure does not stop the loop (DOCS); the activity fails when its last pass failed. Chosen: a
 * pass takes at least one second of run time, so a condition that never turns true reaches the timeout.
 */
export async function runUntil(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const clock = call.svc.clock;
  const timeoutMs = parseTimeSpan(call.evaluate(tp.timeout ?? '7.00:00:00')) ?? 7 * 86_400_000;
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const start = clock.now();
    const result = await runScope(tp.activities, childScope(call.scope, call.signal), call.svc);
    if (result.status === 'Cancelled' || call.signal.aborted) return { status: 'Cancelled' };
    const spent = clock.now() - start;
    if (spent < 1000) {
      try {
        await clock.sleep(1000 - spent, call.signal);
      } catch {
        return { status: 'Cancelled' };
      }
    }
    const done = call.evaluate(tp.expression);
    if (typeof done !== 'boolean')
      return failWith(
        'InvalidTemplate',
        `The expression of Until '${call.name}' must evaluate to a boolean; it gave ${show(done)}.`,
      );
    if (done) return fromScope(result);
    if (clock.now() >= deadline)
      return failWith(
        'ActivityTimedOut',
        `Until '${call.name}' timed out after ${String(tp.timeout ?? '7.00:00:00')} without its condition becoming true.`,
      );
  }
}

/** IfCondition: the branch of the boolean expression (a missing branch does nothing: C6, spec). */
export async function runIf(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const value = call.evaluate(tp.expression);
  if (typeof value !== 'boolean')
    return failWith(
      'InvalidTemplate',
      `The expression of IfCondition '${call.name}' must evaluate to a boolean; it gave ${show(value)}.`,
    );
  const branch = value ? tp.ifTrueActivities : tp.ifFalseActivities;
  return fromScope(await runScope(branch, childScope(call.scope, call.signal), call.svc), { expressionValue: value });
}

/** Switch: `on` (the doc's `expression` accepted too: C5) compared as text with each case's value; else the default. */
export async function runSwitch(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const value = call.evaluate(tp.on ?? tp.expression);
  if (typeof value !== 'string' && typeof value !== 'number')
    return failWith(
      'InvalidTemplate',
      `The expression of Switch '${call.name}' must evaluate to a string or an integer; it gave ${show(value)}.`,
    );
  const text = toText(value as Value);
  const cases = Array.isArray(tp.cases) ? tp.cases.filter(isObj) : [];
  const hit = cases.find((c) => String(c.value) === text);
  const list = hit ? hit.activities : tp.defaultActivities;
  return fromScope(await runScope(list, childScope(call.scope, call.signal), call.svc), { expressionValue: text });
}

import type { ActivityCall } from '../scheduler.js';
import type { Outcome } from '../scope.js';
import { failWith, isObj, show, typeProps } from './util.js';

/** Wait: `waitTimeInSeconds` of run time (the emulator clock). */
export async function runWait(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const seconds = Number(call.evaluate(tp.waitTimeInSeconds));
  call.record.input = { waitTimeInSeconds: seconds };
  if (!Number.isFinite(seconds) || seconds < 0)
    return failWith(
      'InvalidTemplate',
      `Wait '${call.name}': waitTimeInSeconds must be a non-negative number; it is ${show(tp.waitTimeInSeconds)}.`,
    );
  try {
    await call.svc.clock.sleep(seconds * 1000, call.signal);
  } catch {
    return { status: 'Cancelled' };
  }
  return { status: 'Succeeded', output: {} };
}

function declaredVariable(call: ActivityCall, name: string): { name: string; type: string } | undefined {
  const vars = isObj(call.scope.run.pipeline.variables) ? call.scope.run.pipeline.variables : {};
  const key =
    Object.keys(vars).find((k) => k === name) ?? Object.keys(vars).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return undefined;
  const spec = vars[key];
  return { name: key, type: isObj(spec) ? String(spec.type ?? 'String') : 'String' };
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type.toLowerCase()) {
    case 'string':
      return typeof value === 'string';
    case 'bool':
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    default:
      return true;
  }
}

const RETURN_VALUE = 'pipelineReturnValue';

/** SetVariable: a declared variable of a matching type; or, with setSystemVariable, the pipeline return value. */
export async function runSetVariable(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const name = String(tp.variableName ?? '');
  if (tp.setSystemVariable === true && name === RETURN_VALUE) {
    const entries = Array.isArray(tp.value) ? tp.value.filter(isObj) : [];
    const result: Record<string, unknown> = {};
    for (const e of entries) {
      const v = isObj(e.value) ? e.value : {};
      const type = String(v.type ?? 'String');
      result[String(e.key)] =
        type === 'Null'
          ? null
          : type === 'Expression'
            ? call.evaluate({ type: 'Expression', value: v.content })
            : call.evaluate(v.content);
    }
    call.scope.run.returnValue = { ...call.scope.run.returnValue, ...result };
    call.record.input = { variableName: RETURN_VALUE, value: result };
    return { status: 'Succeeded', output: { name: RETURN_VALUE, value: result } };
  }
  const declared = declaredVariable(call, name);
  if (!declared)
    return failWith(
      'InvalidTemplate',
      `SetVariable '${call.name}': the variable '${name}' is not declared in the pipeline.`,
    );
  const value = call.evaluate(tp.value);
  call.record.input = { variableName: declared.name, value };
  if (!typeMatches(declared.type, value))
    return failWith(
      'InvalidTemplate',
      `The variable '${declared.name}' of type '${declared.type}' cannot be set to ${show(value)}: the types differ.`,
    );
  call.scope.run.variables[declared.name] = value;
  return { status: 'Succeeded', output: { name: declared.name, value } };
}

/** AppendVariable: adds one value to a declared Array variable. */
export async function runAppendVariable(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const name = String(tp.variableName ?? '');
  const declared = declaredVariable(call, name);
  if (!declared)
    return failWith(
      'InvalidTemplate',
      `AppendVariable '${call.name}': the variable '${name}' is not declared in the pipeline.`,
    );
  if (declared.type.toLowerCase() !== 'array')
    return failWith(
      'InvalidTemplate',
      `AppendVariable '${call.name}': the variable '${declared.name}' is of type '${declared.type}', not Array.`,
    );
  const value = call.evaluate(tp.value);
  call.record.input = { variableName: declared.name, value };
  const current = call.scope.run.variables[declared.name];
  call.scope.run.variables[declared.name] = [...(Array.isArray(current) ? current : []), value];
  return { status: 'Succeeded', output: {} };
}

/** Filter: the items whose condition is true. Output field names from a blog post (unverified officially). */
export async function runFilter(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const items = call.evaluate(tp.items);
  if (!Array.isArray(items))
    return failWith(
      'InvalidTemplate',
      `The expression of Filter '${call.name}' items must evaluate to an array; it gave ${show(items)}.`,
    );
  const kept: unknown[] = [];
  for (const item of items) {
    const keep = call.evaluate(tp.condition, { value: item });
    if (typeof keep !== 'boolean')
      return failWith(
        'InvalidTemplate',
        `The condition of Filter '${call.name}' must evaluate to a boolean; it gave ${show(keep)}.`,
      );
    if (keep) kept.push(item);
  }
  return { status: 'Succeeded', output: { ItemsCount: items.length, FilteredItemsCount: kept.length, Value: kept } };
}

function tryEvaluate(call: ActivityCall, value: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: call.evaluate(value) };
  } catch {
    return { ok: false };
  }
}

/** Fail: fails its scope with the given message and error code, with the documented edge cases. */
export async function runFail(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const msg = 'message' in tp ? tryEvaluate(call, tp.message) : undefined;
  const code = 'errorCode' in tp ? tryEvaluate(call, tp.errorCode) : undefined;
  let message: string;
  if (msg === undefined) message = "Fail message wasn't provided";
  else if (!msg.ok && code !== undefined && !code.ok)
    message = `Failed to interpret ${call.name} fail message or error code`;
  else if (!msg.ok || msg.value === null || (typeof msg.value === 'string' && msg.value.trim() === ''))
    message = `Failed to interpret ${call.name} fail message or error code`;
  else if (typeof msg.value !== 'string')
    message = `${call.name} fail message parameter couldn't be interpreted as a string`;
  else message = msg.value;
  const errorCode =
    code?.ok && typeof code.value === 'string' && code.value.trim() !== '' ? code.value : 'ErrorCodeNotString';
  call.record.input = { message, errorCode };
  return { status: 'Failed', error: { errorCode, message, failureType: 'UserError', target: call.name } };
}

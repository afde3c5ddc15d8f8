import { DATA_ACTIVITY_TYPES, type DataActivityType, type EvaluatedReference } from '../data-contract.js';
import type { ActivityCall } from '../scheduler.js';
import type { Outcome } from '../scope.js';
import { findStub } from '../stubs.js';
import { failWith, isObj, typeProps } from './util.js';

/** The message of a data activity when this build has no data executor (the data module arrives separately). */
export function notInThisBuild(type: string): string {
  return `${type} is not executed by this emulator build`;
}

function isDataType(type: string): type is DataActivityType {
  return (DATA_ACTIVITY_TYPES as readonly string[]).includes(type);
}

function references(call: ActivityCall, value: unknown): EvaluatedReference[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isObj).map((r) => call.evaluate(r) as EvaluatedReference);
}

/**
 * Activities the engine does not run itself: a matching stub first (so data activities can be stubbed too), then
 * the data executor for Copy/Lookup/GetMetadata/Delete, else a clear "not executed by the emulator" failure.
 */
export async function runExternal(call: ActivityCall): Promise<Outcome> {
  const host = call.svc.host;
  const stub = findStub(host.stubs, call.scope.run.record.pipelineName, call.name, call.type);
  if (stub) {
    if (stub.durationSeconds) {
      try {
        await call.svc.clock.sleep(stub.durationSeconds * 1000, call.signal);
      } catch {
        return { status: 'Cancelled' };
      }
    }
    const output = call.evaluate(stub.output ?? {});
    if (stub.status === 'Failed')
      return {
        status: 'Failed',
        output,
        error: {
          errorCode: stub.error?.errorCode ?? 'StubbedFailure',
          message: stub.error?.message ?? `${call.type} activity '${call.name}' failed (stub).`,
        },
      };
    return { status: 'Succeeded', output };
  }
  if (isDataType(call.type)) return runData(call, call.type);
  return failWith(
    'NotExecutedByEmulator',
    `${call.type} activity '${call.name}' is not executed by the emulator: give it a stub output (adf-stubs.yaml, see docs/runs.md) to test the control flow offline.`,
  );
}

async function runData(call: ActivityCall, type: DataActivityType): Promise<Outcome> {
  const host = call.svc.host;
  const tp = call.evaluate(typeProps(call)) as Record<string, unknown>;
  const inputs = references(call, call.def.inputs);
  const outputs = references(call, call.def.outputs);
  call.record.input = tp;
  // Loading the module is real I/O: the virtual clock must not run past it.
  const execute = await call.svc.clock.hold(host.dataExecutor());
  if (!execute) return failWith('NotExecutedByEmulator', notInThisBuild(type));
  const run = call.scope.run;
  const result = await call.svc.clock.hold(
    execute({
      activity: { name: call.name, type, typeProperties: tp, inputs, outputs },
      factory: host.factoryView(run),
      storage: host.storage,
      system: run.system,
      signal: call.signal,
      now: () => call.svc.clock.now(),
    }),
  );
  if (result.status === 'Succeeded') return { status: 'Succeeded', output: result.output };
  return {
    status: 'Failed',
    output: result.output,
    error: { ...result.error, target: result.error.target || call.name },
  };
}

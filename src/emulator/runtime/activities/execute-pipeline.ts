import type { ActivityCall } from '../scheduler.js';
import type { Outcome } from '../scope.js';
import { failWith, isObj, typeProps } from './util.js';

/**
 * ExecutePipeline: starts a run of another pipeline (invokedBy names the activity and the parent run). With
 * `waitOnCompletion` (chosen default false, as the spec and SDKs: C4) the activity ends with the child and
 * fails with the child's failing activity ("Activity X failed: ..."); its output carries `pipelineReturnValue`.
 */
export async function runExecutePipeline(call: ActivityCall): Promise<Outcome> {
  const tp = typeProps(call);
  const ref = isObj(tp.pipeline) ? tp.pipeline : {};
  const name = String(call.evaluate(ref.referenceName) ?? '');
  const parameters = isObj(tp.parameters) ? (call.evaluate(tp.parameters) as Record<string, unknown>) : {};
  const wait = call.evaluate(tp.waitOnCompletion) === true;
  call.record.input = {
    pipeline: { referenceName: name, type: 'PipelineReference' },
    parameters,
    waitOnCompletion: wait,
  };
  const parent = call.scope.run;
  let child: ReturnType<typeof call.svc.host.startChild>;
  try {
    child = call.svc.host.startChild(parent, name, parameters, {
      id: call.record.activityRunId,
      name: call.name,
      invokedByType: 'PipelineActivity',
      pipelineName: parent.record.pipelineName,
      pipelineRunId: parent.record.runId,
    });
  } catch (err) {
    return failWith('BadRequest', (err as Error).message);
  }
  const output: Record<string, unknown> = {
    pipelineName: child.record.pipelineName,
    pipelineRunId: child.record.runId,
  };
  if (!wait) return { status: 'Succeeded', output };
  const onAbort = () => child.abort.abort(new Error('cancelled'));
  call.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const done = await child.done;
    if (child.returnValue) output.pipelineReturnValue = child.returnValue;
    if (done.status === 'Succeeded') return { status: 'Succeeded', output };
    if (done.status === 'Cancelled') return { status: 'Cancelled', output };
    const inner = /^Operation on target (.+?) failed: ([\s\S]*)$/.exec(done.message);
    return {
      status: 'Failed',
      output,
      error: {
        errorCode: child.failedCode ?? 'BadRequest',
        message: inner ? `Activity ${inner[1]} failed: ${inner[2]}` : done.message,
        failureType: 'UserError',
        target: call.name,
      },
    };
  } finally {
    call.signal.removeEventListener('abort', onAbort);
  }
}

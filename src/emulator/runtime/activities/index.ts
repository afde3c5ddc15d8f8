import type { ActivityCall } from '../scheduler.js';
import type { Outcome } from '../scope.js';
import { runForEach, runIf, runSwitch, runUntil } from './control.js';
import { runExecutePipeline } from './execute-pipeline.js';
import { runExternal } from './external.js';
import { runAppendVariable, runFail, runFilter, runSetVariable, runWait } from './simple.js';

const CONTROL: Record<string, (call: ActivityCall) => Promise<Outcome>> = {
  foreach: runForEach,
  until: runUntil,
  ifcondition: runIf,
  switch: runSwitch,
  executepipeline: runExecutePipeline,
  wait: runWait,
  setvariable: runSetVariable,
  appendvariable: runAppendVariable,
  filter: runFilter,
  fail: runFail,
};

/** Run one activity's own work by its type (control activities here; everything else is external). */
export function performActivity(call: ActivityCall): Promise<Outcome> {
  const control = CONTROL[call.type.toLowerCase()];
  return control ? control(call) : runExternal(call);
}

import type { Project } from '../manifest/types.js';
import type { ActivityRun } from './types.js';

/** What the CLI prints in place of a secured activity input or output (as the emulator, rule 201's mask). */
export const SECURED = '**********';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const CONTAINERS = ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities'];

/** Every activity of a pipeline, inner ones (ForEach, Until, If, Switch cases) included, by lower-case name. */
function collectActivities(list: unknown, into: Map<string, Record<string, unknown>>): void {
  if (!Array.isArray(list)) return;
  for (const a of list.filter(isObj)) {
    into.set(String(a.name).toLowerCase(), a);
    const tp = isObj(a.typeProperties) ? a.typeProperties : {};
    for (const key of CONTAINERS) collectActivities(tp[key], into);
    if (Array.isArray(tp.cases)) for (const c of tp.cases.filter(isObj)) collectActivities(c.activities, into);
  }
}

/**
 * Mask the inputs and outputs of activities whose policy sets `secureInput` / `secureOutput` in the project's
 * pipeline. The service already hides them; this keeps a value out of the terminal even when an endpoint does not
 * (an older emulator, a debug proxy), since `runs show --json` output often lands in CI logs.
 */
export function maskSecureActivityRuns(
  project: Project | undefined,
  pipelineName: string,
  activities: ActivityRun[],
): ActivityRun[] {
  const pipeline = project?.resources.find(
    (r) => r.kind === 'Pipeline' && r.name.toLowerCase() === pipelineName.toLowerCase(),
  );
  if (!pipeline) return activities;
  const defs = new Map<string, Record<string, unknown>>();
  collectActivities(pipeline.properties.activities, defs);
  return activities.map((a) => {
    const def = defs.get(a.activityName.toLowerCase());
    const policy = def && isObj(def.policy) ? def.policy : {};
    const input = policy.secureInput === true && a.input !== undefined;
    const output = policy.secureOutput === true && a.output !== undefined && a.output !== null;
    if (!input && !output) return a;
    return { ...a, ...(input ? { input: SECURED } : {}), ...(output ? { output: SECURED } : {}) };
  });
}

import type { Resource } from '../../model/resource.js';

/** Names compared case-insensitively: lower-case key -> name as declared. */
export type NameSet = Map<string, string>;

export function nameSetOf(declared: unknown): NameSet {
  const out: NameSet = new Map();
  if (declared && typeof declared === 'object' && !Array.isArray(declared)) {
    for (const k of Object.keys(declared)) out.set(k.toLowerCase(), k);
  }
  return out;
}

/** What an expression at one place in one document may refer to. Undefined fields are not checked. */
export interface Scope {
  resource: Resource;
  /** pipeline().parameters.X, in a pipeline. */
  pipelineParameters?: NameSet;
  /** variables('x'), in a pipeline. */
  variables?: NameSet;
  /** pipeline().globalParameters.X (the factory's). */
  globalParameters?: NameSet;
  /** dataset().X, in a dataset. */
  datasetParameters?: NameSet;
  /** linkedService().X, in a linked service. */
  linkedServiceParameters?: NameSet;
  /** Every activity of the pipeline (lower-case -> name). */
  activities?: NameSet;
  /** The activities that have surely run before this place; undefined when not inside an activity. */
  allowedActivities?: Set<string>;
  /** Activities inside a container that ran before (lower-case name -> container): they may not have run. */
  uncertainActivities?: Map<string, string>;
  /** The referring activity's name, for messages. */
  currentActivity?: string;
  /** Inside a ForEach's inner activities: item() is available. */
  inForEach: boolean;
  /** In a trigger's pipeline parameter values: trigger() is available. */
  inTriggerParameters: boolean;
}

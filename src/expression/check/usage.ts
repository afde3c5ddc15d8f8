/**
 * A dataset's or linked service's expressions are evaluated when an activity uses the object, in that
 * activity's scope: `@item().name` in a dataset used only inside ForEach loops is valid ADF (issue 15). This
 * finds, for every dataset, linked service and data flow, whether the activities that use it (directly, or
 * through a dataset, linked service or data flow that references it) run inside a ForEach.
 */
import type { Project } from '../../manifest/types.js';
import { findReferences } from '../../model/references.js';
import { resourceKey, type Resource } from '../../model/resource.js';

/** How the activities that use an object run: inside a ForEach, outside one, or both. */
export interface Usage {
  inForEach: boolean;
  outsideForEach: boolean;
}

const USED_KINDS = new Set(['Dataset', 'LinkedService', 'DataFlow']);

/** True when `path` (inside a pipeline's properties) goes through a ForEach's inner activities. */
function insideForEach(properties: unknown, path: (string | number)[]): boolean {
  let node: unknown = properties;
  for (let i = 0; i < path.length; i++) {
    if (!node || typeof node !== 'object') return false;
    const obj = node as Record<string | number, unknown>;
    const type = Array.isArray(node) ? undefined : obj.type;
    if (
      typeof type === 'string' &&
      type.toLowerCase() === 'foreach' &&
      String(path[i]).toLowerCase() === 'typeproperties' &&
      String(path[i + 1]).toLowerCase() === 'activities'
    )
      return true;
    node = obj[path[i]];
  }
  return false;
}

/** The usage of every dataset, linked service and data flow of the project, by resource key. */
export function computeUsage(project: Project): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  const mark = (key: string, from: Usage): boolean => {
    const u = usage.get(key) ?? { inForEach: false, outsideForEach: false };
    const changed = (from.inForEach && !u.inForEach) || (from.outsideForEach && !u.outsideForEach);
    usage.set(key, {
      inForEach: u.inForEach || from.inForEach,
      outsideForEach: u.outsideForEach || from.outsideForEach,
    });
    return changed;
  };
  // Edges from a user object (dataset, linked service, data flow) to what it references, for propagation.
  const edges: Array<[string, string]> = [];
  for (const r of project.resources) {
    for (const ref of findReferences(r.properties)) {
      if (!USED_KINDS.has(ref.kind)) continue;
      const target = resourceKey({ kind: ref.kind, name: ref.name });
      if (r.kind === 'Pipeline') {
        const inLoop = insideForEach(r.properties, ref.path);
        mark(target, { inForEach: inLoop, outsideForEach: !inLoop });
      } else if (USED_KINDS.has(r.kind)) {
        edges.push([resourceKey(r as Resource), target]);
      }
    }
  }
  // Propagate along dataset -> linked service, data flow -> dataset, linked service -> linked service.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [from, to] of edges) {
      const u = usage.get(from);
      if (u && mark(to, u)) changed = true;
    }
  }
  return usage;
}

interface ScopedProblem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  hint?: string;
}

/**
 * `item()` in a dataset or linked service, judged by the activities that use it: nothing when all of them run in
 * a ForEach, a warning when only some do (or none uses it in this project), an error when none does.
 */
export function judgeItemByUse<P extends ScopedProblem>(
  resource: Resource,
  problem: P,
  usage: Map<string, Usage>,
): P | undefined {
  if (
    problem.code !== 'expr.item-outside-foreach' ||
    (resource.kind !== 'Dataset' && resource.kind !== 'LinkedService')
  )
    return problem;
  const what = resource.kind === 'Dataset' ? 'dataset' : 'linked service';
  const u = usage.get(resourceKey(resource));
  if (u?.inForEach && !u.outsideForEach) return undefined;
  if (u?.inForEach)
    return {
      ...problem,
      severity: 'warning',
      message: `item() comes from the ForEach around the activity that uses this ${what}; some activities that use it run outside any ForEach, where it fails`,
      hint: `use this ${what} only inside ForEach loops, or pass the value as a ${what} parameter`,
    };
  if (!u)
    return {
      ...problem,
      severity: 'warning',
      message: `item() comes from the ForEach around the activity that uses this ${what}, and no activity of the project uses it`,
      hint: `use it only inside ForEach loops, or pass the value as a ${what} parameter`,
    };
  return {
    ...problem,
    message: `item() comes from the ForEach around the activity that uses this ${what}, but every activity that uses it runs outside any ForEach`,
    hint: `pass the value as a ${what} parameter (e.g. @dataset().fileName) and set it from the activity`,
  };
}

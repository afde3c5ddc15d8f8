import type { Project } from '../manifest/types.js';
import { dependenciesOf } from '../model/references.js';
import { byResourceKey, resourceKey, type Resource, type ResourceId } from '../model/resource.js';
import { Dag } from './dag.js';

/**
 * The object-level dependency graph of some resources (a project's, live ones rebuilt as Resources, generated
 * ones), keyed by resourceKey(). References to resources outside the set (external, built-in, or missing) add
 * no edge. When a key is declared twice, the first declaration wins (validate reports the duplicate).
 */
export function buildResourceDag<R extends Resource>(
  resources: R[],
  /** The references of one resource (a caller that needs them again passes its own, remembered, issue 19). */
  dependencies: (resource: R) => ResourceId[] = dependenciesOf,
): Dag<R> {
  const dag = new Dag<R>();
  for (const [key, r] of byResourceKey(resources)) dag.add(key, r);
  for (const key of dag.keys()) {
    for (const dep of dependencies(dag.get(key)!)) {
      const to = resourceKey(dep);
      if (dag.has(to)) dag.connect(key, to);
    }
  }
  return dag;
}

/** The object-level dependency graph of a project's resources. */
export function buildGraph(project: Project): Dag<Resource> {
  return buildResourceDag(project.resources);
}

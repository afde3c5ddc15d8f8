import type { Project } from '../manifest/types.js';
import { dependenciesOf } from '../model/references.js';
import { resourceKey, type Resource } from '../model/resource.js';
import { Dag } from './dag.js';

/**
 * The object-level dependency graph of a project, keyed by resourceKey(). References to resources that are
 * not in the project (external, built-in, or missing) add no edge. When a key is declared twice, the first
 * declaration wins (validate reports the duplicate).
 */
export function buildGraph(project: Project): Dag<Resource> {
  const dag = new Dag<Resource>();
  for (const r of project.resources) {
    const key = resourceKey(r);
    if (!dag.has(key)) dag.add(key, r);
  }
  for (const key of dag.keys()) {
    for (const dep of dependenciesOf(dag.get(key)!)) {
      const to = resourceKey(dep);
      if (dag.has(to)) dag.connect(key, to);
    }
  }
  return dag;
}

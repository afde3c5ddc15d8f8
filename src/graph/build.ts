import type { Project } from '../manifest/types.js';
import type { Resource } from '../model/resource.js';
import { Dag } from './dag.js';

/**
 * The object-level dependency graph of a project, keyed by resourceKey(). References to resources that are
 * not in the project (external, built-in, or missing) add no edge. (Stub until the graph module lands.)
 */
export function buildGraph(_project: Project): Dag<Resource> {
  return new Dag<Resource>();
}

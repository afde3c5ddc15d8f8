import { isPlainObject } from '../diff/canonical.js';
import { AUTO_RESOLVE_IR, KIND_INFO } from '../model/kinds.js';
import { resourceAddress, resourceKey, type Resource } from '../model/resource.js';
import { buildResourceDag } from '../graph/build.js';
import type { LiveResource, LiveState } from '../state/types.js';
import { orderKeys } from './scope.js';
import type { ChildChange } from './types.js';

/**
 * The rules for deleting live resources, shared by plan --prune and destroy: what may be deleted at all, and in
 * which order (dependents first, as the live references say).
 */

/** Live resources no command ever deletes: managed virtual networks (no DELETE exists) and AutoResolve. */
export function isDeletable(r: Pick<LiveResource, 'kind' | 'name'>): boolean {
  if (!KIND_INFO[r.kind].deletable) return false;
  return !(r.kind === 'IntegrationRuntime' && r.name.toLowerCase() === AUTO_RESOLVE_IR.toLowerCase());
}

/** A live resource as a Resource, so its references give the delete order. */
export function liveAsResource(r: LiveResource): Resource {
  const props = r.body.properties;
  return { kind: r.kind, name: r.name, parent: r.parent, properties: isPlainObject(props) ? props : {} };
}

/**
 * The deletes of the live resources whose keys are in `doomed`, dependents first; each one's `dependsOn` lists the
 * doomed resources still referencing it (apply deletes those before it).
 */
export function planDeletes(live: LiveState, doomed: Set<string>, reason: string): ChildChange[] {
  if (doomed.size === 0) return [];
  const liveByKey = new Map(live.resources.map((r) => [resourceKey(r), r]));
  const liveDag = buildResourceDag(live.resources.map(liveAsResource));
  const deletes: ChildChange[] = [];
  for (const key of orderKeys(liveDag, true)) {
    const r = doomed.has(key) ? liveByKey.get(key) : undefined;
    if (!r) continue;
    deletes.push({
      address: resourceAddress(r),
      kind: r.kind,
      name: r.name,
      ...(r.parent ? { parent: r.parent } : {}),
      action: 'delete',
      reason,
      changes: [],
      etag: r.etag,
      dependsOn: liveDag
        .dependentsOf(key)
        .filter((k) => doomed.has(k))
        .flatMap((k) => {
          const d = liveByKey.get(k);
          return d ? [resourceAddress(d)] : [];
        })
        .sort(),
    });
  }
  return deletes;
}

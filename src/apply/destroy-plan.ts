import type { FactoryTarget } from '../arm/types.js';
import { isPlainObject } from '../diff/canonical.js';
import type { Project } from '../manifest/types.js';
import { AUTO_RESOLVE_IR, KIND_INFO } from '../model/kinds.js';
import { dependenciesOf } from '../model/references.js';
import { resourceAddress, resourceKey } from '../model/resource.js';
import type { PlanResult } from '../plan/planner.js';
import type { ChildChange, FactoryChange, Plan, TriggerAction } from '../plan/types.js';
import type { LiveResource, LiveState } from '../state/types.js';

export interface DestroyOptions {
  /** Also delete the factory (and with it anything unmanaged inside it). */
  includeFactory?: boolean;
  now?: () => Date;
}

/** What destroy leaves alone and why (shown to the user before confirming). */
export interface DestroyResult extends PlanResult {
  /** Managed resources that exist but cannot be deleted (managed virtual networks have no DELETE). */
  kept: string[];
  /** Live resources the manifests do not manage (they go only with --include-factory). */
  unmanaged: string[];
}

/**
 * The plan of `destroy`: delete every live resource the manifests manage (never one they do not), dependents
 * first, started triggers stopped first; with includeFactory, the factory last.
 */
export function planDestroy(
  project: Project,
  live: LiveState,
  target: FactoryTarget & { endpoint: string },
  options: DestroyOptions = {},
): DestroyResult {
  const managed = new Set(project.resources.map(resourceKey));
  const external = new Set(project.external.map(resourceKey));
  const kept: string[] = [];
  const unmanaged: string[] = [];
  const doomed: LiveResource[] = [];
  for (const r of live.resources) {
    const key = resourceKey(r);
    if (!managed.has(key) || external.has(key)) {
      unmanaged.push(resourceAddress(r));
    } else if (
      !KIND_INFO[r.kind].deletable ||
      (r.kind === 'IntegrationRuntime' && r.name.toLowerCase() === AUTO_RESOLVE_IR.toLowerCase())
    ) {
      kept.push(resourceAddress(r));
    } else doomed.push(r);
  }
  const doomedKeys = new Set(doomed.map(resourceKey));
  // Who references whom among the doomed: a delete waits for the deletes of those still referencing it.
  const referencedBy = new Map<string, string[]>();
  for (const r of doomed) {
    const props = isPlainObject(r.body.properties) ? r.body.properties : {};
    for (const dep of dependenciesOf({ kind: r.kind, name: r.name, parent: r.parent, properties: props })) {
      const depKey = resourceKey(dep);
      if (!doomedKeys.has(depKey) || depKey === resourceKey(r)) continue;
      referencedBy.set(depKey, [...(referencedBy.get(depKey) ?? []), resourceAddress(r)]);
    }
  }
  const changes: ChildChange[] = doomed
    .map((r) => ({
      address: resourceAddress(r),
      kind: r.kind,
      name: r.name,
      ...(r.parent ? { parent: r.parent } : {}),
      action: 'delete' as const,
      reason: 'destroy',
      changes: [],
      etag: r.etag,
      dependsOn: [...new Set(referencedBy.get(resourceKey(r)) ?? [])].sort(),
    }))
    .sort((a, b) => (a.address < b.address ? -1 : 1));
  const triggers: TriggerAction[] = doomed
    .filter(
      (r) => r.kind === 'Trigger' && isPlainObject(r.body.properties) && r.body.properties.runtimeState === 'Started',
    )
    .map((r) => ({
      address: resourceAddress(r),
      name: r.name,
      stop: true,
      start: false,
      reason: 'it will be deleted',
    }));
  const deleteFactory = Boolean(options.includeFactory && live.factory);
  const factory: FactoryChange = {
    address: `Factory/${target.factoryName}`,
    kind: 'Factory',
    name: target.factoryName,
    action: deleteFactory ? 'delete' : 'no-op',
    changes: [],
    dependsOn: [],
    ...(deleteFactory ? { etag: live.factory!.etag, reason: 'destroy --include-factory' } : {}),
  };
  const plan: Plan = {
    formatVersion: 1,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    target: { ...target },
    source: { dir: project.root, ...(project.env ? { env: project.env } : {}), prune: false },
    factory,
    changes,
    triggers,
    summary: { create: 0, update: 0, replace: 0, delete: changes.length + (deleteFactory ? 1 : 0), noop: 0 },
    hasChanges: changes.length > 0 || deleteFactory,
  };
  return { plan, bodies: new Map(), kept: kept.sort(), unmanaged: unmanaged.sort() };
}

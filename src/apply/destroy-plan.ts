import type { FactoryTarget } from '../arm/types.js';
import type { Project } from '../manifest/types.js';
import { resourceAddress, resourceKey } from '../model/resource.js';
import { isDeletable, planDeletes } from '../plan/deletes.js';
import type { PlanResult } from '../plan/planner.js';
import { restartMarkersIn } from '../plan/restart-markers.js';
import { planTriggerActions } from '../plan/triggers.js';
import type { FactoryChange, Plan } from '../plan/types.js';
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
    } else if (!isDeletable(r)) {
      kept.push(resourceAddress(r));
    } else doomed.push(r);
  }
  // The planner's rules: delete order from the live references, trigger stops, and the restart markers an
  // interrupted apply left on triggers destroyed here (they come off with them; others stay for the next apply).
  const doomedKeys = new Set(doomed.map(resourceKey));
  const changes = planDeletes(live, doomedKeys, 'destroy');
  const actions = new Map([...doomedKeys].map((k) => [k, 'delete' as const]));
  const triggers = planTriggerActions({ live: doomed, desired: new Map(), actions });
  const deleteFactory = Boolean(options.includeFactory && live.factory);
  const restartMarkers = deleteFactory
    ? []
    : restartMarkersIn(live.factory?.body.tags).filter((name) =>
        doomedKeys.has(resourceKey({ kind: 'Trigger', name })),
      );
  const factory: FactoryChange = {
    address: `Factory/${target.factoryName}`,
    kind: 'Factory',
    name: target.factoryName,
    action: deleteFactory ? 'delete' : 'no-op',
    changes: [],
    dependsOn: [],
    ...(deleteFactory && live.factory ? { etag: live.factory.etag, reason: 'destroy --include-factory' } : {}),
  };
  const plan: Plan = {
    formatVersion: 1,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    target: { ...target },
    source: { dir: project.root, ...(project.env ? { env: project.env } : {}), prune: false },
    factory,
    changes,
    triggers,
    ...(restartMarkers.length > 0 ? { restartMarkers } : {}),
    summary: { create: 0, update: 0, replace: 0, delete: changes.length + (deleteFactory ? 1 : 0), noop: 0 },
    hasChanges: changes.length > 0 || deleteFactory || restartMarkers.length > 0,
  };
  return { plan, bodies: new Map(), kept: kept.sort(), unmanaged: unmanaged.sort() };
}

import type { Plan, PropertyChange, ResourceChange, TriggerAction } from '../plan/types.js';

/**
 * The Plan as versioned JSON (formatVersion 1), keys in a fixed order whatever order the object was built or
 * read in, so the same plan always serialises to the same bytes. This is both the `--json` output and the
 * `--out` plan file that `apply` reads. Secrets are already placeholders in the plan.
 */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(toPlanDocument(plan), null, 2)}\n`;
}

function pick<T extends object>(obj: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function propertyChange(c: PropertyChange): Partial<PropertyChange> {
  return pick(c, ['path', 'op', 'before', 'after', 'lines', 'sensitive']);
}

function resourceChange(c: ResourceChange): Partial<ResourceChange> {
  return {
    ...pick(c, ['address', 'kind', 'name', 'parent', 'action', 'reason']),
    changes: c.changes.map(propertyChange) as PropertyChange[],
    ...pick(c, ['etag', 'desired', 'secretFingerprint', 'dependsOn', 'kept', 'dangerous', 'warnings']),
  };
}

function triggerAction(t: TriggerAction): Partial<TriggerAction> {
  return pick(t, ['address', 'name', 'stop', 'start', 'reason']);
}

/** The plan rebuilt with its keys in the documented order. */
export function toPlanDocument(plan: Plan): Record<string, unknown> {
  return {
    formatVersion: plan.formatVersion,
    createdAt: plan.createdAt,
    target: pick(plan.target, ['subscriptionId', 'resourceGroup', 'factoryName', 'endpoint']),
    source: pick(plan.source, [
      'dir',
      'env',
      'prune',
      'targets',
      'pruneGlobalParameters',
      'prunePrivateEndpoints',
      'overrides',
    ]),
    summary: pick(plan.summary, ['create', 'update', 'replace', 'delete', 'noop', 'drift']),
    hasChanges: plan.hasChanges,
    factory: resourceChange(plan.factory),
    changes: plan.changes.map(resourceChange),
    triggers: plan.triggers.map(triggerAction),
    ...(plan.drift?.length
      ? { drift: plan.drift.map((d) => pick(d, ['address', 'kind', 'name', 'parent', 'reason'])) }
      : {}),
    ...(plan.restartMarkers?.length ? { restartMarkers: [...plan.restartMarkers] } : {}),
  };
}

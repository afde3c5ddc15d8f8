import { AdfDeployError } from '../core/errors.js';
import { canonicalJson, isPlainObject } from '../diff/canonical.js';
import { extractFingerprint } from '../diff/secrets.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import { resourceKey } from '../model/resource.js';
import type { Kind } from '../model/kinds.js';
import type { LiveState } from '../state/types.js';

/** Parse a plan file written by `plan --out`. */
export function parseSavedPlan(text: string, file: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new AdfDeployError('apply.plan-file', `${file} is not a plan file: ${(err as Error).message}`, {
      hint: 'write one with `adf-deploy plan DIR --out plan.json`',
    });
  }
  if (
    !isPlainObject(data) ||
    data.formatVersion !== 1 ||
    !isPlainObject(data.factory) ||
    !Array.isArray(data.changes) ||
    !isPlainObject(data.source)
  ) {
    throw new AdfDeployError('apply.plan-file', `${file} is not a plan file of format version 1`, {
      hint: 'write one with `adf-deploy plan DIR --out plan.json`',
    });
  }
  return data as unknown as Plan;
}

/**
 * Addresses whose live state moved since the plan: etag changed, deleted, or created by someone else. A plan
 * made against another state must not be applied: the user plans again.
 */
export function findMovedSincePlan(saved: Plan, live: LiveState): string[] {
  const moved: string[] = [];
  const f = saved.factory;
  if (f.action === 'create' ? live.factory !== undefined : f.etag !== undefined && live.factory?.etag !== f.etag)
    moved.push(f.address);
  const liveByKey = new Map(live.resources.map((r) => [resourceKey(r), r]));
  for (const c of saved.changes) {
    const current = liveByKey.get(resourceKey({ kind: c.kind as Kind, name: c.name, parent: c.parent }));
    if (c.action === 'create' ? current !== undefined : current?.etag !== c.etag) moved.push(c.address);
  }
  return moved;
}

/** The comparable form of a planned change: action and desired body, secrets fingerprint left out. */
function comparable(c: ResourceChange): string {
  let desired = c.desired;
  if (desired && isPlainObject(desired.properties))
    desired = { ...desired, properties: extractFingerprint(desired.properties).properties };
  return canonicalJson({ action: c.action, desired });
}

/**
 * Differences between the saved plan and one computed now from the same live state: anything but the secret
 * values means the manifests changed since the plan. Returns the addresses that differ.
 */
export function findChangedSincePlan(saved: Plan, fresh: Plan): string[] {
  const index = (p: Plan) =>
    new Map([p.factory, ...p.changes].filter((c) => c.action !== 'no-op').map((c) => [c.address.toLowerCase(), c]));
  const a = index(saved);
  const b = index(fresh);
  const differ: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (!x || !y || comparable(x) !== comparable(y)) differ.push((x ?? y)!.address);
  }
  const triggers = (p: Plan) => canonicalJson(p.triggers.map((t) => [t.address.toLowerCase(), t.stop, t.start]).sort());
  if (triggers(saved) !== triggers(fresh)) differ.push('trigger stops/starts');
  const markers = (p: Plan) => canonicalJson((p.restartMarkers ?? []).map((n) => n.toLowerCase()).sort());
  if (markers(saved) !== markers(fresh)) differ.push('restart markers');
  return differ.sort();
}

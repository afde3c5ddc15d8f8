import { AdfDeployError } from '../core/errors.js';
import { canonicalJson } from '../diff/canonical.js';
import type { Kind } from '../model/kinds.js';
import { resourceKey } from '../model/resource.js';
import { toPlanDocument } from '../render/plan-json.js';
import type { LiveState } from '../state/types.js';
import { LOCAL_ENDPOINT, recordedEndpoint } from './plan-file.js';
import type { Plan } from './types.js';

/**
 * The checks that decide whether a saved plan may be applied, as pure functions. Apply never executes the
 * file: it computes the plan again from the manifests and the live factory, proves the two identical in every
 * field that reaches a request, and executes its own.
 */

const HINT = 'run plan again, review it, and apply the new plan';

/** Command-line options of `apply plan.json` that the plan also records. */
export interface SavedPlanCliOptions {
  env?: string;
  subscription?: string;
  resourceGroup?: string;
  endpoint?: string;
  local?: boolean;
  prune?: boolean;
  pruneGlobalParameters?: boolean;
  prunePrivateEndpoints?: boolean;
  target?: string[];
}

/** What apply uses to connect and to plan again: everything from the file (no flag needs repeating). */
export interface SavedPlanSettings {
  env?: string;
  subscription: string;
  resourceGroup: string;
  endpoint?: string;
  local: boolean;
  prune: boolean;
  pruneGlobalParameters?: boolean;
  prunePrivateEndpoints?: boolean;
  targets?: string[];
}

/**
 * The settings a saved plan is applied with. A flag given on the command line must say what the file says
 * (`--env prod` on a dev plan, `--prune` on a plan made without it): anything else is refused.
 */
export function resolveSavedPlanSettings(saved: Plan, cli: SavedPlanCliOptions): SavedPlanSettings {
  const s = saved.source;
  const t = saved.target;
  const local = t.endpoint === LOCAL_ENDPOINT;
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const contradictions: string[] = [];
  const check = (flag: string, given: unknown, recorded: unknown, equal = given === recorded) => {
    if (given !== undefined && !equal)
      contradictions.push(`${flag} ${JSON.stringify(given)} (the plan: ${JSON.stringify(recorded ?? null)})`);
  };
  check('--env', cli.env, s.env);
  check('--subscription', cli.subscription, t.subscriptionId, same(cli.subscription ?? '', t.subscriptionId));
  check('--resource-group', cli.resourceGroup, t.resourceGroup, same(cli.resourceGroup ?? '', t.resourceGroup));
  check(
    '--endpoint',
    cli.endpoint,
    t.endpoint,
    !local && cli.endpoint !== undefined && recordedEndpoint(cli.endpoint, false) === t.endpoint,
  );
  check('--local', cli.local, local);
  check('--prune', cli.prune, s.prune);
  check('--prune-global-parameters', cli.pruneGlobalParameters, Boolean(s.pruneGlobalParameters));
  check('--prune-private-endpoints', cli.prunePrivateEndpoints, Boolean(s.prunePrivateEndpoints));
  const targets = cli.target?.length ? cli.target : undefined;
  check('--target', targets, s.targets, canonicalJson(targets ?? null) === canonicalJson(s.targets ?? null));
  if (contradictions.length > 0)
    throw new AdfDeployError(
      'apply.plan-options',
      `the command line contradicts the saved plan: ${contradictions.join('; ')}`,
      { hint: 'apply a saved plan without those options (it records them), or make a new plan with them' },
    );
  return {
    ...(s.env !== undefined ? { env: s.env } : {}),
    subscription: t.subscriptionId,
    resourceGroup: t.resourceGroup,
    ...(local ? {} : { endpoint: t.endpoint }),
    local,
    prune: s.prune,
    ...(s.pruneGlobalParameters ? { pruneGlobalParameters: true } : {}),
    ...(s.prunePrivateEndpoints ? { prunePrivateEndpoints: true } : {}),
    ...(s.targets ? { targets: s.targets } : {}),
  };
}

/** Refuse a plan made for another subscription, resource group, factory or backend than the connection's. */
export function checkPlanTarget(
  saved: Plan,
  connected: { subscriptionId: string; resourceGroup: string; factoryName: string; endpoint: string },
  local: boolean,
): void {
  const a = saved.target;
  const endpoint = recordedEndpoint(connected.endpoint, local);
  const same = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();
  if (
    same(a.subscriptionId, connected.subscriptionId) &&
    same(a.resourceGroup, connected.resourceGroup) &&
    same(a.factoryName, connected.factoryName) &&
    a.endpoint === endpoint
  )
    return;
  throw new AdfDeployError(
    'apply.other-target',
    `the plan is for factory ${a.factoryName} in ${a.resourceGroup} (${a.subscriptionId}) at ${a.endpoint}, not ${connected.factoryName} in ${connected.resourceGroup} (${connected.subscriptionId}) at ${endpoint}`,
    { hint: 'apply the plan without --env / --subscription / --resource-group / --endpoint: it records them' },
  );
}

/**
 * Addresses whose live state moved since the plan: etag changed, deleted, or created by someone else.
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

/**
 * Differences between the saved plan and one computed now: every field of every entry (address, kind, name,
 * parent, action, etag, the redacted body with its fingerprint, the property changes, dependencies), the trigger
 * stops and starts and the restart markers. Returns what differs; the time, the folder and the endpoint (checked
 * apart) are left out.
 */
export function findChangedSincePlan(saved: Plan, fresh: Plan): string[] {
  const a = toPlanDocument(saved);
  const b = toPlanDocument(fresh);
  const entries = (d: Record<string, unknown>) =>
    new Map(
      [d.factory, ...(d.changes as unknown[])].map((c) => [(c as { address: string }).address, canonicalJson(c)]),
    );
  const x = entries(a);
  const y = entries(b);
  const differ: string[] = [];
  for (const key of new Set([...x.keys(), ...y.keys()])) if (x.get(key) !== y.get(key)) differ.push(key);
  const order = (d: Record<string, unknown>) => (d.changes as { address: string }[]).map((c) => c.address).join('\n');
  if (differ.length === 0 && order(a) !== order(b)) differ.push('the order of the changes');
  if (canonicalJson(a.triggers) !== canonicalJson(b.triggers)) differ.push('trigger stops/starts');
  if (canonicalJson(a.restartMarkers ?? []) !== canonicalJson(b.restartMarkers ?? [])) differ.push('restart markers');
  return differ.sort();
}

/** The outcome of checking a saved plan against the plan computed now. */
export type SavedPlanVerdict = { status: 'apply' } | { status: 'already-applied' };

/**
 * Prove the saved plan identical to the fresh one, computed now from the same manifests and the live factory.
 * A factory that moved since the plan and now needs nothing is a plan already applied; moved otherwise, or any
 * field different, is refused.
 */
export function verifySavedPlan(saved: Plan, fresh: Plan, live: LiveState): SavedPlanVerdict {
  const moved = findMovedSincePlan(saved, live);
  if (moved.length > 0) {
    if (saved.hasChanges && !fresh.hasChanges) return { status: 'already-applied' };
    throw new AdfDeployError('apply.stale-plan', `the factory changed since the plan was made: ${moved.join(', ')}`, {
      hint: HINT,
    });
  }
  const changed = findChangedSincePlan(saved, fresh);
  if (changed.length > 0)
    throw new AdfDeployError(
      'apply.plan-mismatch',
      `the plan no longer matches (the manifests or the factory changed since it was made): ${changed.join(', ')}`,
      { hint: HINT },
    );
  return { status: 'apply' };
}

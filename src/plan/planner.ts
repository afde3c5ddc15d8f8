import type { FactoryTarget } from '../arm/types.js';
import { AdfDeployError } from '../core/errors.js';
import { dependenciesOf } from '../model/references.js';
import { byResourceKey, resourceAddress, resourceKey, type Resource, type ResourceId } from '../model/resource.js';
import type { Project } from '../manifest/types.js';
import type { LiveResource, LiveState } from '../state/types.js';
import { compareChild, compareFactory, type Comparison } from './compare.js';
import type { ComparedAhead } from './compared-ahead.js';
import {
  buildDesiredBody,
  buildFactoryBodyWithNotes,
  declaredRuntimeState,
  factoryResourceId,
  redactBody,
} from './desired.js';
import { attachFactoryFingerprint, findFactorySecrets } from '../diff/secrets-factory.js';
import { dangerousFactoryChanges } from './factory-settings.js';
import { findIdentityUsers } from './identity-users.js';
import { isDeletable, liveAsResource, planDeletes } from './deletes.js';
import { findDrift } from './drift.js';
import { assertLocationUnchanged } from './location.js';
import { buildResourceDag } from '../graph/build.js';
import type { Dag } from '../graph/dag.js';
import { dependsOnAddresses, orderKeys, resolveTargets } from './scope.js';
import { restartMarkersIn } from './restart-markers.js';
import { planTriggerActions } from './triggers.js';
import type { Action, ChildChange, FactoryChange, Plan, PlanSummary, ResourceChange } from './types.js';

export interface PlanInput {
  project: Project;
  live: LiveState;
  target: FactoryTarget & { endpoint: string };
  prune?: boolean;
  /** Allow a prune that deletes more than half of the factory. */
  allowLargePrune?: boolean;
  /** --target addresses: plan only these and what they depend on. */
  targets?: string[];
  /** With prune: also remove live global parameters the manifest does not declare. */
  pruneGlobalParameters?: boolean;
  /** With prune: also delete managed private endpoints the manifests do not declare. */
  prunePrivateEndpoints?: boolean;
  /** Clock for Plan.createdAt (tests pass a fixed date). */
  now?: () => Date;
  /** Child comparisons already made while the list pages arrived (src/plan/compared-ahead.ts). */
  comparedAhead?: ComparedAhead;
}

export interface PlanResult {
  plan: Plan;
  /** Desired bodies with the real secret values, by address. In memory only: never serialised or printed. */
  bodies: Map<string, Record<string, unknown>>;
}

/** A child whose comparison found a change, before the changes are put in dependency order. */
interface ChildChangeDraft {
  resource: Resource;
  current: LiveResource | undefined;
  body: Record<string, unknown>;
  fingerprint: string | undefined;
  comparison: Comparison;
  action: Action;
}

/** Live resources the tool may never delete, whatever --prune says. */
function prunable(r: LiveResource, input: PlanInput, external: Set<string>): boolean {
  if (!isDeletable(r)) return false;
  if (r.kind === 'ManagedPrivateEndpoint' && !input.prunePrivateEndpoints) return false;
  return !external.has(resourceKey(r));
}

function summarise(factory: ResourceChange, changes: ResourceChange[], noops: number): PlanSummary {
  const all = [factory, ...changes];
  const count = (a: Action) => all.filter((c) => c.action === a).length;
  return {
    create: count('create'),
    update: count('update'),
    replace: count('replace'),
    delete: count('delete'),
    noop: noops + (factory.action === 'no-op' ? 1 : 0),
  };
}

/** dependenciesOf, computed once per resource. */
function rememberReferences(): (resource: Resource) => ResourceId[] {
  const known = new Map<Resource, ResourceId[]>();
  return (resource) => {
    let refs = known.get(resource);
    if (!refs) {
      refs = dependenciesOf(resource);
      known.set(resource, refs);
    }
    return refs;
  };
}

/** Compare desired (project) with live and produce the plan. Pure. */
export function computePlan(input: PlanInput): PlanResult {
  const { project, live, target } = input;
  const factoryId = factoryResourceId(target);
  const secretSettings = { env: project.envSecrets, fingerprintKey: project.fingerprintKey };
  const bodies = new Map<string, Record<string, unknown>>();
  const external = new Set(project.external.map(resourceKey));
  const liveByKey = new Map(live.resources.map((r) => [resourceKey(r), r]));
  // Each resource's references are walked at most once: the graph and the drift check may both need them (issue 19).
  const referencesOf = rememberReferences();
  const declared = byResourceKey(project.resources);
  // The dependency graph, built only when something needs it: an order for changes, --target's scope. A
  // no-change plan (most re-plans) never walks every body for its references (issue 19).
  let dag: Dag<Resource> | undefined;
  const desiredDag = (): Dag<Resource> => {
    dag ??= buildResourceDag(project.resources, referencesOf);
    return dag;
  };
  const isFactoryAddress = (t: string) =>
    t.toLowerCase() === 'factory' || t.toLowerCase() === `factory/${target.factoryName.toLowerCase()}`;
  const childTargets = (input.targets ?? []).filter((t) => !isFactoryAddress(t));
  const scope = input.targets?.length
    ? resolveTargets(childTargets, desiredDag(), new Map([...liveByKey].map(([k, r]) => [k, resourceAddress(r)])))
    : undefined;
  const inScope = (key: string) => !scope || scope.has(key);

  // The factory: compared unless --target leaves it out (it is always created when missing).
  const factoryAddress = `Factory/${target.factoryName}`;
  const factoryTargeted = !scope || !live.factory || input.targets!.some(isFactoryAddress);
  const { body: plainFactoryBody, kept } = buildFactoryBodyWithNotes(project.factory, live.factory, {
    pruneGlobalParameters: input.prune && input.pruneGlobalParameters,
  });
  // Secrets in the factory's own body: fingerprinted on a tag, compared like a child's (src/diff/secrets-factory.ts).
  const factoryCheck = findFactorySecrets(
    plainFactoryBody,
    { factoryId, resource: factoryAddress, key: project.fingerprintKey },
    { env: project.envSecrets },
  );
  const factoryBody = attachFactoryFingerprint(plainFactoryBody, factoryCheck.fingerprint);
  if (live.factory) assertLocationUnchanged(factoryBody, live.factory.body, factoryAddress);
  const factoryChanges =
    live.factory && factoryTargeted ? compareFactory(factoryBody, live.factory.body, factoryCheck) : [];
  const factoryAction: Action = !live.factory ? 'create' : factoryChanges.length > 0 ? 'update' : 'no-op';
  const factory: FactoryChange = {
    address: factoryAddress,
    kind: 'Factory',
    name: target.factoryName,
    action: factoryAction,
    changes: factoryChanges,
    ...(live.factory ? { etag: live.factory.etag } : {}),
    ...(factoryAction !== 'no-op' ? { desired: redactBody(plainFactoryBody, secretSettings) } : {}),
    ...(factoryCheck.fingerprint ? { secretFingerprint: factoryCheck.fingerprint } : {}),
    dependsOn: [],
    ...(factoryAction === 'update' ? factoryNotes(factoryBody, kept, project, live) : {}),
  };
  if (factoryAction !== 'no-op') bodies.set(factoryAddress, factoryBody);

  // Creates, updates, replaces: each desired resource compared, then the changes put in dependency order.
  const changed = new Map<string, ChildChangeDraft>();
  const actions = new Map<string, Action>();
  let noops = 0;
  for (const [key, resource] of declared) {
    if (!inScope(key)) continue;
    const current = liveByKey.get(key);
    const ahead = current ? input.comparedAhead?.take(resource, current.body) : undefined;
    const { body, fingerprint, secretCheck } = ahead?.desired ?? buildDesiredBody(resource, factoryId, secretSettings);
    const comparison =
      ahead?.comparison ??
      (current ? compareChild(resource.kind, body, fingerprint, current.body, secretCheck) : { changes: [] });
    const action: Action = !current
      ? 'create'
      : comparison.replaceReason
        ? 'replace'
        : comparison.changes.length > 0
          ? 'update'
          : 'no-op';
    actions.set(key, action);
    if (action === 'no-op') noops++;
    else changed.set(key, { resource, current, body, fingerprint, comparison, action });
  }
  const applyChanges: ChildChange[] = [];
  if (changed.size > 0) {
    const graph = desiredDag();
    for (const key of orderKeys(graph)) {
      const draft = changed.get(key);
      if (!draft) continue;
      const { resource, current, body, fingerprint, comparison, action } = draft;
      const address = resourceAddress(resource);
      bodies.set(address, body);
      applyChanges.push({
        address,
        kind: resource.kind,
        name: resource.name,
        ...(resource.parent ? { parent: resource.parent } : {}),
        action,
        ...(comparison.replaceReason ? { reason: comparison.replaceReason } : {}),
        changes: comparison.changes,
        ...(current ? { etag: current.etag } : {}),
        desired: redactBody(body, secretSettings),
        ...(fingerprint ? { secretFingerprint: fingerprint } : {}),
        dependsOn: dependsOnAddresses(graph, key),
      });
    }
  }

  // Deletes (prune): live resources not in the manifests, dependents first (live references decide).
  const deleteKeys = new Set<string>();
  if (input.prune) {
    for (const [key, r] of liveByKey)
      if (!declared.has(key) && inScope(key) && prunable(r, input, external)) deleteKeys.add(key);
  }
  const deletes = planDeletes(live, deleteKeys, 'not in the manifests (--prune)');
  for (const key of deleteKeys) actions.set(key, 'delete');
  if (deletes.length > 0) guardLargePrune(deletes.length, live.resources.length, input.allowLargePrune);

  const desiredTriggers = new Map(
    project.resources
      .filter((r) => r.kind === 'Trigger' && inScope(resourceKey(r)))
      .map((r) => [resourceKey(r), { address: resourceAddress(r), name: r.name, state: declaredRuntimeState(r) }]),
  );
  // Markers of triggers out of --target scope are left for a plan that covers them.
  const restartMarkers = restartMarkersIn(live.factory?.body.tags).filter((name) =>
    inScope(resourceKey({ kind: 'Trigger', name })),
  );
  const marked = new Set(restartMarkers.map((name) => resourceKey({ kind: 'Trigger', name })));
  const triggers = planTriggerActions({ live: live.resources, desired: desiredTriggers, actions, marked });
  const changes = [...applyChanges, ...deletes];
  // What the manifests reference counts as known (not drift): walked for only when the factory holds something the
  // manifests do not declare.
  let referenced: Set<string> | undefined;
  const drift = findDrift({
    live,
    desired: new Set(declared.keys()),
    isExternal: (key) => {
      referenced ??= new Set(project.resources.flatMap(referencesOf).map(resourceKey));
      return external.has(key) || referenced.has(key);
    },
    deleted: deleteKeys,
    inScope,
    factoryInScope: factoryTargeted,
    declaredGlobalParameters: Object.keys(project.factory.globalParameters ?? {}),
    prune: Boolean(input.prune),
    pruneGlobalParameters: Boolean(input.pruneGlobalParameters),
  });
  const plan: Plan = {
    formatVersion: 1,
    createdAt: (input.now ?? (() => new Date()))().toISOString(),
    target: {
      subscriptionId: target.subscriptionId,
      resourceGroup: target.resourceGroup,
      factoryName: target.factoryName,
      endpoint: target.endpoint,
    },
    source: {
      dir: project.root,
      ...(project.env ? { env: project.env } : {}),
      prune: Boolean(input.prune),
      ...(input.targets?.length ? { targets: [...input.targets] } : {}),
      ...(input.prune && input.pruneGlobalParameters ? { pruneGlobalParameters: true } : {}),
      ...(input.prune && input.prunePrivateEndpoints ? { prunePrivateEndpoints: true } : {}),
      ...(project.overrides?.length ? { overrides: [...project.overrides] } : {}),
    },
    factory,
    changes,
    triggers,
    ...(restartMarkers.length > 0 ? { restartMarkers } : {}),
    ...(drift.length > 0 ? { drift } : {}),
    summary: { ...summarise(factory, changes, noops), drift: drift.length },
    hasChanges: factory.action !== 'no-op' || changes.length > 0 || triggers.length > 0 || restartMarkers.length > 0,
  };
  return { plan, bodies };
}

/** What an update of the factory keeps, what makes it dangerous, and what depends on an identity it removes. */
function factoryNotes(
  body: Record<string, unknown>,
  kept: string[],
  project: Project,
  live: LiveState,
): Pick<ResourceChange, 'kept' | 'dangerous' | 'warnings'> {
  const dangerous = dangerousFactoryChanges(body, live.factory?.body);
  const warnings: string[] = [];
  const liveIdentity = live.factory?.body.identity;
  if (liveIdentity && typeof liveIdentity === 'object' && body.identity === undefined) {
    const users = findIdentityUsers([...project.resources, ...live.resources.map(liveAsResource)]);
    warnings.push(
      users.length > 0
        ? `removing the managed identity breaks what authenticates with it: ${users.join(', ')}`
        : 'removing the managed identity: no linked service or credential here uses it, but role assignments and Key Vault policies granted to it are lost',
      'a managed identity created again later gets a new principal id: every role assignment and access policy must be granted again',
    );
  }
  return {
    ...(kept.length > 0 ? { kept } : {}),
    ...(dangerous.length > 0 ? { dangerous } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Refuse a prune that would delete more than half of the factory's resources, unless explicitly allowed. */
function guardLargePrune(deletes: number, total: number, allowed: boolean | undefined): void {
  if (allowed || deletes * 2 <= total) return;
  throw new AdfDeployError(
    'plan.large-prune',
    `--prune would delete ${deletes} of the factory's ${total} resources (more than half)`,
    {
      hint: 'check that the manifests and --env are the right ones; to go ahead, add --allow-large-prune',
    },
  );
}

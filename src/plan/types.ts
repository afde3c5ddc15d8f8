import type { Kind } from '../model/kinds.js';

/**
 * The plan is plain, serialisable data (written by `plan --out`, read by `apply plan.json`).
 * Every renderer (human, JSON, Markdown) works from this one object.
 */
export type Action = 'create' | 'update' | 'delete' | 'replace' | 'no-op';

// The property-level types and the secret placeholder belong to diff/ (which computes them); re-exported here so
// the plan's readers find the whole contract in one place.
export { SECRET_PLACEHOLDER, type PathSegment, type PropertyChange } from '../diff/types.js';
import type { PropertyChange } from '../diff/types.js';

/** What a change says, whatever it changes: ResourceChange adds the kind. */
interface ChangeFields {
  /** 'Factory/<name>', 'Pipeline/<name>', 'ManagedPrivateEndpoint/<vnet>/<name>'. */
  address: string;
  name: string;
  /** Managed VNet of a private endpoint. */
  parent?: string;
  action: Action;
  /** Why a replace or delete is needed, in words. */
  reason?: string;
  changes: PropertyChange[];
  /** The etag seen at plan time; sent as If-Match on update, replace and delete. */
  etag?: string;
  /**
   * The body to PUT (create, update, replace), secrets replaced by SECRET_PLACEHOLDER. Apply refills the
   * secrets by loading the project again, and refuses if anything else differs from this body.
   */
  desired?: Record<string, unknown>;
  /** Fingerprint of the desired secret material (see src/diff/secrets), never the secret itself. */
  secretFingerprint?: string;
  /** Addresses this resource depends on (after the change): they are created/updated before it. */
  dependsOn: string[];
  /** Factory only: settings the manifests do not declare, copied from the live factory ('identity', 'properties.x'). */
  kept?: string[];
  /** Why this change is dangerous (identity, encryption, location): `apply --auto-approve` needs --allow-dangerous. */
  dangerous?: string[];
  /** What a reviewer must know (e.g. what uses a managed identity being removed). */
  warnings?: string[];
}

/** The change of the factory itself (Plan.factory). */
export interface FactoryChange extends ChangeFields {
  kind: 'Factory';
}

/** The change of one resource inside the factory (Plan.changes). */
export interface ChildChange extends ChangeFields {
  kind: Kind;
}

export type ResourceChange = FactoryChange | ChildChange;

/** Triggers that must be stopped before and/or started after the changes. */
export interface TriggerAction {
  address: string;
  name: string;
  stop: boolean;
  start: boolean;
  reason: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  noop: number;
  /** Objects in the factory, not in the manifests, left in place (Plan.drift). Absent in older plan files. */
  drift?: number;
}

/**
 * An object in the factory that the manifests do not declare, which this plan leaves in place: a resource (deleted
 * only with --prune, private endpoints only with --prune-private-endpoints too) or a global parameter (removed only
 * with --prune --prune-global-parameters). A rename reads as one create plus one drift.
 */
export interface DriftItem {
  /** 'Pipeline/Old', 'ManagedPrivateEndpoint/default/pe1', 'GlobalParameter/env'. */
  address: string;
  kind: Kind | 'GlobalParameter';
  name: string;
  parent?: string;
  /** What would remove it, in words. */
  reason: string;
}

export interface Plan {
  formatVersion: 1;
  createdAt: string;
  target: { subscriptionId: string; resourceGroup: string; factoryName: string; endpoint: string };
  /** What the plan was made from, so `apply plan.json` can reload the secrets. */
  source: {
    dir: string;
    env?: string;
    prune: boolean;
    targets?: string[];
    /** With prune: undeclared global parameters removed (--prune-global-parameters). */
    pruneGlobalParameters?: boolean;
    /** With prune: undeclared managed private endpoints deleted (--prune-private-endpoints). */
    prunePrivateEndpoints?: boolean;
    /** The environment's overrides applied to the manifests, one line each (docs/environments.md). */
    overrides?: string[];
  };
  /** The factory itself (location, identity, tags, global parameters). */
  factory: FactoryChange;
  /** Creates, updates and replaces in dependency order, then deletes in reverse dependency order. */
  changes: ChildChange[];
  triggers: TriggerAction[];
  /**
   * Restart markers found on the factory (tags `adf-deploy-restart:<trigger>`, src/plan/restart-markers.ts): left
   * by an apply that stopped these triggers and did not live to start them again. This plan removes them (after
   * starting the trigger, when `triggers` says so). Absent when there are none.
   */
  restartMarkers?: string[];
  /** In the factory, not in the manifests, left in place. Absent when there is none. */
  drift?: DriftItem[];
  summary: PlanSummary;
  /** Something to apply. Drift alone is not (plan --detailed-exitcode still exits 2 on it). */
  hasChanges: boolean;
}

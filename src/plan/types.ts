import type { Kind } from '../model/kinds.js';

/**
 * The plan is plain, serialisable data (written by `plan --out`, read by `apply plan.json`).
 * Every renderer (human, JSON, Markdown) works from this one object.
 */
export type Action = 'create' | 'update' | 'delete' | 'replace' | 'no-op';

/** Placeholder that stands for a secret value in any plan file or rendering. */
export const SECRET_PLACEHOLDER = '(sensitive value)';

/** One property-level difference between live and desired. Paths are inside the resource body. */
export interface PropertyChange {
  path: (string | number)[];
  op: 'add' | 'remove' | 'replace';
  before?: unknown;
  after?: unknown;
  /** The value is a secret: before/after are absent and renderers print "(sensitive value changed)". */
  sensitive?: boolean;
}

export interface ResourceChange {
  /** 'Factory/<name>', 'Pipeline/<name>', 'ManagedPrivateEndpoint/<vnet>/<name>'. */
  address: string;
  kind: Kind | 'Factory';
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
}

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
  };
  /** The factory itself (location, identity, tags, global parameters). */
  factory: ResourceChange;
  /** Creates, updates and replaces in dependency order, then deletes in reverse dependency order. */
  changes: ResourceChange[];
  triggers: TriggerAction[];
  /**
   * Restart markers found on the factory (tags `adf-deploy-restart:<trigger>`, src/plan/restart-markers.ts): left
   * by an apply that stopped these triggers and did not live to start them again. This plan removes them (after
   * starting the trigger, when `triggers` says so). Absent when there are none.
   */
  restartMarkers?: string[];
  summary: PlanSummary;
  hasChanges: boolean;
}

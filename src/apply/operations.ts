import { ArmError, ArmNetworkError } from '../arm/errors.js';
import { requestLongRunning } from '../arm/lro.js';
import { factoryPath, resourcePath } from '../arm/paths.js';
import {
  classifyArmError,
  conditionalDelete,
  conditionalPut,
  getOrAbsent,
  isAbsent,
  isTransient,
  sameEtag,
} from '../arm/resource.js';
import type { ArmClient, FactoryTarget } from '../arm/types.js';
import { AdfDeployError } from '../core/errors.js';
import { SECRET_PLACEHOLDER, type ChildChange, type ResourceChange } from '../plan/types.js';
import { sameDocument } from './landed.js';
import { withRestartTags } from '../plan/restart-markers.js';
import type { ApplyStep, TriggerStep } from './types.js';

export interface StepContext {
  client: ArmClient;
  target: FactoryTarget;
  /** Desired bodies with the real secrets, by address (PlanResult.bodies). */
  bodies: Map<string, Record<string, unknown>>;
  sleep: (ms: number) => Promise<void>;
  maxProvisioningRetries: number;
  onRetry(step: ApplyStep, attempt: number, delayMs: number, reason: string): void;
  /**
   * Set by apply when the factory carries restart markers: the factory PUT merges `tags` into its body (it
   * replaces the tags, and must not wipe them) and sends `etag` as If-Match when the markers' PATCH changed it.
   */
  factoryWrite?: { tags: string[]; etag?: string };
  /**
   * The plan creates the factory itself: its children cannot predate the plan, so a create skips the read before
   * its PUT (a first deploy costs no extra request). docs/apply-safety.md.
   */
  factoryIsNew?: boolean;
}

/** Run one step. Resolves with an optional note ('already deleted'); rejects with a user-facing error. */
export async function performStep(step: ApplyStep, ctx: StepContext): Promise<string | undefined> {
  return withProvisioningRetry(step, ctx, () => performOnce(step, ctx));
}

async function performOnce(step: ApplyStep, ctx: StepContext): Promise<string | undefined> {
  switch (step.operation) {
    case 'stop-trigger':
    case 'start-trigger':
      return triggerAction(step, ctx);
    case 'factory': {
      const { change } = step;
      const body = withRestartTags(bodyOf(change, ctx), ctx.factoryWrite?.tags ?? []);
      const cond = change.action === 'update' ? { ifMatch: ctx.factoryWrite?.etag ?? change.etag } : {};
      return put(ctx, factoryPath(ctx.target), change, body, cond);
    }
    case 'delete-factory':
      return remove(ctx, factoryPath(ctx.target), step.change);
    case 'create':
      return create(ctx, childPath(step.change, ctx), step.change, bodyOf(step.change, ctx));
    case 'update':
      return put(ctx, childPath(step.change, ctx), step.change, bodyOf(step.change, ctx), {
        ifMatch: step.change.etag,
      });
    case 'replace': {
      const body = bodyOf(step.change, ctx);
      await remove(ctx, childPath(step.change, ctx), step.change);
      // The delete just checked the etag: no second read before the PUT.
      return put(ctx, childPath(step.change, ctx), step.change, body, { ifNoneMatch: '*' });
    }
    case 'delete':
      return remove(ctx, childPath(step.change, ctx), step.change);
  }
}

function childPath(change: ChildChange, ctx: StepContext): string {
  return resourcePath(ctx.target, change);
}

/** The body to PUT: the in-memory one with real secrets; never a body that still holds the placeholder. */
function bodyOf(change: ResourceChange, ctx: StepContext): Record<string, unknown> {
  const body = ctx.bodies.get(change.address) ?? change.desired;
  if (!body)
    throw new AdfDeployError('apply.no-body', `${change.address}: the plan has no desired body`, { fault: 'program' });
  if (JSON.stringify(body).includes(SECRET_PLACEHOLDER)) {
    throw new AdfDeployError('apply.secret-missing', `${change.address}: the secret values are not available`, {
      hint: 'apply from the project folder (or a saved plan whose project is still there) so the secrets can be read again',
    });
  }
  return body;
}

export function changedSincePlan(address: string): AdfDeployError {
  return new AdfDeployError('apply.changed', `${address} changed since plan, run plan again`, {
    hint: 'someone changed it after the plan was made: run plan again and review',
  });
}

async function put(
  ctx: StepContext,
  path: string,
  change: ResourceChange,
  body: Record<string, unknown>,
  cond: { ifMatch?: string; ifNoneMatch?: string },
): Promise<string | undefined> {
  const result = await conditionalPut(ctx.client, path, body, cond, change.address);
  if (result.status === 'written') return undefined;
  // A retry after a reset may meet the etag our own first attempt produced: check what is there now.
  if (result.mayBeOurs) {
    const live = await getOrAbsent(ctx.client, path, change.address);
    if (live && sameDocument(change.kind, body, live)) return 'an earlier attempt had landed';
  }
  throw changedSincePlan(change.address);
}

/**
 * A create must not overwrite an object someone made after the plan. The 2018-06-01 spec declares no
 * If-None-Match on PUT, so Azure may ignore the header: read just before the PUT and refuse when the object is
 * there (unless it is already ours, from an earlier attempt). The header is still sent, for a service that honours
 * it; without it the window left is the one round trip between this read and the PUT.
 */
async function create(
  ctx: StepContext,
  path: string,
  change: ResourceChange,
  body: Record<string, unknown>,
): Promise<string | undefined> {
  const live = ctx.factoryIsNew ? undefined : await getOrAbsent(ctx.client, path, change.address);
  if (live) {
    if (sameDocument(change.kind, body, live)) return 'an earlier attempt had landed';
    throw changedSincePlan(change.address);
  }
  return put(ctx, path, change, body, { ifNoneMatch: '*' });
}

/**
 * A delete must not remove an object changed after the plan. No DELETE in the 2018-06-01 spec declares If-Match,
 * so Azure may ignore it: read the etag just before the DELETE and compare with the plan's. The header is still
 * sent; without it the window left is the one round trip between this read and the DELETE.
 */
async function remove(ctx: StepContext, path: string, change: ResourceChange): Promise<string | undefined> {
  if (change.etag !== undefined) {
    const live = await getOrAbsent(ctx.client, path, change.address);
    if (!live) return 'already absent';
    if (!sameEtag(String(live.etag ?? live.eTag ?? ''), change.etag)) throw changedSincePlan(change.address);
  }
  const result = await conditionalDelete(ctx.client, path, change.etag, change.address);
  if (result === 'deleted') return undefined;
  if (result === 'absent') return 'already absent';
  // Gone already (an earlier attempt, or a run killed after it)? Then the delete is done.
  if (!(await getOrAbsent(ctx.client, path, change.address))) return 'already absent';
  throw changedSincePlan(change.address);
}

async function triggerAction(step: TriggerStep, ctx: StepContext): Promise<string | undefined> {
  const { name } = step.trigger;
  const verb = step.operation === 'stop-trigger' ? 'stop' : 'start';
  const url = `${resourcePath(ctx.target, { kind: 'Trigger', name })}/${verb}`;
  for (let attempt = 1; ; attempt++) {
    try {
      // Triggers_Start/_Stop are long-running in the spec (x-ms-long-running-operation), though only 200 is declared.
      await requestLongRunning(ctx.client, 'POST', url, { resource: step.address, sleep: ctx.sleep });
      return undefined;
    } catch (err) {
      // Stopping a trigger that is gone is what we wanted anyway.
      if (verb === 'stop' && isAbsent(err)) return 'already absent';
      // The client does not retry POSTs (not idempotent in general). Start and stop are: the end state is the
      // same however many times they run, so a transient failure is retried here.
      if (!isTransient(err) || attempt > TRIGGER_RETRIES) throw err;
      const delayMs = 1_000 * 2 ** (attempt - 1);
      ctx.onRetry(step, attempt, delayMs, err instanceof Error ? err.message : String(err));
      await ctx.sleep(delayMs);
    }
  }
}

const TRIGGER_RETRIES = 4;

/** A write that met a resource still being provisioned: waited for and retried (arm/resource.ts). */
export function isProvisioningConflict(err: unknown): boolean {
  return classifyArmError(err) === 'provisioning';
}

async function withProvisioningRetry<T>(step: ApplyStep, ctx: StepContext, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isProvisioningConflict(err) || attempt > ctx.maxProvisioningRetries) throw err;
      const delayMs = Math.min(30_000, 2_000 * 2 ** (attempt - 1));
      ctx.onRetry(step, attempt, delayMs, err instanceof ArmError ? err.armMessage : String(err));
      await ctx.sleep(delayMs);
    }
  }
}

/** A short, secret-free message for a failed step. */
export function describeFailure(err: unknown): { message: string; hint?: string } {
  if (err instanceof ArmError || err instanceof ArmNetworkError || err instanceof AdfDeployError)
    return { message: err.message, hint: err.hint };
  return { message: err instanceof Error ? err.message : String(err) };
}

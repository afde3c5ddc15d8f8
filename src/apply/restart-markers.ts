import { factoryPath } from '../arm/paths.js';
import { classifyArmError, etagOf, isTransient, sameEtag } from '../arm/resource.js';
import { AdfDeployError } from '../core/errors.js';
import { findKeyIgnoringCase, isPlainObject } from '../diff/canonical.js';
import { Dag } from '../graph/dag.js';
import { isRestartTag, restartTagName, restartTags, RESTART_TAG_PREFIX } from '../plan/restart-markers.js';
import type { Plan } from '../plan/types.js';
import { changedSincePlan, describeFailure, type StepContext } from './operations.js';
import type { OutcomeOf } from './report.js';
import type { StepGraph } from './steps.js';
import type { ApplyStep, FactoryStep } from './types.js';
import type { NodeState, TaskOutcome } from './work-graph.js';

/**
 * The one owner of the trigger stop/start pairs of an apply and of their restart markers. A trigger stopped only
 * to be started again would stay stopped for good if the process died in between (kill -9, a lost machine) and
 * its manifest does not say Started: the next plan would see a stopped trigger and nothing asking for it to run.
 * So the pair is recorded on the factory itself (CI checkouts are fresh: no local state):
 * (1) before the first stop, one PATCH of the factory's tags adds a marker per such trigger (`beforeStep`);
 * (2) the stops; (3) the factory PUT, if any, carries the markers (it replaces the tags; `ctx.factoryWrite`);
 * (4) the changes; (5) the starts (`beforeStep` skips a start whose trigger's create did not complete); after
 * Ctrl-C, the starts of the triggers this run stopped (`restoreGraph`); (6) one PATCH removes the markers of the
 * triggers whose start succeeded (`clear`; a failed start keeps its marker). The planner reads the markers, starts
 * a marked trigger found stopped (unless the manifest says Stopped) and removes the marker. A failed marker write
 * fails the stops, so nothing is stopped unrecorded. No marker is written when no trigger is stopped for a restart.
 */
export interface TriggerPairs {
  /** Starts are tolerant work-graph nodes: they run after a failure too, so a failure leaves no trigger stopped. */
  isTolerant(key: string): boolean;
  /** Run before a step: writes the markers before a stop or the factory PUT; skips a start with nothing to start. */
  beforeStep(step: ApplyStep): Promise<TaskOutcome | undefined>;
  /** A start left not started that `restoreGraph` will still run (its stop happened): not reported as left undone. */
  willRestore(step: ApplyStep): boolean;
  /** After Ctrl-C: the starts of the triggers this run stopped (finishing the pair beats a stopped trigger). */
  restoreGraph(states: Map<string, NodeState>): Dag<ApplyStep>;
  /** Remove the markers of the triggers started again; rejects when that fails (`markerStep` names it). */
  clear(): Promise<void>;
  /** How a failed clean-up shows in the summary: a write of the factory. */
  markerStep: FactoryStep;
}

export function createTriggerPairs(ctx: StepContext, plan: Plan, steps: StepGraph, outcomeOf: OutcomeOf): TriggerPairs {
  const markers = restartMarkersOf(plan);
  const plannedEtag = plan.factory.action === 'update' ? plan.factory.etag : undefined;
  if (markers.all.length > 0) ctx.factoryWrite = { tags: markers.all };
  let recorded: Promise<void> | undefined;
  const record = (): Promise<void> =>
    (recorded ??= writeRestartMarkers(ctx, plan.factory.address, markers.write, plannedEtag).then((etag) => {
      ctx.factoryWrite = { tags: markers.all, ...(plannedEtag && etag ? { etag } : {}) };
    }));
  const isStart = new Set(steps.starts.map((s) => s.id));
  const stopDone = (step: ApplyStep): boolean => outcomeOf(`stop-trigger:${step.address}`) === 'done';
  const willRestore = (step: ApplyStep): boolean => isStart.has(step.id) && stopDone(step);
  return {
    isTolerant: (key) => isStart.has(key),
    async beforeStep(step) {
      if (step.operation === 'start-trigger') {
        // A trigger whose create (or replace) did not complete does not exist: nothing to start. One whose update
        // failed still exists as it was, and is restarted so a failed apply does not leave it stopped.
        const own = [`create:${step.address}`, `replace:${step.address}`].find((id) => outcomeOf(id) !== undefined);
        if (own !== undefined && outcomeOf(own) !== 'done') return { skipped: own };
      }
      if (markers.write.length === 0) return undefined;
      if (step.operation === 'factory') await record();
      if (step.operation === 'stop-trigger') await record().catch(refuseStop);
      return undefined;
    },
    willRestore,
    restoreGraph(states) {
      const restore = new Dag<ApplyStep>();
      for (const s of steps.starts) if (states.get(s.id) === 'not-started' && willRestore(s)) restore.add(s.id, s);
      return restore;
    },
    async clear() {
      // Markers come off for the triggers started again (a marker whose start did not succeed stays, so the next
      // plan starts that trigger), and for those an interrupted run left for triggers this plan does not start.
      const started = new Map(steps.starts.map((s) => [s.trigger.name.toLowerCase(), s.id]));
      const clear = markers.all.filter((name) => {
        const start = started.get(name.toLowerCase());
        return start === undefined || outcomeOf(start) === 'done';
      });
      if (clear.length > 0) await clearRestartMarkers(ctx, plan.factory.address, clear);
    },
    markerStep: {
      id: `restart-markers:${plan.factory.address}`,
      address: `${plan.factory.address} (restart markers)`,
      operation: 'factory',
      change: plan.factory,
    },
  };
}

function refuseStop(err: unknown): never {
  const { message, hint } = describeFailure(err);
  throw new AdfDeployError(
    'apply.restart-marker',
    `not stopped: the restart marker could not be written on the factory first: ${message}`,
    { hint: hint ?? 'nothing was stopped or changed; run the same command again' },
  );
}

/**
 * The restart markers of one apply (src/plan/restart-markers.ts says what they are). A trigger the plan stops and
 * starts again gets a marker on the factory before the first stop; the markers come off, in one PATCH at the end,
 * for the triggers whose start succeeded. A run killed in between leaves them, and the next plan starts those
 * triggers. Nothing is written when no trigger is stopped for a restart.
 */
export interface RestartMarkers {
  /** Triggers stopped and started again by this apply: marked before any stop. */
  write: string[];
  /** Every marker this apply looks after: its own, plus those an interrupted run left (plan.restartMarkers). */
  all: string[];
}

export function restartMarkersOf(plan: Plan): RestartMarkers {
  const write = plan.triggers.filter((t) => t.stop && t.start).map((t) => t.name);
  const all = new Map<string, string>();
  for (const name of [...write, ...(plan.restartMarkers ?? [])])
    if (!all.has(name.toLowerCase())) all.set(name.toLowerCase(), name);
  return { write, all: [...all.values()] };
}

const hasTag = (tags: Record<string, unknown>, name: string): boolean => findKeyIgnoringCase(tags, name) !== undefined;

/**
 * Write the markers of `names` (live tags kept). `plannedEtag`: the factory's eTag at plan time when the plan
 * also updates the factory; a factory changed since then fails here, before any trigger is stopped. Returns the
 * factory's new eTag (the factory PUT sends it as If-Match: our PATCH changed it).
 */
export function writeRestartMarkers(
  ctx: StepContext,
  address: string,
  names: string[],
  plannedEtag?: string,
): Promise<string | undefined> {
  return patchFactoryTags(ctx, address, plannedEtag, (tags) => {
    const missing = names.filter((n) => !hasTag(tags, restartTagName(n)));
    return missing.length === 0 ? undefined : { ...tags, ...restartTags(missing) };
  });
}

/** Remove the markers of `names` (other tags kept); no PATCH when none of them is there. */
export async function clearRestartMarkers(ctx: StepContext, address: string, names: string[]): Promise<void> {
  const gone = new Set(names.map((n) => n.toLowerCase()));
  await patchFactoryTags(ctx, address, undefined, (tags) => {
    const keys = Object.keys(tags).filter(
      (k) => isRestartTag(k) && gone.has(k.slice(RESTART_TAG_PREFIX.length).toLowerCase()),
    );
    if (keys.length === 0) return undefined;
    const out = { ...tags };
    for (const k of keys) delete out[k];
    return out;
  });
}

const ATTEMPTS = 4;

/**
 * GET the factory, then PATCH its tags to `edit(live tags)` with If-Match on the eTag just read, so a tag someone
 * adds meanwhile is not lost (412: read again). The PATCH is not retried by the client (not idempotent in
 * general); setting a tag map is, so a transient failure is retried here. `edit` returns undefined when the live
 * tags are already right.
 */
async function patchFactoryTags(
  ctx: StepContext,
  address: string,
  plannedEtag: string | undefined,
  edit: (tags: Record<string, unknown>) => Record<string, unknown> | undefined,
): Promise<string | undefined> {
  const path = factoryPath(ctx.target);
  let sent = false;
  for (let attempt = 1; ; attempt++) {
    const sentEarlier = sent;
    try {
      const live = (await ctx.client.request<Record<string, unknown>>('GET', path, { resource: address })).body;
      const etag = etagOf(live);
      // After a PATCH of ours that may have landed, the eTag is ours: only the first read checks the plan's.
      if (plannedEtag !== undefined && !sentEarlier && !sameEtag(etag, plannedEtag)) throw changedSincePlan(address);
      const tags = edit(isPlainObject(live.tags) ? live.tags : {});
      if (!tags) return etag;
      sent = true;
      const res = await ctx.client.request<Record<string, unknown>>('PATCH', path, {
        body: { tags },
        ...(etag ? { ifMatch: etag } : {}),
        resource: address,
      });
      return isPlainObject(res.body) ? etagOf(res.body) : undefined;
    } catch (err) {
      const conflict = classifyArmError(err) === 'precondition-failed';
      if (conflict && plannedEtag !== undefined && !sentEarlier) throw changedSincePlan(address);
      if (!(conflict || isTransient(err)) || attempt >= ATTEMPTS) throw err;
      if (!conflict) await ctx.sleep(1_000 * 2 ** (attempt - 1));
    }
  }
}

import type { ArmClient } from '../arm/types.js';
import { AdfDeployError } from '../core/errors.js';
import type { PlanResult } from '../plan/planner.js';
import { describeFailure, performStep, type StepContext } from './operations.js';
import { clearRestartMarkers, restartMarkersOf, writeRestartMarkers } from './restart-markers.js';
import { buildSteps } from './steps.js';
import type { ApplyEvent, ApplyOptions, ApplyStep, ApplySummary } from './types.js';
import { runWorkGraph, type WorkEvent } from './work-graph.js';
import { Dag } from '../graph/dag.js';

/** Concurrency default: see docs/quickstart.md ("Concurrency") for the measurement behind it. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * Carry out a plan: stop the triggers it says to stop, put the factory, then creates/updates/replaces and deletes
 * as one work graph (see buildSteps for the ordering), then start the triggers it says to start. Every update and
 * delete sends If-Match with the etag seen at plan time. Never throws for a failed step: the summary says what
 * succeeded, failed, was skipped or was not started.
 *
 * A trigger stopped only to be started again would stay stopped for good if the process died in between (kill -9,
 * a lost machine) and its manifest does not say Started: the next plan would see a stopped trigger and nothing
 * asking for it to run. So the pair is recorded on the factory itself (CI checkouts are fresh: no local state):
 * (1) before the first stop, one PATCH of the factory's tags adds a restart marker per such trigger
 * (`adf-deploy-restart:<trigger>`, src/plan/restart-markers.ts); (2) the stops; (3) the factory PUT, if any,
 * carries the markers (it replaces the tags); (4) the changes; (5) the starts; (6) one PATCH removes the markers of
 * the triggers whose start succeeded (a failed start keeps its marker). The planner reads the markers, starts a
 * marked trigger found stopped (unless the manifest says Stopped) and removes the marker. A failed marker write
 * fails the stops, so nothing is stopped unrecorded. No marker is written when no trigger is stopped for a restart.
 */
export async function applyPlan(client: ArmClient, result: PlanResult, options: ApplyOptions): Promise<ApplySummary> {
  const now = options.now ?? Date.now;
  const began = now();
  const emit = (e: ApplyEvent): void => options.onEvent?.(e);
  const { dag, starts, all } = buildSteps(result.plan);
  const cycle = dag.cycles()[0];
  if (cycle) {
    // Only possible among deletes (live references the manifests no longer describe); refuse before writing.
    throw new AdfDeployError(
      'apply.cycle',
      `the changes depend on each other in a cycle: ${[...cycle, cycle[0]].map((id) => dag.get(id)!.address).join(' -> ')}`,
      {
        hint: 'break the cycle by hand in the factory (or apply in two steps with --target), then plan again',
      },
    );
  }
  const { subscriptionId, resourceGroup, factoryName } = result.plan.target;
  const notes = new Map<string, string | undefined>();
  const ctx: StepContext = {
    client,
    target: { subscriptionId, resourceGroup, factoryName },
    bodies: result.bodies,
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    maxProvisioningRetries: options.maxProvisioningRetries ?? 5,
    onRetry: (step, attempt, delayMs, reason) => emit({ type: 'step-retry', step, attempt, delayMs, reason }),
    factoryIsNew: result.plan.factory.action === 'create',
  };
  const summary: ApplySummary = {
    succeeded: [],
    failed: [],
    skipped: [],
    notStarted: [],
    aborted: false,
    durationMs: 0,
  };
  const record = (
    step: ApplyStep,
    outcome: 'done' | 'failed' | 'not-started',
    durationMs = 0,
    error?: unknown,
  ): void => {
    if (outcome === 'done') {
      summary.succeeded.push(step);
      emit({ type: 'step-done', step, durationMs, note: notes.get(step.id) });
    } else if (outcome === 'failed') {
      const f = describeFailure(error);
      summary.failed.push({ step, ...f });
      emit({ type: 'step-failed', step, durationMs, ...f });
    } else {
      summary.notStarted.push(step);
      emit({ type: 'step-not-started', step });
    }
  };

  // Restart markers: written once, before the first stop (and before the factory PUT, which must carry them).
  const { plan } = result;
  const markers = restartMarkersOf(plan);
  const plannedFactoryEtag = plan.factory.action === 'update' ? plan.factory.etag : undefined;
  if (markers.all.length > 0) ctx.factoryWrite = { tags: markers.all };
  let recorded: Promise<void> | undefined;
  const recordMarkers = (): Promise<void> =>
    (recorded ??= writeRestartMarkers(ctx, plan.factory.address, markers.write, plannedFactoryEtag).then((etag) => {
      ctx.factoryWrite = { tags: markers.all, ...(plannedFactoryEtag && etag ? { etag } : {}) };
    }));

  const isStart = new Set(starts.map((s) => s.id));
  /** Final state of each settled step, by lower-cased id. */
  const outcome = new Map<string, string>();
  const forward = (e: WorkEvent<ApplyStep>): void => {
    if (e.type === 'started') emit({ type: 'step-started', step: e.value });
    else if (e.type === 'done') record(e.value, 'done', e.durationMs);
    else if (e.type === 'failed' && e.error instanceof SkipStep) {
      summary.skipped.push({ step: e.value, because: e.error.because });
      emit({ type: 'step-skipped', step: e.value, because: e.error.because });
    } else if (e.type === 'failed') record(e.value, 'failed', e.durationMs, e.error);
    else if (e.type === 'not-started') {
      // A start whose stop happened in this run is not left undone: the restore below runs it.
      if (!(isStart.has(e.key) && outcome.get(`stop-trigger:${e.value.address}`.toLowerCase()) === 'done'))
        record(e.value, 'not-started');
    } else if (e.type === 'skipped') {
      const because = all.find((s) => s.id === e.because)!.address;
      summary.skipped.push({ step: e.value, because });
      emit({ type: 'step-skipped', step: e.value, because });
    }
  };
  // A trigger whose create (or replace) did not complete does not exist: nothing to start. One whose update
  // failed still exists as it was, and is restarted so a failed apply does not leave it stopped.
  const run = async (_key: string, step: ApplyStep): Promise<void> => {
    if (isStart.has(step.id)) {
      const own =
        outcome.get(`create:${step.address}`.toLowerCase()) ?? outcome.get(`replace:${step.address}`.toLowerCase());
      if (own !== undefined && own !== 'done') throw new SkipStep(step.address);
    }
    if (markers.write.length > 0 && step.operation === 'stop-trigger') {
      try {
        await recordMarkers();
      } catch (err) {
        throw new AdfDeployError(
          'apply.restart-marker',
          `not stopped: the restart marker could not be written on the factory first: ${describeFailure(err).message}`,
          {
            hint: describeFailure(err).hint ?? 'nothing was stopped or changed; run the same command again',
          },
        );
      }
    }
    if (markers.write.length > 0 && step.operation === 'factory') await recordMarkers();
    notes.set(step.id, await performStep(step, ctx));
  };

  emit({ type: 'begin', steps: all });
  const options_ = { concurrency: options.concurrency, now, tolerant: (k: string) => isStart.has(k) };
  const onEvent = (e: WorkEvent<ApplyStep>): void => {
    if (e.type === 'done' || e.type === 'failed' || e.type === 'skipped') outcome.set(e.key.toLowerCase(), e.type);
    forward(e);
  };
  const graph = await runWorkGraph(dag, run, { ...options_, signal: options.signal, onEvent });

  // After Ctrl-C, the triggers this run stopped are started again: the stop was the first half of a pair in
  // flight, and leaving a production trigger stopped is worse than finishing the pair.
  const aborted = Boolean(options.signal?.aborted);
  if (aborted) {
    const restore = new Dag<ApplyStep>();
    for (const step of starts) {
      if (
        graph.states.get(step.id) === 'not-started' &&
        outcome.get(`stop-trigger:${step.address}`.toLowerCase()) === 'done'
      )
        restore.add(step.id, step);
    }
    await runWorkGraph(restore, run, { ...options_, onEvent });
  }

  // Last, the markers of the triggers started again come off (a marker whose start did not succeed stays, so the
  // next plan starts that trigger); so do those an interrupted run left for triggers this plan does not start.
  const startOf = new Map(
    plan.triggers.filter((t) => t.start).map((t) => [t.name.toLowerCase(), `start-trigger:${t.address}`.toLowerCase()]),
  );
  const clear = markers.all.filter((name) => {
    const start = startOf.get(name.toLowerCase());
    return start === undefined || outcome.get(start) === 'done';
  });
  if (clear.length > 0) {
    const step: ApplyStep = {
      id: `restart-markers:${plan.factory.address}`,
      address: `${plan.factory.address} (restart markers)`,
      operation: 'factory',
    };
    const started = now();
    try {
      await clearRestartMarkers(ctx, plan.factory.address, clear);
    } catch (err) {
      record(step, 'failed', now() - started, err);
    }
  }
  summary.aborted = aborted;
  summary.durationMs = now() - began;
  emit({ type: 'end', summary });
  return summary;
}

/** Thrown by a tolerant step that finds nothing to do (a trigger start whose create did not happen). */
class SkipStep extends Error {
  constructor(readonly because: string) {
    super(`skipped: ${because} did not complete`);
  }
}

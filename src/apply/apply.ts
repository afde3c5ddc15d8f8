import type { ArmClient } from '../arm/types.js';
import { AdfDeployError } from '../core/errors.js';
import type { PlanResult } from '../plan/planner.js';
import { describeFailure, performStep, type StepContext } from './operations.js';
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
 */
export async function applyPlan(client: ArmClient, result: PlanResult, options: ApplyOptions): Promise<ApplySummary> {
  const now = options.now ?? Date.now;
  const began = now();
  const emit = (e: ApplyEvent): void => options.onEvent?.(e);
  const { dag, starts, all } = buildSteps(result.plan);
  const cycle = dag.cycles()[0];
  if (cycle) {
    // Only possible among deletes (live references the manifests no longer describe); refuse before writing.
    throw new AdfDeployError('apply.cycle', `the changes depend on each other in a cycle: ${[...cycle, cycle[0]].map((id) => dag.get(id)!.address).join(' -> ')}`, {
      hint: 'break the cycle by hand in the factory (or apply in two steps with --target), then plan again',
    });
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
  };
  const summary: ApplySummary = { succeeded: [], failed: [], skipped: [], notStarted: [], aborted: false, durationMs: 0 };
  const record = (step: ApplyStep, outcome: 'done' | 'failed' | 'not-started', durationMs = 0, error?: unknown): void => {
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

  const forward = (e: WorkEvent<ApplyStep>): void => {
    if (e.type === 'started') emit({ type: 'step-started', step: e.value });
    else if (e.type === 'done') record(e.value, 'done', e.durationMs);
    else if (e.type === 'failed') record(e.value, 'failed', e.durationMs, e.error);
    else if (e.type === 'not-started') record(e.value, 'not-started');
    else if (e.type === 'skipped') {
      const because = all.find((s) => s.id === e.because)!.address;
      summary.skipped.push({ step: e.value, because });
      emit({ type: 'step-skipped', step: e.value, because });
    }
  };
  const run = async (_key: string, step: ApplyStep): Promise<void> => void notes.set(step.id, await performStep(step, ctx));

  emit({ type: 'begin', steps: all });
  const graph = await runWorkGraph(dag, run, { concurrency: options.concurrency, signal: options.signal, now, onEvent: forward });
  const stateOf = new Map([...graph.states].map(([k, v]) => [k.toLowerCase(), v]));

  // A trigger whose create (or replace) did not complete does not exist: nothing to start. One whose update
  // failed still exists as it was, and is restarted so a failed apply does not leave it stopped. After Ctrl-C,
  // only the triggers this run stopped are started again: the stop was the first half of a pair in flight, and
  // leaving a production trigger stopped is worse than finishing the pair.
  const aborted = Boolean(options.signal?.aborted);
  const startDag = new Dag<ApplyStep>();
  for (const step of starts) {
    const key = (op: string) => stateOf.get(`${op}:${step.address}`.toLowerCase());
    const own = key('create') ?? key('replace');
    if (own && own !== 'done' && own !== 'not-started') {
      summary.skipped.push({ step, because: step.address });
      emit({ type: 'step-skipped', step, because: step.address });
    } else if (aborted && key('stop-trigger') !== 'done') record(step, 'not-started');
    else startDag.add(step.id, step);
  }
  await runWorkGraph(startDag, run, { concurrency: options.concurrency, now, onEvent: forward });
  summary.aborted = aborted;
  summary.durationMs = now() - began;
  emit({ type: 'end', summary });
  return summary;
}

import type { ArmClient } from '../arm/types.js';
import { AdfDeployError } from '../core/errors.js';
import type { Dag } from '../graph/dag.js';
import type { PlanResult } from '../plan/planner.js';
import { performStep, type StepContext } from './operations.js';
import { createReport, type ApplyReport } from './report.js';
import { createTriggerPairs } from './restart-markers.js';
import { buildSteps } from './steps.js';
import type { ApplyOptions, ApplyStep, ApplySummary } from './types.js';
import { runWorkGraph, type TaskRunner } from './work-graph.js';

/** Concurrency default: see docs/quickstart.md ("Concurrency") for the measurement behind it. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * Carry out a plan: stop the triggers it says to stop, put the factory, then creates/updates/replaces and deletes
 * as one work graph (see buildSteps for the ordering), then start the triggers it says to start. Every update and
 * delete sends If-Match with the etag seen at plan time. Never throws for a failed step: the summary says what
 * succeeded, failed, was skipped or was not started. The trigger pairs and their restart markers (what makes a
 * killed apply leave no trigger stopped for good) are src/apply/restart-markers.ts.
 */
export async function applyPlan(client: ArmClient, result: PlanResult, options: ApplyOptions): Promise<ApplySummary> {
  const now = options.now ?? Date.now;
  const began = now();
  const steps = buildSteps(result.plan);
  refuseCycle(steps.dag);
  const report = createReport(steps.all, options.onEvent);
  const ctx = stepContext(client, result, options, report);
  const pairs = createTriggerPairs(ctx, result.plan, steps, report.outcomeOf);
  const run: TaskRunner<ApplyStep> = async (_key, step) => {
    const skip = await pairs.beforeStep(step);
    if (skip) return skip;
    report.note(step, await performStep(step, ctx));
  };
  const graphOptions = {
    concurrency: options.concurrency,
    now,
    tolerant: pairs.isTolerant,
    onEvent: (e: Parameters<ApplyReport['onWorkEvent']>[0]) =>
      report.onWorkEvent(e, !(e.type === 'not-started' && pairs.willRestore(e.value))),
  };

  report.begin();
  const graph = await runWorkGraph(steps.dag, run, { ...graphOptions, signal: options.signal });
  const aborted = Boolean(options.signal?.aborted);
  if (aborted) await runWorkGraph(pairs.restoreGraph(graph.states), run, graphOptions);
  const clearing = now();
  await pairs.clear().catch((err: unknown) => report.fail(pairs.markerStep, now() - clearing, err));
  return report.end(aborted, now() - began);
}

/** Only possible among deletes (live references the manifests no longer describe): refuse before writing. */
function refuseCycle(dag: Dag<ApplyStep>): void {
  const cycle = dag.cycles()[0];
  if (!cycle) return;
  const addresses = [...cycle, cycle[0]].map((id) => dag.get(id)?.address ?? id);
  throw new AdfDeployError('apply.cycle', `the changes depend on each other in a cycle: ${addresses.join(' -> ')}`, {
    hint: 'break the cycle by hand in the factory (or apply in two steps with --target), then plan again',
  });
}

function stepContext(client: ArmClient, result: PlanResult, options: ApplyOptions, report: ApplyReport): StepContext {
  const { subscriptionId, resourceGroup, factoryName } = result.plan.target;
  return {
    client,
    target: { subscriptionId, resourceGroup, factoryName },
    bodies: result.bodies,
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    maxProvisioningRetries: options.maxProvisioningRetries ?? 5,
    onRetry: report.retry,
    factoryIsNew: result.plan.factory.action === 'create',
  };
}

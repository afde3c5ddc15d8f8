import { evaluateDeep, type EvaluationContext } from '../../expression/index.js';
import type { ActivityErrorRecord, ActivityRunRecord, PipelineRunRecord } from './records.js';
import type { TopOutcome } from './run-store.js';

/** A pipeline run while it executes (the record is what the API shows; the rest stays in memory). */
export interface LiveRun {
  factoryKey: string;
  factoryName: string;
  factoryId: string;
  record: PipelineRunRecord;
  /** The pipeline's `properties` as stored when the run started. */
  pipeline: Record<string, unknown>;
  /** Parameter values as sent (typed), defaults filled in. SecureString values live only here, never journalled. */
  params: Record<string, unknown>;
  variables: Record<string, unknown>;
  /** Outcomes of top-level activities (kept for recovery reruns). */
  top: Record<string, TopOutcome>;
  /** Recovery: top-level activities whose earlier outcome is reused instead of running them again. */
  reuse: Record<string, TopOutcome>;
  system: Record<string, unknown>;
  trigger?: Record<string, unknown>;
  globalParameters: Record<string, unknown>;
  abort: AbortController;
  children: Set<string>;
  returnValue?: Record<string, unknown>;
  /** errorCode of the activity that failed the run (for a parent ExecutePipeline). */
  failedCode?: string;
  done: Promise<PipelineRunRecord>;
  finish(record: PipelineRunRecord): void;
}

/** Where activities of one container run: the pipeline, a ForEach iteration, a branch. */
export interface ExecScope {
  run: LiveRun;
  /** activity('X') as expressions see it: { output, status, error, ... } per completed activity. */
  activities: Record<string, unknown>;
  /** Present inside a ForEach iteration (or a Filter condition). */
  item?: { value: unknown };
  /** Stops the scope (cancel, or the enclosing activity's timeout). */
  signal: AbortSignal;
  /** Top-level scope of the pipeline (recovery and top outcomes apply only there). */
  top: boolean;
}

/** A child scope: sees what its parent has seen so far. */
export function childScope(parent: ExecScope, signal: AbortSignal, item?: { value: unknown }): ExecScope {
  return { run: parent.run, activities: { ...parent.activities }, item: item ?? parent.item, signal, top: false };
}

/** The expression context of a scope. */
export function expressionContext(scope: ExecScope, now: () => number): EvaluationContext {
  const ctx: EvaluationContext = {
    parameters: scope.run.params,
    globalParameters: scope.run.globalParameters,
    variables: scope.run.variables,
    activities: scope.activities,
    system: scope.run.system,
    trigger: scope.run.trigger,
    now: () => new Date(now()),
  };
  if (scope.item) ctx.item = scope.item.value;
  return ctx;
}

/** Evaluate every expression in a JSON value within a scope. */
export function evaluateIn(scope: ExecScope, value: unknown, now: () => number, item?: { value: unknown }): unknown {
  const ctx = expressionContext(item ? { ...scope, item } : scope, now);
  return evaluateDeep(value, ctx);
}

/** What an activity ends with. */
export type Outcome =
  | { status: 'Succeeded'; output: unknown }
  | { status: 'Failed'; error: Partial<ActivityErrorRecord> & { message: string }; output?: unknown }
  | { status: 'Cancelled'; output?: unknown };

/** The result record activity('X') returns. */
export function activityView(record: ActivityRunRecord): Record<string, unknown> {
  return {
    output: record.output ?? {},
    status: record.status,
    error: record.error,
    activityRunId: record.activityRunId,
    pipelineRunId: record.pipelineRunId,
    activityName: record.activityName,
    activityType: record.activityType,
    input: record.input,
  };
}

import type { Action, ChildChange, FactoryChange, TriggerAction } from '../plan/types.js';

/** What one step of an apply does. */
export type Operation = ApplyStep['operation'];

interface StepBase {
  /** Unique within an apply: `${operation}:${address}`. */
  id: string;
  address: string;
}

/** Stop or start one trigger (the plan's trigger action behind it). */
export interface TriggerStep extends StepBase {
  operation: 'stop-trigger' | 'start-trigger';
  trigger: TriggerAction;
}

/**
 * Write or delete the factory. Also the step that removes the restart markers at the end of an apply (id
 * `restart-markers:…`), which shows as a factory write and is never given to performStep.
 */
export interface FactoryStep extends StepBase {
  operation: 'factory' | 'delete-factory';
  change: FactoryChange;
}

/** Create, update, replace or delete one resource inside the factory. */
export interface ChildStep extends StepBase {
  operation: 'create' | 'update' | 'replace' | 'delete';
  change: ChildChange;
}

/** One unit of work: an HTTP call (two for a replace) on one resource. */
export type ApplyStep = TriggerStep | FactoryStep | ChildStep;

export type ApplyEvent =
  /** Every step the apply will try, in a stable order (progress views draw their list from it). */
  | { type: 'begin'; steps: ApplyStep[] }
  | { type: 'step-started'; step: ApplyStep }
  /** A provisioning conflict: the step waits and tries again. */
  | { type: 'step-retry'; step: ApplyStep; attempt: number; delayMs: number; reason: string }
  | { type: 'step-done'; step: ApplyStep; durationMs: number; note?: string }
  | { type: 'step-failed'; step: ApplyStep; durationMs: number; message: string; hint?: string }
  /** `because` is the address of the failed step that made this one impossible. */
  | { type: 'step-skipped'; step: ApplyStep; because: string }
  | { type: 'step-not-started'; step: ApplyStep }
  | { type: 'end'; summary: ApplySummary };

export interface ApplySummary {
  succeeded: ApplyStep[];
  failed: Array<{ step: ApplyStep; message: string; hint?: string }>;
  skipped: Array<{ step: ApplyStep; because: string }>;
  notStarted: ApplyStep[];
  /** The signal fired (Ctrl-C / SIGTERM): the not-started steps are what is left to do. */
  aborted: boolean;
  durationMs: number;
}

export interface ApplyOptions {
  /** Most calls in flight at once. */
  concurrency: number;
  /** Ctrl-C / SIGTERM: start nothing new, let calls in flight finish. */
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
  /** Wait between retries of a provisioning conflict (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for durations. */
  now?: () => number;
  /** Retries of a provisioning conflict before the step fails. Default 5. */
  maxProvisioningRetries?: number;
}

/** The step operation for a plan action. */
export function operationOf(action: Action): ChildStep['operation'] | undefined {
  return action === 'no-op' ? undefined : action;
}

/** True when the summary has nothing failed, skipped or left undone. */
export function isComplete(summary: ApplySummary): boolean {
  return (
    summary.failed.length === 0 && summary.skipped.length === 0 && summary.notStarted.length === 0 && !summary.aborted
  );
}

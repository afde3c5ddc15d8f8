import type { Action, ResourceChange } from '../plan/types.js';

/** What one step of an apply does. */
export type Operation =
  | 'stop-trigger'
  | 'factory'
  | 'create'
  | 'update'
  | 'replace'
  | 'delete'
  | 'delete-factory'
  | 'start-trigger';

/** One unit of work: an HTTP call (two for a replace) on one resource. */
export interface ApplyStep {
  /** Unique within an apply: `${operation}:${address}`. */
  id: string;
  address: string;
  operation: Operation;
  /** The plan's change behind it (absent for trigger stop/start). */
  change?: ResourceChange;
}

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
export function operationOf(action: Action): Operation | undefined {
  return action === 'no-op' ? undefined : action;
}

/** True when the summary has nothing failed, skipped or left undone. */
export function isComplete(summary: ApplySummary): boolean {
  return (
    summary.failed.length === 0 && summary.skipped.length === 0 && summary.notStarted.length === 0 && !summary.aborted
  );
}

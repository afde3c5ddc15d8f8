import type { ArmClient, FactoryTarget } from '../arm/types.js';
import { getRun, listActivityRuns } from './client.js';
import { isTerminalStatus, type ActivityRun, type PipelineRun } from './types.js';

/** A change seen while following a run. */
export type FollowEvent =
  | { type: 'run'; run: PipelineRun; previous?: string }
  | { type: 'activity'; activity: ActivityRun; previous?: string };

export interface FollowOptions {
  signal?: AbortSignal;
  /** Poll interval in ms (default 2000). */
  intervalMs?: number;
  /** How to wait between polls (tests and the CLI's timeout pass their own). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onEvent(e: FollowEvent): void;
}

export interface FollowResult {
  run: PipelineRun;
  activities: ActivityRun[];
}

/**
 * Wait `ms`, or reject with the signal's reason when it aborts first. The abort listener is removed when the wait
 * ends: a run followed for minutes polls on the command's one signal, and listeners left behind would pile up (a
 * leak, and Node's MaxListenersExceededWarning on stderr after the tenth poll).
 */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Poll a run and its activity runs until the run ends, reporting each state change once. Rejects with the
 * signal's reason when it aborts (Ctrl-C, --timeout): the caller decides what that means for the run.
 */
export async function followRun(
  client: ArmClient,
  target: FactoryTarget,
  runId: string,
  options: FollowOptions,
): Promise<FollowResult> {
  const sleep = options.sleep ?? sleepUnlessAborted;
  const seen = new Map<string, string>();
  let runStatus: string | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const run = await getRun(client, target, runId, options.signal);
    const activities = await listActivityRuns(client, target, run, options.signal);
    for (const a of activities) {
      const before = seen.get(a.activityRunId);
      if (before !== a.status) {
        seen.set(a.activityRunId, a.status);
        options.onEvent({ type: 'activity', activity: a, previous: before });
      }
    }
    if (run.status !== runStatus) {
      options.onEvent({ type: 'run', run, previous: runStatus });
      runStatus = run.status;
    }
    if (isTerminalStatus(run.status)) return { run, activities };
    await sleep(options.intervalMs ?? 2000, options.signal);
  }
}

import type { Dag } from '../graph/dag.js';

/**
 * A generic executor over a Dag: each node starts when every node it depends on is done, at most
 * `concurrency` at a time (a semaphore separate from the ordering). It does no I/O itself: the task runner is
 * injected. Modelled on terraform's walker: a failure skips its transitive dependents once, without repeating
 * the error, while other branches run on; an abort starts nothing new and lets running tasks finish.
 */
export type NodeState = 'pending' | 'queued' | 'running' | 'done' | 'failed' | 'skipped' | 'not-started';

export type WorkEvent<T> =
  | { type: 'queued'; key: string; value: T }
  | { type: 'started'; key: string; value: T }
  | { type: 'done'; key: string; value: T; durationMs: number }
  | { type: 'failed'; key: string; value: T; durationMs: number; error: unknown }
  /** `because` is the key of the failed node that caused the skip. */
  | { type: 'skipped'; key: string; value: T; because: string }
  | { type: 'not-started'; key: string; value: T };

export interface WorkGraphOptions<T> {
  /** Most tasks running at once (at least 1). */
  concurrency: number;
  /** When it fires: start nothing new; running tasks finish; the rest end 'not-started'. */
  signal?: AbortSignal;
  onEvent?: (event: WorkEvent<T>) => void;
  /** Clock for durations (tests pass a fake one). */
  now?: () => number;
  /**
   * Nodes that run once every dependency has settled (done, failed or skipped) instead of being skipped when one
   * fails: clean-up work such as restarting a trigger that was stopped. They decide for themselves what to do.
   */
  tolerant?: (key: string) => boolean;
}

export interface WorkResult {
  states: Map<string, NodeState>;
  errors: Map<string, unknown>;
  /** Skipped node -> the failed node that caused it. */
  skippedBecause: Map<string, string>;
  aborted: boolean;
}

/**
 * What a task may resolve with instead of nothing: `skipped` when it finds there is nothing to do because the node
 * `because` (a key) did not complete (a trigger start whose create failed). The node ends 'skipped', not 'failed',
 * and its dependents are skipped as after a failure.
 */
export type TaskOutcome = { skipped: string };

export type TaskRunner<T> = (key: string, value: T) => Promise<TaskOutcome | void>;

/**
 * Run every node of `dag`. Resolves when nothing is running and nothing more can start; never rejects for a
 * task failure (the failure is in the result). Throws DependencyCycleError before starting anything on a cycle.
 */
export function runWorkGraph<T>(dag: Dag<T>, run: TaskRunner<T>, options: WorkGraphOptions<T>): Promise<WorkResult> {
  const priority = criticalPathLengths(dag); // throws on a cycle
  const now = options.now ?? Date.now;
  const cap = Math.max(1, Math.floor(options.concurrency));
  const emit = (e: WorkEvent<T>): void => options.onEvent?.(e);
  const states = new Map<string, NodeState>();
  const waitingOn = new Map<string, number>();
  const errors = new Map<string, unknown>();
  const skippedBecause = new Map<string, string>();
  const ready: string[] = [];
  let running = 0;

  return new Promise<WorkResult>((resolve) => {
    let finished = false;
    const enqueue = (key: string): void => {
      states.set(key, 'queued');
      // Longest remaining chain first, so the critical path never waits behind short branches.
      const p = priority.get(key)!;
      let i = ready.length;
      while (i > 0 && priority.get(ready[i - 1])! < p) i--;
      ready.splice(i, 0, key);
      emit({ type: 'queued', key, value: dag.get(key)! });
    };
    const settleEdge = (k: string): void => {
      const n = waitingOn.get(k)! - 1;
      waitingOn.set(k, n);
      if (n === 0 && states.get(k) === 'pending') enqueue(k);
    };
    const skipDependents = (failed: string): void => {
      // Each entry is the dependent of one node that has just failed or been skipped (one edge settling).
      const stack = dag.dependentsOf(failed);
      while (stack.length) {
        const k = stack.pop()!;
        if (options.tolerant?.(k)) {
          settleEdge(k);
          continue;
        }
        if (states.get(k) !== 'pending') continue; // already skipped through another failure
        states.set(k, 'skipped');
        skippedBecause.set(k, failed);
        emit({ type: 'skipped', key: k, value: dag.get(k)!, because: failed });
        stack.push(...dag.dependentsOf(k));
      }
    };
    const settle = (): void => {
      if (finished || running > 0) return;
      if (ready.length > 0 && !options.signal?.aborted) return;
      finished = true;
      options.signal?.removeEventListener('abort', settle);
      for (const key of dag.keys()) {
        const s = states.get(key);
        if (s === 'pending' || s === 'queued') {
          states.set(key, 'not-started');
          emit({ type: 'not-started', key, value: dag.get(key)! });
        }
      }
      resolve({ states, errors, skippedBecause, aborted: Boolean(options.signal?.aborted) });
    };
    const finish = (key: string, started: number, error?: { value: unknown }, outcome?: TaskOutcome): void => {
      running--;
      const value = dag.get(key)!;
      const durationMs = now() - started;
      if (outcome) {
        states.set(key, 'skipped');
        skippedBecause.set(key, outcome.skipped);
        emit({ type: 'skipped', key, value, because: outcome.skipped });
        skipDependents(key);
      } else if (error) {
        states.set(key, 'failed');
        errors.set(key, error.value);
        emit({ type: 'failed', key, value, durationMs, error: error.value });
        skipDependents(key);
      } else {
        states.set(key, 'done');
        emit({ type: 'done', key, value, durationMs });
        for (const d of dag.dependentsOf(key)) settleEdge(d);
      }
      pump();
    };
    const pump = (): void => {
      while (running < cap && ready.length > 0 && !options.signal?.aborted) {
        const key = ready.shift()!;
        states.set(key, 'running');
        running++;
        const started = now();
        emit({ type: 'started', key, value: dag.get(key)! });
        Promise.resolve()
          .then(() => run(key, dag.get(key)!))
          .then(
            (outcome) => finish(key, started, undefined, outcome || undefined),
            (err: unknown) => finish(key, started, { value: err }),
          );
      }
      settle();
    };

    for (const key of dag.keys()) {
      states.set(key, 'pending');
      waitingOn.set(key, dag.dependenciesOf(key).length);
    }
    for (const key of dag.keys()) if (waitingOn.get(key) === 0) enqueue(key);
    options.signal?.addEventListener('abort', settle);
    pump();
  });
}

/** For each node, the number of nodes on the longest chain of dependents starting at it (itself included). */
function criticalPathLengths<T>(dag: Dag<T>): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of dag.order({ reversed: true })) {
    let best = 0;
    for (const d of dag.dependentsOf(key)) best = Math.max(best, out.get(d)!);
    out.set(key, best + 1);
  }
  return out;
}

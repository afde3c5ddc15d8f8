import type { FactoryTarget } from '../arm/types.js';
import type { Project } from '../manifest/types.js';
import { compareAhead, type ComparedAhead } from '../plan/compared-ahead.js';
import type { LiveResource } from '../state/types.js';

/** Milliseconds of comparing between two turns of the event loop (as the parse and validation loops). */
const SLICE_MS = 8;

/**
 * The plan's child comparisons made while the factory's list pages are still arriving (issue 19): each page's
 * resources are compared with their manifests, a slice of the event loop at a time, once the project is loaded.
 * What is not compared when the plan starts, the plan compares itself (src/plan/compared-ahead.ts).
 */
export interface CompareWhileReading {
  /** fetchLiveState's onResources: the resources of a page just read. */
  onResources(resources: LiveResource[]): void;
  /** The project is loaded: compare what has come and what comes. */
  start(project: Project, target: FactoryTarget): void;
  /** No more comparing: the plan starts (or the command ends). What was compared, for computePlan. */
  stop(): ComparedAhead | undefined;
}

export function compareWhileReading(): CompareWhileReading {
  const queue: LiveResource[] = [];
  let next = 0;
  let ahead: ComparedAhead | undefined;
  let scheduled = false;
  let stopped = false;
  const drain = (): void => {
    scheduled = false;
    if (stopped || !ahead) return;
    const until = performance.now() + SLICE_MS;
    // What throws is left to computePlan, which does it again and reports what is wrong in its place.
    while (performance.now() < until && next < queue.length) {
      const live = queue[next++];
      try {
        ahead.compare(live);
      } catch {}
    }
    schedule();
  };
  const schedule = (): void => {
    if (scheduled || stopped || !ahead || next >= queue.length) return;
    scheduled = true;
    setImmediate(drain);
  };
  return {
    onResources(resources) {
      if (stopped) return;
      queue.push(...resources);
      schedule();
    },
    start(project, target) {
      if (stopped) return;
      ahead = compareAhead(project, target);
      schedule();
    },
    stop() {
      stopped = true;
      queue.length = 0;
      return ahead;
    },
  };
}

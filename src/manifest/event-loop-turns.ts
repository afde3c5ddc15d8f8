import { setImmediate as nextTurn } from 'node:timers/promises';

/** A monotonic clock in milliseconds (injectable in tests). */
export type Clock = () => number;

/**
 * Gives the event loop a turn once every `sliceMs` of synchronous work, so that work started before a long
 * synchronous loop (the factory's list pages, requested while the manifests are parsed) advances during it instead
 * of after it: each response handled between two slices lets its kind's next page be requested at once.
 */
export function eventLoopTurns(
  sliceMs: number,
  clock: Clock = () => performance.now(),
): () => Promise<void> | undefined {
  let since = clock();
  return () => {
    if (clock() - since < sliceMs) return undefined;
    return nextTurn().then(() => {
      since = clock();
    });
  };
}

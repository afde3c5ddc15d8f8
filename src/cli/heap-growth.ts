import { setFlagsFromString } from 'node:v8';
import { commandName } from './command-name.js';

/** Commands that hold a whole factory's bodies (desired and live) and send a request per object. */
const FACTORY_COMMANDS = new Set(['plan', 'apply', 'destroy']);

/**
 * V8 lets the old generation grow to a few times what is live before it collects again (a factor it picks between
 * 1.1 and 4). For plan and apply, which keep a factory's bodies and make garbage at every request, that was most of
 * the peak: apply of 5,000 objects reached 430 MiB of RSS while keeping about 100 MiB. A factor of 1.25 holds the
 * peak near what is kept, for a few percent more time in the collector. No limit is set: a larger factory still
 * fits (issue 19; docs/performance.md).
 */
export const HEAP_GROWING_PERCENT = 25;

/**
 * While the project loads, the heap holds little more than the parsed manifests, far below the peaks that come
 * later: a factor of 2 until then spares the full collections of a heap growing from nothing (6 of them in a re-plan
 * of 5,000 objects, 4 with it), whose marking ran on the two cores the list pages and the parsing needed.
 */
export const LOADING_HEAP_GROWING_PERCENT = 100;

let loosened = false;

/** Whether this command line runs one of FACTORY_COMMANDS (the first word that is not an option). */
export function holdsFactory(argv: string[]): boolean {
  const command = commandName(argv);
  return command !== undefined && FACTORY_COMMANDS.has(command);
}

/**
 * Called once by the process entry, before anything is loaded: for FACTORY_COMMANDS, the loading factor until
 * tightenHeapGrowth.
 */
export function limitHeapGrowth(argv: string[]): void {
  if (!holdsFactory(argv)) return;
  setFlagsFromString(`--heap-growing-percent=${LOADING_HEAP_GROWING_PERCENT}`);
  loosened = true;
}

/** The project is loaded (src/cli/connection.ts): the tight factor from now on. Idempotent. */
export function tightenHeapGrowth(): void {
  if (!loosened) return;
  loosened = false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

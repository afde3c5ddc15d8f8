import type { DataActivityExecutor } from './data-contract.js';

let cached: Promise<DataActivityExecutor> | undefined;

/**
 * The data activities' executor (./activities/data/), loaded the first time a run reaches a data activity: the
 * management API alone never needs it. A literal specifier, so the CLI's bundle (scripts/bundle-cli.ts) holds it.
 */
export function loadDataExecutor(): Promise<DataActivityExecutor> {
  cached ??= import('./activities/data/index.js').then((mod) => mod.executeDataActivity);
  return cached;
}

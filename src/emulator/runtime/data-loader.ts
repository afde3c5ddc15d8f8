import type { DataActivityExecutor } from './data-contract.js';

let cached: Promise<DataActivityExecutor | undefined> | undefined;

/**
 * The data activities' executor from ./activities/data/index.js, or undefined when this build does not have that
 * module (it is written separately): a missing module must not break the engine, only the data activities.
 */
export function loadDataExecutor(): Promise<DataActivityExecutor | undefined> {
  cached ??= (async () => {
    // A computed specifier: the module may not exist at build time.
    const specifier = ['.', 'activities', 'data', 'index.js'].join('/');
    try {
      const mod = (await import(specifier)) as { executeDataActivity?: DataActivityExecutor };
      return mod.executeDataActivity;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/i.test(e.message))
        return undefined;
      throw err;
    }
  })();
  return cached;
}

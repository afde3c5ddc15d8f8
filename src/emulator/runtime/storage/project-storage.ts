import type { StorageAccess } from '../data-contract.js';
import { projectStorageDir, type RunningAzurite, startAzurite } from './azurite.js';

/**
 * StorageAccess for `--local`: Azurite starts only when a data activity first needs it (a deploy-only run never
 * pays for it), its data in `<project>/.adf-deploy/azurite`. The data executor calls `prepare()` before it resolves
 * storage; `prepare` fills `developmentBlobEndpoint` in place (the engine hands this same object on).
 */
export interface LazyStorageAccess extends StorageAccess {
  prepare(): Promise<void>;
  close(): Promise<void>;
}

export function projectStorage(projectRoot: string, allowRealStorage = false): LazyStorageAccess {
  let starting: Promise<RunningAzurite> | undefined;
  const access: LazyStorageAccess = {
    allowRealStorage,
    async prepare() {
      starting ??= startAzurite({ location: projectStorageDir(projectRoot) });
      try {
        access.developmentBlobEndpoint = (await starting).blobEndpoint;
      } catch (err) {
        starting = undefined; // a later activity may try again (e.g. after installing Azurite)
        throw err;
      }
    },
    async close() {
      const running = await starting?.catch(() => undefined);
      starting = undefined;
      access.developmentBlobEndpoint = undefined;
      await running?.close();
    },
  };
  return access;
}

/** Start lazily-started storage if this access has such a hook (plain StorageAccess objects pass through). */
export async function prepareStorage(access: StorageAccess): Promise<void> {
  const lazy = access as Partial<LazyStorageAccess>;
  if (typeof lazy.prepare === 'function' && access.developmentBlobEndpoint === undefined) await lazy.prepare();
}

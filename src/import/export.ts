import type { ArmClient, FactoryTarget } from '../arm/types.js';
import { fetchLiveState } from '../state/fetch.js';
import { modelFromLive } from './live.js';
import type { ImportModel } from './model.js';
import type { SchemaBase } from './render.js';
import { type WriteResult, writeProject } from './write.js';

export interface ExportOptions {
  out: string;
  force?: boolean;
  schemas?: string;
}

/**
 * Export a live factory into a project (or update one import/export wrote, keeping the user's edits as
 * re-import does). Undefined when the factory does not exist: nothing is written.
 */
export async function exportFactory(
  client: ArmClient,
  target: FactoryTarget,
  options: ExportOptions,
): Promise<(WriteResult & { model: ImportModel }) | undefined> {
  const live = await fetchLiveState(client, target);
  if (!live.factory) return undefined;
  const model = modelFromLive(live, target.factoryName);
  const schemas: SchemaBase =
    options.schemas === undefined
      ? { kind: 'package' }
      : /^[a-z]+:\/\//i.test(options.schemas)
        ? { kind: 'url', at: options.schemas }
        : { kind: 'folder', at: options.schemas };
  const written = await writeProject(model, options.out, { force: options.force, schemas });
  return { ...written, model };
}

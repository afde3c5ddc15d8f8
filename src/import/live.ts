import { escapeDeep, escapeLiteral } from '../manifest/substitute.js';
import { AUTO_RESOLVE_IR } from '../model/kinds.js';
import type { LiveState } from '../state/types.js';
import { factoryFromJson } from './factory.js';
import type { ImportedObject, ImportModel } from './model.js';
import { isPlainObject as isObject } from '../core/json.js';
import { scrubImported } from './scrub.js';

/**
 * A live factory (as fetchLiveState read it, every page of every kind) as an import model: properties exactly as
 * the service returns them, `${{` escaped, the service's masks (`**********`) turned into declared
 * `${{ env.NAME }}` placeholders and adf-deploy's fingerprint markers stripped (scrubImported). The built-in
 * AutoResolveIntegrationRuntime is left out, as import does.
 */
export function modelFromLive(live: LiveState, factoryName: string): ImportModel {
  const notes: string[] = [];
  const objects: ImportedObject[] = [];
  for (const r of live.resources) {
    if (r.kind === 'IntegrationRuntime' && r.name.toLowerCase() === AUTO_RESOLVE_IR.toLowerCase()) continue;
    const properties = isObject(r.body.properties) ? r.body.properties : {};
    objects.push({
      kind: r.kind,
      name: escapeLiteral(r.name),
      parent: r.parent === undefined ? undefined : escapeLiteral(r.parent),
      properties: escapeDeep(properties) as Record<string, unknown>,
      source: `${r.kind}/${r.parent ? `${r.parent}/` : ''}${r.name}`,
    });
  }
  const factory = factoryFromJson(live.factory?.body, undefined, factoryName, notes, factoryName);
  const model: ImportModel = { factory, objects, notes };
  scrubImported(model);
  return model;
}

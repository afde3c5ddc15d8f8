import { isPlainObject } from '../diff/canonical.js';
import { AUTO_RESOLVE_IR, KIND_INFO } from '../model/kinds.js';
import { resourceAddress, resourceKey } from '../model/resource.js';
import type { LiveState } from '../state/types.js';
import type { DriftItem } from './types.js';

export interface DriftInput {
  live: LiveState;
  /** Keys of the resources the manifests declare. */
  desired: Set<string>;
  /**
   * Whether a key is declared external, or referenced by the manifests without being declared: known, not drift.
   * Asked only of live resources the manifests do not declare (its answer may cost a walk of every body).
   */
  isExternal: (key: string) => boolean;
  /** Keys this plan deletes (--prune): not drift. */
  deleted: Set<string>;
  inScope: (key: string) => boolean;
  /** The factory is compared (not left out by --target): its global parameters can drift. */
  factoryInScope: boolean;
  declaredGlobalParameters: string[];
  prune: boolean;
  pruneGlobalParameters: boolean;
}

/**
 * What is in the factory but not in the manifests and stays there after this plan: shown in a section of its own,
 * so a deleted or renamed manifest never hides a live object (a started trigger, say). Objects the API cannot
 * delete (managed virtual networks, the AutoResolve runtime) are the service's, not drift; nor is what the manifests
 * declare external or reference (a shared integration runtime managed elsewhere).
 */
export function findDrift(input: DriftInput): DriftItem[] {
  const out: DriftItem[] = [];
  for (const r of input.live.resources) {
    const key = resourceKey(r);
    if (input.desired.has(key) || input.deleted.has(key) || !input.inScope(key) || input.isExternal(key)) continue;
    if (!KIND_INFO[r.kind].deletable) continue;
    if (r.kind === 'IntegrationRuntime' && r.name.toLowerCase() === AUTO_RESOLVE_IR.toLowerCase()) continue;
    const flags = r.kind === 'ManagedPrivateEndpoint' ? '--prune --prune-private-endpoints' : '--prune';
    const props = r.body.properties;
    const started = r.kind === 'Trigger' && isPlainObject(props) && props.runtimeState === 'Started';
    out.push({
      address: resourceAddress(r),
      kind: r.kind,
      name: r.name,
      ...(r.parent ? { parent: r.parent } : {}),
      reason: `${started ? 'Started; ' : ''}would be deleted with ${flags}`,
    });
  }
  const liveProps = input.live.factory?.body.properties;
  const gps = isPlainObject(liveProps) && isPlainObject(liveProps.globalParameters) ? liveProps.globalParameters : {};
  const declared = new Set(input.declaredGlobalParameters.map((n) => n.toLowerCase()));
  const removed = input.prune && input.pruneGlobalParameters;
  if (input.factoryInScope && !removed) {
    for (const name of Object.keys(gps)) {
      if (declared.has(name.toLowerCase())) continue;
      out.push({
        address: `GlobalParameter/${name}`,
        kind: 'GlobalParameter',
        name,
        reason: 'kept; would be removed with --prune --prune-global-parameters',
      });
    }
  }
  return out.sort((a, b) => (a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1));
}

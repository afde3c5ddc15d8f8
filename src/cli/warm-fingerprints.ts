import { availableParallelism } from 'node:os';
import type { FactoryTarget } from '../arm/types.js';
import { isPlainObject } from '../core/json.js';
import { extractFingerprint, findSecrets, warmFingerprints } from '../diff/secrets.js';
import { slowInput, type FingerprintContext } from '../diff/fingerprint.js';
import type { SecretValue } from '../diff/secrets.js';
import type { Project } from '../manifest/types.js';
import { resourceAddress, resourceKey } from '../model/resource.js';
import { desiredProperties, factoryResourceId } from '../plan/desired.js';
import type { LiveState } from '../state/types.js';
import type { MarkerCache } from './marker-cache.js';

type Item = { secrets: SecretValue[]; context: FingerprintContext };

/** The secrets of each resource and their fingerprint context, found in the properties buildDesiredBody PUTs. */
function fingerprintItems(project: Project, target: FactoryTarget): Map<string, Item> {
  const factoryId = factoryResourceId(target);
  const options = { env: project.envSecrets };
  const items = new Map<string, Item>();
  for (const resource of project.resources) {
    const secrets = findSecrets(desiredProperties(resource), options);
    if (secrets.length === 0) continue;
    const context = { factoryId, resource: resourceAddress(resource), key: project.fingerprintKey };
    items.set(resourceKey(resource), { secrets, context });
  }
  return items;
}

/**
 * Compute the secrets fingerprints of the project's resources on the thread pool (the plan would otherwise run one
 * scrypt per resource with secrets on the event loop, after the fetch). A resource missed here is computed there.
 * Nothing to do with a fingerprint key: `k1-` fingerprints are HMACs. With `markers`, the outputs it holds for
 * unchanged secrets are used instead (src/cli/marker-cache.ts).
 */
export function warmProjectFingerprints(
  project: Project,
  target: FactoryTarget,
  signal: AbortSignal,
  markers?: MarkerCache,
): Promise<void> {
  if (project.fingerprintKey) return Promise.resolve();
  const items = [...fingerprintItems(project, target).values()];
  if (!markers) return warmFingerprints(items, { signal });
  // Those the marker cache has (one digest when no secret changed) are found computed: not warmed again.
  const restored = markers.restore(items.map((item) => slowInput(item.secrets, item.context)));
  return restored.then(() => warmFingerprints(items, { signal }));
}

/**
 * With a fingerprint key configured, a live marker still in the keyless `s1-` format (deployed before the key) is
 * checked by its scrypt (fingerprintMatches). Compute those on the thread pool, every core busy, as soon as the live
 * bodies are in, instead of one after another on the event loop inside the plan. Returns how many it queued.
 */
export async function warmLiveMarkers(
  project: Project,
  live: LiveState,
  target: FactoryTarget,
  signal: AbortSignal,
): Promise<number> {
  if (!project.fingerprintKey) return 0;
  const slow = new Set<string>();
  for (const resource of live.resources) {
    const properties = resource.body.properties;
    if (!isPlainObject(properties)) continue;
    const marker = extractFingerprint(properties).fingerprint;
    if (marker?.startsWith('s1-')) slow.add(resourceKey(resource));
  }
  if (slow.size === 0) return 0;
  const queued: Item[] = [];
  for (const [key, item] of fingerprintItems(project, target))
    if (slow.has(key)) queued.push({ secrets: item.secrets, context: { ...item.context, key: undefined } });
  await warmFingerprints(queued, { signal, concurrency: Math.max(2, availableParallelism()) });
  return queued.length;
}

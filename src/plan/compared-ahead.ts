import type { FactoryTarget } from '../arm/types.js';
import { findSecrets } from '../diff/secrets.js';
import type { Project } from '../manifest/types.js';
import { byResourceKey, resourceKey, type Resource } from '../model/resource.js';
import type { LiveResource } from '../state/types.js';
import { compareChild, type Comparison } from './compare.js';
import { buildDesiredBody, desiredProperties, factoryResourceId, type DesiredBody } from './desired.js';

/** One child resource's desired body and its comparison with a live body, computed before computePlan. */
interface Compared {
  resource: Resource;
  live: Record<string, unknown>;
  desired: DesiredBody;
  comparison: Comparison;
}

/**
 * Child comparisons made ahead of computePlan, while the factory's list pages are still arriving (issue 19): the
 * plan of a no-change re-plan is mostly these comparisons, and without this they all wait for the last page.
 * computePlan takes one only for the very same resource and live body objects it would compare itself, so the
 * plan is the same whether or not (or how far) this ran. Resources with secrets are left to computePlan: their
 * fingerprints may need a scrypt, which runs on the thread pool (src/cli/warm-fingerprints.ts), never here.
 */
export interface ComparedAhead {
  /** Compare the live resources of one page with their manifests (those the project declares). */
  compare(live: LiveResource): void;
  /** What `compare` found for this resource and this live body, if it ran for them. */
  take(resource: Resource, live: Record<string, unknown>): { desired: DesiredBody; comparison: Comparison } | undefined;
}

export function compareAhead(project: Project, target: FactoryTarget): ComparedAhead {
  const factoryId = factoryResourceId(target);
  const settings = { env: project.envSecrets, fingerprintKey: project.fingerprintKey };
  const declared = byResourceKey(project.resources);
  const done = new Map<string, Compared>();
  return {
    compare(live) {
      if (live.parent !== undefined) return;
      const key = resourceKey(live);
      const resource = declared.get(key);
      if (!resource || done.has(key)) return;
      if (findSecrets(desiredProperties(resource), { env: project.envSecrets }).length > 0) return;
      const desired = buildDesiredBody(resource, factoryId, settings);
      const comparison = compareChild(resource.kind, desired.body, desired.fingerprint, live.body, desired.secretCheck);
      done.set(key, { resource, live: live.body, desired, comparison });
    },
    take(resource, live) {
      const found = done.get(resourceKey(resource));
      return found && found.resource === resource && found.live === live ? found : undefined;
    },
  };
}

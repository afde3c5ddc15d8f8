import { createArmClient } from '../../src/arm/client.js';
import { factoryPath, resourcePath } from '../../src/arm/paths.js';
import type { ArmClient, FactoryTarget } from '../../src/arm/types.js';
import type { Project } from '../../src/manifest/types.js';
import type { Kind } from '../../src/model/kinds.js';
import { computePlan } from '../../src/plan/planner.js';

export function emulatorClient(url: string): ArmClient {
  return createArmClient({ endpoint: url, token: 'test-token', maxRetries: 0 });
}

/**
 * Put a project into the emulator with plain PUTs of the planned bodies (in plan order), then start the
 * triggers the plan starts: independent of the apply module, so these tests judge the plan alone.
 */
export async function seedFactory(
  client: ArmClient,
  project: Project,
  target: FactoryTarget & { endpoint: string },
  hooks: { beforeChildren?: () => Promise<void> } = {},
): Promise<void> {
  const { plan, bodies } = computePlan({ project, live: { resources: [] }, target });
  await client.request('PUT', factoryPath(target), { body: bodies.get(plan.factory.address) });
  await hooks.beforeChildren?.();
  for (const change of plan.changes) {
    await client.request(
      'PUT',
      resourcePath(target, { kind: change.kind as Kind, name: change.name, parent: change.parent }),
      { body: bodies.get(change.address), resource: change.address },
    );
  }
  for (const t of plan.triggers.filter((x) => x.start)) {
    await client.request('POST', `${resourcePath(target, { kind: 'Trigger', name: t.name })}/start`);
  }
}

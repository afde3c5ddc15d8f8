import { describe, expect, it } from 'vitest';
import type { ArmClient } from '../arm/types.js';
import type { ChildChange, Plan } from '../plan/types.js';
import { applyPlan } from './apply.js';

const refuseAll: ArmClient = {
  request: async () => {
    throw new Error('no call expected');
  },
  list: async () => [],
  stats: () => ({ requests: 0, byMethod: {}, retries: 0, throttled: 0 }),
};

const del = (name: string, dependsOn: string[]): ChildChange => ({
  address: `Pipeline/${name}`,
  kind: 'Pipeline',
  name,
  action: 'delete',
  changes: [],
  etag: 'e',
  dependsOn,
});

describe('applyPlan', () => {
  it('refuses a cycle among the changes before sending anything, naming it', async () => {
    const plan: Plan = {
      formatVersion: 1,
      createdAt: '',
      target: { subscriptionId: 's', resourceGroup: 'r', factoryName: 'f', endpoint: 'x' },
      source: { dir: '/', prune: true },
      factory: { address: 'Factory/f', kind: 'Factory', name: 'f', action: 'no-op', changes: [], dependsOn: [] },
      changes: [del('a', ['Pipeline/b']), del('b', ['Pipeline/a'])],
      triggers: [],
      summary: { create: 0, update: 0, replace: 0, delete: 2, noop: 0 },
      hasChanges: true,
    };
    await expect(applyPlan(refuseAll, { plan, bodies: new Map() }, { concurrency: 2 })).rejects.toThrow(
      /cycle: Pipeline\/[ab] -> Pipeline\/[ab] -> Pipeline\/[ab]/,
    );
  });
});

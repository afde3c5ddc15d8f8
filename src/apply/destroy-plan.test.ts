import { describe, expect, it } from 'vitest';
import type { Project } from '../manifest/types.js';
import type { Resource } from '../model/resource.js';
import type { LiveResource, LiveState } from '../state/types.js';
import { planDestroy } from './destroy-plan.js';

const target = { subscriptionId: 's', resourceGroup: 'rg', factoryName: 'f', endpoint: 'http://127.0.0.1:1' };
const ds: Resource = { kind: 'Dataset', name: 'ds', properties: { type: 'Json' } };
const pl: Resource = {
  kind: 'Pipeline',
  name: 'pl',
  properties: { activities: [{ name: 'a', inputs: [{ referenceName: 'ds', type: 'DatasetReference' }] }] },
};
const tr: Resource = {
  kind: 'Trigger',
  name: 'hourly',
  properties: {
    runtimeState: 'Started',
    pipelines: [{ pipelineReference: { referenceName: 'pl', type: 'PipelineReference' } }],
  },
};
const ir: Resource = { kind: 'IntegrationRuntime', name: 'AutoResolveIntegrationRuntime', properties: {} };
const projectOf = (resources: Resource[]): Project =>
  ({ root: '/p', resources, external: [], factory: { name: 'f' } }) as unknown as Project;
const liveOf = (r: Resource): LiveResource => ({
  kind: r.kind,
  name: r.name,
  etag: `e-${r.name}`,
  body: { name: r.name, properties: r.properties },
});

describe('planDestroy uses the planner rules', () => {
  const all = [ds, pl, tr, ir];
  const live = (tags: Record<string, string> = {}): LiveState => ({
    factory: { etag: 'ef', body: { tags } },
    resources: all.map(liveOf),
  });

  it('deletes dependents first, stops the started trigger, keeps AutoResolve', () => {
    const { plan, kept } = planDestroy(projectOf(all), live(), target);
    expect(kept).toEqual(['IntegrationRuntime/AutoResolveIntegrationRuntime']);
    const byAddress = Object.fromEntries(plan.changes.map((c) => [c.address, c.dependsOn]));
    expect(byAddress).toEqual({
      'Dataset/ds': ['Pipeline/pl'],
      'Pipeline/pl': ['Trigger/hourly'],
      'Trigger/hourly': [],
    });
    expect(plan.triggers).toEqual([expect.objectContaining({ address: 'Trigger/hourly', stop: true, start: false })]);
  });

  it('takes off the restart marker an interrupted apply left on a destroyed trigger (and only that one)', () => {
    const tags = { 'adf-deploy-restart:hourly': 'stopped-by-adf-deploy', 'adf-deploy-restart:other': 'x' };
    const { plan } = planDestroy(projectOf(all), live(tags), target);
    expect(plan.restartMarkers).toEqual(['hourly']);
    const withFactory = planDestroy(projectOf(all), live(tags), target, { includeFactory: true });
    expect(withFactory.plan.restartMarkers).toBeUndefined();
  });
});

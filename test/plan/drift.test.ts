import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/planner.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { DS, LS_BLOB, PL, TR, appliedState, input, liveOf, makeProject, res } from './fixtures.js';

const ALL = [TR, PL, DS, LS_BLOB];

function liveWithExtras() {
  const live = appliedState(makeProject(ALL), computePlan, { Daily: 'Started' });
  live.resources.push(
    liveOf('Pipeline', 'Old', { activities: [] }),
    liveOf('ManagedVirtualNetwork', 'default', {}),
    liveOf('ManagedPrivateEndpoint', 'pe', { privateLinkResourceId: '/x', groupId: 'blob' }, 'default'),
    liveOf('IntegrationRuntime', 'AutoResolveIntegrationRuntime', { type: 'Managed' }),
    liveOf('IntegrationRuntime', 'Shared', { type: 'SelfHosted' }),
  );
  (live.factory!.body.properties as Record<string, unknown>).globalParameters = {
    legacy: { type: 'String', value: 1 },
  };
  return live;
}
const addresses = (p: ReturnType<typeof computePlan>['plan']) => (p.drift ?? []).map((d) => d.address);

describe('drift (issue 16)', () => {
  it('lists what the manifests lack, never the service-owned VNet and AutoResolve runtime nor a declared external', () => {
    const project = makeProject(ALL, {}, [{ kind: 'IntegrationRuntime', name: 'Shared' }]);
    const { plan } = computePlan(input(project, liveWithExtras()));
    expect(addresses(plan)).toEqual(['GlobalParameter/legacy', 'ManagedPrivateEndpoint/default/pe', 'Pipeline/Old']);
    expect(plan.summary.drift).toBe(3);
    expect(plan.hasChanges).toBe(false);
  });

  it('a live object the manifests reference without declaring is not drift', () => {
    const ls = res('LinkedService', 'LS_Blob', {
      ...LS_BLOB.properties,
      connectVia: { referenceName: 'Shared', type: 'IntegrationRuntimeReference' },
    });
    const { plan } = computePlan(input(makeProject([TR, PL, DS, ls]), liveWithExtras()));
    expect(addresses(plan)).not.toContain('IntegrationRuntime/Shared');
  });

  it('--prune deletes the resources and leaves private endpoints and global parameters as drift, until their own switches', () => {
    const project = makeProject(ALL, {}, [{ kind: 'IntegrationRuntime', name: 'Shared' }]);
    const pruned = computePlan(input(project, liveWithExtras(), { prune: true, allowLargePrune: true })).plan;
    expect(pruned.changes.filter((c) => c.action === 'delete').map((c) => c.address)).toEqual(['Pipeline/Old']);
    expect(addresses(pruned)).toEqual(['GlobalParameter/legacy', 'ManagedPrivateEndpoint/default/pe']);
    const all = computePlan(
      input(project, liveWithExtras(), {
        prune: true,
        allowLargePrune: true,
        prunePrivateEndpoints: true,
        pruneGlobalParameters: true,
      }),
    ).plan;
    expect(addresses(all)).toEqual([]);
    expect(all.factory.changes).toEqual([
      { path: ['properties', 'globalParameters'], op: 'remove', before: { legacy: { type: 'string', value: 1 } } },
    ]);
  });

  it('--target keeps drift to its scope', () => {
    const project = makeProject(ALL, {}, [{ kind: 'IntegrationRuntime', name: 'Shared' }]);
    const { plan } = computePlan(input(project, liveWithExtras(), { targets: ['Pipeline/Copy'] }));
    expect(addresses(plan)).toEqual([]);
  });

  it('escapes Markdown in what it names', () => {
    const live = liveWithExtras();
    live.resources.push(liveOf('Pipeline', 'a_b*c<d>|e', { activities: [] }));
    const md = renderPlanMarkdown(computePlan(input(makeProject(ALL), live)).plan);
    expect(md).toContain('| `Pipeline/a_b*c<d>\\|e` | would be deleted with --prune |');
  });
});

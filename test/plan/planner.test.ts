import { describe, expect, it } from 'vitest';
import { AdfDeployError } from '../../src/core/errors.js';
import { computePlan } from '../../src/plan/planner.js';
import { SECRET_PLACEHOLDER } from '../../src/plan/types.js';
import {
  DS,
  LS_BLOB,
  LS_SQL,
  PL,
  TR,
  appliedState,
  echo,
  input,
  liveFactory,
  liveOf,
  makeProject,
  res,
} from './fixtures.js';

const ALL = [TR, PL, DS, LS_BLOB, LS_SQL];

function planOf(resources = ALL, mutate?: (live: ReturnType<typeof appliedState>) => void, extra = {}) {
  const live = appliedState(makeProject(ALL), computePlan, { Daily: 'Started' });
  mutate?.(live);
  return computePlan(input(makeProject(resources), live, extra)).plan;
}

describe('computePlan', () => {
  it('creates everything in dependency order into an empty factory', () => {
    const { plan, bodies } = computePlan(input(makeProject(ALL), { resources: [] }));
    expect(plan.factory.action).toBe('create');
    expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'create LinkedService/LS_Blob',
      'create LinkedService/LS_Sql',
      'create Dataset/DS_Input',
      'create Pipeline/Copy',
      'create Trigger/Daily',
    ]);
    expect(plan.changes.find((c) => c.address === 'Pipeline/Copy')!.dependsOn).toEqual(['Dataset/DS_Input']);
    expect(plan.summary).toEqual({ create: 6, update: 0, replace: 0, delete: 0, noop: 0, drift: 0 });
    expect(plan.triggers).toEqual([
      { address: 'Trigger/Daily', name: 'Daily', stop: false, start: true, reason: 'the manifest says Started' },
    ]);
    // The real bodies keep the secrets (in memory only), the plan has placeholders.
    expect(JSON.stringify(bodies.get('LinkedService/LS_Sql'))).toContain('KNOWN-SECRET-PASSWORD-456');
    expect(JSON.stringify(plan)).not.toContain('KNOWN-SECRET');
    expect(JSON.stringify(plan.changes[1].desired)).toContain(SECRET_PLACEHOLDER);
    // runtimeState is read-only: never PUT.
    expect(bodies.get('Trigger/Daily')!.properties).not.toHaveProperty('runtimeState');
  });

  it('plans no changes right after an apply (masked secrets, stripped AccountKey, server fields)', () => {
    const plan = planOf();
    expect(plan.changes).toEqual([]);
    expect(plan.factory.action).toBe('no-op');
    expect(plan.triggers).toEqual([]);
    expect(plan.hasChanges).toBe(false);
    expect(plan.summary.noop).toBe(6);
  });

  it('refuses to create a factory with no location, before anything is written', () => {
    const project = makeProject(ALL, { location: '' });
    expect(() => computePlan(input(project, { resources: [] }))).toThrow(AdfDeployError);
    expect(() => computePlan(input(project, { resources: [] }))).toThrow(
      /does not exist yet and adf-deploy.yaml gives it no location/,
    );
  });

  it('keeps the live location of an existing factory when the manifest declares none (an imported Studio folder)', () => {
    const live = appliedState(makeProject(ALL), computePlan, { Daily: 'Started' });
    const { plan } = computePlan(input(makeProject(ALL, { location: '' }), live));
    expect(plan.factory.action).toBe('no-op');
    expect(plan.hasChanges).toBe(false);
  });

  it('names the one property changed outside the tool (drift)', () => {
    const plan = planOf(ALL, (live) => {
      const ds = live.resources.find((r) => r.name === 'DS_Input')!;
      ((ds.body.properties as any).typeProperties.location as any).container = 'other';
    });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({
      address: 'Dataset/DS_Input',
      action: 'update',
      etag: expect.stringMatching(/^etag-/),
    });
    expect(plan.changes[0].changes).toEqual([
      { path: ['properties', 'typeProperties', 'location', 'container'], op: 'replace', before: 'other', after: 'in' },
    ]);
  });

  it('shows a changed secret as one sensitive change, without the value', () => {
    const changed = res('LinkedService', 'LS_Sql', {
      ...LS_SQL.properties,
      typeProperties: {
        connectionString: 'Server=s;Database=d',
        password: { type: 'SecureString', value: 'NEW-SECRET-789' },
      },
    });
    const plan = planOf([TR, PL, DS, LS_BLOB, changed]);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0].changes).toEqual([
      { path: ['properties', 'typeProperties', 'password'], op: 'replace', sensitive: true },
    ]);
    expect(JSON.stringify(plan)).not.toContain('NEW-SECRET-789');
  });

  it('detects a changed AccountKey through the fingerprint', () => {
    const changed = res('LinkedService', 'LS_Blob', {
      type: 'AzureBlobStorage',
      typeProperties: { connectionString: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=ROTATED' },
    });
    const plan = planOf([TR, PL, DS, changed, LS_SQL]);
    expect(plan.changes.map((c) => [c.address, c.changes])).toEqual([
      [
        'LinkedService/LS_Blob',
        [{ path: ['properties', 'typeProperties', 'connectionString'], op: 'replace', sensitive: true }],
      ],
    ]);
  });

  it('flags a secret on a resource deployed without our marker (first plan after an import)', () => {
    const plan = planOf(ALL, (live) => {
      const ls = live.resources.find((r) => r.name === 'LS_Sql')!;
      (ls.body.properties as any).annotations = [];
    });
    expect(plan.changes.map((c) => c.address)).toEqual(['LinkedService/LS_Sql']);
    expect(plan.changes[0].changes[0].sensitive).toBe(true);
  });

  it('stops a started trigger that is updated and starts it again', () => {
    const tr = res('Trigger', 'Daily', {
      ...TR.properties,
      typeProperties: { recurrence: { frequency: 'Day', interval: 2 } },
    });
    const plan = planOf([tr, PL, DS, LS_BLOB, LS_SQL]);
    expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['update Trigger/Daily']);
    expect(plan.triggers).toEqual([
      {
        address: 'Trigger/Daily',
        name: 'Daily',
        stop: true,
        start: true,
        reason: 'it will be updated; start again after the changes (the manifest says Started)',
      },
    ]);
  });

  it('restarts a trigger without declared state that it had to stop', () => {
    const { runtimeState: _drop, ...rest } = TR.properties;
    const tr = res('Trigger', 'Daily', { ...rest, description: 'new' });
    const plan = planOf([tr, PL, DS, LS_BLOB, LS_SQL]);
    expect(plan.triggers).toEqual([
      {
        address: 'Trigger/Daily',
        name: 'Daily',
        stop: true,
        start: true,
        reason: 'it will be updated; restart after the changes (it was Started)',
      },
    ]);
  });

  it('stops a started trigger whose manifest says Stopped, without a property change', () => {
    const tr = res('Trigger', 'Daily', { ...TR.properties, runtimeState: 'Stopped' });
    const plan = planOf([tr, PL, DS, LS_BLOB, LS_SQL]);
    expect(plan.changes).toEqual([]);
    expect(plan.triggers).toEqual([
      { address: 'Trigger/Daily', name: 'Daily', stop: true, start: false, reason: 'the manifest says Stopped' },
    ]);
    expect(plan.hasChanges).toBe(true);
  });

  it('stops a started unmanaged trigger whose pipeline is pruned', () => {
    const plan = planOf(
      [TR, PL, DS, LS_BLOB, LS_SQL],
      (live) => {
        live.resources.push(liveOf('Pipeline', 'Old', { activities: [] }));
        live.resources.push(
          liveOf('Trigger', 'OldTrigger', {
            type: 'ScheduleTrigger',
            runtimeState: 'Started',
            pipelines: [{ pipelineReference: { referenceName: 'old', type: 'PipelineReference' } }],
          }),
        );
      },
      { prune: true },
    );
    expect(plan.changes.map((c) => `${c.action} ${c.address} <- ${c.dependsOn.join(',')}`)).toEqual([
      'delete Trigger/OldTrigger <- ',
      'delete Pipeline/Old <- Trigger/OldTrigger',
    ]);
    expect(plan.triggers).toEqual([
      {
        address: 'Trigger/OldTrigger',
        name: 'OldTrigger',
        stop: true,
        start: false,
        reason: 'it will be deleted; pipeline old will be deleted',
      },
    ]);
  });

  it('replaces an integration runtime whose type changes, and a changed private endpoint', () => {
    const ir = res('IntegrationRuntime', 'ir-1', { type: 'SelfHosted' });
    const pe = res('ManagedPrivateEndpoint', 'pe1', { groupId: 'blob', privateLinkResourceId: '/sa2' }, 'default');
    const vnet = res('ManagedVirtualNetwork', 'default', {});
    const live = {
      factory: liveFactory(),
      resources: [
        echo('IntegrationRuntime', 'ir-1', { properties: { type: 'Managed', typeProperties: {} } }),
        liveOf('ManagedVirtualNetwork', 'default', { vNetId: 'g' }),
        liveOf(
          'ManagedPrivateEndpoint',
          'pe1',
          { groupId: 'blob', privateLinkResourceId: '/sa1', provisioningState: 'Succeeded' },
          'default',
        ),
      ],
    };
    const plan = computePlan(input(makeProject([ir, vnet, pe]), live)).plan;
    expect(plan.changes.map((c) => [c.action, c.address, c.reason])).toEqual([
      ['replace', 'IntegrationRuntime/ir-1', "an integration runtime's type cannot change (Managed -> SelfHosted)"],
      ['replace', 'ManagedPrivateEndpoint/default/pe1', 'managed private endpoints cannot be changed once created'],
    ]);
    expect(plan.summary.replace).toBe(2);
  });

  it('updates (not replaces) an integration runtime whose type stays', () => {
    const ir = res('IntegrationRuntime', 'ir-1', { type: 'SelfHosted', description: 'new' });
    const live = {
      factory: liveFactory(),
      resources: [echo('IntegrationRuntime', 'ir-1', { properties: { type: 'SelfHosted' } })],
    };
    expect(computePlan(input(makeProject([ir]), live)).plan.changes.map((c) => c.action)).toEqual(['update']);
  });

  it('ignores unmanaged live resources without --prune', () => {
    const plan = planOf(ALL, (live) => live.resources.push(liveOf('Pipeline', 'Unmanaged', { activities: [] })));
    expect(plan.changes).toEqual([]);
  });

  it('prunes only what may be deleted', () => {
    const plan = planOf(
      ALL,
      (live) => {
        live.resources.push(liveOf('Pipeline', 'Unmanaged', { activities: [] }));
        live.resources.push(liveOf('ManagedVirtualNetwork', 'default', {}));
        live.resources.push(liveOf('ManagedPrivateEndpoint', 'pe', { groupId: 'blob' }, 'default'));
        live.resources.push(liveOf('IntegrationRuntime', 'AutoResolveIntegrationRuntime', { type: 'Managed' }));
        live.resources.push(liveOf('Dataset', 'Shared', { type: 'Binary' }));
      },
      { prune: true },
    );
    expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'delete Dataset/Shared',
      'delete Pipeline/Unmanaged',
    ]);
  });

  it('never prunes resources declared external', () => {
    const live = {
      factory: liveFactory(),
      resources: [liveOf('Dataset', 'Shared', {}), liveOf('Pipeline', 'p', {}), liveOf('Pipeline', 'q', {})],
    };
    const plan = computePlan(
      input(makeProject([res('Pipeline', 'p', {})], {}, [{ kind: 'Dataset', name: 'shared' }]), live, { prune: true }),
    ).plan;
    expect(plan.changes.map((c) => c.address)).toEqual(['Pipeline/q']);
  });

  it('prunes private endpoints and undeclared global parameters only when asked', () => {
    const project = makeProject([], { globalParameters: { keep: { type: 'string', value: 'a' } } });
    const live = {
      factory: liveFactory({
        globalParameters: { keep: { type: 'String', value: 'a' }, extra: { type: 'Int', value: 1 } },
      }),
      resources: [
        liveOf('ManagedPrivateEndpoint', 'pe', { groupId: 'blob' }, 'default'),
        liveOf('Pipeline', 'a', {}),
        liveOf('Pipeline', 'b', {}),
        liveOf('Pipeline', 'c', {}),
      ],
    };
    const kept = computePlan(input(project, live, { prune: true, allowLargePrune: true })).plan;
    expect(kept.factory.action).toBe('no-op');
    expect(kept.changes.map((c) => c.address)).not.toContain('ManagedPrivateEndpoint/default/pe');
    const pruned = computePlan(
      input(project, live, {
        prune: true,
        allowLargePrune: true,
        prunePrivateEndpoints: true,
        pruneGlobalParameters: true,
      }),
    ).plan;
    expect(pruned.changes.map((c) => c.address)).toContain('ManagedPrivateEndpoint/default/pe');
    expect(pruned.factory.changes).toEqual([
      { path: ['properties', 'globalParameters', 'extra'], op: 'remove', before: { type: 'int', value: 1 } },
    ]);
  });

  it('refuses a prune deleting more than half of the factory without --allow-large-prune', () => {
    const live = {
      factory: liveFactory(),
      resources: [liveOf('Pipeline', 'a', {}), liveOf('Pipeline', 'b', {}), liveOf('Pipeline', 'c', {})],
    };
    const run = (allow?: boolean) =>
      computePlan(input(makeProject([res('Pipeline', 'a', {})]), live, { prune: true, allowLargePrune: allow }));
    expect(run).toThrow(AdfDeployError);
    expect(run).toThrow(/2 of the factory's 3 resources/);
    try {
      run();
    } catch (err) {
      expect((err as AdfDeployError).hint).toContain('--allow-large-prune');
    }
    expect(run(true).plan.summary.delete).toBe(2);
  });

  it('plans only the targets and what they depend on', () => {
    const { plan } = computePlan(
      input(makeProject(ALL), { factory: liveFactory(), resources: [] }, { targets: ['Dataset/ds_input'] }),
    );
    expect(plan.changes.map((c) => c.address)).toEqual(['LinkedService/LS_Blob', 'Dataset/DS_Input']);
    expect(plan.source.targets).toEqual(['Dataset/ds_input']);
  });

  it('takes the factory as a target, and leaves it out otherwise', () => {
    const live = { factory: liveFactory({ globalParameters: { g: { type: 'String', value: 'old' } } }), resources: [] };
    const project = makeProject(ALL, { globalParameters: { g: { type: 'string', value: 'new' } } });
    const onlyFactory = computePlan(input(project, live, { targets: ['Factory/ADF-TEST'] })).plan;
    expect([onlyFactory.factory.action, onlyFactory.changes]).toEqual(['update', []]);
    const onlyDataset = computePlan(input(project, live, { targets: ['Dataset/DS_Input'] })).plan;
    expect(onlyDataset.factory.action).toBe('no-op');
    expect(onlyDataset.changes.map((c) => c.address)).toEqual(['LinkedService/LS_Blob', 'Dataset/DS_Input']);
  });

  it('rejects an unknown target with a suggestion', () => {
    expect(() => computePlan(input(makeProject(ALL), { resources: [] }, { targets: ['Pipeline/Cpy'] }))).toThrow(
      /no such resource/,
    );
    try {
      computePlan(input(makeProject(ALL), { resources: [] }, { targets: ['Pipeline/Cpy'] }));
    } catch (err) {
      expect((err as AdfDeployError).hint).toBe('did you mean Pipeline/Copy?');
    }
  });

  it('matches names case-insensitively', () => {
    const plan = planOf(ALL, (live) => {
      for (const r of live.resources) r.name = r.name.toLowerCase();
    });
    expect(plan.changes).toEqual([]);
  });

  it('merges global parameters with live ones and keeps the live repoConfiguration', () => {
    const repo = {
      type: 'FactoryGitHubConfiguration',
      accountName: 'a',
      repositoryName: 'r',
      collaborationBranch: 'main',
      rootFolder: '/',
    };
    const project = makeProject([], { globalParameters: { n: { type: 'int', value: 2 } }, tags: { env: 'dev' } });
    const live = {
      factory: liveFactory(
        {
          repoConfiguration: repo,
          globalParameters: { n: { type: 'Int', value: 1 }, other: { type: 'String', value: 'x' } },
        },
        { identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' } },
      ),
      resources: [],
    };
    const { plan, bodies } = computePlan(input(project, live));
    expect(plan.factory.action).toBe('update');
    // The identity is not declared: kept from the live factory (issue 22), not removed.
    expect(plan.factory.kept).toEqual(['identity']);
    expect(plan.factory.changes).toEqual([
      { path: ['properties', 'globalParameters', 'n', 'value'], op: 'replace', before: 1, after: 2 },
      { path: ['tags'], op: 'add', after: { env: 'dev' } },
    ]);
    const body = bodies.get('Factory/adf-test')!;
    expect((body.properties as any).repoConfiguration).toEqual(repo);
    expect((body.properties as any).globalParameters).toEqual({
      n: { type: 'int', value: 2 },
      other: { type: 'String', value: 'x' },
    });
    expect(plan.factory.etag).toBe('"f-etag"');
  });

  it('manages only the identity type of the factory', () => {
    const project = makeProject([], {
      identity: { type: 'SystemAssigned', principalId: 'copied-from-portal', tenantId: 't' },
    });
    const { bodies } = computePlan(input(project, { resources: [] }));
    expect(bodies.get('Factory/adf-test')!.identity).toEqual({ type: 'SystemAssigned' });
  });
});

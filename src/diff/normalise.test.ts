import { describe, expect, it } from 'vitest';
import { deepEqual } from './canonical.js';
import { NORMALISATION_RULES, normaliseDocument, type DocKind } from './normalise.js';

type Doc = Record<string, unknown>;

/** One example per row: a live body as GET returns it and the desired body that was PUT. */
const EXAMPLES: Array<[string, DocKind, Doc, Doc]> = [
  [
    'envelope',
    'Pipeline',
    {
      id: '/subscriptions/s/.../pipelines/p',
      name: 'p',
      type: 'Microsoft.DataFactory/factories/pipelines',
      etag: 'e1',
      properties: { activities: [] },
    },
    { properties: { activities: [] } },
  ],
  [
    'secrets-marker',
    'LinkedService',
    {
      properties: {
        type: 'AzureBlobStorage',
        annotations: ['team', 'adf-deploy:secrets=0123456789abcdef0123456789abcdef'],
      },
    },
    {
      properties: {
        type: 'AzureBlobStorage',
        annotations: ['team', 'adf-deploy:secrets=ffffffffffffffffffffffffffffffff'],
      },
    },
  ],
  [
    'secure-string-mask',
    'LinkedService',
    {
      properties: {
        type: 'AzureSqlDatabase',
        typeProperties: { password: { type: 'SecureString', value: '**********' } },
      },
    },
    {
      properties: {
        type: 'AzureSqlDatabase',
        typeProperties: { password: { type: 'SecureString', value: 'hunter2' } },
      },
    },
  ],
  [
    'account-key',
    'LinkedService',
    {
      properties: {
        type: 'AzureBlobStorage',
        typeProperties: { connectionString: 'DefaultEndpointsProtocol=https;AccountName=acc;' },
      },
    },
    {
      properties: {
        type: 'AzureBlobStorage',
        typeProperties: { connectionString: 'DefaultEndpointsProtocol=https;AccountName=acc;AccountKey=c2VjcmV0' },
      },
    },
  ],
  [
    'encrypted-credential',
    'LinkedService',
    {
      properties: {
        type: 'AzureStorage',
        typeProperties: { connectionString: 'a=b', encryptedCredential: 'ZW5jcnlwdGVk' },
      },
    },
    { properties: { type: 'AzureStorage', typeProperties: { connectionString: 'a=b' } } },
  ],
  [
    'trigger-runtime-state',
    'Trigger',
    { properties: { type: 'ScheduleTrigger', runtimeState: 'Stopped' } },
    { properties: { type: 'ScheduleTrigger', runtimeState: 'Started' } },
  ],
  [
    'ir-state',
    'IntegrationRuntime',
    { properties: { type: 'SelfHosted', state: 'Initial' } },
    { properties: { type: 'SelfHosted' } },
  ],
  [
    'empty-annotations',
    'Dataset',
    { properties: { type: 'Binary' } },
    { properties: { type: 'Binary', annotations: [] } },
  ],
  [
    'private-endpoint-server-fields',
    'ManagedPrivateEndpoint',
    {
      properties: {
        groupId: 'blob',
        privateLinkResourceId: '/x',
        provisioningState: 'Succeeded',
        connectionState: { status: 'Pending' },
        fqdns: ['a.blob.core.windows.net'],
        isReserved: false,
      },
    },
    { properties: { groupId: 'blob', privateLinkResourceId: '/x' } },
  ],
  [
    'managed-vnet-server-fields',
    'ManagedVirtualNetwork',
    { properties: { vNetId: 'guid', alias: 'x_default' } },
    { properties: {} },
  ],
  [
    'factory-server-fields',
    'Factory',
    {
      location: 'eastus',
      properties: { provisioningState: 'Succeeded', createTime: '2026-01-01T00:00:00Z', version: '2018-06-01' },
    },
    { location: 'eastus', properties: {} },
  ],
  [
    'factory-restart-markers',
    'Factory',
    { location: 'eastus', tags: { team: 'data', 'adf-deploy-restart:Daily': 'stopped-by-adf-deploy' }, properties: {} },
    { location: 'eastus', tags: { team: 'data' }, properties: {} },
  ],
  [
    'factory-empty-tags',
    'Factory',
    { location: 'eastus', tags: {}, properties: {} },
    { location: 'eastus', properties: {} },
  ],
  [
    'factory-identity-ids',
    'Factory',
    {
      location: 'eastus',
      identity: {
        type: 'SystemAssigned,UserAssigned',
        principalId: 'p',
        tenantId: 't',
        userAssignedIdentities: { '/u/1': { principalId: 'p1', clientId: 'c1' } },
      },
      properties: {},
    },
    {
      location: 'eastus',
      identity: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { '/u/1': {} } },
      properties: {},
    },
  ],
  [
    'factory-repo-configuration',
    'Factory',
    {
      location: 'eastus',
      properties: { repoConfiguration: { type: 'FactoryGitHubConfiguration', repositoryName: 'r' } },
    },
    { location: 'eastus', properties: {} },
  ],
  [
    'global-parameter-type-case',
    'Factory',
    { location: 'eastus', properties: { globalParameters: { n: { type: 'Int', value: 1 } } } },
    { location: 'eastus', properties: { globalParameters: { n: { type: 'int', value: 1 } } } },
  ],
  ['factory-location', 'Factory', { location: 'eastus', properties: {} }, { location: 'East US', properties: {} }],
  [
    'key-order',
    'Pipeline',
    { properties: { description: 'd', activities: [{ type: 'Wait', name: 'w' }] } },
    { properties: { activities: [{ name: 'w', type: 'Wait' }], description: 'd' } },
  ],
];

function same(kind: DocKind, live: Doc, desired: Doc, rules = NORMALISATION_RULES): boolean {
  const a = normaliseDocument(live, { kind, side: 'live', desired }, rules);
  const b = normaliseDocument(desired, { kind, side: 'desired', desired }, rules);
  // key-order is a row of its own: compare serialisations, which are order-sensitive.
  return JSON.stringify(a) === JSON.stringify(b);
}

describe('normalisation table', () => {
  it('has exactly one example per row', () => {
    expect(EXAMPLES.map((e) => e[0]).sort()).toEqual(NORMALISATION_RULES.map((r) => r.id).sort());
  });

  it.each(EXAMPLES)('%s: live and desired compare equal, and differ without the row', (id, kind, live, desired) => {
    expect(same(kind, live, desired)).toBe(true);
    expect(
      same(
        kind,
        live,
        desired,
        NORMALISATION_RULES.filter((r) => r.id !== id),
      ),
    ).toBe(false);
  });

  it('every row names its source', () => {
    for (const r of NORMALISATION_RULES) expect(r.source.length).toBeGreaterThan(5);
  });

  it('keeps a real change visible', () => {
    const live = {
      properties: {
        type: 'AzureBlobStorage',
        typeProperties: { connectionString: 'AccountName=a;', encryptedCredential: 'x' },
        runtimeState: 'Stopped',
      },
    };
    const desired = {
      properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: 'AccountName=b;AccountKey=k' } },
    };
    expect(
      deepEqual(
        normaliseDocument(live, { kind: 'LinkedService', side: 'live', desired }),
        normaliseDocument(desired, { kind: 'LinkedService', side: 'desired', desired }),
      ),
    ).toBe(false);
  });

  it('compares encryptedCredential when the desired declares one', () => {
    const live = { properties: { typeProperties: { encryptedCredential: 'old' } } };
    const desired = { properties: { typeProperties: { encryptedCredential: 'new' } } };
    expect(same('LinkedService', live, desired)).toBe(false);
  });

  it('drops only the restart markers from the factory tags: a declared tag still differs', () => {
    const live = { location: 'eastus', tags: { 'ADF-DEPLOY-RESTART:t': 'stopped-by-adf-deploy' }, properties: {} };
    expect(same('Factory', live, { location: 'eastus', properties: {} })).toBe(true);
    expect(
      same(
        'Factory',
        { ...live, tags: { ...live.tags, team: 'a' } },
        { location: 'eastus', tags: { team: 'b' }, properties: {} },
      ),
    ).toBe(false);
  });

  it('keeps array order significant', () => {
    expect(
      same('Pipeline', { properties: { annotations: ['a', 'b'] } }, { properties: { annotations: ['b', 'a'] } }),
    ).toBe(false);
  });

  it('does not modify its input', () => {
    const live = { id: 'x', properties: { state: 'Initial' } };
    normaliseDocument(live, { kind: 'IntegrationRuntime', side: 'live' });
    expect(live).toEqual({ id: 'x', properties: { state: 'Initial' } });
  });
});

import { describe, expect, it } from 'vitest';
import { refuseDangerous } from '../../src/plan/factory-settings.js';
import { computePlan } from '../../src/plan/planner.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { input, liveFactory, liveOf, makeProject, res } from './fixtures.js';

const UAMI = '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami';
const PURVIEW = {
  purviewResourceId: '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Purview/accounts/pv',
};
const ENCRYPTION = {
  vaultBaseUrl: 'https://kv.vault.azure.net/',
  keyName: 'adf-key',
  identity: { userAssignedIdentity: UAMI },
};

/** A live factory as an ARM export would not show it: identities (with the service's ids), purview, CMK encryption. */
function identityFactory(extra: Record<string, unknown> = {}) {
  return liveFactory(
    { purviewConfiguration: PURVIEW, encryption: ENCRYPTION, publicNetworkAccess: 'Disabled', ...extra },
    {
      identity: {
        type: 'SystemAssigned,UserAssigned',
        principalId: 'p-1',
        tenantId: 't-1',
        userAssignedIdentities: { [UAMI]: { principalId: 'p-2', clientId: 'c-2' } },
      },
      tags: { team: 'data' },
    },
  );
}

const KV = res('LinkedService', 'KV', {
  type: 'AzureKeyVault',
  typeProperties: { baseUrl: 'https://kv.vault.azure.net/' },
});
const BLOB_KEY = res('LinkedService', 'BlobWithKey', {
  type: 'AzureBlobStorage',
  typeProperties: { connectionString: 'DefaultEndpointsProtocol=https;AccountName=a' },
});
const SQL_MI = res('LinkedService', 'SqlMi', {
  type: 'AzureSqlDatabase',
  typeProperties: { server: 's', database: 'd', authenticationType: 'SystemAssignedManagedIdentity' },
});
const CRED = res('Credential', 'uami-cred', { type: 'ManagedIdentity', typeProperties: { resourceId: UAMI } });
const SP_CRED = res('Credential', 'sp-cred', { type: 'ServicePrincipal', typeProperties: { tenant: 't' } });
const ADLS_SP = res('LinkedService', 'AdlsSp', {
  type: 'AzureBlobFS',
  typeProperties: {
    url: 'https://a.dfs.core.windows.net',
    credential: { referenceName: 'sp-cred', type: 'CredentialReference' },
  },
});
const ADLS_MI = res('LinkedService', 'AdlsMi', {
  type: 'AzureBlobFS',
  typeProperties: {
    url: 'https://a.dfs.core.windows.net',
    credential: { referenceName: 'uami-cred', type: 'CredentialReference' },
  },
});
const live = (extra: Record<string, unknown> = {}) => ({
  factory: identityFactory(extra),
  resources: [
    liveOf('LinkedService', 'KV', KV.properties),
    liveOf('LinkedService', 'BlobWithKey', BLOB_KEY.properties),
  ],
});

describe('factory settings the manifests do not declare (issue 22)', () => {
  it('keeps the identity, purview, encryption, network access and tags of a factory planned from a project without them', () => {
    const { plan, bodies } = computePlan(input(makeProject([KV, BLOB_KEY]), live()));
    expect(plan.factory.action).toBe('no-op');
    expect(plan.hasChanges).toBe(false);
    const body = computePlan(input(makeProject([KV, BLOB_KEY], { tags: { team: 'platform' } }), live())).bodies.get(
      'Factory/adf-test',
    )!;
    expect(body.identity).toEqual({ type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [UAMI]: {} } });
    expect(body.properties).toMatchObject({
      purviewConfiguration: PURVIEW,
      encryption: ENCRYPTION,
      publicNetworkAccess: 'Disabled',
    });
    expect(body.properties).not.toHaveProperty('provisioningState');
    expect(bodies.size).toBe(0);
  });

  it('an unrelated factory change keeps them, and the plan says so', () => {
    const { plan } = computePlan(input(makeProject([KV, BLOB_KEY], { tags: { team: 'platform' } }), live()));
    expect(plan.factory.action).toBe('update');
    expect(plan.factory.changes).toEqual([
      { path: ['tags', 'team'], op: 'replace', before: 'data', after: 'platform' },
    ]);
    expect(plan.factory.kept).toEqual([
      'identity',
      'properties.encryption',
      'properties.publicNetworkAccess',
      'properties.purviewConfiguration',
    ]);
    expect(plan.factory.dangerous).toBeUndefined();
    const text = renderPlanText(plan);
    expect(text).toContain(
      '    = kept from the live factory: identity, properties.encryption, properties.publicNetworkAccess, properties.purviewConfiguration',
    );
    expect(text).not.toContain('DANGEROUS');
  });

  it('identity: null removes it: a removal, flagged dangerous, with a warning naming what uses the identity', () => {
    const project = makeProject([KV, BLOB_KEY, SQL_MI, CRED, SP_CRED, ADLS_SP, ADLS_MI], { identity: null });
    const { plan, bodies } = computePlan(input(project, live()));
    expect(plan.factory.action).toBe('update');
    expect(plan.factory.changes).toEqual([
      {
        path: ['identity'],
        op: 'remove',
        before: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [UAMI]: {} } },
      },
    ]);
    expect(bodies.get('Factory/adf-test')).not.toHaveProperty('identity');
    expect(plan.factory.dangerous).toEqual(['the managed identity (SystemAssigned,UserAssigned) is removed']);
    expect(plan.factory.warnings?.[0]).toBe(
      'removing the managed identity breaks what authenticates with it: Credential/uami-cred, LinkedService/AdlsMi, LinkedService/KV, LinkedService/SqlMi',
    );
    const text = renderPlanText(plan);
    expect(text).toContain('    ! DANGEROUS: the managed identity (SystemAssigned,UserAssigned) is removed');
    expect(text).toContain(
      'Dangerous changes (apply --auto-approve refuses dangerous changes unless --allow-dangerous is given):',
    );
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('> [!CAUTION]');
    expect(md).toContain('> - Factory/adf-test: the managed identity (SystemAssigned,UserAssigned) is removed');
    expect(md).toContain('| update | `Factory/adf-test` | **dangerous** 1 property |');
  });

  it('a property declared null is removed from the live factory', () => {
    const project = makeProject([KV, BLOB_KEY], { properties: { purviewConfiguration: null } });
    const { plan, bodies } = computePlan(input(project, live()));
    expect(plan.factory.changes).toEqual([
      { path: ['properties', 'purviewConfiguration'], op: 'remove', before: PURVIEW },
    ]);
    expect(bodies.get('Factory/adf-test')!.properties).not.toHaveProperty('purviewConfiguration');
    expect(plan.factory.kept).not.toContain('properties.purviewConfiguration');
  });

  it.each([
    [
      'an identity type change',
      { identity: { type: 'SystemAssigned' } },
      'the identity type changes (SystemAssigned,UserAssigned -> SystemAssigned)',
    ],
    [
      'an encryption change',
      { properties: { encryption: { ...ENCRYPTION, keyName: 'other' } } },
      'the encryption settings change',
    ],
    [
      'an encryption removal',
      { properties: { encryption: null } },
      'the encryption settings (customer-managed key) are removed',
    ],
  ])('%s is dangerous', (_label, factory, reason) => {
    const { plan } = computePlan(input(makeProject([KV, BLOB_KEY], factory), live()));
    expect(plan.factory.dangerous).toEqual([reason]);
  });

  it('a location change is not planned at all: a factory cannot move (ARM refuses it; issue 14)', () => {
    expect(() => computePlan(input(makeProject([KV, BLOB_KEY], { location: 'northeurope' }), live()))).toThrow(
      /location cannot change in place/,
    );
  });

  it('apply --auto-approve refuses a dangerous change unless --allow-dangerous; a person at the prompt decides', () => {
    const { plan } = computePlan(input(makeProject([KV, BLOB_KEY], { identity: null }), live()));
    const liveBody = identityFactory()?.body;
    expect(() => refuseDangerous(plan, liveBody, { autoApprove: true })).toThrow(/apply.*dangerous|dangerous change/);
    expect(() => refuseDangerous(plan, liveBody, { autoApprove: true, allowDangerous: true })).not.toThrow();
    expect(() => refuseDangerous(plan, liveBody, { autoApprove: false })).not.toThrow();
    // Worked out from the body, not from the plan's own flag: a hand-edited saved plan cannot hide it.
    const edited = { ...plan, factory: { ...plan.factory, dangerous: undefined } };
    expect(() => refuseDangerous(edited, liveBody, { autoApprove: true })).toThrow(/managed identity/);
  });
});

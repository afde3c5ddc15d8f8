import { describe, expect, it } from 'vitest';
import { SECRET_PLACEHOLDER } from '../plan/types.js';
import { attachFingerprint, computeFingerprint, extractFingerprint, findSecrets, maskSecrets, redactSecrets } from './secrets.js';

const LS = {
  type: 'AzureBlobStorage',
  typeProperties: {
    connectionString: 'DefaultEndpointsProtocol=https;AccountName=acc;AccountKey=S3cr3tKey==',
    sasToken: { type: 'SecureString', value: 'sv=2020&sig=abc' },
    other: { type: 'AzureKeyVaultSecret', secretName: 'n', store: { referenceName: 'kv', type: 'LinkedServiceReference' } },
  },
};
const F1 = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f1';
const F2 = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f2';

describe('secrets', () => {
  it('finds SecureString values and AccountKey segments, not Key Vault references', () => {
    expect(findSecrets(LS)).toEqual([
      { path: ['typeProperties', 'connectionString'], value: 'AccountKey=S3cr3tKey==' },
      { path: ['typeProperties', 'sasToken', 'value'], value: 'sv=2020&sig=abc' },
    ]);
  });

  it('ignores a value that is already the service mask', () => {
    expect(findSecrets({ p: { type: 'SecureString', value: '**********' } })).toEqual([]);
  });

  it('fingerprints: 32 hex, stable, secret-dependent, factory-dependent, absent without secrets', () => {
    const fp = computeFingerprint(findSecrets(LS), F1)!;
    expect(fp).toMatch(/^[0-9a-f]{32}$/);
    expect(computeFingerprint(findSecrets(LS), F1.toUpperCase())).toBe(fp);
    expect(computeFingerprint(findSecrets(LS), F2)).not.toBe(fp);
    const changed = { ...LS, typeProperties: { ...LS.typeProperties, sasToken: { type: 'SecureString', value: 'other' } } };
    expect(computeFingerprint(findSecrets(changed), F1)).not.toBe(fp);
    expect(computeFingerprint([], F1)).toBeUndefined();
  });

  it('redacts for plan files and masks like the service', () => {
    const redacted = JSON.stringify(redactSecrets(LS));
    expect(redacted).not.toContain('S3cr3tKey');
    expect(redacted).not.toContain('sig=abc');
    expect(redacted).toContain(`AccountKey=${SECRET_PLACEHOLDER}`);
    expect(maskSecrets(LS).typeProperties).toMatchObject({ connectionString: 'DefaultEndpointsProtocol=https;AccountName=acc', sasToken: { value: '**********' } });
  });

  it.each([
    ['LinkedService', { type: 'X', annotations: ['a'] }, { type: 'X', annotations: ['a', 'adf-deploy:secrets=abc123'] }],
    ['Credential', { type: 'X' }, { type: 'X', annotations: ['adf-deploy:secrets=abc123'] }],
    ['IntegrationRuntime', { type: 'Managed', description: 'ssis' }, { type: 'Managed', description: 'ssis [adf-deploy:secrets=abc123]' }],
    ['IntegrationRuntime', { type: 'Managed' }, { type: 'Managed', description: '[adf-deploy:secrets=abc123]' }],
  ] as const)('%s marker round trip', (kind, props, marked) => {
    expect(attachFingerprint(kind, props, 'abc123')).toEqual(marked);
    expect(extractFingerprint(marked)).toEqual({ properties: { ...props, ...('annotations' in marked ? { annotations: (props as { annotations?: string[] }).annotations ?? [] } : {}) }, fingerprint: 'abc123' });
  });
});

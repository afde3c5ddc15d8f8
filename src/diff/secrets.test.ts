import { describe, expect, it } from 'vitest';
import { SECRET_PLACEHOLDER } from './types.js';
import {
  attachFingerprint,
  computeFingerprint,
  extractFingerprint,
  findSecrets,
  holdsNoSecretShape,
  maskSecrets,
  maskSecretsSharing,
  noteShapeFree,
  redactSecrets,
} from './secrets.js';

const LS = {
  type: 'AzureBlobStorage',
  typeProperties: {
    connectionString: 'DefaultEndpointsProtocol=https;AccountName=acc;AccountKey=S3cr3tKey==',
    sasToken: { type: 'SecureString', value: 'sv=2020&sig=abc' },
    other: {
      type: 'AzureKeyVaultSecret',
      secretName: 'n',
      store: { referenceName: 'kv', type: 'LinkedServiceReference' },
    },
  },
};
const F1 = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f1';
const F2 = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f2';
const at = (factoryId: string) => ({ factoryId, resource: 'LinkedService/LS' });

describe('secrets', () => {
  it('finds SecureString values and AccountKey segments, not Key Vault references', () => {
    expect(findSecrets(LS).map(({ path, value }) => ({ path, value }))).toEqual([
      { path: ['typeProperties', 'connectionString'], value: 'AccountKey=S3cr3tKey==' },
      { path: ['typeProperties', 'sasToken', 'value'], value: 'sv=2020&sig=abc' },
    ]);
  });

  it('ignores a value that is already the service mask', () => {
    expect(findSecrets({ p: { type: 'SecureString', value: '**********' } })).toEqual([]);
  });

  it('fingerprints: 32 hex, stable, secret-dependent, factory-dependent, absent without secrets', () => {
    const fp = computeFingerprint(findSecrets(LS), at(F1))!;
    expect(fp).toMatch(/^s1-[0-9a-f]{32}$/);
    expect(computeFingerprint(findSecrets(LS), at(F1.toUpperCase()))).toBe(fp);
    expect(computeFingerprint(findSecrets(LS), at(F2))).not.toBe(fp);
    const changed = {
      ...LS,
      typeProperties: { ...LS.typeProperties, sasToken: { type: 'SecureString', value: 'other' } },
    };
    expect(computeFingerprint(findSecrets(changed), at(F1))).not.toBe(fp);
    expect(computeFingerprint([], at(F1))).toBeUndefined();
  });

  it('redacts for plan files and masks like the service', () => {
    const redacted = JSON.stringify(redactSecrets(LS));
    expect(redacted).not.toContain('S3cr3tKey');
    expect(redacted).not.toContain('sig=abc');
    expect(redacted).toContain(`AccountKey=${SECRET_PLACEHOLDER}`);
    expect(maskSecrets(LS).typeProperties).toMatchObject({
      connectionString: 'DefaultEndpointsProtocol=https;AccountName=acc',
      sasToken: { value: '**********' },
    });
  });

  it.each([
    [
      'LinkedService',
      { type: 'X', annotations: ['a'] },
      { type: 'X', annotations: ['a', 'adf-deploy:secrets=abc123'] },
    ],
    ['Credential', { type: 'X' }, { type: 'X', annotations: ['adf-deploy:secrets=abc123'] }],
    [
      'IntegrationRuntime',
      { type: 'Managed', description: 'ssis' },
      { type: 'Managed', description: 'ssis [adf-deploy:secrets=abc123]' },
    ],
    ['IntegrationRuntime', { type: 'Managed' }, { type: 'Managed', description: '[adf-deploy:secrets=abc123]' }],
  ] as const)('%s marker round trip', (kind, props, marked) => {
    expect(attachFingerprint(kind, props, 'abc123')).toEqual(marked);
    // A list that held only the marker goes with it (attachFingerprint made it, or it was empty).
    const { annotations, ...rest } = props as { annotations?: string[] };
    expect(extractFingerprint(marked)).toEqual({
      properties: annotations?.length ? { ...rest, annotations } : rest,
      fingerprint: 'abc123',
    });
  });
});

describe('credentials written into plain connection strings', () => {
  const SQL = {
    type: 'SqlServer',
    typeProperties: {
      connectionString: 'Data Source=x;User ID=u;Password=Hunter2!;Pwd=also',
      other: 'Server=y;SharedAccessKey=k3y',
    },
  };

  it.each([
    ['Password and Pwd', ['typeProperties', 'connectionString'], 'Password=Hunter2!;Pwd=also'],
    ['SharedAccessKey', ['typeProperties', 'other'], 'SharedAccessKey=k3y'],
  ])('finds %s segments as secret material', (_label, path, value) => {
    expect(findSecrets(SQL)).toContainEqual(expect.objectContaining({ path, value }));
  });

  it('redacts them in plan bodies, keeping the segment names', () => {
    const redacted = JSON.stringify(redactSecrets(SQL));
    expect(redacted).not.toMatch(/Hunter2|also|k3y/);
    expect(redacted).toContain(`Password=${SECRET_PLACEHOLDER}`);
    expect(redacted).toContain('User ID=u');
  });

  it('leaves them out of the comparison on both sides: only the fingerprint tells a change', () => {
    const rotated = {
      ...SQL,
      typeProperties: { ...SQL.typeProperties, connectionString: 'Data Source=x;User ID=u;Password=Other;Pwd=also' },
    };
    expect(maskSecrets(rotated)).toEqual(maskSecrets(SQL));
    expect(JSON.stringify(maskSecrets(SQL))).not.toMatch(/Hunter2|k3y/);
    expect(computeFingerprint(findSecrets(rotated), at(F1))).not.toBe(computeFingerprint(findSecrets(SQL), at(F1)));
  });

  it('does not mistake ordinary text with an = for a secret', () => {
    expect(findSecrets({ query: 'select * from t where a=1; -- passwords are not here' })).toEqual([]);
  });
});

describe('documents without a secret shape (issue 19: walks skipped)', () => {
  it('holdsNoSecretShape: false for any shape met, even a value that is already the mask', () => {
    expect(holdsNoSecretShape({ a: { b: ['x', 1, null] }, query: 'select 1' })).toBe(true);
    expect(holdsNoSecretShape({ p: { type: 'SecureString', value: '**********' } })).toBe(false);
    // No secret to report (the mask is not one), yet masking rewrites it: not shape-free.
    const masked = { url: 'https://h/c?sig=**********' };
    expect(findSecrets(masked)).toEqual([]);
    expect(holdsNoSecretShape(masked)).toBe(false);
    expect(holdsNoSecretShape({ headers: { Authorization: 'Bearer x' } })).toBe(false);
    const env = new Map([['PW', 'p4ss-value']]);
    expect(holdsNoSecretShape({ note: 'has p4ss-value in it' }, { env })).toBe(false);
  });

  it('a noted document is taken as shape-free by every walk that finds or masks with the same env values', () => {
    const env = new Map([['PW', 'p4ss-value']]);
    // Shapes in it on purpose: what the note says is what the walks believe.
    const properties = { p: { type: 'SecureString', value: 'S3CRET' } };
    noteShapeFree(properties, env);
    expect(findSecrets(properties, { env })).toEqual([]);
    expect(holdsNoSecretShape(properties)).toBe(true);
    const body = { name: 'x', properties };
    expect(maskSecretsSharing(body, { env }).properties).toBe(properties);
    expect(maskSecretsSharing(body).properties).toBe(properties);
    // Other env values: the note says nothing about them.
    const other = new Map([['PW2', 'other-value']]);
    expect(maskSecretsSharing(body, { env: other }).properties).not.toBe(properties);
    // Copies (plan files, renderings) always walk.
    expect(JSON.stringify(redactSecrets(body))).not.toContain('S3CRET');
    expect(JSON.stringify(maskSecrets(body))).not.toContain('S3CRET');
  });

  it('a document already searched is not noted over', () => {
    const properties = { p: { type: 'SecureString', value: 'S3CRET' } };
    expect(findSecrets(properties)).toHaveLength(1);
    noteShapeFree(properties, undefined);
    expect(findSecrets(properties)).toHaveLength(1);
  });
});

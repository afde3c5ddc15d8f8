import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SECRET_PLACEHOLDER } from './types.js';
import { computeFingerprint, fingerprintMatches } from './fingerprint.js';
import { textMayHoldSecretShapes } from './secret-shapes.js';
import { findSecrets, maskSecrets, redactSecrets, secretParts } from './secrets.js';

const F = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f1';
const redacted = (doc: unknown, opts = {}) => JSON.stringify(redactSecrets(doc, opts));

describe('the table of secret shapes', () => {
  it.each([
    ['SecureString with capitalised keys', { p: { Type: 'securestring', Value: 'S3CRET-A' } }, 'S3CRET-A'],
    ['SecureString holding a number', { p: { type: 'SecureString', value: 987654321 } }, '987654321'],
    ['SecureString holding an object', { p: { type: 'SecureString', value: { k: 'S3CRET-OBJ' } } }, 'S3CRET-OBJ'],
    ['a double-quoted password', { cs: 'Server=x;Password="S3C;RET-Q";Db=y' }, 'RET-Q'],
    ['a single-quoted password', { cs: "Server=x;Password='S3C;RET-S';Db=y" }, 'RET-S'],
    ['a braced ODBC Pwd', { cs: 'Driver={ODBC 18};Pwd={S3C;RET-B};Uid=u' }, 'RET-B'],
    ['a ClientSecret segment', { cs: 'Endpoint=https://x;ClientId=c;ClientSecret=S3CRET-CS' }, 'S3CRET-CS'],
    ['a JDBC password', { url: 'jdbc:sqlserver://h:1433;databaseName=d;password=S3CRET-J;' }, 'S3CRET-J'],
    ['a JDBC query password', { url: 'jdbc:mysql://h/d?user=u&password=S3CRET-JQ' }, 'S3CRET-JQ'],
    ['a SAS signature in a URL', { url: 'https://a.blob.core.windows.net/c?sv=2020&sig=S3CRET-SIG%3D' }, 'S3CRET-SIG'],
    ['credentials in a URL', { url: 'https://user:S3CRET-UP@host.example/path' }, 'S3CRET-UP'],
    [
      'a SecureString parameter default',
      { parameters: { pw: { type: 'SecureString', defaultValue: 'S3CRET-DEF' } } },
      'S3CRET-DEF',
    ],
    [
      'an Authorization header (mapping)',
      { activities: [{ typeProperties: { headers: { Authorization: 'Bearer S3CRET-H' } } }] },
      'S3CRET-H',
    ],
    [
      'an X-API-Key header (list)',
      { typeProperties: { headers: [{ name: 'X-API-Key', value: 'S3CRET-HL' }] } },
      'S3CRET-HL',
    ],
    ['a trigger pipeline parameter with a SAS', { pipelines: [{ parameters: { u: 'x?sig=S3CRET-TP' } }] }, 'S3CRET-TP'],
  ])('%s is found, redacted, masked and fingerprinted', (_l, doc, secret) => {
    expect(findSecrets(doc).length).toBeGreaterThan(0);
    expect(redacted(doc)).not.toContain(secret);
    expect(redacted(doc)).toContain(SECRET_PLACEHOLDER);
    expect(JSON.stringify(maskSecrets(doc))).not.toContain(secret);
    expect(secretParts(doc).join(' ')).toContain(secret);
  });

  it('keeps the harmless parts of a connection string and the header names', () => {
    expect(redacted({ cs: 'Server=x;Password="a;b";Db=y' })).toBe(
      `{"cs":"Server=x;Password=${SECRET_PLACEHOLDER};Db=y"}`,
    );
    expect(redacted({ headers: { Authorization: 'x', Accept: 'json' } })).toContain('"Accept":"json"');
  });

  it('does not take ordinary values for secrets', () => {
    for (const doc of [
      { q: 'select * from t where a=1' },
      { u: 'https://host.example/path?x=1' },
      { e: "@concat('https://x?sig=', pipeline().parameters.s)" },
      { headers: { 'Content-Type': 'application/json' } },
      { p: { type: 'String', defaultValue: 'visible' } },
    ])
      expect(findSecrets(doc)).toEqual([]);
  });

  it('env values: shown as (from env NAME), compared and fingerprinted', () => {
    const env = new Map([['AZURE_CLIENT_SECRET', 'ci-secret-value']]);
    const doc = { description: 'ci-secret-value' };
    expect(redacted(doc, { env })).toBe('{"description":"(from env AZURE_CLIENT_SECRET)"}');
    expect(findSecrets(doc, { env })).toMatchObject([{ env: 'AZURE_CLIENT_SECRET' }]);
  });
});

describe('fingerprints', () => {
  const secrets = findSecrets({ p: { type: 'SecureString', value: 'pw' } });
  const ctx = { factoryId: F, resource: 'LinkedService/A' };
  it('hide equality: equal secrets in two resources give unrelated fingerprints', () => {
    expect(computeFingerprint(secrets, ctx)).not.toBe(
      computeFingerprint(secrets, { ...ctx, resource: 'LinkedService/B' }),
    );
  });
  it('use the configured key when there is one', () => {
    const keyed = computeFingerprint(secrets, { ...ctx, key: 'k' })!;
    expect(keyed).toMatch(/^k1-/);
    expect(computeFingerprint(secrets, { ...ctx, key: 'other' })).not.toBe(keyed);
    expect(fingerprintMatches(secrets, keyed, { ...ctx, key: 'k' })).toBe(true);
    expect(fingerprintMatches(secrets, keyed, ctx)).toBe(false);
  });
  it('markers of the earlier format still compare (no false difference after an upgrade)', () => {
    // adf-deploy 0.1: HMAC-SHA256 keyed by sha256('adf-deploy/secrets/v1\n' + factory id), 32 hex.
    const legacy = 'f0c6f9c5d0b8a5d4b1a0b6c7a8e3e0d6';
    expect(fingerprintMatches(secrets, legacy, ctx)).toBe(false);
    const key = createHash('sha256').update(`adf-deploy/secrets/v1\n${F.toLowerCase()}`).digest();
    const real = createHmac('sha256', key).update('[["p/value","pw"]]').digest('hex').slice(0, 32);
    expect(fingerprintMatches(secrets, real, ctx)).toBe(true);
    expect(fingerprintMatches(secrets, computeFingerprint(secrets, ctx), ctx)).toBe(true);
  });
});

describe('texts that cannot hold a secret shape (issue 19)', () => {
  it.each([
    ['a plain pipeline', 'name: p\nproperties:\n  activities:\n    - name: Wait\n      type: Wait\n', false],
    ['JSON without escapes', '{"name": "ds", "properties": {"type": "DelimitedText"}}', false],
    ['an =', 'query: select 1 where a = 1\n', true],
    ['SecureString in any case', 'type: secureSTRING\n', true],
    ['a headers key in any case', 'Headers:\n  X: y\n', true],
    ['a URL with user info', 'url: https://u:p@host/x\n', true],
    ['an escape', 'type: "Secure\\x53tring"\n', true],
    ['a URL and an @ apart', 'url: https://host/x\nexpr: "@pipeline()"\n', true],
    ['an @ without a URL', 'expr: "@pipeline().parameters.x"\n', false],
  ])('%s', (_label, text, may) => {
    expect(textMayHoldSecretShapes(text)).toBe(may);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { client, F, seedFactory, useEmulator } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRET = 'p4ssw0rd-never-anywhere';

describe('secrets', () => {
  const t = useEmulator();

  it('SecureString masked everywhere, never stored', async () => {
    const dir = tempDir('emu-secret-');
    const e = await startEmulator({ port: 0, dataDir: dir, logFile: path.join(dir, 'log.jsonl') });
    const call = client(() => e.url);
    try {
      await seedFactory(call);
      const doc = {
        properties: {
          type: 'AzureSqlDatabase',
          typeProperties: { connectionString: 'Server=x', password: { type: 'SecureString', value: SECRET } },
          parameters: { nested: { list: [{ value: SECRET, type: 'securestring' }] } },
        },
      };
      const put = await call('PUT', `${F()}/linkedservices/sql`, doc);
      expect(put.status).toBe(200);
      expect(put.body.properties.typeProperties.password).toEqual({ type: 'SecureString', value: '**********' });
      expect(put.body.properties.parameters.nested.list[0]).toEqual({ value: '**********', type: 'securestring' });
      const ir = await call('PUT', `${F()}/integrationRuntimes/ssis-ir`, {
        properties: {
          type: 'Managed',
          typeProperties: {
            ssisProperties: { catalogInfo: { catalogAdminPassword: { type: 'SecureString', value: SECRET } } },
          },
        },
      });
      expect(ir.body.properties.typeProperties.ssisProperties.catalogInfo.catalogAdminPassword.value).toBe(
        '**********',
      );
      for (const r of [
        put,
        ir,
        await call('GET', `${F()}/linkedservices/sql`),
        await call('GET', `${F()}/linkedservices`),
      ])
        expect(r.text).not.toContain(SECRET);
    } finally {
      await e.close();
    }
    for (const f of fs.readdirSync(dir))
      expect([f, fs.readFileSync(path.join(dir, f), 'utf8').includes(SECRET)]).toEqual([f, false]);
    // Restarted, the masked document is what comes back.
    const again = await startEmulator({ port: 0, dataDir: dir });
    try {
      const r = await client(() => again.url)('GET', `${F()}/linkedservices/sql`);
      expect(r.body.properties.typeProperties.password.value).toBe('**********');
    } finally {
      await again.close();
    }
  });

  it.each([
    [
      'AzureBlobStorage',
      `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${SECRET}`,
      'DefaultEndpointsProtocol=https;AccountName=acct;',
    ],
    [
      'AzureStorage',
      `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${SECRET};EndpointSuffix=core.windows.net`,
      'DefaultEndpointsProtocol=https;AccountName=x;EndpointSuffix=core.windows.net;',
    ],
  ])('AccountKey stripped: %s', async (type, connectionString, expected) => {
    await seedFactory(t.call);
    const r = await t.call('PUT', `${F()}/linkedservices/blob`, {
      properties: { type, typeProperties: { connectionString } },
    });
    expect(r.body.properties.typeProperties.connectionString).toBe(expected);
    expect(r.body.properties.typeProperties.encryptedCredential).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(r.text).not.toContain(SECRET);
  });

  it('AccountKey stripped: only for storage types', async () => {
    await seedFactory(t.call);
    const cs = 'Server=x;AccountKey=notastoragekey';
    const r = await t.call('PUT', `${F()}/linkedservices/other`, {
      properties: { type: 'CustomDataSource', typeProperties: { connectionString: cs } },
    });
    expect(r.body.properties.typeProperties).toEqual({ connectionString: cs });
  });

  it('encryptedCredential random and kept when sent', async () => {
    await seedFactory(t.call);
    const doc = {
      properties: {
        type: 'AzureStorage',
        typeProperties: { connectionString: { type: 'SecureString', value: SECRET } },
      },
    };
    const a = await t.call('PUT', `${F()}/linkedservices/a`, doc);
    const b = await t.call('PUT', `${F()}/linkedservices/b`, doc);
    expect(a.body.properties.typeProperties).toEqual({
      connectionString: { type: 'SecureString', value: '**********' },
      encryptedCredential: expect.any(String),
    });
    expect(a.body.properties.typeProperties.encryptedCredential).not.toBe(
      b.body.properties.typeProperties.encryptedCredential,
    );
    const sent = await t.call('PUT', `${F()}/linkedservices/c`, {
      properties: {
        type: 'SqlServer',
        typeProperties: {
          password: { type: 'SecureString', value: SECRET },
          encryptedCredential: 'opaque-from-studio',
        },
      },
    });
    expect(sent.body.properties.typeProperties.encryptedCredential).toBe('opaque-from-studio');
    const plain = await t.call('PUT', `${F()}/linkedservices/d`, {
      properties: { type: 'AzureBlobStorage', typeProperties: { serviceEndpoint: 'https://x' } },
    });
    expect(plain.body.properties.typeProperties.encryptedCredential).toBeUndefined();
  });

  it('Key Vault references unchanged', async () => {
    await seedFactory(t.call);
    await t.call('PUT', `${F()}/linkedservices/kv`, {
      properties: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://kv.vault.azure.net/' } },
    });
    const password = {
      type: 'AzureKeyVaultSecret',
      store: { referenceName: 'kv', type: 'LinkedServiceReference' },
      secretName: 'sql-pw',
    };
    const r = await t.call('PUT', `${F()}/linkedservices/sql`, {
      properties: { type: 'AzureSqlDatabase', typeProperties: { password } },
    });
    expect(r.body.properties.typeProperties).toEqual({ password });
  });
});

import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  generateAccountSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountFromConnectionString,
  accountFromDfs,
  accountFromSasUri,
  DEV_ACCOUNT,
  DEV_ACCOUNT_KEY,
} from '../../src/emulator/runtime/storage/accounts.js';
import { type Azurite, copy, get, ok, put, run, startTestAzurite, TestFactory } from '../data/helpers.js';

const none = { allowRealStorage: false };
const dev = { developmentBlobEndpoint: 'http://127.0.0.1:5555/devstoreaccount1', allowRealStorage: false };

describe('account resolution', () => {
  it('UseDevelopmentStorage=true needs a running Azurite and then maps to it', () => {
    expect(() => accountFromConnectionString('UseDevelopmentStorage=true', none)).toThrow(/no Azurite is running/);
    expect(accountFromConnectionString('UseDevelopmentStorage=true', dev).endpoint).toBe(dev.developmentBlobEndpoint);
  });

  it('the devstoreaccount1 string goes to the running Azurite whatever port it names, else to its BlobEndpoint', () => {
    const cs = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`;
    expect(accountFromConnectionString(cs, dev).endpoint).toBe(dev.developmentBlobEndpoint);
    expect(accountFromConnectionString(cs, none).endpoint).toBe('http://127.0.0.1:10000/devstoreaccount1');
  });

  it('real Azure Storage only with the opt-in', () => {
    const cs = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net';
    expect(() => accountFromConnectionString(cs, none)).toThrow(/--allow-real-storage/);
    expect(accountFromConnectionString(cs, { allowRealStorage: true }).endpoint).toBe(
      'https://acct.blob.core.windows.net',
    );
    expect(() => accountFromSasUri('https://acct.blob.core.windows.net/?sv=1&sig=x', undefined, none)).toThrow(
      /--allow-real-storage/,
    );
  });

  it('a loopback SAS URI on devstoreaccount1 follows the running Azurite; a separate sasToken is used', () => {
    const a = accountFromSasUri('http://127.0.0.1:10000/devstoreaccount1', '?sv=1&sig=x', dev);
    expect(a.endpoint).toBe(dev.developmentBlobEndpoint);
    expect(a.service.url).toContain('sig=x');
    expect(() => accountFromSasUri('http://127.0.0.1:10000/devstoreaccount1', undefined, dev)).toThrow(/no token/);
  });

  it('AzureBlobFS: dfs endpoint -> blob endpoint of the same account; a loopback url -> Azurite', () => {
    expect(accountFromDfs('https://acct.dfs.core.windows.net', 'a2V5', { allowRealStorage: true }).endpoint).toBe(
      'https://acct.blob.core.windows.net',
    );
    expect(accountFromDfs('http://127.0.0.1:10000', undefined, dev).endpoint).toBe(dev.developmentBlobEndpoint);
  });
});

describe('linked services against Azurite', () => {
  let az: Azurite;
  beforeAll(async () => {
    az = await startTestAzurite();
    await put(az, 'acc', 'in/a.txt', 'alpha');
  }, 60_000);
  afterAll(async () => {
    await az?.azurite.close();
  });

  function withStore(props: Record<string, unknown>) {
    return new TestFactory()
      .linkedService('Store', props)
      .dataset('In', 'Binary', { container: 'acc', folderPath: 'in', fileName: 'a.txt' })
      .dataset('Out', 'Binary', { container: 'acc', folderPath: 'out', fileName: 'b.txt' });
  }
  const binCopy = copy({ type: 'BinarySource' }, { type: 'BinarySink' });

  it('a masked connection string (AccountKey stripped on store) is read back from the secret keeper', async () => {
    const f = withStore({
      type: 'AzureBlobStorage',
      typeProperties: {
        connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`,
      },
    });
    f.secrets.set('LinkedService/Store/properties.typeProperties.connectionString', az.azurite.connectionString);
    ok(await run(az, f, binCopy));
    expect((await get(az, 'acc', 'out/b.txt')).toString()).toBe('alpha');
  });

  it('a SecureString unknown to the keeper (emulator restarted) fails saying to apply again', async () => {
    const f = withStore({
      type: 'AzureBlobStorage',
      typeProperties: { connectionString: { type: 'SecureString', value: '**********' } },
    });
    const result = await run(az, f, binCopy);
    expect(result.status === 'Failed' && result.error.message).toContain('apply the linked service again');
  });

  it('a legacy AzureStorage linked service with a SAS URI', async () => {
    const sas = generateAccountSASQueryParameters(
      {
        expiresOn: new Date(Date.now() + 3_600_000),
        permissions: AccountSASPermissions.parse('rwdlac'),
        resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
        services: AccountSASServices.parse('b').toString(),
      },
      new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_ACCOUNT_KEY),
    ).toString();
    const f = withStore({
      type: 'AzureStorage',
      typeProperties: { sasUri: { type: 'SecureString', value: '**********' } },
    });
    f.secrets.set('LinkedService/Store/properties.typeProperties.sasUri', `${az.azurite.blobEndpoint}?${sas}`);
    ok(await run(az, f, binCopy));
    expect((await get(az, 'acc', 'out/b.txt')).toString()).toBe('alpha');
  });

  it('linkedService() parameters come from the dataset, dataset() parameters fall back to their defaults', async () => {
    const f = withStore({
      type: 'AzureBlobStorage',
      parameters: { cs: { type: 'String' } },
      typeProperties: { connectionString: '@linkedService().cs' },
    });
    const input = f.datasets.get('In') as { properties: Record<string, unknown> };
    input.properties.linkedServiceName = {
      referenceName: 'Store',
      type: 'LinkedServiceReference',
      parameters: { cs: "@concat('UseDevelopment', 'Storage=true')" },
    };
    input.properties.parameters = { folder: { type: 'String', defaultValue: 'in' } };
    (input.properties.typeProperties as { location: Record<string, unknown> }).location.folderPath =
      '@dataset().folder';
    const out = f.datasets.get('Out') as { properties: Record<string, unknown> };
    out.properties.linkedServiceName = input.properties.linkedServiceName;
    ok(await run(az, f, binCopy));
    expect((await get(az, 'acc', 'out/b.txt')).toString()).toBe('alpha');
  });

  it('an unsupported linked service type fails its activity clearly', async () => {
    const f = withStore({ type: 'AzureSqlDatabase', typeProperties: {} });
    const result = await run(az, f, binCopy);
    expect(result.status === 'Failed' && result.error.message).toContain("of type 'AzureSqlDatabase'");
  });
});

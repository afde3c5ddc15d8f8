import { randomBytes } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, copy, devFactory, get, names, ok, put, run, startTestAzurite } from '../data/helpers.js';

let az: Azurite;
beforeAll(async () => {
  az = await startTestAzurite();
}, 60_000);
afterAll(async () => {
  await az?.azurite.close();
});

const binSource = (settings: Record<string, unknown> = {}) => ({
  type: 'BinarySource',
  storeSettings: { type: 'AzureBlobStorageReadSettings', recursive: true, ...settings },
});
const binSink = (settings: Record<string, unknown> = {}) => ({
  type: 'BinarySink',
  storeSettings: { type: 'AzureBlobStorageWriteSettings', ...settings },
});

describe('Copy, Binary', () => {
  it('copies the quickstart file byte for byte and reports dataRead, dataWritten, filesRead, filesWritten', async () => {
    await put(az, 'adftutorial', 'input/emp.txt', 'John, Doe\nJane, Doe\n');
    const f = devFactory()
      .dataset(
        'In',
        'Binary',
        { container: 'adftutorial', folderPath: 'input', fileName: '@dataset().name' },
        {
          parameters: { name: { type: 'string' } },
        },
      )
      .dataset(
        'Out',
        'Binary',
        { container: 'adftutorial', folderPath: 'output', fileName: { value: '@dataset().out', type: 'Expression' } },
        {
          parameters: { out: { type: 'string' } },
        },
      );
    const activity = copy(binSource(), binSink(), { enableStaging: false });
    activity.inputs[0] = { referenceName: 'In', type: 'DatasetReference', parameters: { name: 'emp.txt' } } as never;
    activity.outputs[0] = { referenceName: 'Out', type: 'DatasetReference', parameters: { out: 'copy.txt' } } as never;
    const out = ok(await run(az, f, activity));
    expect((await get(az, 'adftutorial', 'output/copy.txt')).toString()).toBe('John, Doe\nJane, Doe\n');
    expect(out).toMatchObject({ dataRead: 20, dataWritten: 20, filesRead: 1, filesWritten: 1, errors: [] });
    expect(out).not.toHaveProperty('rowsRead');
    expect(out.effectiveIntegrationRuntime).toMatch(/^\S+ \(.+\)$/);
    expect(Array.isArray(out.executionDetails)).toBe(true);
  });

  it('keeps the source file name when the sink dataset names only a folder (the quickstart OutputDataset)', async () => {
    await put(az, 'cone', 'in/a.bin', randomBytes(1000));
    const f = devFactory()
      .dataset('In', 'Binary', { container: 'cone', folderPath: 'in', fileName: 'a.bin' })
      .dataset('Out', 'Binary', { container: 'cone', folderPath: 'out' });
    ok(await run(az, f, copy(binSource(), binSink())));
    expect(await get(az, 'cone', 'out/a.bin')).toEqual(await get(az, 'cone', 'in/a.bin'));
  });

  it('a missing source blob fails the activity with 2200 and the service-style message', async () => {
    const f = devFactory()
      .dataset('In', 'Binary', { container: 'adftutorial', folderPath: 'input', fileName: 'nope.txt' })
      .dataset('Out', 'Binary', { container: 'adftutorial', folderPath: 'output' });
    const result = await run(az, f, { ...copy(binSource(), binSink()), name: 'CopyFromBlobToBlob' });
    expect(result.status).toBe('Failed');
    if (result.status !== 'Failed') return;
    expect(result.error).toMatchObject({ errorCode: '2200', failureType: 'UserError', target: 'CopyFromBlobToBlob' });
    expect(result.error.message).toContain("Failure happened on 'Source' side. ErrorCode=UserErrorSourceBlobNotExists");
    expect(result.error.message).toContain('ContainerExist: True, BlobPrefix: input/nope.txt');
  });

  it('a missing container fails with ContainerExist: False', async () => {
    const f = devFactory()
      .dataset('In', 'Binary', { container: 'nocontainer', folderPath: 'x', fileName: 'y' })
      .dataset('Out', 'Binary', { container: 'cone', folderPath: 'o' });
    const result = await run(az, f, copy(binSource(), binSink()));
    expect(result.status === 'Failed' && result.error.message).toContain('ContainerExist: False');
  });

  it('gzip: a compressed source is inflated into an uncompressed sink, and measured on the wire', async () => {
    const text = 'x'.repeat(10_000);
    const zipped = gzipSync(text);
    await put(az, 'gzc', 'in/a.txt.gz', zipped);
    const f = devFactory()
      .dataset(
        'In',
        'Binary',
        { container: 'gzc', folderPath: 'in', fileName: 'a.txt.gz' },
        { compression: { type: 'GZip' } },
      )
      .dataset('Out', 'Binary', { container: 'gzc', folderPath: 'out', fileName: 'a.txt' });
    const out = ok(await run(az, f, copy(binSource(), binSink())));
    expect((await get(az, 'gzc', 'out/a.txt')).toString()).toBe(text);
    expect(out).toMatchObject({ dataRead: zipped.length, dataWritten: 10_000 });
    const f2 = devFactory()
      .dataset('In', 'Binary', { container: 'gzc', folderPath: 'out', fileName: 'a.txt' })
      .dataset(
        'Out',
        'Binary',
        { container: 'gzc', folderPath: 'again', fileName: 'b.gz' },
        { compression: { type: 'GZip' } },
      );
    ok(await run(az, f2, copy(binSource(), binSink())));
    expect(gunzipSync(await get(az, 'gzc', 'again/b.gz')).toString()).toBe(text);
  });

  it('a source that is not valid gzip fails on the source side and leaves no sink blob', async () => {
    await put(az, 'gzc', 'bad/x.gz', 'this is not gzip at all');
    const f = devFactory()
      .dataset(
        'In',
        'Binary',
        { container: 'gzc', folderPath: 'bad', fileName: 'x.gz' },
        { compression: { type: 'gzip' } },
      )
      .dataset('Out', 'Binary', { container: 'gzc', folderPath: 'bad-out', fileName: 'x.txt' });
    const result = await run(az, f, copy(binSource(), binSink()));
    expect(result.status === 'Failed' && result.error.message).toContain(
      "Failure happened on 'Source' side. ErrorCode=UserErrorInvalidCompressedData",
    );
    expect(await names(az, 'gzc', 'bad-out/')).toEqual([]);
  });

  it('a Binary source into a DelimitedText sink fails clearly', async () => {
    const f = devFactory()
      .dataset('In', 'Binary', { container: 'cone', folderPath: 'in', fileName: 'a.bin' })
      .dataset('Out', 'DelimitedText', { container: 'cone', folderPath: 'o' });
    const result = await run(az, f, copy(binSource(), { type: 'DelimitedTextSink' }));
    expect(result.status === 'Failed' && result.error.message).toContain('Binary dataset can only be copied');
  });

  it('Parquet fails clearly', async () => {
    const f = devFactory()
      .dataset('In', 'Parquet', { container: 'cone', folderPath: 'in', fileName: 'a.parquet' })
      .dataset('Out', 'Parquet', { container: 'cone', folderPath: 'o' });
    const result = await run(az, f, copy({ type: 'ParquetSource' }, { type: 'ParquetSink' }));
    expect(result.status === 'Failed' && result.error.message).toContain("of type 'Parquet'");
  });

  it('names its written blobs only under the sink folder', async () => {
    expect(await names(az, 'cone', 'out/')).toEqual(['out/a.bin']);
  });
});

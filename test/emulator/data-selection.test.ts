import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, copy, devFactory, get, names, ok, put, run, startTestAzurite } from '../data/helpers.js';

let az: Azurite;
beforeAll(async () => {
  az = await startTestAzurite();
  for (const [name, body] of [
    ['src/a.csv', 'A\n'],
    ['src/b.txt', 'B\n'],
    ['src/2024/c.csv', 'C\n'],
    ['src/2024/deep/d.csv', 'D\n'],
    ['src/2025/e.csv', 'E\n'],
    ['other/f.csv', 'F\n'],
  ])
    await put(az, 'sel', name, body);
}, 60_000);
afterAll(async () => {
  await az?.azurite.close();
});

const src = (settings: Record<string, unknown>) => ({
  type: 'BinarySource',
  storeSettings: { type: 'AzureBlobStorageReadSettings', ...settings },
});
const sink = (copyBehavior?: string) => ({
  type: 'BinarySink',
  storeSettings: { type: 'AzureBlobStorageWriteSettings', ...(copyBehavior ? { copyBehavior } : {}) },
});

async function copyTo(out: string, settings: Record<string, unknown>, behavior?: string, sinkFile?: string) {
  const f = devFactory()
    .dataset('In', 'Binary', { container: 'sel', folderPath: 'src' })
    .dataset('Out', 'Binary', { container: 'sel', folderPath: out, ...(sinkFile ? { fileName: sinkFile } : {}) });
  return ok(await run(az, f, copy(src(settings), sink(behavior))));
}

describe('source selection and copy behaviours', () => {
  it('a folder, recursive (the default): every file below, hierarchy preserved', async () => {
    const out = await copyTo('r1', {});
    expect(await names(az, 'sel', 'r1/')).toEqual([
      'r1/2024/c.csv',
      'r1/2024/deep/d.csv',
      'r1/2025/e.csv',
      'r1/a.csv',
      'r1/b.txt',
    ]);
    expect(out).toMatchObject({ filesRead: 5, filesWritten: 5, dataRead: 10, dataWritten: 10 });
  });

  it('recursive false: only the folder itself', async () => {
    await copyTo('r2', { recursive: false });
    expect(await names(az, 'sel', 'r2/')).toEqual(['r2/a.csv', 'r2/b.txt']);
  });

  it('wildcardFileName, recursive: matching files in every subfolder', async () => {
    await copyTo('r3', { wildcardFileName: '*.csv' });
    expect(await names(az, 'sel', 'r3/')).toEqual(['r3/2024/c.csv', 'r3/2024/deep/d.csv', 'r3/2025/e.csv', 'r3/a.csv']);
  });

  it('wildcardFolderPath with recursive false: files directly in the matching folders', async () => {
    await copyTo('r4', { wildcardFolderPath: 'src/20*', wildcardFileName: '*.csv', recursive: false });
    expect(await names(az, 'sel', 'r4/')).toEqual(['r4/2024/c.csv', 'r4/2025/e.csv']);
  });

  it('prefix: blobs whose names start with it, relative to its folder', async () => {
    await copyTo('r5', { prefix: 'src/2024/' });
    expect(await names(az, 'sel', 'r5/')).toEqual(['r5/c.csv', 'r5/deep/d.csv']);
  });

  it('modifiedDatetimeStart/End: a window that excludes everything selects nothing', async () => {
    const out = await copyTo('r6', {
      modifiedDatetimeStart: '2000-01-01T00:00:00Z',
      modifiedDatetimeEnd: '2000-01-02T00:00:00Z',
    });
    expect(out).toMatchObject({ filesRead: 0, filesWritten: 0 });
    const all = await copyTo('r6', { modifiedDatetimeStart: '2000-01-01T00:00:00Z', recursive: false });
    expect(all).toMatchObject({ filesRead: 2 });
  });

  it('FlattenHierarchy: every file in the sink folder itself, under generated names', async () => {
    await copyTo('r7', {}, 'FlattenHierarchy');
    const written = await names(az, 'sel', 'r7/');
    expect(written).toHaveLength(5);
    for (const n of written) expect(n).toMatch(/^r7\/data_[0-9a-f-]{36}\.(csv|txt)$/);
  });

  it('MergeFiles: one sink file holding every source file', async () => {
    const out = await copyTo('r8', { wildcardFileName: '*.csv' }, 'MergeFiles', 'all.csv');
    expect(await names(az, 'sel', 'r8/')).toEqual(['r8/all.csv']);
    expect((await get(az, 'sel', 'r8/all.csv')).toString().split('\n').sort().join('')).toBe('ACDE');
    expect(out).toMatchObject({ filesRead: 4, filesWritten: 1 });
  });

  it('MergeFiles of DelimitedText files: one header, every row', async () => {
    await put(az, 'mrg', 'in/1.csv', 'k,v\n1,a\n');
    await put(az, 'mrg', 'in/2.csv', 'k,v\n2,b\n');
    const f = devFactory()
      .dataset('In', 'DelimitedText', { container: 'mrg', folderPath: 'in' }, { firstRowAsHeader: true })
      .dataset(
        'Out',
        'DelimitedText',
        { container: 'mrg', folderPath: 'out', fileName: 'm.csv' },
        { firstRowAsHeader: true },
      );
    const out = ok(
      await run(
        az,
        f,
        copy(
          { type: 'DelimitedTextSource' },
          { type: 'DelimitedTextSink', storeSettings: { copyBehavior: 'MergeFiles' } },
        ),
      ),
    );
    expect((await get(az, 'mrg', 'out/m.csv')).toString()).toBe('k,v\r\n1,a\r\n2,b\r\n');
    expect(out).toMatchObject({ rowsRead: 2, rowsCopied: 2, filesRead: 2, filesWritten: 1 });
  });

  it('deleteFilesAfterCompletion removes the copied source files', async () => {
    await put(az, 'mvc', 'in/x.txt', 'x');
    await put(az, 'mvc', 'in/y.txt', 'y');
    const f = devFactory()
      .dataset('In', 'Binary', { container: 'mvc', folderPath: 'in' })
      .dataset('Out', 'Binary', { container: 'mvc', folderPath: 'out' });
    ok(await run(az, f, copy(src({ deleteFilesAfterCompletion: true }), sink())));
    expect(await names(az, 'mvc')).toEqual(['out/x.txt', 'out/y.txt']);
  });

  it('a folder with nothing below it fails like a missing blob', async () => {
    const f = devFactory()
      .dataset('In', 'Binary', { container: 'sel', folderPath: 'nothing-here' })
      .dataset('Out', 'Binary', { container: 'sel', folderPath: 'o' });
    const result = await run(az, f, copy(src({}), sink()));
    expect(result.status === 'Failed' && result.error.message).toContain('BlobPrefix: nothing-here, BlobCount: 0');
  });
});

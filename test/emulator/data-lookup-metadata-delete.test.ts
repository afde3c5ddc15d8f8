import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, devFactory, names, ok, put, run, startTestAzurite } from '../data/helpers.js';

let az: Azurite;
beforeAll(async () => {
  az = await startTestAzurite();
  await put(az, 'look', 'rows/small.csv', 'id,name\n1,a\n2,b\n');
  await put(az, 'look', 'rows/big.csv', `n\n${Array.from({ length: 6000 }, (_, i) => i).join('\n')}\n`);
  await put(az, 'look', 'rows/o.json', '[{"a":{"b":1}},{"a":{"b":2}}]');
  await put(az, 'look', 'tree/x.txt', 'hello');
  await put(az, 'look', 'tree/sub/y.txt', 'y');
}, 60_000);
afterAll(async () => {
  await az?.azurite.close();
});

const ref = { referenceName: 'D', type: 'DatasetReference' };

describe('Lookup', () => {
  it('firstRowOnly (the default): { firstRow }', async () => {
    const f = devFactory().dataset(
      'D',
      'DelimitedText',
      { container: 'look', folderPath: 'rows', fileName: 'small.csv' },
      { firstRowAsHeader: true },
    );
    const out = ok(
      await run(az, f, { type: 'Lookup', typeProperties: { source: { type: 'DelimitedTextSource' }, dataset: ref } }),
    );
    expect(out).toEqual({ firstRow: { id: '1', name: 'a' } });
  });

  it('firstRowOnly false: { count, value }, capped at the first 5,000 rows', async () => {
    const f = devFactory().dataset(
      'D',
      'DelimitedText',
      { container: 'look', folderPath: 'rows', fileName: 'big.csv' },
      { firstRowAsHeader: true },
    );
    const out = ok(
      await run(az, f, { type: 'Lookup', typeProperties: { source: {}, dataset: ref, firstRowOnly: false } }),
    );
    expect(out.count).toBe(5000);
    const value = out.value as { n: string }[];
    expect(value).toHaveLength(5000);
    expect(value[0]).toEqual({ n: '0' });
    expect(value[4999]).toEqual({ n: '4999' });
  });

  it('Json rows keep their nesting', async () => {
    const f = devFactory().dataset('D', 'Json', { container: 'look', folderPath: 'rows', fileName: 'o.json' });
    const out = ok(
      await run(az, f, { type: 'Lookup', typeProperties: { source: {}, dataset: ref, firstRowOnly: false } }),
    );
    expect(out).toEqual({ count: 2, value: [{ a: { b: 1 } }, { a: { b: 2 } }] });
  });

  it('a Binary dataset fails with 2100', async () => {
    const f = devFactory().dataset('D', 'Binary', { container: 'look', folderPath: 'rows', fileName: 'o.json' });
    const result = await run(az, f, { type: 'Lookup', typeProperties: { source: {}, dataset: ref } });
    expect(result.status === 'Failed' && result.error.errorCode).toBe('2100');
  });
});

describe('GetMetadata', () => {
  const gm = (fieldList: string[]) => ({ type: 'GetMetadata' as const, typeProperties: { dataset: ref, fieldList } });

  it('a file: exists, itemName, itemType, size, lastModified, contentMD5', async () => {
    const f = devFactory().dataset('D', 'Binary', { container: 'look', folderPath: 'tree', fileName: 'x.txt' });
    const out = ok(await run(az, f, gm(['exists', 'itemName', 'itemType', 'size', 'lastModified', 'contentMD5'])));
    expect(out).toMatchObject({ exists: true, itemName: 'x.txt', itemType: 'File', size: 5 });
    expect(out.lastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(out.contentMD5).toBe('XUFAKrxLKna5cZ2REBfFkg==');
  });

  it('a folder: childItems with File and Folder', async () => {
    const f = devFactory().dataset('D', 'Binary', { container: 'look', folderPath: 'tree' });
    const out = ok(await run(az, f, gm(['itemName', 'itemType', 'childItems'])));
    expect(out).toMatchObject({
      itemName: 'tree',
      itemType: 'Folder',
      childItems: [
        { name: 'sub', type: 'Folder' },
        { name: 'x.txt', type: 'File' },
      ],
    });
  });

  it('structure and columnCount of a DelimitedText file', async () => {
    const f = devFactory().dataset(
      'D',
      'DelimitedText',
      { container: 'look', folderPath: 'rows', fileName: 'small.csv' },
      { firstRowAsHeader: true },
    );
    const out = ok(await run(az, f, gm(['structure', 'columnCount'])));
    expect(out).toMatchObject({
      structure: [
        { name: 'id', type: 'String' },
        { name: 'name', type: 'String' },
      ],
      columnCount: 2,
    });
  });

  it('a missing file: exists false when asked, else the activity fails', async () => {
    const f = devFactory().dataset('D', 'Binary', { container: 'look', folderPath: 'tree', fileName: 'none.txt' });
    expect(ok(await run(az, f, gm(['exists', 'size'])))).toMatchObject({ exists: false });
    const result = await run(az, f, gm(['size']));
    expect(result.status).toBe('Failed');
    if (result.status === 'Failed') {
      expect(result.error.errorCode).toBe('2001');
      expect(result.error.message).toContain('UserErrorFileNotFound');
    }
  });

  it('an unknown field fails clearly', async () => {
    const f = devFactory().dataset('D', 'Binary', { container: 'look', folderPath: 'tree' });
    const result = await run(az, f, gm(['colour']));
    expect(result.status === 'Failed' && result.error.message).toContain("field 'colour' is not supported");
  });
});

describe('Delete', () => {
  it('recursive false deletes only the folder itself; recursive true everything below', async () => {
    for (const n of ['d/a.txt', 'd/b.log', 'd/s/c.txt', 'd/s/t/e.txt']) await put(az, 'del', n, n);
    const f = devFactory().dataset('D', 'Binary', { container: 'del', folderPath: 'd' });
    const one = ok(
      await run(az, f, {
        type: 'Delete',
        typeProperties: { dataset: ref, storeSettings: { recursive: false, wildcardFileName: '*.txt' } },
      }),
    );
    expect(one).toMatchObject({ filesDeleted: 1, datasetName: 'D' });
    expect(await names(az, 'del')).toEqual(['d/b.log', 'd/s/c.txt', 'd/s/t/e.txt']);
    ok(await run(az, f, { type: 'Delete', typeProperties: { dataset: ref, storeSettings: { recursive: true } } }));
    expect(await names(az, 'del')).toEqual([]);
  });

  it('a missing file fails the Delete with 2300', async () => {
    const f = devFactory().dataset('D', 'Binary', { container: 'look', folderPath: 'tree', fileName: 'gone.txt' });
    const result = await run(az, f, { type: 'Delete', typeProperties: { dataset: ref } });
    expect(result.status === 'Failed' && result.error.errorCode).toBe('2300');
  });
});

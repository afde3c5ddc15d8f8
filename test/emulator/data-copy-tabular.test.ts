import { gzipSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, copy, devFactory, get, ok, put, run, startTestAzurite } from '../data/helpers.js';

const PEOPLE = 'id,name,city\n1,"Doe, John",Paris\n2,Jane,\n';
let az: Azurite;
beforeAll(async () => {
  az = await startTestAzurite();
  await put(az, 'tab', 'in/people.csv', PEOPLE);
}, 60_000);
afterAll(async () => {
  await az?.azurite.close();
});

const csvSource = { type: 'DelimitedTextSource', storeSettings: { type: 'AzureBlobStorageReadSettings' } };
const csvSink = { type: 'DelimitedTextSink', storeSettings: { type: 'AzureBlobStorageWriteSettings' } };
const jsonSink = (filePattern?: string) => ({
  type: 'JsonSink',
  storeSettings: { type: 'AzureBlobStorageWriteSettings' },
  ...(filePattern ? { formatSettings: { type: 'JsonWriteSettings', filePattern } } : {}),
});
const header = { firstRowAsHeader: true };

describe('Copy, DelimitedText and Json', () => {
  it('DelimitedText round trip with a header: rows counted, quotes kept where needed', async () => {
    const f = devFactory()
      .dataset('In', 'DelimitedText', { container: 'tab', folderPath: 'in', fileName: 'people.csv' }, header)
      .dataset('Out', 'DelimitedText', { container: 'tab', folderPath: 'out', fileName: 'people.csv' }, header);
    const out = ok(await run(az, f, copy(csvSource, csvSink)));
    expect((await get(az, 'tab', 'out/people.csv')).toString()).toBe(
      'id,name,city\r\n1,"Doe, John",Paris\r\n2,Jane,\r\n',
    );
    expect(out).toMatchObject({ rowsRead: 2, rowsCopied: 2, filesRead: 1, filesWritten: 1, dataRead: PEOPLE.length });
  });

  it('delimiters, quote and escape characters, encoding and gzip change between source and sink', async () => {
    const f = devFactory()
      .dataset('In', 'DelimitedText', { container: 'tab', folderPath: 'in', fileName: 'people.csv' }, header)
      .dataset(
        'Out',
        'DelimitedText',
        { container: 'tab', folderPath: 'semi', fileName: 'p.txt.gz' },
        {
          ...header,
          columnDelimiter: ';',
          rowDelimiter: '\n',
          quoteChar: "'",
          escapeChar: "'",
          encodingName: 'UTF-16',
          compressionCodec: 'gzip',
        },
      );
    ok(await run(az, f, copy(csvSource, csvSink)));
    const text = gunzipSync(await get(az, 'tab', 'semi/p.txt.gz')).toString('utf16le');
    expect(text).toBe('id;name;city\n1;Doe, John;Paris\n2;Jane;\n');
    // and back: read it with the same settings
    await put(az, 'tab', 'odd/q.txt.gz', gzipSync(Buffer.from("a;b\n'it''s';'x;y'\n", 'utf16le')));
    const g = devFactory()
      .dataset(
        'In',
        'DelimitedText',
        { container: 'tab', folderPath: 'odd', fileName: 'q.txt.gz' },
        {
          ...header,
          columnDelimiter: ';',
          quoteChar: "'",
          escapeChar: "'",
          encodingName: 'UTF-16',
          compressionCodec: 'gzip',
        },
      )
      .dataset('Out', 'DelimitedText', { container: 'tab', folderPath: 'odd-out', fileName: 'q.csv' }, header);
    ok(await run(az, g, copy(csvSource, csvSink)));
    expect((await get(az, 'tab', 'odd-out/q.csv')).toString()).toBe("a,b\r\nit's,x;y\r\n");
  });

  it('no header row: columns are Prop_0, Prop_1, ...', async () => {
    await put(az, 'tab', 'nohead/emp.txt', 'John, Doe\nJane, Doe\n');
    const f = devFactory()
      .dataset('In', 'DelimitedText', { container: 'tab', folderPath: 'nohead', fileName: 'emp.txt' })
      .dataset('Out', 'Json', { container: 'tab', folderPath: 'nohead-out', fileName: 'emp.json' });
    ok(await run(az, f, copy(csvSource, jsonSink())));
    expect((await get(az, 'tab', 'nohead-out/emp.json')).toString()).toBe(
      '{"Prop_0":"John","Prop_1":" Doe"}\n{"Prop_0":"Jane","Prop_1":" Doe"}\n',
    );
  });

  it('DelimitedText to Json arrayOfObjects and back to DelimitedText', async () => {
    const f = devFactory()
      .dataset('In', 'DelimitedText', { container: 'tab', folderPath: 'in', fileName: 'people.csv' }, header)
      .dataset('Out', 'Json', { container: 'tab', folderPath: 'json', fileName: 'people.json' });
    ok(await run(az, f, copy(csvSource, jsonSink('arrayOfObjects'))));
    const json = JSON.parse((await get(az, 'tab', 'json/people.json')).toString());
    expect(json).toEqual([
      { id: '1', name: 'Doe, John', city: 'Paris' },
      { id: '2', name: 'Jane', city: null },
    ]);
    const g = devFactory()
      .dataset('In', 'Json', { container: 'tab', folderPath: 'json', fileName: 'people.json' })
      .dataset('Out', 'DelimitedText', { container: 'tab', folderPath: 'json-back', fileName: 'people.csv' }, header);
    const out = ok(await run(az, g, copy({ type: 'JsonSource' }, csvSink)));
    expect((await get(az, 'tab', 'json-back/people.csv')).toString()).toBe(
      'id,name,city\r\n1,"Doe, John",Paris\r\n2,Jane,\r\n',
    );
    expect(out).toMatchObject({ rowsRead: 2, rowsCopied: 2 });
  });

  it('Json setOfObjects round trip keeps types and nesting', async () => {
    await put(az, 'tab', 'set/a.json', '{"n":1,"o":{"x":true}}\n{"n":2.5,"o":{"x":false}}\n');
    const f = devFactory()
      .dataset('In', 'Json', { container: 'tab', folderPath: 'set', fileName: 'a.json' })
      .dataset('Out', 'Json', { container: 'tab', folderPath: 'set-out', fileName: 'a.json' });
    ok(await run(az, f, copy({ type: 'JsonSource' }, jsonSink('setOfObjects'))));
    expect((await get(az, 'tab', 'set-out/a.json')).toString()).toBe(
      '{"n":1,"o":{"x":true}}\n{"n":2.5,"o":{"x":false}}\n',
    );
  });

  it('TabularTranslator mappings: by name, by ordinal, from a JSON path into a nested sink path', async () => {
    const f = devFactory()
      .dataset('In', 'DelimitedText', { container: 'tab', folderPath: 'in', fileName: 'people.csv' }, header)
      .dataset('Out', 'DelimitedText', { container: 'tab', folderPath: 'mapped', fileName: 'm.csv' }, header);
    const translator = {
      type: 'TabularTranslator',
      mappings: [
        { source: { name: 'name' }, sink: { name: 'FullName' } },
        { source: { ordinal: 1 }, sink: { name: 'Id' } },
      ],
    };
    ok(await run(az, f, copy(csvSource, csvSink, { translator })));
    expect((await get(az, 'tab', 'mapped/m.csv')).toString()).toBe('FullName,Id\r\n"Doe, John",1\r\nJane,2\r\n');
    const g = devFactory()
      .dataset('In', 'Json', { container: 'tab', folderPath: 'set', fileName: 'a.json' })
      .dataset('Out', 'Json', { container: 'tab', folderPath: 'mapped', fileName: 'm.json' });
    const t2 = {
      type: 'TabularTranslator',
      mappings: [
        { source: { path: "$['o']['x']" }, sink: { path: '$.flags.x' } },
        { source: { path: '$.n' }, sink: { path: "$['num']" } },
      ],
    };
    ok(await run(az, g, copy({ type: 'JsonSource' }, jsonSink(), { translator: t2 })));
    expect((await get(az, 'tab', 'mapped/m.json')).toString()).toBe(
      '{"flags":{"x":true},"num":1}\n{"flags":{"x":false},"num":2.5}\n',
    );
  });

  it('malformed JSON fails the copy on the source side', async () => {
    await put(az, 'tab', 'bad/b.json', '{"a":1}\n{"a":');
    const f = devFactory()
      .dataset('In', 'Json', { container: 'tab', folderPath: 'bad', fileName: 'b.json' })
      .dataset('Out', 'Json', { container: 'tab', folderPath: 'bad-out' });
    const result = await run(az, f, copy({ type: 'JsonSource' }, jsonSink()));
    expect(result.status === 'Failed' && result.error.message).toContain(
      "Failure happened on 'Source' side. ErrorCode=UserErrorMalformedJson",
    );
  });
});

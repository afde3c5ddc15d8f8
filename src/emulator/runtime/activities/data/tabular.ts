import type { Readable } from 'node:stream';
import { type DelimitedSettings, DelimitedParser, type Field, formatRow } from './delimited.js';
import { badConfig, DataError } from './errors.js';
import { JsonObjectSplitter, JsonWriter } from './json-format.js';
import { isObject as isRecord } from '../../../documents.js';
import { getCI, type ResolvedDataset, str } from './resolve.js';
import { decodeText, encodingOf } from './streams.js';

/** A record read from a tabular source: column names and values, and the JSON object it came from (Json only). */
export interface Row {
  header: readonly string[];
  values: readonly unknown[];
  object?: Record<string, unknown>;
}

export const TABULAR_TYPES = ['DelimitedText', 'Json'] as const;

/** Fail clearly on a dataset type the emulator does not read or write. */
export function checkFormat(ds: ResolvedDataset, allowed: readonly string[]): void {
  if (!allowed.includes(ds.type))
    throw badConfig(
      `The dataset '${ds.name}' is of type '${ds.type}': the emulator's data activities support ${allowed.join(', ')} datasets (Parquet, Avro, ORC, Excel, XML are not emulated).`,
    );
}

function char(tp: Record<string, unknown>, key: string, fallback: string): string {
  const v = getCI(tp, key);
  return typeof v === 'string' ? v : fallback;
}

export function delimitedSettings(ds: ResolvedDataset): DelimitedSettings {
  const tp = ds.typeProperties;
  const header = getCI(tp, 'firstRowAsHeader');
  const rd = getCI(tp, 'rowDelimiter');
  return {
    columnDelimiter: char(tp, 'columnDelimiter', ',') || ',',
    rowDelimiter: typeof rd === 'string' && rd !== '' ? rd : undefined,
    quoteChar: char(tp, 'quoteChar', '"'),
    escapeChar: char(tp, 'escapeChar', '\\'),
    firstRowAsHeader: header === true || (typeof header === 'string' && header.toLowerCase() === 'true'),
    nullValue: char(tp, 'nullValue', ''),
  };
}

function defaultNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `Prop_${i}`);
}

/**
 * The rows of one source file. `skipLineCount` (DelimitedTextReadSettings) skips lines before the header.
 * `onHeader` sees the header row's names once (structure for GetMetadata).
 */
export async function* readRows(ds: ResolvedDataset, stream: Readable, formatSettings: unknown): AsyncGenerator<Row[]> {
  const encoding = encodingOf(ds.typeProperties, false);
  if (ds.type === 'Json') {
    const splitter = new JsonObjectSplitter();
    const toRow = (o: unknown): Row => {
      if (!isRecord(o))
        throw new DataError(
          'UserErrorMalformedJson',
          `The file holds a JSON value that is not an object in dataset '${ds.name}'.`,
          'Source',
        );
      return { header: Object.keys(o), values: Object.values(o), object: o };
    };
    try {
      for await (const text of decodeText(stream, encoding)) {
        const objs = splitter.push(text);
        if (objs.length) yield objs.map(toRow);
      }
      splitter.finish();
    } catch (err) {
      if (err instanceof SyntaxError)
        throw new DataError(
          'UserErrorMalformedJson',
          `Malformed JSON in dataset '${ds.name}': ${err.message}.`,
          'Source',
        );
      throw err;
    }
    return;
  }
  const s = delimitedSettings(ds);
  const parser = new DelimitedParser(s);
  const skipSetting = isRecord(formatSettings) ? Number(getCI(formatSettings, 'skipLineCount') ?? 0) : 0;
  let skip = Number.isFinite(skipSetting) ? skipSetting : 0;
  let header: string[] | undefined;
  let generic: string[] = [];
  const convert = (rows: Field[][]): Row[] => {
    const out: Row[] = [];
    for (const values of rows) {
      if (skip > 0) {
        skip--;
        continue;
      }
      if (!header && s.firstRowAsHeader) {
        header = values.map((v, i) => v ?? `Prop_${i}`);
        continue;
      }
      if (!header && generic.length < values.length) generic = defaultNames(values.length);
      const names = header ?? generic;
      out.push({ header: names, values });
    }
    return out;
  };
  for await (const text of decodeText(stream, encoding)) {
    const rows = convert(parser.push(text));
    if (rows.length) yield rows;
  }
  const last = convert(parser.finish());
  if (last.length) yield last;
}

/** The header row's names of a file (GetMetadata structure), or undefined for an empty file. */
export async function readHeader(ds: ResolvedDataset, stream: Readable): Promise<string[] | undefined> {
  for await (const rows of readRows(ds, stream, undefined)) {
    stream.destroy();
    return rows.length ? [...rows[0].header] : undefined;
  }
  return undefined;
}

/** Render a row as the JSON object Lookup returns (Json rows keep their nesting). */
export function rowObject(row: Row): Record<string, unknown> {
  if (row.object) return row.object;
  const out: Record<string, unknown> = {};
  row.header.forEach((name, i) => {
    out[name] = row.values[i] ?? null;
  });
  return out;
}

/** A writer of the sink's format: text chunks to append. */
export interface RowWriter {
  begin(columns: readonly string[]): string;
  row(values: readonly unknown[], columns: readonly string[]): string;
  end(): string;
}

export function rowWriter(ds: ResolvedDataset, formatSettings: unknown): RowWriter {
  if (ds.type === 'Json') {
    const raw = isRecord(formatSettings) ? str(getCI(formatSettings, 'filePattern')) : undefined;
    const pattern = raw?.toLowerCase() === 'arrayofobjects' ? 'arrayOfObjects' : 'setOfObjects';
    if (raw && !['setofobjects', 'arrayofobjects'].includes(raw.toLowerCase()))
      throw badConfig(`Json filePattern '${raw}' is not supported (setOfObjects, arrayOfObjects).`);
    const w = new JsonWriter(pattern);
    return {
      begin: () => w.begin(),
      row: (values, columns) => w.object(buildObject(columns, values)),
      end: () => w.end(),
    };
  }
  const s = delimitedSettings(ds);
  if (isRecord(formatSettings) && getCI(formatSettings, 'quoteAllText') === true) s.quoteAllText = true;
  return {
    begin: (columns) => (s.firstRowAsHeader ? formatRow(columns, s) : ''),
    row: (values) => formatRow(values, s),
    end: () => '',
  };
}

/** Sink columns may be JSON paths (`$['a']['b']`, `$.a.b`): nested objects. */
function buildObject(columns: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  columns.forEach((col, i) => {
    const path = parsePath(col);
    let node = out;
    for (let k = 0; k < path.length - 1; k++) {
      const next = node[path[k]];
      node = isRecord(next) ? next : ((node[path[k]] = {}) as Record<string, unknown>);
    }
    node[path[path.length - 1]] = values[i] ?? null;
  });
  return out;
}

/** `$['a']['b']` / `$.a.b` / `a` -> ['a','b'] / ['a']. */
export function parsePath(text: string): string[] {
  if (!text.startsWith('$')) return [text];
  const out: string[] = [];
  const re = /\['((?:[^'\\]|\\.)*)'\]|\.([^.[]+)|\[(\d+)\]/g;
  for (const m of text.slice(1).matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out.length ? out : [text];
}

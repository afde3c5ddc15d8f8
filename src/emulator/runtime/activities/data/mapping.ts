import { badConfig } from './errors.js';
import { isObject as isRecord } from '../../../documents.js';
import { getCI, str } from './resolve.js';
import { parsePath, type Row } from './tabular.js';

/** Turns source rows into sink values: the sink's columns and how each value is taken from a row. */
export interface Projection {
  columns: string[];
  take(row: Row): readonly unknown[];
}

interface Side {
  name?: string;
  ordinal?: number;
  path?: string;
}

function side(v: unknown, where: string): Side {
  if (!isRecord(v)) throw badConfig(`translator mapping ${where} must be an object with name, ordinal or path.`);
  const ordinal = getCI(v, 'ordinal');
  return {
    name: str(getCI(v, 'name')),
    ordinal: ordinal === undefined ? undefined : Number(ordinal),
    path: str(getCI(v, 'path')),
  };
}

function valueAt(obj: unknown, path: string[]): unknown {
  let node = obj;
  for (const k of path) {
    if (Array.isArray(node) && /^\d+$/.test(k)) node = node[Number(k)];
    else if (isRecord(node)) node = node[k];
    else return undefined;
  }
  return node;
}

function reader(s: Side): (row: Row) => unknown {
  if (s.path !== undefined) {
    const path = parsePath(s.path);
    return (row) => (row.object ? valueAt(row.object, path) : row.values[row.header.indexOf(path[0])]);
  }
  if (s.ordinal !== undefined && Number.isInteger(s.ordinal) && s.ordinal >= 1) {
    const i = s.ordinal - 1;
    return (row) => row.values[i];
  }
  if (s.name !== undefined) {
    const name = s.name;
    let cached: readonly string[] | undefined;
    let index = -1;
    return (row) => {
      if (row.object) return row.object[name];
      if (row.header !== cached) {
        cached = row.header;
        index = row.header.indexOf(name);
      }
      return index < 0 ? undefined : row.values[index];
    };
  }
  throw badConfig('a translator mapping source names no column (name, ordinal or path).');
}

/**
 * The translator's projection (TabularTranslator `mappings`), or the default: the first row's columns by name
 * (Json: the first object's top-level properties; nested values are written as JSON text to a delimited sink).
 */
export function projection(translator: unknown, first: Row): Projection {
  if (translator !== undefined && translator !== null) {
    if (!isRecord(translator)) throw badConfig('translator must be an object.');
    const type = str(translator.type);
    if (type !== 'TabularTranslator')
      throw badConfig(`translator type '${type}' is not supported by the emulator (TabularTranslator only).`);
    if (getCI(translator, 'collectionReference') !== undefined)
      throw badConfig('translator.collectionReference (unrolling arrays) is not supported by the emulator.');
    if (getCI(translator, 'columnMappings') !== undefined)
      throw badConfig('translator.columnMappings (the legacy form) is not supported by the emulator: use mappings.');
    const mappings = getCI(translator, 'mappings');
    if (Array.isArray(mappings) && mappings.length > 0) {
      const readers = mappings.map((m, i) => reader(side(isRecord(m) ? m.source : undefined, `#${i + 1} source`)));
      const columns = mappings.map((m, i) => {
        const s = side(isRecord(m) ? m.sink : undefined, `#${i + 1} sink`);
        return s.path ?? s.name ?? (s.ordinal !== undefined ? `Prop_${s.ordinal - 1}` : `Prop_${i}`);
      });
      return { columns, take: (row) => readers.map((r) => r(row)) };
    }
  }
  const columns = [...first.header];
  if (first.object) return { columns, take: (row) => columns.map((c) => row.object?.[c]) };
  return { columns, take: (row) => row.values };
}

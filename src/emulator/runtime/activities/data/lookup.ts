import type { DataActivityRequest, EvaluatedReference } from '../../data-contract.js';
import { DataError } from './errors.js';
import { isObject as isRecord } from '../../../documents.js';
import { getCI, resolveDataset } from './resolve.js';
import { bool, selectBlobs } from './select.js';
import { codecOf, openSource } from './streams.js';
import { checkFormat, readRows, rowObject, TABULAR_TYPES } from './tabular.js';

/** Lookup returns at most this many rows (the first ones): adf-runs-v1-facts A7. */
export const LOOKUP_ROW_CAP = 5000;
/** Lookup output limit: 4 MB. */
export const LOOKUP_OUTPUT_LIMIT = 4 * 1024 * 1024;

export function datasetRef(tp: Record<string, unknown>): EvaluatedReference | undefined {
  const ref = getCI(tp, 'dataset');
  return isRecord(ref) && typeof ref.referenceName === 'string' ? (ref as unknown as EvaluatedReference) : undefined;
}

/** Lookup: `{firstRow}` (firstRowOnly, the default) or `{count, value}` with at most 5,000 rows. */
export async function runLookup(req: DataActivityRequest): Promise<Record<string, unknown>> {
  const tp = req.activity.typeProperties;
  const ds = resolveDataset(req, datasetRef(tp) ?? req.activity.inputs?.[0]);
  checkFormat(ds, TABULAR_TYPES);
  const source = isRecord(tp.source) ? tp.source : {};
  const firstRowOnly = bool(getCI(tp, 'firstRowOnly'), true);
  const limit = firstRowOnly ? 1 : LOOKUP_ROW_CAP;
  const selection = await selectBlobs(ds, source.storeSettings);
  const codec = codecOf(ds.typeProperties);
  const value: Record<string, unknown>[] = [];
  for (const blob of selection.blobs) {
    if (value.length >= limit) break;
    const src = await openSource(selection.container.getBlobClient(blob.name), codec, req.signal);
    for await (const rows of readRows(ds, src.stream, source.formatSettings)) {
      for (const row of rows) {
        if (value.length >= limit) break;
        value.push(rowObject(row));
      }
      if (value.length >= limit) {
        src.stream.destroy();
        break;
      }
    }
  }
  const output = firstRowOnly ? (value.length ? { firstRow: value[0] } : {}) : { count: value.length, value };
  const size = Buffer.byteLength(JSON.stringify(output));
  if (size > LOOKUP_OUTPUT_LIMIT)
    throw new DataError(
      'UserErrorLookupOutputTooLarge',
      `The size ${size} of the Lookup activity output exceeds the limitation ${LOOKUP_OUTPUT_LIMIT}.`,
    );
  return output;
}

import type { ContainerClient } from '@azure/storage-blob';
import type { DataActivityRequest } from '../../data-contract.js';
import { EFFECTIVE_IR } from './copy-output.js';
import { badConfig, DataError } from './errors.js';
import { datasetRef } from './lookup.js';
import { type ResolvedDataset, resolveDataset } from './resolve.js';
import { codecOf, openSource } from './streams.js';
import { readHeader, TABULAR_TYPES } from './tabular.js';

const FIELDS = [
  'exists',
  'itemName',
  'itemType',
  'size',
  'created',
  'lastModified',
  'contentMD5',
  'childItems',
  'structure',
  'columnCount',
] as const;
type Field = (typeof FIELDS)[number];

interface Item {
  kind: 'File' | 'Folder';
  name: string;
  /** Blob name (file) or folder prefix without trailing '/' ('' = the container). */
  path: string;
  size?: number;
  created?: Date;
  lastModified?: Date;
  contentMD5?: Uint8Array;
}

/** ISO 8601 without milliseconds, as the service prints item dates (chosen). */
function iso(d: Date | undefined): string | undefined {
  return d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}

function fieldsOf(tp: Record<string, unknown>): Field[] {
  const list = tp.fieldList;
  if (!Array.isArray(list) || list.length === 0)
    throw badConfig('GetMetadata needs a fieldList with at least one field.');
  return list.map((f) => {
    const found = FIELDS.find((x) => typeof f === 'string' && x.toLowerCase() === f.toLowerCase());
    if (!found) throw badConfig(`GetMetadata field '${String(f)}' is not supported (supported: ${FIELDS.join(', ')}).`);
    return found;
  });
}

async function findItem(ds: ResolvedDataset, container: ContainerClient): Promise<Item | undefined> {
  if (ds.fileName !== undefined) {
    if (/[*?]/.test(ds.fileName)) throw badConfig('GetMetadata does not take wildcards in the dataset file name.');
    const path = ds.folderPath ? `${ds.folderPath}/${ds.fileName}` : ds.fileName;
    const props = await container
      .getBlobClient(path)
      .getProperties()
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode === 404) return undefined;
        throw err;
      });
    if (!props) return undefined;
    return {
      kind: 'File',
      name: ds.fileName,
      path,
      size: props.contentLength,
      created: props.createdOn,
      lastModified: props.lastModified,
      contentMD5: props.contentMD5,
    };
  }
  if (!(await container.exists())) return undefined;
  if (!ds.folderPath) {
    const props = await container.getProperties();
    return { kind: 'Folder', name: ds.container, path: '', lastModified: props.lastModified };
  }
  // A blob folder is virtual: it exists when something lies below it; its date is its newest blob's (chosen).
  let latest: Date | undefined;
  for await (const b of container.listBlobsFlat({ prefix: `${ds.folderPath}/` }))
    if (!latest || b.properties.lastModified > latest) latest = b.properties.lastModified;
  if (!latest) return undefined;
  return {
    kind: 'Folder',
    name: ds.folderPath.slice(ds.folderPath.lastIndexOf('/') + 1),
    path: ds.folderPath,
    lastModified: latest,
  };
}

async function childItems(container: ContainerClient, folder: string): Promise<{ name: string; type: string }[]> {
  const prefix = folder ? `${folder}/` : '';
  const out: { name: string; type: string }[] = [];
  for await (const item of container.listBlobsByHierarchy('/', prefix ? { prefix } : {})) {
    const rest = item.name.slice(prefix.length).replace(/\/$/, '');
    if (!rest) continue;
    out.push({ name: rest, type: item.kind === 'prefix' ? 'Folder' : 'File' });
  }
  return out;
}

/** GetMetadata: the requested fields of the dataset's file or folder (adf-runs-v1-facts A7). */
export async function runGetMetadata(req: DataActivityRequest): Promise<Record<string, unknown>> {
  const started = req.now();
  const tp = req.activity.typeProperties;
  const fields = fieldsOf(tp);
  const ds = resolveDataset(req, datasetRef(tp));
  const container = ds.account.service.getContainerClient(ds.container);
  const item = await findItem(ds, container);
  const out: Record<string, unknown> = {};
  if (!item) {
    if (!fields.includes('exists'))
      throw new DataError(
        'UserErrorFileNotFound',
        `The ${ds.fileName !== undefined ? 'file' : 'folder'} '${[ds.container, ds.folderPath, ds.fileName ?? ''].filter(Boolean).join('/')}' does not exist. Add 'exists' to the fieldList to test for it.`,
      );
    return { exists: false, effectiveIntegrationRuntime: EFFECTIVE_IR, executionDuration: 0 };
  }
  let header: string[] | undefined;
  for (const field of fields) {
    if (field === 'exists') out.exists = true;
    else if (field === 'itemName') out.itemName = item.name;
    else if (field === 'itemType') out.itemType = item.kind;
    else if (field === 'size' && item.kind === 'File') out.size = item.size ?? 0;
    else if (field === 'created' && item.created) out.created = iso(item.created);
    else if (field === 'lastModified') out.lastModified = iso(item.lastModified);
    else if (field === 'contentMD5' && item.kind === 'File')
      out.contentMD5 = item.contentMD5 ? Buffer.from(item.contentMD5).toString('base64') : null;
    else if (field === 'childItems') {
      if (item.kind !== 'Folder')
        throw badConfig("GetMetadata 'childItems' applies to a folder; the dataset names a file.");
      out.childItems = await childItems(container, item.path);
    } else if (field === 'structure' || field === 'columnCount') {
      if (item.kind !== 'File' || !TABULAR_TYPES.includes(ds.type as (typeof TABULAR_TYPES)[number]))
        throw badConfig(`GetMetadata '${field}' applies to a DelimitedText or Json file.`);
      if (!header) {
        const src = await openSource(container.getBlobClient(item.path), codecOf(ds.typeProperties), req.signal);
        header = (await readHeader(ds, src.stream)) ?? [];
      }
      if (field === 'structure') out.structure = header.map((name) => ({ name, type: 'String' }));
      else out.columnCount = header.length;
    }
  }
  return {
    ...out,
    effectiveIntegrationRuntime: EFFECTIVE_IR,
    executionDuration: Math.round((req.now() - started) / 1000),
  };
}

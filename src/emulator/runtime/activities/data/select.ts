import type { ContainerClient } from '@azure/storage-blob';
import { DataError, badConfig } from './errors.js';
import { isObject as isRecord } from '../../../documents.js';
import { getCI, type ResolvedDataset, str } from './resolve.js';

/** A blob the activity works on. */
export interface SelectedBlob {
  /** Full blob name inside the container. */
  name: string;
  /** Path relative to the selection's base folder (what PreserveHierarchy keeps). */
  relative: string;
  size: number;
  lastModified: Date;
}

export interface Selection {
  container: ContainerClient;
  blobs: SelectedBlob[];
  /** True when the dataset names one file and no wildcard or prefix applies. */
  singleFile: boolean;
}

/**
 * ADF wildcards: `*` any run of characters, `?` one character, `^` escapes the next one; neither crosses a '/'
 * (chosen: folder wildcards match one folder level each).
 */
export function wildcardToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '^' && i + 1 < pattern.length) out += escapeRe(pattern[++i]);
    else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += escapeRe(c);
  }
  return new RegExp(`^${out}$`, 's');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function hasWildcard(s: string): boolean {
  return /[*?]/.test(s.replace(/\^./g, ''));
}

function join(...parts: string[]): string {
  return parts.filter((p) => p.length > 0).join('/');
}

function dateSetting(settings: Record<string, unknown>, key: string): number | undefined {
  const v = str(getCI(settings, key));
  if (!v) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw badConfig(`storeSettings.${key} '${v}' is not a date-time.`);
  return t;
}

export function bool(v: unknown, fallback: boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.toLowerCase() === 'true';
  return fallback;
}

export function missingBlob(container: string, exists: boolean, prefix: string): DataError {
  return new DataError(
    'UserErrorSourceBlobNotExists',
    `The required Blob is missing. ContainerName: ${container}, ContainerExist: ${exists ? 'True' : 'False'}, BlobPrefix: ${prefix}, BlobCount: 0.`,
    'Source',
  );
}

/** The blobs a source (Copy, Lookup) or a Delete selects, from the dataset's location and the store settings. */
export async function selectBlobs(ds: ResolvedDataset, storeSettings: unknown): Promise<Selection> {
  const settings = isRecord(storeSettings) ? storeSettings : {};
  const container = ds.account.service.getContainerClient(ds.container);
  if (getCI(settings, 'fileListPath') !== undefined)
    throw badConfig('storeSettings.fileListPath is not supported by the emulator.');
  const recursive = bool(getCI(settings, 'recursive'), true);
  const wildFolder = str(getCI(settings, 'wildcardFolderPath'));
  const wildFile = str(getCI(settings, 'wildcardFileName'));
  const prefix = str(getCI(settings, 'prefix'));
  const start = dateSetting(settings, 'modifiedDatetimeStart');
  const end = dateSetting(settings, 'modifiedDatetimeEnd');
  const inWindow = (d: Date) =>
    (start === undefined || d.getTime() >= start) && (end === undefined || d.getTime() < end);
  if (!(await container.exists())) throw missingBlob(ds.container, false, join(ds.folderPath, ds.fileName ?? ''));

  if (prefix !== undefined) {
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const blobs = await list(container, prefix, (name) => (base ? name.slice(base.length + 1) : name));
    return { container, blobs: blobs.filter((b) => inWindow(b.lastModified)), singleFile: false };
  }
  const folderPattern = wildFolder !== undefined ? wildFolder.replace(/^\/+|\/+$/g, '') : ds.folderPath;
  const filePattern = wildFile ?? ds.fileName;
  if (filePattern !== undefined && !hasWildcard(filePattern) && !hasWildcard(folderPattern)) {
    const name = join(folderPattern, filePattern);
    const blob = container.getBlobClient(name);
    const props = await blob.getProperties().catch((err: { statusCode?: number }) => {
      if (err.statusCode === 404) return undefined;
      throw err;
    });
    if (!props) throw missingBlob(ds.container, true, name);
    const selected = {
      name,
      relative: filePattern,
      size: props.contentLength ?? 0,
      lastModified: props.lastModified ?? new Date(0),
    };
    return { container, blobs: inWindow(selected.lastModified) ? [selected] : [], singleFile: true };
  }
  const segments = folderPattern ? folderPattern.split('/') : [];
  const literal = segments.slice(0, firstWild(segments)).join('/');
  const folderRe = wildcardToRegExp(folderPattern);
  const fileRe = wildcardToRegExp(filePattern ?? '*');
  const all = await list(container, literal ? `${literal}/` : '', (name) =>
    literal ? name.slice(literal.length + 1) : name,
  );
  const blobs = all.filter((b) => {
    const slash = b.name.lastIndexOf('/');
    const dir = slash < 0 ? '' : b.name.slice(0, slash);
    if (!fileRe.test(b.name.slice(slash + 1)) || !inWindow(b.lastModified)) return false;
    if (folderRe.test(dir)) return true;
    return recursive && ancestors(dir).some((a) => folderRe.test(a));
  });
  if (
    all.length === 0 &&
    wildFolder === undefined &&
    wildFile === undefined &&
    !(await folderExists(container, literal))
  )
    throw missingBlob(ds.container, true, literal);
  return { container, blobs, singleFile: false };
}

function firstWild(segments: string[]): number {
  const i = segments.findIndex(hasWildcard);
  return i < 0 ? segments.length : i;
}

function ancestors(dir: string): string[] {
  if (!dir) return [];
  const parts = dir.split('/');
  const out = [''];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** A folder exists when it is the container root or something lies below it (blob folders are virtual). */
async function folderExists(container: ContainerClient, folder: string): Promise<boolean> {
  if (!folder) return true;
  for await (const _ of container.listBlobsFlat({ prefix: `${folder}/` })) return true;
  return false;
}

async function list(
  container: ContainerClient,
  prefix: string,
  relative: (name: string) => string,
): Promise<SelectedBlob[]> {
  const out: SelectedBlob[] = [];
  for await (const item of container.listBlobsFlat(prefix ? { prefix } : {})) {
    if (item.name.endsWith('/')) continue; // a folder marker, not a file
    out.push({
      name: item.name,
      relative: relative(item.name),
      size: item.properties.contentLength ?? 0,
      lastModified: item.properties.lastModified,
    });
  }
  return out;
}

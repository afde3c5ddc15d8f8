import { readFile } from 'node:fs/promises';
import { AdfDeployError } from '../core/errors.js';

/** The record of an import, at the project root (committed, so that a clone can re-import too). */
export const RECORD_FILE = '.adf-deploy-import.json';

export interface ImportRecord {
  /** Relative path of each file import wrote -> the object's key and a hash of its source. */
  files: Record<string, { object: string; hash: string }>;
}

export async function readRecord(file: string): Promise<ImportRecord> {
  const bad = (why: string) =>
    new AdfDeployError('import.bad-record', `${file}: ${why}`, {
      hint: 'restore it from git; without it, import cannot tell its files from yours',
    });
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw bad(`cannot read the import record (${(err as Error).message})`);
  }
  const files = (value as { files?: unknown } | null)?.files;
  if (files === null || typeof files !== 'object' || Array.isArray(files)) throw bad("no 'files' object");
  const out: ImportRecord = { files: {} };
  for (const [rel, entry] of Object.entries(files)) {
    const e = entry as { object?: unknown; hash?: unknown } | null;
    // A record entry must stay inside the project: '..' or an absolute path would let a record delete anything.
    if (rel.split(/[\\/]/).includes('..') || rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.startsWith('\\'))
      throw bad(`the entry '${rel}' points outside the project`);
    if (typeof e?.object !== 'string' || typeof e.hash !== 'string') throw bad(`the entry '${rel}' is malformed`);
    if (!/\.ya?ml$/i.test(rel)) throw bad(`the entry '${rel}' is not a YAML file`);
    out.files[rel] = { object: e.object, hash: e.hash };
  }
  return out;
}

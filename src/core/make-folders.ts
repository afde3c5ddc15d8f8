import fs from 'node:fs';
import path from 'node:path';
import { AdfDeployError } from './errors.js';

/**
 * `dir` and its missing ancestors, one plain mkdir each, outermost first. A folder that cannot be made (ENOENT, EACCES,
 * ENOTDIR, EROFS...) is an `fs.cannot-create` error naming it. Not `mkdir(dir, { recursive: true })`: Node's
 * recursive mkdir (sync and async) retries for ever where mkdir fails with ENOENT under a folder that exists, as
 * below /proc (`--out /proc/plans` hung).
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !exists(d, dir); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      // Made meanwhile by another process: as good as made here.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw cannotCreate(d, err);
    }
  }
}

/** Whether `p` exists; an error other than ENOENT (a file on the way: ENOTDIR; EACCES) says `wanted` cannot be made. */
function exists(p: string, wanted: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw cannotCreate(wanted, err);
  }
}

function cannotCreate(dir: string, err: unknown): AdfDeployError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new AdfDeployError('fs.cannot-create', `cannot create folder '${dir}' (${code})`, {
    hint: 'choose a folder you can write to',
    cause: err,
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { AdfDeployError } from './errors.js';
import { makeFolders } from './make-folders.js';

/**
 * The one module that reads and writes local state (`.adf-deploy/` in a project, the emulator's `--data`
 * folder). That folder may come from a cloned repository, so nothing here follows a symbolic link: folders are
 * checked with lstat, files opened with O_NOFOLLOW (and created exclusively where they must be new), and a
 * file with other hard links is refused before it is written. Folders are 0700, files 0600; a state folder
 * created here gets a `.gitignore` of `*` so the state is never committed.
 */

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

function refuse(file: string, what: string): AdfDeployError {
  return new AdfDeployError('state.unsafe', `local state ${file} ${what}: refusing to use it`, {
    hint: 'local state must be plain files and folders; remove it (it is only a cache of the local emulator) and run again',
  });
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function ensureOneDir(dir: string): boolean {
  const st = lstatOrUndefined(dir);
  if (!st) {
    fs.mkdirSync(dir, { mode: DIR_MODE });
    return true;
  }
  if (st.isSymbolicLink()) throw refuse(dir, 'is a symbolic link');
  if (!st.isDirectory()) throw refuse(dir, 'is not a folder');
  // Tighten a folder an older version created 0755 (only our own: chmod of another user's folder fails anyway).
  if ((st.mode & 0o077) !== 0 && typeof process.getuid === 'function' && st.uid === process.getuid())
    fs.chmodSync(dir, DIR_MODE);
  return false;
}

/**
 * Make sure `root` (the state folder) and `root/...sub` exist as real folders, 0700, none a symbolic link.
 * The folder holding `root` is the user's (a project, any --data parent) and is created when missing. Returns
 * the innermost folder.
 */
export function ensureStateDir(root: string, ...sub: string[]): string {
  makeFolders(path.dirname(root));
  if (ensureOneDir(root)) {
    const fd = fs.openSync(
      path.join(root, '.gitignore'),
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW,
      FILE_MODE,
    );
    try {
      fs.writeSync(fd, '# local state of adf-deploy: never commit it\n*\n');
    } finally {
      fs.closeSync(fd);
    }
  }
  let dir = root;
  for (const part of sub) {
    if (part !== path.basename(part) || part === '..' || part === '.') throw refuse(part, 'is not a plain name');
    dir = path.join(dir, part);
    ensureOneDir(dir);
  }
  return dir;
}

const FLAGS = {
  read: fs.constants.O_RDONLY,
  append: fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT,
  // Truncated only after the checks below (O_TRUNC would empty a hard-linked file before we could refuse it).
  truncate: fs.constants.O_WRONLY | fs.constants.O_CREAT,
  create: fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL,
} as const;

/** How a state file is opened: read, append (created if missing), truncate (created if missing), create (must be new). */
export type StateOpenMode = keyof typeof FLAGS;

/**
 * Open `dir/name` without following a symbolic link. Writing refuses anything but a regular file with a single
 * link (a hard link would write through to a file elsewhere). Returns the descriptor; undefined when reading a
 * file that does not exist.
 */
export function openStateFile(dir: string, name: string, mode: StateOpenMode): number | undefined {
  if (name !== path.basename(name)) throw refuse(name, 'is not a plain file name');
  const file = path.join(dir, name);
  let fd: number;
  try {
    fd = fs.openSync(file, FLAGS[mode] | O_NOFOLLOW, FILE_MODE);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw refuse(file, 'is a symbolic link');
    if (code === 'ENOENT' && mode === 'read') return undefined;
    throw err;
  }
  const st = fs.fstatSync(fd);
  if (!st.isFile() || (mode !== 'read' && st.nlink > 1)) {
    fs.closeSync(fd);
    throw refuse(file, st.isFile() ? 'has other hard links' : 'is not a regular file');
  }
  if (mode !== 'read' && (st.mode & 0o077) !== 0) fs.fchmodSync(fd, FILE_MODE);
  if (mode === 'truncate') fs.ftruncateSync(fd, 0);
  return fd;
}

/** The text of `dir/name`, or undefined when it does not exist (never through a symbolic link). */
export function readStateFile(dir: string, name: string): string | undefined {
  const fd = openStateFile(dir, name, 'read');
  if (fd === undefined) return undefined;
  try {
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Write `dir/name` whole: an exclusive temporary file, fsync, rename over the old one. */
export function writeStateFileAtomic(dir: string, name: string, write: (fd: number) => void): void {
  const tmp = `${name}.tmp`;
  // A stale temporary file (a crash) or a planted link: unlink removes the link itself, never its target.
  fs.rmSync(path.join(dir, tmp), { force: true });
  const fd = openStateFile(dir, tmp, 'create')!;
  try {
    write(fd);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(path.join(dir, tmp), path.join(dir, name));
}

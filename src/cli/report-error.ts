import { AdfDeployError, isAdfDeployError } from '../core/errors.js';
import type { Io } from './context.js';
import { jsonError } from './json-error.js';

/**
 * An error that ended a command: a user error gets its message and hint, a program error a short report (its stack
 * with --verbose). With --json the same error is also a JSON document on stdout. Main's top-level handler and each
 * project of a multi-project run use it. Returns the exit code, 1.
 */
export function reportError(err: unknown, io: Io, options: { verbose: boolean; json: boolean }): number {
  const { verbose, json } = options;
  if (isAdfDeployError(err)) {
    io.err(`error[${err.code}]: ${err.message}\n`);
    if (err.hint) io.err(`  hint: ${err.hint}\n`);
    if (verbose && err.fault === 'program' && err.stack) io.err(`${err.stack}\n`);
    if (json) io.out(jsonError(err.code, err.message, err.hint));
    return 1;
  }
  const file = fileSystemError(err);
  if (file) return reportError(file, io, options);
  const e = err instanceof Error ? err : new Error(String(err));
  if (json) io.out(jsonError('internal', e.message));
  io.err(`internal error: ${e.message}\n`);
  io.err(verbose && e.stack ? `${e.stack}\n` : '  (run with --verbose for the stack trace; please report this)\n');
  return 1;
}

/** What the file system refuses on a path the user gave (`--out` into a missing or read-only folder...). */
const FILE_SYSTEM_CODES: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'it already exists',
};

/**
 * A Node file-system error on a path (it has `syscall` and `path`): the environment's answer, not a program fault, so
 * it is said as a user error naming the path, without "please report this". Undefined for anything else.
 */
function fileSystemError(err: unknown): AdfDeployError | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, syscall, path } = err as NodeJS.ErrnoException;
  if (!code || !syscall || !path || !(code in FILE_SYSTEM_CODES)) return undefined;
  return new AdfDeployError('fs.error', `cannot ${syscall} '${path}': ${FILE_SYSTEM_CODES[code]} (${code})`, {
    hint: 'check the path and its permissions',
    cause: err,
  });
}

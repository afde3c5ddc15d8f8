import { isAdfDeployError } from '../core/errors.js';
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
  const e = err instanceof Error ? err : new Error(String(err));
  if (json) io.out(jsonError('internal', e.message));
  io.err(`internal error: ${e.message}\n`);
  io.err(verbose && e.stack ? `${e.stack}\n` : '  (run with --verbose for the stack trace; please report this)\n');
  return 1;
}

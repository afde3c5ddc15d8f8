import type { Command } from 'commander';
import type { CliContext } from './context.js';

/** A CLI command module: one file per command under src/cli/, each exporting `register`. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/**
 * Wrap a command's action so its returned exit code lands in the context. Errors propagate to the
 * one top-level handler in main.ts.
 */
export function action<A extends unknown[]>(
  ctx: CliContext,
  fn: (...args: A) => Promise<number>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    ctx.exitCode = await fn(...args);
  };
}

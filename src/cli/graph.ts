import type { Command } from 'commander';
import { action } from './commands.js';
import type { CliContext } from './context.js';

/** `adf-deploy graph` (not yet implemented). */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('graph')
    .description('(not yet implemented)')
    .action(action(ctx, async () => {
      ctx.io.err('graph: not yet implemented\n');
      return 1;
    }));
}

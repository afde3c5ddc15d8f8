import path from 'node:path';
import type { Command } from 'commander';
import { importFactory } from '../import/index.js';
import { KINDS } from '../model/kinds.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';

interface ImportCliOptions {
  out: string;
  force?: boolean;
  factoryName?: string;
  schemas?: string;
  location?: string;
}

/**
 * `adf-deploy import SRC --out DIR`: an ADF Studio git folder or an ARM template export becomes a manifest
 * project. Exit 0 on success (summary on stdout, notes on stderr); 1 on bad input, with nothing written.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('turn an ADF Studio git folder or an exported ARM template into a manifest project')
    .argument('<src>', 'ADF Studio git folder, ARM template export folder, or ARMTemplateForFactory.json')
    .requiredOption('--out <dir>', 'folder to create the project in')
    .option('--force', 'replace --out if it exists and is not empty')
    .option('--factory-name <name>', 'factory name when the source has no factory file, or to choose among several')
    .option('--schemas <dir-or-url>', "where the modelines point for JSON Schemas (default: this package's schemas/)")
    .option(
      '--location <region>',
      "the factory's Azure region when the source has none (ADF Studio folders never store it)",
    )
    .action(
      action(ctx, async (src: string, opts: ImportCliOptions) => {
        const result = await importFactory(path.resolve(ctx.cwd, src), {
          out: path.resolve(ctx.cwd, opts.out),
          force: opts.force,
          factoryName: opts.factoryName,
          schemas:
            opts.schemas && !/^[a-z]+:\/\//i.test(opts.schemas) ? path.resolve(ctx.cwd, opts.schemas) : opts.schemas,
          location: opts.location,
        });
        for (const note of result.model.notes) ctx.io.err(`note: ${note}\n`);
        const counts = KINDS.map((k) => [k, result.model.objects.filter((o) => o.kind === k).length] as const).filter(
          ([, n]) => n > 0,
        );
        ctx.io.out(
          `imported factory '${result.model.factory.name}' (${result.layout === 'arm' ? 'ARM template' : 'ADF Studio folder'}) into ${opts.out}: ${result.model.objects.length} objects${counts.length ? ` (${counts.map(([k, n]) => `${n} ${k}`).join(', ')})` : ''}\n`,
        );
        return 0;
      }),
    );
}

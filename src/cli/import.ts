import { AdfDeployError } from '../core/errors.js';
import path from 'node:path';
import type { Command } from 'commander';
import { sortDiagnostics } from '../core/diagnostic.js';
import { describeProblem, importFactory } from '../import/index.js';
import { KINDS } from '../model/kinds.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';

interface ImportCliOptions {
  out?: string;
  force?: boolean;
  factoryName?: string;
  schemas?: string;
  location?: string;
  json?: boolean;
}

/** Exit code when some source files could not be read: everything else was imported, they are listed. */
export const EXIT_BROKEN_FILES = 2;

/**
 * `adf-deploy import SRC --out DIR`: an ADF Studio git folder or an ARM template export becomes a manifest
 * project, or updates the project an earlier import wrote. Exit 0 on success (summary on stdout, notes on
 * stderr); 2 when some source files were broken (the rest is imported, the broken ones listed); 1 on bad input
 * with nothing written.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('turn an ADF Studio git folder or an exported ARM template into a manifest project, or update one')
    .argument('<src>', 'ADF Studio git folder, ARM template export folder, or ARMTemplateForFactory.json')
    // Checked in the action, so that a missing SRC is named first (commander checks required options first).
    .option('--out <dir>', 'project folder to create, or to update (a project an earlier import wrote); required')
    .option('--force', 'write into a non-empty folder import did not write (files import did not write are kept)')
    .option('--factory-name <name>', 'factory name when the source has no factory file, or to choose among several')
    .option(
      '--schemas <dir-or-url>',
      "where the modelines point for JSON Schemas (default: the project's node_modules/adf-deploy/schemas)",
    )
    .option('--json', 'the result as JSON on stdout (errors too)')
    .option(
      '--location <region>',
      "the factory's Azure region when the source has none (a Studio folder without a factory file, an ARM template without the factory)",
    )
    .action(
      action(ctx, async (src: string, opts: ImportCliOptions) => {
        if (!opts.out)
          throw new AdfDeployError('cli.missing-option', 'import needs --out DIR: the project folder to write', {
            hint: `adf-deploy import ${src} --out my-factory`,
          });
        const result = await importFactory(path.resolve(ctx.cwd, src), {
          out: path.resolve(ctx.cwd, opts.out),
          force: opts.force,
          factoryName: opts.factoryName,
          schemas:
            opts.schemas && !/^[a-z]+:\/\//i.test(opts.schemas) ? path.resolve(ctx.cwd, opts.schemas) : opts.schemas,
          location: opts.location,
        });
        for (const note of [...result.model.notes, ...result.notes]) ctx.io.err(`note: ${note}\n`);
        const counts = KINDS.map((k) => [k, result.model.objects.filter((o) => o.kind === k).length] as const).filter(
          ([, n]) => n > 0,
        );
        const broken = result.model.broken ?? [];
        if (opts.json) {
          ctx.io.out(
            `${JSON.stringify({
              formatVersion: 1,
              type: 'import',
              factory: result.model.factory.name,
              source: result.layout === 'arm' ? 'arm-template' : 'studio-folder',
              out: opts.out,
              objects: Object.fromEntries(counts),
              written: result.written,
              unchanged: result.unchanged,
              deleted: result.deleted,
              conflicts: result.conflicts,
              broken: broken.map(describeProblem),
              diagnostics: sortDiagnostics(broken),
            })}\n`,
          );
          return broken.length ? EXIT_BROKEN_FILES : 0;
        }
        ctx.io.out(
          `imported factory '${result.model.factory.name}' (${result.layout === 'arm' ? 'ARM template' : 'ADF Studio folder'}) into ${opts.out}: ${result.model.objects.length} objects${counts.length ? ` (${counts.map(([k, n]) => `${n} ${k}`).join(', ')})` : ''}\n`,
        );
        if (result.unchanged.length || result.deleted.length)
          ctx.io.out(
            `  ${result.written.length} files written, ${result.unchanged.length} unchanged, ${result.deleted.length} deleted\n`,
          );
        for (const rel of result.deleted) ctx.io.out(`  deleted ${rel} (deleted in the source)\n`);
        for (const c of result.conflicts)
          ctx.io.out(`  conflict ${c}: the source changed the value your placeholder replaces; kept the placeholder\n`);
        if (broken.length) {
          ctx.io.out(`${broken.length} source file${broken.length === 1 ? '' : 's'} could not be imported:\n`);
          // The same renderer as validate: file:line:col, error[code], message, hint.
          ctx.io.out(renderDiagnosticsText(broken, { cwd: ctx.cwd, color: ctx.io.color }));
          return EXIT_BROKEN_FILES;
        }
        return 0;
      }),
    );
}

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AdfDeployError } from '../core/errors.js';
import { readCsvConfig, readJsonConfig } from '../import/ado-tools-config-read.js';
import { translateConfig } from '../import/ado-tools-config.js';
import { writeOverrides } from '../import/ado-tools-config-write.js';
import { CONFIG_FILE } from '../manifest/find-files.js';
import { loadProject } from '../manifest/load.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';

/** Exit code when some rows could not be translated: the others are written, these are listed. */
export const EXIT_UNTRANSLATED = 2;

interface ImportConfigOptions {
  env?: string;
}

/**
 * `adf-deploy import-config FILE --env NAME [DIR]`: an azure.datafactory.tools config file (CSV or JSON) becomes
 * `overrides` (and global parameter values) of environment NAME in DIR's adf-deploy.yaml, comments kept. Exit 0
 * when every row was translated; 2 when some were not (they are listed with the reason, the rest is written); 1 on
 * bad input, with nothing written. Values are never printed: they may be connection strings.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('import-config')
    .description('turn an azure.datafactory.tools config file (CSV or JSON) into overrides of one environment')
    .argument('<file>', 'config file: config-<stage>.csv or a .json config')
    .argument('[dir]', 'project folder (holds adf-deploy.yaml)', '.')
    .option('--env <name>', 'environment to write the overrides into (created when missing); required')
    .action(
      action(ctx, async (file: string, dir: string, opts: ImportConfigOptions) => {
        if (!opts.env)
          throw new AdfDeployError('cli.missing-option', 'import-config needs --env NAME: the environment to write', {
            hint: `adf-deploy import-config ${file} --env prod`,
          });
        const source = path.resolve(ctx.cwd, file);
        const ext = path.extname(source).toLowerCase();
        if (ext !== '.csv' && ext !== '.json')
          throw new AdfDeployError('import-config.format', `'${file}' is neither a .csv nor a .json config file`, {
            hint: 'azure.datafactory.tools reads config-<stage>.csv, or a .json config',
          });
        const text = await readFile(source, 'utf8').catch((err: NodeJS.ErrnoException) => {
          throw new AdfDeployError('fs.unreadable', `cannot read '${file}' (${err.code ?? 'EIO'})`);
        });
        const read = ext === '.csv' ? readCsvConfig(text) : readJsonConfig(text);
        if ('error' in read) {
          ctx.io.out(`${file}:${read.line}: error: ${read.error}${read.hint ? `\n  hint: ${read.hint}` : ''}\n`);
          return 1;
        }
        const root = path.resolve(ctx.cwd, dir);
        // Without --env: the objects as written, the ones the tool's rows were written against.
        const { project, diagnostics } = await loadProject(root, { environ: ctx.env });
        if (!project) {
          ctx.io.out(renderDiagnosticsText(diagnostics, { cwd: ctx.cwd, color: ctx.io.color }));
          return 1;
        }
        const translation = translateConfig(read.rows, project);
        const configText = await readFile(project.configFile, 'utf8');
        const written = writeOverrides(configText, opts.env, translation, path.basename(source));
        if ('error' in written) {
          ctx.io.out(`${CONFIG_FILE}: error: ${written.error}\n`);
          return 1;
        }
        if (written.written > 0 || written.declared.length > 0) await writeFile(project.configFile, written.text);
        const total = translation.overrides.length + translation.globalParameters.length;
        ctx.io.out(
          `${total} of ${read.rows.length} rows translated into environment '${opts.env}' of ${CONFIG_FILE} (${written.written} written, ${total - written.written} already there)\n`,
        );
        if (written.declared.length)
          ctx.io.out(
            `  declared under env: ${written.declared.join(', ')} (secret; set them where plan and apply run)\n`,
          );
        if (translation.untranslated.length === 0) return 0;
        ctx.io.out(`${translation.untranslated.length} rows not translated:\n`);
        for (const { row, reason } of translation.untranslated)
          ctx.io.out(`  ${file}:${row.line}: ${row.type ? `${row.type},` : ''}${row.name},${row.path}: ${reason}\n`);
        return EXIT_UNTRANSLATED;
      }),
    );
}

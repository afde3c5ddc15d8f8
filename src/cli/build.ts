import path from 'node:path';
import type { Command } from 'commander';
import { AdfDeployError } from '../core/errors.js';
import { buildArmTemplate } from '../build/arm-template.js';
import { writeArmBuild } from '../build/write.js';
import { action } from './commands.js';
import { loadValidProject } from './connection.js';
import type { CliContext } from './context.js';

interface BuildOptions {
  arm?: boolean;
  out?: string;
  env?: string;
  subscription?: string;
  resourceGroup?: string;
}

/**
 * `adf-deploy build --arm --out DIR [--env NAME] [DIR]`: the project as the ARM template ADF publishes
 * (ARMTemplateForFactory.json, its parameters file, and linkedTemplates/ past ARM's limits). Secrets become
 * secureString parameters, never values. Exit 0 written, 1 invalid project or bad flags (nothing written).
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('build')
    .description('write the project as an ARM template in the layout ADF publishes (deploy it with az deployment)')
    .argument('[dir]', 'project folder (holds adf-deploy.yaml)', '.')
    .option('--arm', 'build an ARM template (the only format so far)')
    .option('--out <dir>', 'folder to write the template into; required')
    .option('--env <name>', 'environment from adf-deploy.yaml (vars and target overrides)')
    .option('--subscription <id>', 'subscription the secrets fingerprint is computed for (default: the target)')
    .option('--resource-group <name>', 'resource group the secrets fingerprint is computed for (default: the target)')
    .action(
      action(ctx, async (dir: string, opts: BuildOptions) => {
        if (!opts.arm)
          throw new AdfDeployError('build.format', 'build needs a format: --arm', {
            hint: 'adf-deploy build --arm --out arm/ [DIR]',
          });
        if (!opts.out)
          throw new AdfDeployError('build.no-out', 'build --arm needs --out DIR (where the template is written)', {
            hint: 'adf-deploy build --arm --out arm/ [DIR]',
          });
        const project = await loadValidProject(dir, opts, ctx);
        if (!project) return 1;
        const built = buildArmTemplate(project);
        const out = path.resolve(ctx.cwd, opts.out);
        const written = await writeArmBuild(out, built);
        const count = built.template.resources.length;
        ctx.io.out(
          `wrote ${written.files.length} file${written.files.length === 1 ? '' : 's'} to ${path.relative(ctx.cwd, out) || '.'}: ` +
            `${count} resource${count === 1 ? '' : 's'}, ${built.secrets.length} secure parameter${built.secrets.length === 1 ? '' : 's'}` +
            `${written.parts ? `, ${written.parts} linked templates (past ARM's 4 MB / 800 resources)` : ''}\n`,
        );
        for (const f of written.files) ctx.io.out(`  ${f}\n`);
        if (built.secrets.length > 0)
          ctx.io.err(
            `note: give the secure parameters at deployment (${built.secrets
              .map((s) => s.name)
              .join(', ')}); the parameters file holds "" for each\n`,
          );
        return 0;
      }),
    );
}

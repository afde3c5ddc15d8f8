import path from 'node:path';
import type { Command } from 'commander';
import { AdfDeployError } from '../core/errors.js';
import { exportFactory } from '../import/export.js';
import type { Project } from '../manifest/types.js';
import { action } from './commands.js';
import { openConnection } from './connection.js';
import type { CliContext } from './context.js';

interface ExportCliOptions {
  factory: string;
  out: string;
  subscription?: string;
  resourceGroup?: string;
  endpoint?: string;
  local?: boolean;
  project?: string;
  force?: boolean;
  json?: boolean;
  schemas?: string;
}

/**
 * `adf-deploy export --factory NAME --out DIR`: a live factory (Azure, an emulator, or the embedded one) as a
 * project, or an update of the project an earlier import or export wrote. Exit 0, 1 on error (nothing written).
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write a project from a live factory (secrets as declared ${{ env.NAME }} placeholders)')
    .requiredOption('--factory <name>', 'the factory to export')
    .requiredOption('--out <dir>', 'project folder to create, or to update (a project import or export wrote)')
    .option('--subscription <id>', 'subscription id (env ADF_DEPLOY_SUBSCRIPTION_ID)')
    .option('--resource-group <name>', 'resource group (env ADF_DEPLOY_RESOURCE_GROUP)')
    .option('--endpoint <url>', 'ARM endpoint, e.g. an emulator URL (env ADF_DEPLOY_ENDPOINT)')
    .option('--local', 'read the embedded emulator of --project (its state in <project>/.adf-deploy/)')
    .option('--project <dir>', 'with --local: the project whose embedded emulator holds the factory', '.')
    .option('--force', 'write into a non-empty folder import did not write (files import did not write are kept)')
    .option('--json', 'the result as JSON on stdout (errors too)')
    .option(
      '--schemas <dir-or-url>',
      "where the modelines point (default: the project's node_modules/adf-deploy/schemas)",
    )
    .action(
      action(ctx, async (opts: ExportCliOptions) => {
        const root = path.resolve(ctx.cwd, opts.project ?? '.');
        const target = {
          subscriptionId: opts.subscription ?? ctx.env.ADF_DEPLOY_SUBSCRIPTION_ID ?? '',
          resourceGroup: opts.resourceGroup ?? ctx.env.ADF_DEPLOY_RESOURCE_GROUP ?? '',
        };
        // An empty project naming the factory: openConnection reads its root (--local), factory name and target.
        const project: Project = {
          root,
          configFile: path.join(root, 'adf-deploy.yaml'),
          factory: { name: opts.factory, location: '' },
          target,
          external: [],
          resources: [],
          locate: () => undefined,
        };
        const connection = await openConnection(project, opts, ctx);
        try {
          const result = await exportFactory(connection.client, connection.target, {
            out: path.resolve(ctx.cwd, opts.out),
            force: opts.force,
            schemas:
              opts.schemas && !/^[a-z]+:\/\//i.test(opts.schemas) ? path.resolve(ctx.cwd, opts.schemas) : opts.schemas,
          });
          if (!result)
            throw new AdfDeployError('export.not-found', `factory '${opts.factory}' does not exist`, {
              hint: 'check --factory, --subscription and --resource-group (or --local / --endpoint)',
            });
          for (const note of [...result.model.notes, ...result.notes]) ctx.io.err(`note: ${note}\n`);
          if (opts.json) {
            ctx.io.out(
              `${JSON.stringify({
                formatVersion: 1,
                type: 'export',
                factory: opts.factory,
                out: opts.out,
                objects: result.model.objects.length,
                written: result.written,
                unchanged: result.unchanged,
                deleted: result.deleted,
                conflicts: result.conflicts,
                envToSet: result.model.env ?? [],
              })}\n`,
            );
            return 0;
          }
          ctx.io.out(
            `exported factory '${opts.factory}' into ${opts.out}: ${result.model.objects.length} objects (${result.written.length} files written, ${result.unchanged.length} unchanged, ${result.deleted.length} deleted)\n`,
          );
          if (result.model.env?.length)
            ctx.io.out(
              `  secrets to set before deploying (declared under env: in adf-deploy.yaml): ${result.model.env.join(', ')}\n`,
            );
          for (const c of result.conflicts)
            ctx.io.out(
              `  conflict ${c}: the factory changed the value your placeholder replaces; kept the placeholder\n`,
            );
          return 0;
        } finally {
          await connection.close();
        }
      }),
    );
}

import type { Command } from 'commander';
import { openV1Connection, type V1ConnectOptions } from '../v1/connect.js';
import { listAllFactories, renderFactoriesTable } from '../v1/factories.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';

interface FactoriesListOptions extends V1ConnectOptions {
  json?: boolean;
}

/** `adf-deploy factories list`: V1 and V2 factories of a subscription or resource group, every page. */
export function register(program: Command, ctx: CliContext): void {
  const factories = program.command('factories').description('data factories (V1 and V2) in Azure or an emulator');
  factories
    .command('list')
    .description('list the V2 (factories) and V1 (datafactories) factories, following every page')
    .option('--resource-group <name>', 'only this resource group (default: the whole subscription)')
    .option('--subscription <id>', 'subscription id (env ADF_DEPLOY_SUBSCRIPTION_ID)')
    .option('--endpoint <url>', 'ARM endpoint, e.g. an emulator URL (env ADF_DEPLOY_ENDPOINT)')
    .option('--local', 'the embedded emulator of the project in the current folder')
    .option('--json', 'JSON on stdout')
    .action(
      action(ctx, async (opts: FactoriesListOptions) => {
        // The whole subscription unless --resource-group names one (an env default would narrow it silently).
        const conn = await openV1Connection(ctx.cwd, { ...opts, resourceGroup: opts.resourceGroup ?? '' }, ctx.env);
        try {
          const rows = await listAllFactories(conn.client, conn.subscriptionId, opts.resourceGroup);
          ctx.io.out(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : renderFactoriesTable(rows));
          return 0;
        } finally {
          await conn.close();
        }
      }),
    );
}

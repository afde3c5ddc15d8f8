import type { Command } from 'commander';
import { AdfDeployError } from '../core/errors.js';
import { renderDiagnosticsJson, renderDiagnosticsText } from '../render/diagnostics.js';
import { openV1Connection, v1Target, type V1ConnectOptions } from '../v1/connect.js';
import { loadV1Project } from '../v1/project.js';
import { listActivityWindows, renderWindowsTable } from '../v1/windows.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';
import { projectDir } from './project-dir.js';

interface WindowsOptions extends V1ConnectOptions {
  pipeline?: string;
  filter?: string;
  orderby?: string;
  top?: number;
  json?: boolean;
}

function parseTop(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new AdfDeployError('cli.top', `--top ${v}: expected a positive integer`);
  return n;
}

/** `adf-deploy windows [DIR]`: the activity windows of a V1 project's factory, as a table. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('windows')
    .description('list the activity windows of a Data Factory V1 project (version: 1) as a table')
    .argument('[dir]', 'V1 project folder (default .)')
    .option('--pipeline <name>', 'only this pipeline')
    .option('--filter <expr>', 'OData filter, e.g. "WindowState eq \'Failed\'"')
    .option('--orderby <keys>', 'e.g. "WindowStart desc, ActivityName"')
    .option('--top <n>', 'at most N windows', parseTop)
    .option('--subscription <id>', 'subscription id (overrides adf-deploy.yaml)')
    .option('--resource-group <name>', 'resource group (overrides adf-deploy.yaml)')
    .option('--endpoint <url>', 'ARM endpoint, e.g. an emulator URL (env ADF_DEPLOY_ENDPOINT)')
    .option('--local', 'use the embedded emulator, its state in .adf-deploy/ inside the project')
    .option('--json', 'the windows as JSON on stdout')
    .action(
      action(ctx, async (dir: string | undefined, opts: WindowsOptions) => {
        const root = projectDir(ctx, dir);
        const { project, diagnostics } = loadV1Project(root, ctx.env);
        if (diagnostics.length > 0)
          ctx.io.err(renderDiagnosticsText(diagnostics, { cwd: ctx.cwd, color: ctx.io.color }));
        if (!project || diagnostics.some((d) => d.severity === 'error')) {
          if (opts.json) ctx.io.out(renderDiagnosticsJson(diagnostics));
          return 1;
        }
        const conn = await openV1Connection(root, opts, ctx.env, project.target);
        try {
          const target = v1Target(conn, project.factory.name);
          const ws = await listActivityWindows(conn.client, target, {
            pipeline: opts.pipeline,
            filter: opts.filter,
            orderBy: opts.orderby,
            top: opts.top,
          });
          ctx.io.out(opts.json ? `${JSON.stringify(ws, null, 2)}\n` : renderWindowsTable(ws));
          return 0;
        } finally {
          await conn.close();
        }
      }),
    );
}

import type { Command } from 'commander';
import { renderDiagnosticsJson, renderDiagnosticsText } from '../render/diagnostics.js';
import { openV1Connection, v1Target, type V1ConnectOptions } from '../v1/connect.js';
import { applyV1, planV1, planV1Destroy, renderV1Plan, type V1Plan } from '../v1/deploy.js';
import { loadV1Project, type V1Project } from '../v1/project.js';
import { validateV1Project } from '../v1/validate.js';
import { requireApproval } from './apply.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';
import { projectDir } from './project-dir.js';

export type V1Command = 'validate' | 'plan' | 'apply' | 'destroy';

export interface V1CliOptions extends V1ConnectOptions {
  autoApprove?: boolean;
  includeFactory?: boolean;
  json?: boolean;
}

/** Load and validate; diagnostics to stderr; undefined on errors (nothing is sent). */
function loadValid(root: string, ctx: CliContext): V1Project | undefined {
  const { project, diagnostics } = loadV1Project(root, ctx.env);
  const all = [...diagnostics, ...(project ? validateV1Project(project) : [])];
  if (all.length > 0) ctx.io.err(renderDiagnosticsText(all, { cwd: ctx.cwd, color: ctx.io.color }));
  const valid = project && !all.some((d) => d.severity === 'error');
  if (!valid && ctx.json) ctx.io.out(renderDiagnosticsJson(all));
  return valid ? project : undefined;
}

/**
 * validate / plan / apply / destroy of a V1 project (`version: 1`). Exported so the V2 commands can hand a
 * V1 project over (`if (isV1Project(root)) return runV1('plan', dir, opts, ctx)`).
 */
export async function runV1(
  kind: V1Command,
  dir: string | undefined,
  opts: V1CliOptions,
  ctx: CliContext,
): Promise<number> {
  const root = projectDir(ctx, dir);
  if (kind === 'apply' || kind === 'destroy') requireApproval(opts, ctx, kind);
  const project = loadValid(root, ctx);
  if (!project) return 1;
  if (kind === 'validate') {
    const count = project.resources.length;
    ctx.io.out(
      opts.json
        ? `${JSON.stringify({ formatVersion: 1, type: 'validate', valid: true, factory: project.factory.name, definitions: count })}\n`
        : `V1 project ${project.factory.name}: ${count} definitions, valid.\n`,
    );
    return 0;
  }
  const conn = await openV1Connection(root, opts, ctx.env, project.target);
  try {
    const target = v1Target(conn, project.factory.name);
    const plan: V1Plan =
      kind === 'destroy'
        ? await planV1Destroy(conn.client, project, target, opts.includeFactory)
        : await planV1(conn.client, project, target);
    if (opts.json)
      ctx.io.out(
        `${JSON.stringify({ formatVersion: 1, type: 'plan', plan: { target: plan.target, changes: plan.changes.map(({ body: _b, ...c }) => c), unmanaged: plan.unmanaged } })}\n`,
      );
    else ctx.io.out(renderV1Plan(plan));
    if (kind === 'plan' || plan.changes.length === 0) return 0;
    if (!opts.autoApprove) {
      const ok = await ctx.io.confirm?.(
        `${kind === 'destroy' ? 'Delete' : 'Apply'} these changes to data factory ${target.factoryName}?`,
        ctx.signal,
      );
      if (!ok) {
        ctx.io.err(`${kind} cancelled: nothing was changed.\n`);
        return 1;
      }
    }
    await applyV1(conn.client, plan, (c) => ctx.io.err(`  done: ${c.action} ${c.kind}/${c.name}\n`));
    const verdict = `${kind === 'destroy' ? 'Destroy' : 'Apply'} complete: ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}.`;
    ctx.io.out(
      opts.json
        ? `${JSON.stringify({ formatVersion: 1, type: 'end', summary: { changes: plan.changes.length } })}\n`
        : `${verdict}\n`,
    );
    return 0;
  } finally {
    await conn.close();
  }
}

/** `adf-deploy v1 validate|plan|apply|destroy [DIR]`. */
export function register(program: Command, ctx: CliContext): void {
  const v1 = program
    .command('v1')
    .description('Data Factory V1 projects (version: 1 in adf-deploy.yaml, api-version 2015-10-01)');
  for (const kind of ['validate', 'plan', 'apply', 'destroy'] as const) {
    const cmd = v1.command(kind).description(`${kind} a V1 project`).argument('[dir]', 'V1 project folder (default .)');
    if (kind !== 'validate')
      cmd
        .option('--subscription <id>', 'subscription id (overrides adf-deploy.yaml)')
        .option('--resource-group <name>', 'resource group (overrides adf-deploy.yaml)')
        .option('--endpoint <url>', 'ARM endpoint, e.g. an emulator URL (env ADF_DEPLOY_ENDPOINT)')
        .option('--local', 'use the embedded emulator, its state in .adf-deploy/ inside the project')
        .option('--json', 'the plan as JSON on stdout');
    if (kind === 'apply' || kind === 'destroy') cmd.option('--auto-approve', 'do not ask');
    if (kind === 'destroy') cmd.option('--include-factory', 'also delete the data factory');
    cmd.action(action(ctx, (dir: string | undefined, opts: V1CliOptions) => runV1(kind, dir, opts, ctx)));
  }
}

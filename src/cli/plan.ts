import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AdfDeployError } from '../core/errors.js';
import { renderPlanFile } from '../plan/plan-file.js';
import { computePlan } from '../plan/planner.js';
import { renderPlanJson } from '../render/plan-json.js';
import { renderPlanMarkdown } from '../render/plan-markdown.js';
import { renderPlanText } from '../render/plan-text.js';
import { fetchLiveState } from '../state/fetch.js';
import { action } from './commands.js';
import { addConnectionOptions, loadValidProject, openConnection, type ConnectionOptions } from './connection.js';
import type { CliContext } from './context.js';
import { addScopeOptions, type ScopeOptions } from './scope-options.js';

export interface PlanCliOptions extends ConnectionOptions, ScopeOptions {
  json?: boolean;
  markdown?: boolean;
  out?: string;
  detailedExitcode?: boolean;
}

/** Exit code of `plan --detailed-exitcode` when there are changes (as terraform's -detailed-exitcode). */
export const EXIT_CHANGES = 2;

/** `adf-deploy plan [DIR]`: read-only; compares the manifests with the factory and prints what apply would do. */
export function register(program: Command, ctx: CliContext): void {
  addScopeOptions(
    addConnectionOptions(
      program
        .command('plan')
        .description('show what apply would change in the factory (reads only; never writes to the factory)')
        .argument('[dir]', 'project folder (default .)'),
    ),
  )
    .option('--json', 'the plan as versioned JSON on stdout')
    .option('--markdown', 'the plan as a pull-request comment (Markdown) on stdout')
    .option('--out <file>', 'also save the plan for `adf-deploy apply FILE` (JSON, secrets never included)')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .action(action(ctx, (dir: string | undefined, opts: PlanCliOptions) => runPlan(dir, opts, ctx)));
}

async function runPlan(dir: string | undefined, opts: PlanCliOptions, ctx: CliContext): Promise<number> {
  if (opts.json && opts.markdown)
    throw new AdfDeployError('cli.conflicting-options', '--json and --markdown cannot be used together', {
      hint: 'pick one output format',
    });
  if ((opts.pruneGlobalParameters || opts.prunePrivateEndpoints) && !opts.prune) {
    throw new AdfDeployError(
      'cli.conflicting-options',
      '--prune-global-parameters and --prune-private-endpoints need --prune',
      { hint: 'add --prune' },
    );
  }
  const project = await loadValidProject(dir, opts, ctx);
  if (!project) return 1;
  const conn = await openConnection(project, opts, ctx);
  try {
    const live = await fetchLiveState(conn.client, conn.target, { signal: ctx.signal });
    const { plan } = computePlan({
      project,
      live,
      target: conn.target,
      prune: opts.prune,
      allowLargePrune: opts.allowLargePrune,
      pruneGlobalParameters: opts.pruneGlobalParameters,
      prunePrivateEndpoints: opts.prunePrivateEndpoints,
      targets: opts.target.length > 0 ? opts.target : undefined,
    });
    if (opts.out) {
      const file = path.resolve(ctx.cwd, opts.out);
      const text = renderPlanFile(plan, file, { local: Boolean(opts.local) });
      await writeFile(file, ctx.scrub ? ctx.scrub(text) : text, { mode: 0o600 });
      ctx.io.err(
        `Plan saved to ${path.relative(ctx.cwd, file) || file}; apply it with: adf-deploy apply ${opts.out}\n`,
      );
    }
    if (opts.json) ctx.io.out(renderPlanJson(plan));
    else if (opts.markdown) ctx.io.out(renderPlanMarkdown(plan));
    else ctx.io.out(renderPlanText(plan, { color: ctx.io.color }));
    return opts.detailedExitcode && plan.hasChanges ? EXIT_CHANGES : 0;
  } finally {
    await conn.close();
  }
}

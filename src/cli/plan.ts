import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../core/diagnostic.js';
import { AdfDeployError, isAdfDeployError } from '../core/errors.js';
import { renderPlanFile } from '../plan/plan-file.js';
import { computePlan } from '../plan/planner.js';
import type { Plan } from '../plan/types.js';
import { renderDiagnosticsJson } from '../render/diagnostics.js';
import { renderDiagnosticsMarkdown, renderErrorMarkdown } from '../render/plan-errors.js';
import { renderPlanJson } from '../render/plan-json.js';
import { DEFAULT_MARKDOWN_BUDGET, renderPlanMarkdown } from '../render/plan-markdown.js';
import { renderPlanText } from '../render/plan-text.js';
import { action } from './commands.js';
import { addConnectionOptions, type ConnectionOptions } from './connection.js';
import type { CliContext } from './context.js';
import { loadAndConnect } from './early-fetch.js';
import { namesSeveralProjects, parseParallel, runManyPlans } from './multi-commands.js';
import { runIfV1Project } from './v1-route.js';
import { addScopeOptions, type ScopeOptions } from './scope-options.js';

export interface PlanCliOptions extends ConnectionOptions, ScopeOptions {
  json?: boolean;
  markdown?: boolean;
  markdownBudget: number;
  out?: string;
  detailedExitcode?: boolean;
}

/** Exit code of `plan --detailed-exitcode` when there are changes or drift (as terraform's -detailed-exitcode). */
export const EXIT_CHANGES = 2;

/** --markdown-budget: a character count, 0 for no limit. */
export function parseBudget(value: string): number {
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0 || (n > 0 && n < 2_000))
    throw new AdfDeployError(
      'cli.markdown-budget',
      `--markdown-budget must be a whole number of characters, at least 2000 (or 0 for no limit), not '${value}'`,
    );
  return n;
}

/** `plan --detailed-exitcode`: 2 when there is something to apply or something in the factory the manifests lack. */
export function detailedExitCode(plan: Plan): number {
  return plan.hasChanges || (plan.drift?.length ?? 0) > 0 ? EXIT_CHANGES : 0;
}

/** `adf-deploy plan [DIR]`: read-only; compares the manifests with the factory and prints what apply would do. */
export function register(program: Command, ctx: CliContext): void {
  addScopeOptions(
    addConnectionOptions(
      program
        .command('plan')
        .description('show what apply would change in the factory (reads only; never writes to the factory)')
        .argument('[dir...]', "project folder (default .); several, or a quoted pattern ('factories/*'), run at once"),
    ),
  )
    .option('--json', 'the plan as versioned JSON on stdout (errors too)')
    .option('--markdown', 'the plan as a pull-request comment (Markdown) on stdout (errors too)')
    .option(
      '--markdown-budget <chars>',
      `most characters of the --markdown comment; what does not fit is left out and named (0: no limit; default ${DEFAULT_MARKDOWN_BUDGET}, under GitHub's 65,536)`,
      parseBudget,
      DEFAULT_MARKDOWN_BUDGET,
    )
    .option('--out <file>', 'also save the plan for `adf-deploy apply FILE` (JSON, secrets never included)')
    .option(
      '--detailed-exitcode',
      'exit 0 when there are no changes and no drift, 2 when there are changes or objects the manifests lack, 1 on error',
    )
    .option('--parallel <n>', 'with several projects: how many run at once (default 4)', parseParallel)
    .action(
      action(ctx, (dirs: string[], opts: PlanCliOptions) =>
        namesSeveralProjects(dirs) ? runManyPlans(dirs, opts, ctx, runPlan) : runPlan(dirs[0], opts, ctx),
      ),
    );
}

async function runPlan(dir: string | undefined, opts: PlanCliOptions, ctx: CliContext): Promise<number> {
  const v1 = await runIfV1Project('plan', dir, opts, ctx);
  if (v1 !== undefined) return v1;
  const title = path.basename(path.resolve(ctx.cwd, dir ?? '.'));
  try {
    return await makePlan(dir, opts, ctx);
  } catch (err) {
    // A comment that says why, on stdout, as well as the error on stderr; with --json main's handler writes the
    // error document (src/cli/json-error.ts).
    if (isAdfDeployError(err) && opts.markdown && !opts.json) ctx.io.out(renderErrorMarkdown(err, title));
    throw err;
  }
}

async function makePlan(dir: string | undefined, opts: PlanCliOptions, ctx: CliContext): Promise<number> {
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
  const title = path.basename(path.resolve(ctx.cwd, dir ?? '.'));
  // stderr already has the findings (loadValidProject); a failing validation also becomes the JSON / the comment.
  const report = (all: Diagnostic[], failing: boolean): void => {
    if (!failing) return;
    if (opts.json) ctx.io.out(renderDiagnosticsJson(all));
    else if (opts.markdown)
      ctx.io.out(renderDiagnosticsMarkdown(all, { title, cwd: ctx.cwd, budget: opts.markdownBudget }));
  };
  // The factory is read while the manifests load and validate (src/cli/early-fetch.ts).
  const loaded = await loadAndConnect(dir, opts, ctx, report);
  if (!loaded) return 1;
  const { project, conn } = loaded;
  try {
    // Computed while validation may still run (in a worker); nothing is said before it has passed.
    const computed = await loaded.withLive((live, comparedAhead) =>
      computePlan({
        project,
        live,
        comparedAhead,
        target: conn.target,
        prune: opts.prune,
        allowLargePrune: opts.allowLargePrune,
        pruneGlobalParameters: opts.pruneGlobalParameters,
        prunePrivateEndpoints: opts.prunePrivateEndpoints,
        targets: opts.target.length > 0 ? opts.target : undefined,
      }),
    );
    if (!computed) return 1;
    const { plan } = computed;
    ctx.onPlan?.(plan);
    if (opts.out) {
      const file = path.resolve(ctx.cwd, opts.out);
      const text = renderPlanFile(plan, file, { local: Boolean(opts.local) });
      await writeFile(file, ctx.scrub ? ctx.scrub(text) : text, { mode: 0o600 });
      ctx.io.err(
        `Plan saved to ${path.relative(ctx.cwd, file) || file}; apply it with: adf-deploy apply ${opts.out}\n`,
      );
    }
    if (opts.json) ctx.io.out(renderPlanJson(plan));
    else if (opts.markdown) ctx.io.out(renderPlanMarkdown(plan, { budget: opts.markdownBudget }));
    else ctx.io.out(renderPlanText(plan, { color: ctx.io.color }));
    return opts.detailedExitcode ? detailedExitCode(plan) : 0;
  } finally {
    await conn.close();
    await loaded.finish();
  }
}

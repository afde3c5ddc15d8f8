import { makeFolders } from '../core/make-folders.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AdfDeployError } from '../core/errors.js';
import type { ApplyCliOptions } from './apply.js';
import type { ConnectionOptions } from './connection.js';
import type { CliContext } from './context.js';
import { createLimiterPool } from './limiter-pool.js';
import { neutraliseText } from './neutralise.js';
import {
  aggregateExitCode,
  DEFAULT_PARALLEL,
  replay,
  runProjects,
  stdoutOf,
  type ProjectOutcome,
} from './multi-project.js';
import {
  blockHeader,
  projectRow,
  renderProjectJson,
  renderSummaryJson,
  renderSummaryTable,
  type MultiCommand,
} from './multi-summary.js';
import type { PlanCliOptions } from './plan.js';
import { refuseSharedFactories } from './multi-targets.js';
import { expandProjectArgs } from './project-args.js';

export { namesSeveralProjects } from './project-args.js';

/** --parallel: projects at once when several are named. */
export interface MultiOptions {
  parallel?: number;
}

/** --parallel N: projects at once when several are named (each keeps its own --concurrency). */
export function parseParallel(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new AdfDeployError('cli.parallel', `--parallel must be a whole number from 1 to 64, not '${value}'`);
  return n;
}

type RunOne<O> = (arg: string, opts: O, child: CliContext) => Promise<number>;

/**
 * `plan A B ...` or `plan 'factories/*'`: every project planned, blocks printed in order, one summary table (on
 * stdout, as the plans; on stderr with --json or --markdown). With --out FOLDER, one plan file per project,
 * FOLDER/<project folder name>.json.
 */
export async function runManyPlans(
  args: string[],
  opts: PlanCliOptions & MultiOptions,
  ctx: CliContext,
  runOne: RunOne<PlanCliOptions>,
): Promise<number> {
  const projects = await expandProjectArgs(args, ctx.cwd, { planFiles: false });
  await refuseSharedFactories(projects, opts, ctx);
  const outFiles = opts.out ? await planFilesIn(opts.out, projects, ctx.cwd) : undefined;
  return runMany('plan', projects, opts, ctx, (arg, i, child) =>
    runOne(arg, { ...opts, out: outFiles?.[i] }, child),
  ).then(({ rows, code }) => {
    // The table goes with the results: stdout for text plans, stderr when stdout is JSON or a comment.
    if (opts.json || opts.markdown) ctx.io.err(`\n${renderSummaryTable(rows)}`);
    else ctx.io.out(`\n${renderSummaryTable(rows)}`);
    return code;
  });
}

/**
 * `apply A B ...` (folders or saved plans). On a terminal without --auto-approve, every project plans, the plans
 * are shown, and one question with the totals is asked for all of them; without a terminal --auto-approve is
 * required (as for one project).
 */
export async function runManyApplies(
  args: string[],
  opts: ApplyCliOptions & MultiOptions,
  ctx: CliContext,
  runOne: RunOne<ApplyCliOptions>,
): Promise<number> {
  return runManyChanges('apply', args, opts, ctx, runOne);
}

/**
 * `destroy A B ...`: as several applies (one shared limiter, one question with the totals on a terminal,
 * --auto-approve without one, one summary table); project folders only.
 */
export async function runManyDestroys<O extends MultiChangeOptions>(
  args: string[],
  opts: O,
  ctx: CliContext,
  runOne: RunOne<O>,
): Promise<number> {
  return runManyChanges('destroy', args, opts, ctx, runOne);
}

type MultiChangeOptions = ConnectionOptions & MultiOptions & { autoApprove?: boolean; json?: boolean };

async function runManyChanges<O extends MultiChangeOptions>(
  command: 'apply' | 'destroy',
  args: string[],
  opts: O,
  ctx: CliContext,
  runOne: RunOne<O>,
): Promise<number> {
  const ask = ctx.io.confirm;
  if (!opts.autoApprove && !ask)
    throw new AdfDeployError('cli.no-tty', `${command} needs confirmation, and there is no terminal to ask on`, {
      hint:
        command === 'apply'
          ? "review first: `adf-deploy plan DIRS --out plans`, then `adf-deploy apply 'plans/*.json' --auto-approve` (each saved plan is checked against its factory before it is applied)"
          : 'pass --auto-approve to delete without asking',
    });
  const projects = await expandProjectArgs(args, ctx.cwd, { planFiles: command === 'apply' });
  await refuseSharedFactories(projects, opts, ctx);
  const approve =
    opts.autoApprove || !ask
      ? undefined
      : (waiting: ProjectOutcome[]) =>
          ask(neutraliseText(totalsQuestion(command, waiting, projects.length)), ctx.signal);
  const { rows, code } = await runMany(
    command,
    projects,
    opts,
    ctx,
    (arg, _i, child) => runOne(arg, { ...opts }, child),
    approve,
  );
  // With the results (each project's plan and summary are on stdout), unless stdout is JSON.
  if (opts.json) ctx.io.err(`\n${renderSummaryTable(rows)}`);
  else ctx.io.out(`\n${renderSummaryTable(rows)}`);
  return code;
}

async function runMany(
  command: MultiCommand,
  projects: string[],
  opts: MultiOptions & { json?: boolean },
  ctx: CliContext,
  runOne: (arg: string, index: number, child: CliContext) => Promise<number>,
  approve?: (waiting: ProjectOutcome[]) => Promise<boolean>,
): Promise<{ rows: ReturnType<typeof projectRow>[]; code: number }> {
  const headed = new Set<ProjectOutcome>();
  const print = (o: ProjectOutcome, final: boolean): void => {
    const fresh = o.chunks.slice(o.shown ?? 0).some((c) => c.stream === 'err' || !opts.json);
    if (fresh || (final && !headed.has(o))) {
      ctx.io.err(blockHeader(o, ctx.cwd, headed.has(o)));
      headed.add(o);
    }
    replay(o, ctx.io, !opts.json);
    if (final && opts.json) ctx.io.out(renderProjectJson(projectRow(command, o, ctx.cwd), stdoutOf(o)));
  };
  const outcomes = await runProjects(projects, ctx, (arg, child) => runOne(arg, projects.indexOf(arg), child), {
    parallel: opts.parallel ?? DEFAULT_PARALLEL,
    pool: createLimiterPool(),
    print,
    approve,
    json: opts.json,
  });
  const rows = outcomes.map((o) => projectRow(command, o, ctx.cwd));
  const code = aggregateExitCode(outcomes, ctx.signal);
  if (opts.json) ctx.io.out(renderSummaryJson(rows, code));
  if (ctx.signal.aborted) ctx.io.err('Interrupted: projects not started were left as they are.\n');
  return { rows, code };
}

/** The one question: how many factories, the totals, and what will not be applied. */
function totalsQuestion(command: 'apply' | 'destroy', waiting: ProjectOutcome[], total: number): string {
  const rows = waiting.map((o) => projectRow(command, o, '.'));
  const sum = (k: 'add' | 'change' | 'delete'): number => rows.reduce((t, r) => t + (r[k] ?? 0), 0);
  const others = total - waiting.length;
  const factories = `${waiting.length} factor${waiting.length === 1 ? 'y' : 'ies'}`;
  const rest = (what: string): string =>
    others > 0 ? `; the other ${others} ha${others === 1 ? 's' : 've'} nothing to ${what} or failed` : '';
  if (command === 'destroy')
    return `Delete these resources from ${factories} (${sum('delete')} to delete${rest('destroy')})? There is no undo.`;
  return `Apply these changes to ${factories} (${sum('add')} to add, ${sum('change')} to change, ${sum('delete')} to delete${rest('apply')})?`;
}

/** plan --out with several projects: a folder (made if missing), one file per project named after its folder. */
async function planFilesIn(out: string, projects: string[], cwd: string): Promise<string[]> {
  const folder = path.resolve(cwd, out);
  const existing = await stat(folder).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw new AdfDeployError('cli.out-folder', `--out ${out} is a file; with several projects it must be a folder`, {
      hint: 'name a folder (made if missing): one plan file per project, <folder>/<project folder name>.json',
    });
  const names = projects.map((p) => `${path.basename(path.resolve(cwd, p))}.json`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice)
    throw new AdfDeployError('cli.out-folder', `two projects would both save their plan as ${out}/${twice}`, {
      hint: 'plan them in separate commands with different --out folders',
    });
  makeFolders(folder);
  return names.map((n) => path.join(out, n));
}

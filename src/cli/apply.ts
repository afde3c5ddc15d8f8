import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { applyPlan, DEFAULT_CONCURRENCY } from '../apply/apply.js';
import type { ApplySummary } from '../apply/types.js';
import { parsePlanFile } from '../plan/plan-file.js';
import { checkPlanTarget, resolveSavedPlanSettings, verifySavedPlan } from '../plan/plan-verify.js';
import { AdfDeployError } from '../core/errors.js';
import { refuseDangerous } from '../plan/factory-settings.js';
import { computePlan, type PlanResult } from '../plan/planner.js';
import { toPlanDocument } from '../render/plan-json.js';
import { renderPlanText } from '../render/plan-text.js';
import { createTerminalView } from '../render/progress-listr.js';
import { createJsonView, createLineView, type ProgressView } from '../render/progress-lines.js';
import { fetchLiveState } from '../state/fetch.js';
import { action } from './commands.js';
import { jsonError } from './json-error.js';
import { neutraliseData, neutraliseText } from './neutralise.js';
import {
  addConnectionOptions,
  loadValidProject,
  openConnection,
  type Connection,
  type ConnectionOptions,
} from './connection.js';
import type { CliContext } from './context.js';
import { loadAndConnect } from './early-fetch.js';
import { namesSeveralProjects, parseParallel, runManyApplies } from './multi-commands.js';
import { runIfV1Project } from './v1-route.js';
import { addScopeOptions, type ScopeOptions } from './scope-options.js';

export interface ApplyCliOptions extends ConnectionOptions, ScopeOptions {
  autoApprove?: boolean;
  concurrency: number;
  json?: boolean;
  allowDangerous?: boolean;
}

/** Exit code after Ctrl-C / SIGTERM (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new AdfDeployError('cli.concurrency', `--concurrency must be a whole number from 1 to 64, not '${value}'`);
  return n;
}

/** `adf-deploy apply [DIR|plan.json]`. */
export function register(program: Command, ctx: CliContext): void {
  addScopeOptions(
    addConnectionOptions(
      program
        .command('apply')
        .description('plan and apply the manifests in DIR (default .), or apply a plan saved with `plan --out`')
        .argument('[source...]', 'project folder, or a plan file (.json); several, or a quoted pattern, run at once'),
    ),
  )
    .option('--auto-approve', 'apply without asking (required without a terminal)')
    .option(
      '--concurrency <n>',
      `calls in flight at once (default ${DEFAULT_CONCURRENCY})`,
      parseConcurrency,
      DEFAULT_CONCURRENCY,
    )
    .option('--json', 'the plan and the progress as JSON lines on stdout')
    .option('--allow-dangerous', 'with --auto-approve, also apply identity, encryption or location changes')
    .option('--parallel <n>', 'with several projects: how many run at once (default 4)', parseParallel)
    .action(
      action(ctx, (sources: string[], opts: ApplyCliOptions) =>
        namesSeveralProjects(sources)
          ? runManyApplies(sources, opts, ctx, (s, o, child) => interruptible(child, () => runApply(s, o, child)))
          : interruptible(ctx, () => runApply(sources[0], opts, ctx)),
      ),
    );
}

export async function runApply(source: string | undefined, opts: ApplyCliOptions, ctx: CliContext): Promise<number> {
  requireApproval(opts, ctx, 'apply');
  const resolved = path.resolve(ctx.cwd, source ?? '.');
  if (source && (await isFile(resolved))) return runSavedPlan(resolved, opts, ctx);
  const v1 = await runIfV1Project('apply', source, opts, ctx);
  if (v1 !== undefined) return v1;
  const loaded = await loadAndConnect(source, opts, ctx);
  if (!loaded) return 1;
  const { project, conn } = loaded;
  try {
    // Computed while validation may still run (in a worker); nothing is said or written before it has passed.
    const computed = await loaded.withLive((live, comparedAhead) => ({
      live,
      result: computePlan({
        project,
        live,
        comparedAhead,
        target: conn.target,
        prune: opts.prune,
        targets: opts.target.length ? opts.target : undefined,
        allowLargePrune: opts.allowLargePrune,
        pruneGlobalParameters: opts.pruneGlobalParameters,
        prunePrivateEndpoints: opts.prunePrivateEndpoints,
      }),
    }));
    if (!computed) return 1;
    const { live, result } = computed;
    refuseDangerous(result.plan, live.factory?.body, opts);
    return await confirmAndRun(conn, result, opts, ctx, applyWords(conn));
  } finally {
    await conn.close();
    await loaded.finish();
  }
}

/** What apply says around the plan (the same for a project and a saved plan); '' keeps the plan's "No changes". */
function applyWords(conn: Connection): { what: string; question: string; nothing: string } {
  return { what: 'Apply', question: `Apply these changes to factory ${conn.target.factoryName}?`, nothing: '' };
}

/**
 * `apply plan.json`: the file says where and how (target, backend, --env, --prune, --target); the command line
 * may only repeat it. The plan is computed again and executed only once proven identical to the file
 * (src/plan/plan-verify.ts); the large-prune guard runs as for any plan (--allow-large-prune on apply).
 */
async function runSavedPlan(file: string, opts: ApplyCliOptions, ctx: CliContext): Promise<number> {
  const saved = parsePlanFile(await readFile(file, 'utf8'), file);
  const settings = resolveSavedPlanSettings(saved, opts);
  const connOpts = { ...opts, ...settings };
  const project = await loadValidProject(saved.source.dir, connOpts, ctx);
  if (!project) return 1;
  const conn = await openConnection(project, connOpts, ctx);
  try {
    checkPlanTarget(saved, conn.target, settings.local);
    const live = await fetchLiveState(conn.client, conn.target, { signal: ctx.signal });
    const fresh = computePlan({
      project,
      live,
      target: conn.target,
      prune: settings.prune,
      targets: settings.targets,
      allowLargePrune: opts.allowLargePrune,
      pruneGlobalParameters: settings.pruneGlobalParameters,
      prunePrivateEndpoints: settings.prunePrivateEndpoints,
    });
    refuseDangerous(fresh.plan, live.factory?.body, opts);
    if (verifySavedPlan(saved, fresh.plan, live).status === 'already-applied') {
      const message = `This plan was already applied: factory ${conn.target.factoryName} has changed since it was made and now matches it. Nothing to do.`;
      ctx.io.out(
        opts.json ? `${JSON.stringify({ formatVersion: 1, type: 'already-applied', message })}\n` : `${message}\n`,
      );
      return 0;
    }
    return await confirmAndRun(conn, fresh, opts, ctx, applyWords(conn));
  } finally {
    await conn.close();
  }
}

/**
 * Ctrl-C before the apply started (while loading, reading the factory or asking) cancels a request in flight,
 * which surfaces as an error: report it as the interruption it is. (applyPlan itself never throws once it writes.)
 */
export async function interruptible(ctx: CliContext, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (!ctx.signal.aborted) throw err;
    ctx.io.err('Interrupted before any change was made.\n');
    if (ctx.json) ctx.io.out(jsonError('interrupted', 'interrupted before any change was made'));
    return EXIT_INTERRUPTED;
  }
}

/** Without a terminal to ask on, --auto-approve is required; refuse before anything is read or written. */
export function requireApproval(opts: { autoApprove?: boolean }, ctx: CliContext, command: string): void {
  if (opts.autoApprove || ctx.io.confirm) return;
  throw new AdfDeployError('cli.no-tty', `${command} needs confirmation, and there is no terminal to ask on`, {
    hint: `review the changes with \`adf-deploy plan\`, then run \`adf-deploy ${command} ... --auto-approve\``,
  });
}

/**
 * Print the plan (human text, or with --json a `plan` line, on stdout: it is the command's result), ask (unless --auto-approve), run it
 * with a progress view; returns the exit code. Shared with destroy. `words.nothing` replaces the plan text when
 * there is nothing to do ('' keeps the plan's own "No changes" line).
 */
export async function confirmAndRun(
  conn: Connection,
  result: PlanResult,
  opts: { autoApprove?: boolean; json?: boolean; concurrency?: number },
  ctx: CliContext,
  words: { what: string; question: string; nothing: string; preamble?: string },
): Promise<number> {
  const { plan } = result;
  ctx.onPlan?.(plan);
  const quiet = !plan.hasChanges && words.nothing !== '';
  if (opts.json) ctx.io.out(`${JSON.stringify({ formatVersion: 1, type: 'plan', plan: toPlanDocument(plan) })}\n`);
  else if (!quiet) ctx.io.out(renderPlanText(neutraliseData(plan), { color: ctx.io.color }) + (words.preamble ?? ''));
  if (!plan.hasChanges) {
    if (!opts.json && quiet) ctx.io.out(`${words.preamble ?? ''}${words.nothing}\n`);
    return 0;
  }
  if (!opts.autoApprove) {
    const yes = await ctx.io.confirm!(neutraliseText(words.question), ctx.signal);
    if (ctx.signal.aborted) {
      ctx.io.err(`${words.what} interrupted at the confirmation: nothing was changed.\n`);
      if (opts.json) ctx.io.out(jsonError('interrupted', 'interrupted at the confirmation; nothing was changed'));
      return EXIT_INTERRUPTED;
    }
    if (!yes) {
      ctx.io.err(`${words.what} cancelled: nothing was changed.\n`);
      if (opts.json) ctx.io.out(jsonError('cancelled', `${words.what} cancelled; nothing was changed`));
      return 1;
    }
  }
  const view: ProgressView = opts.json
    ? createJsonView(ctx.io.out)
    : ctx.io.isTTY
      ? createTerminalView(ctx.io.err, words.what, ctx.io.out)
      : createLineView(ctx.io.err, words.what, ctx.io.out);
  let summary: ApplySummary;
  try {
    summary = await applyPlan(conn.client, result, {
      concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
      signal: ctx.signal,
      onEvent: (e) => view.handle(e),
    });
  } finally {
    await view.close();
  }
  if (summary.aborted) return EXIT_INTERRUPTED;
  return summary.failed.length + summary.skipped.length + summary.notStarted.length > 0 ? 1 : 0;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

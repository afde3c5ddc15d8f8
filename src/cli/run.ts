import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AdfDeployError } from '../core/errors.js';
import { createRunLineView, createRunListrView, type RunView } from '../render/run-progress.js';
import { activityError, failedActivities, runHeadline } from '../render/run-format.js';
import { cancelRun, startRun } from '../runs/client.js';
import { parseDuration } from '../runs/duration.js';
import { followRun, type FollowResult } from '../runs/follow.js';
import { checkRunParameters } from '../runs/parameters.js';
import { findPipeline } from '../runs/pipeline.js';
import { maskSecureActivityRuns } from '../runs/secure.js';
import type { Project } from '../manifest/types.js';
import { action } from './commands.js';
import { jsonError } from './json-error.js';
import {
  addConnectionOptions,
  loadValidProject,
  openConnection,
  type Connection,
  type ConnectionOptions,
} from './connection.js';
import type { CliContext } from './context.js';

export interface RunCliOptions extends ConnectionOptions {
  param: string[];
  parameters?: string;
  wait?: boolean;
  timeout?: string;
  json?: boolean;
}

/** Exit code when the user interrupts with Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** `adf-deploy run PIPELINE [DIR]`: start a pipeline run with checked parameters; with --wait, follow it. */
export function register(program: Command, ctx: CliContext): void {
  addConnectionOptions(
    program
      .command('run')
      .description('start a pipeline run (parameters checked against the pipeline first); --wait follows it')
      .argument('<pipeline>', 'pipeline name')
      .argument('[dir]', 'project folder (default .)'),
  )
    .option(
      '-p, --param <name=value>',
      'a pipeline parameter (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--parameters <file>', 'parameters as a JSON object file ({"name": value}); -p wins')
    .option('--wait', 'follow the run until it ends: exit 0 when it succeeded, 1 when it failed or was cancelled')
    .option('--timeout <duration>', 'with --wait: stop following after this long (e.g. 30m); the run goes on')
    .option('--json', 'JSON on stdout ({runId}, or with --wait {run, activities})')
    .action(
      action(ctx, (pipeline: string, dir: string | undefined, opts: RunCliOptions) => runRun(pipeline, dir, opts, ctx)),
    );
}

async function readParametersFile(
  file: string,
  cwd: string,
): Promise<{ path: string; values: Record<string, unknown> }> {
  const full = path.resolve(cwd, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(full, 'utf8'));
  } catch (err) {
    throw new AdfDeployError('run.bad-parameters-file', `${file}: ${(err as Error).message}`, {
      hint: 'a JSON object {"name": value}',
    });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new AdfDeployError('run.bad-parameters-file', `${file}: expected a JSON object {"name": value}`);
  return { path: file, values: parsed as Record<string, unknown> };
}

async function runRun(
  pipelineArg: string,
  dir: string | undefined,
  opts: RunCliOptions,
  ctx: CliContext,
): Promise<number> {
  const timeoutMs = opts.timeout ? parseDuration(opts.timeout, '--timeout') : undefined;
  const project = await loadValidProject(dir, opts, ctx);
  if (!project) return 1;
  const pipeline = findPipeline(project, pipelineArg);
  const file = opts.parameters ? await readParametersFile(opts.parameters, ctx.cwd) : undefined;
  const check = checkRunParameters(pipeline.name, pipeline.parameters, { pairs: opts.param, file });
  if (check.problems.length > 0) {
    for (const p of check.problems) ctx.io.err(`error[run.parameter]: ${p}\n`);
    ctx.io.err('  no run was started\n');
    if (opts.json) ctx.io.out(jsonError('run.parameter', `${check.problems.join('; ')}; no run was started`));
    return 1;
  }
  const conn = await openConnection(project, opts, ctx);
  try {
    const runId = await startRun(conn.client, conn.target, pipeline.name, check.values, { signal: ctx.signal });
    // The embedded emulator lives in this process: leaving would stop the run, so --local always waits.
    const wait = opts.wait || opts.local;
    if (!wait) {
      ctx.io.out(opts.json ? `${JSON.stringify({ runId })}\n` : `${runId}\n`);
      return 0;
    }
    if (!opts.json) ctx.io.out(`${runId}\n`);
    if (opts.local && !opts.wait)
      ctx.io.err('(--local: waiting for the run, since the embedded emulator stops with this command)\n');
    return await waitForRun(conn, runId, { ...opts, project }, ctx, timeoutMs);
  } finally {
    await conn.close();
  }
}

/** Follow a run to its end and turn it into an exit code; Ctrl-C asks whether to cancel it. */
export async function waitForRun(
  conn: Connection,
  runId: string,
  opts: { json?: boolean; wait?: boolean; project?: Project },
  ctx: CliContext,
  timeoutMs?: number,
): Promise<number> {
  const view: RunView =
    ctx.io.isTTY && opts.wait !== false && !opts.json ? createRunListrView() : createRunLineView((t) => ctx.io.err(t));
  const stop = new AbortController();
  const onInterrupt = () => stop.abort(new Error('interrupted'));
  ctx.signal.addEventListener('abort', onInterrupt, { once: true });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop.abort(new Error('timeout')), timeoutMs);
  let result: FollowResult | undefined;
  try {
    result = await followRun(conn.client, conn.target, runId, {
      signal: stop.signal,
      intervalMs: Number(ctx.env.ADF_DEPLOY_POLL_MS ?? 2000),
      onEvent: (e) => view.handle(e),
    });
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onInterrupt);
    await view.close();
  }
  if (!result) {
    if (ctx.signal.aborted) {
      const code = await interrupted(conn, runId, ctx);
      if (opts.json) ctx.io.out(jsonError('interrupted', `interrupted while following run ${runId}`));
      return code;
    }
    const message = `Stopped following run ${runId} at the --timeout; the run goes on (see: adf-deploy runs show ${runId}).`;
    ctx.io.err(`${message}\n`);
    if (opts.json) ctx.io.out(jsonError('run.timeout', message));
    return 1;
  }
  const { run } = result;
  const activities = maskSecureActivityRuns(opts.project, run.pipelineName, result.activities);
  if (opts.json) ctx.io.out(`${JSON.stringify({ run, activities }, null, 2)}\n`);
  ctx.io.err(`${runHeadline(run)}\n`);
  if (run.status !== 'Succeeded') {
    for (const a of failedActivities(activities))
      ctx.io.err(`  ${a.activityName} (${a.activityType}): ${activityError(a)}\n`);
    if (failedActivities(activities).length === 0 && run.message) ctx.io.err(`  ${run.message}\n`);
    return 1;
  }
  return 0;
}

/** Ctrl-C while following: ask (on a terminal) whether to cancel the run, and always say what became of it. */
async function interrupted(conn: Connection, runId: string, ctx: CliContext): Promise<number> {
  const cancel = ctx.io.confirm ? await ctx.io.confirm(`Cancel pipeline run ${runId} too?`) : false;
  if (cancel) {
    await cancelRun(conn.client, conn.target, runId, true);
    if (conn.emulator) {
      // The embedded emulator stops with this command: let the cancel finish first, so the run reads Cancelled.
      const { run } = await followRun(conn.client, conn.target, runId, { intervalMs: 20, onEvent: () => undefined });
      ctx.io.err(`Interrupted: run ${runId} ${run.status}.\n`);
    } else ctx.io.err(`Interrupted: run ${runId} is being cancelled (with the runs it started).\n`);
  } else
    ctx.io.err(
      `Interrupted: run ${runId} was NOT cancelled${conn.emulator ? ', but the embedded emulator stops now, so it will show as Failed' : ' and goes on'}; cancel it with: adf-deploy runs cancel ${runId}\n`,
    );
  return EXIT_INTERRUPTED;
}

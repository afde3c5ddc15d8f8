import type { Command } from 'commander';
import { AdfDeployError } from '../core/errors.js';
import { renderRunGantt, renderRunMarkdown } from '../render/run-gantt.js';
import { renderRunListText, renderRunText } from '../render/run-table.js';
import { cancelRun, getRun, listActivityRuns, queryPipelineRuns, startRun } from '../runs/client.js';
import { parseDuration } from '../runs/duration.js';
import { maskSecureActivityRuns } from '../runs/secure.js';
import type { Project } from '../manifest/types.js';
import { action } from './commands.js';
import {
  addConnectionOptions,
  loadValidProject,
  openConnection,
  type Connection,
  type ConnectionOptions,
} from './connection.js';
import type { CliContext } from './context.js';
import { waitForRun } from './run.js';

interface ListOptions extends ConnectionOptions {
  pipeline?: string;
  status?: string;
  since?: string;
  json?: boolean;
}
interface ShowOptions extends ConnectionOptions {
  json?: boolean;
  format?: string;
}
interface RerunOptions extends ConnectionOptions {
  fromFailure?: boolean;
  from?: string;
  wait?: boolean;
  json?: boolean;
}

const FORMATS = ['text', 'json', 'mermaid', 'markdown'];

/** Open the project's connection, run `fn`, close. */
async function withConnection(
  dir: string | undefined,
  opts: ConnectionOptions,
  ctx: CliContext,
  fn: (conn: Connection, project: Project) => Promise<number>,
): Promise<number> {
  const project = await loadValidProject(dir, opts, ctx);
  if (!project) return 1;
  const conn = await openConnection(project, opts, ctx);
  try {
    return await fn(conn, project);
  } finally {
    await conn.close();
  }
}

/** `adf-deploy runs list|show|cancel|rerun`: the runs of the factory, the same calls for Azure and the emulator. */
export function register(program: Command, ctx: CliContext): void {
  const runs = program.command('runs').description('list, show, cancel and rerun pipeline runs');
  addConnectionOptions(
    runs
      .command('list')
      .description('pipeline runs of the factory, newest first')
      .argument('[dir]', 'project folder (default .)'),
  )
    .option('--pipeline <name>', 'only runs of this pipeline')
    .option('--status <status>', 'only runs with this status (Succeeded, Failed, InProgress, Queued, Cancelled...)')
    .option('--since <duration>', 'runs updated in this last period (default 24h)', '24h')
    .option('--json', 'JSON on stdout')
    .action(
      action(ctx, (dir: string | undefined, opts: ListOptions) =>
        withConnection(dir, opts, ctx, async (conn) => {
          const since = new Date(Date.now() - parseDuration(opts.since ?? '24h', '--since'));
          const list = await queryPipelineRuns(conn.client, conn.target, {
            since,
            pipeline: opts.pipeline,
            status: opts.status,
          });
          ctx.io.out(opts.json ? `${JSON.stringify(list, null, 2)}\n` : renderRunListText(list));
          return 0;
        }),
      ),
    );
  addConnectionOptions(
    runs
      .command('show')
      .description('a run and its activity runs')
      .argument('<runId>')
      .argument('[dir]', 'project folder (default .)'),
  )
    .option('--format <format>', `output: ${FORMATS.join(', ')} (mermaid = a Gantt chart of the activity runs)`, 'text')
    .option('--json', 'same as --format json')
    .action(
      action(ctx, (runId: string, dir: string | undefined, opts: ShowOptions) => {
        const format = opts.json ? 'json' : (opts.format ?? 'text');
        if (!FORMATS.includes(format))
          throw new AdfDeployError('cli.bad-format', `--format ${format}: unknown`, {
            hint: `one of ${FORMATS.join(', ')}`,
          });
        return withConnection(dir, opts, ctx, async (conn, project) => {
          const run = await getRun(conn.client, conn.target, runId);
          const listed = await listActivityRuns(conn.client, conn.target, run);
          const activities = maskSecureActivityRuns(project, run.pipelineName, listed);
          const render = {
            text: renderRunText,
            json: () => `${JSON.stringify({ run, activities }, null, 2)}\n`,
            mermaid: renderRunGantt,
            markdown: renderRunMarkdown,
          }[format as 'text'];
          ctx.io.out(render(run, activities));
          return 0;
        });
      }),
    );
  addConnectionOptions(
    runs
      .command('cancel')
      .description('cancel a run')
      .argument('<runId>')
      .argument('[dir]', 'project folder (default .)'),
  )
    .option('--recursive', 'also cancel the runs its ExecutePipeline activities started')
    .action(
      action(ctx, (runId: string, dir: string | undefined, opts: ConnectionOptions & { recursive?: boolean }) =>
        withConnection(dir, opts, ctx, async (conn) => {
          await cancelRun(conn.client, conn.target, runId, Boolean(opts.recursive));
          ctx.io.err(`Cancel requested for run ${runId}${opts.recursive ? ' and the runs it started' : ''}.\n`);
          return 0;
        }),
      ),
    );
  addConnectionOptions(
    runs
      .command('rerun')
      .description('rerun a run (recovery: same run group)')
      .argument('<runId>')
      .argument('[dir]', 'project folder (default .)'),
  )
    .option('--from-failure', 'do not run again the activities that succeeded')
    .option('--from <activity>', 'run this activity and everything after it again')
    .option('--wait', 'follow the new run')
    .option('--json', 'JSON on stdout')
    .action(
      action(ctx, (runId: string, dir: string | undefined, opts: RerunOptions) => {
        if (opts.fromFailure && opts.from)
          throw new AdfDeployError('cli.conflicting-options', '--from-failure and --from cannot be used together', {
            hint: 'pick one',
          });
        return withConnection(dir, opts, ctx, async (conn, project) => {
          const old = await getRun(conn.client, conn.target, runId);
          const recovery = Boolean(opts.fromFailure || opts.from);
          const newId = await startRun(
            conn.client,
            conn.target,
            old.pipelineName,
            {},
            {
              referencePipelineRunId: runId,
              isRecovery: recovery,
              startFromFailure: opts.fromFailure,
              startActivityName: opts.from,
            },
          );
          if (!opts.json) ctx.io.out(`${newId}\n`);
          if (opts.wait || opts.local) return waitForRun(conn, newId, { ...opts, project }, ctx);
          if (opts.json) ctx.io.out(`${JSON.stringify({ runId: newId })}\n`);
          return 0;
        });
      }),
    );
}

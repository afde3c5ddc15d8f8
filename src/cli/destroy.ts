import type { Command } from 'commander';
import { DEFAULT_CONCURRENCY } from '../apply/apply.js';
import { planDestroy } from '../apply/destroy-plan.js';
import { fetchLiveState } from '../state/fetch.js';
import { confirmAndRun, interruptible, parseConcurrency, requireApproval } from './apply.js';
import { action } from './commands.js';
import { addConnectionOptions, loadValidProject, openConnection, type ConnectionOptions } from './connection.js';
import type { CliContext } from './context.js';
import { namesSeveralProjects, parseParallel, runManyDestroys } from './multi-commands.js';
import { runIfV1Project } from './v1-route.js';

interface DestroyCliOptions extends ConnectionOptions {
  autoApprove?: boolean;
  includeFactory?: boolean;
  concurrency: number;
  json?: boolean;
}

/** `adf-deploy destroy [DIR]`: delete what the manifests manage (never anything else, unless the factory goes). */
export function register(program: Command, ctx: CliContext): void {
  addConnectionOptions(
    program
      .command('destroy')
      .description('delete every resource the manifests in DIR manage (resources they do not declare are kept)')
      .argument('[dir...]', 'project folder (default .); several, or a quoted pattern, run at once'),
  )
    .option('--auto-approve', 'delete without asking (required without a terminal)')
    .option('--include-factory', 'also delete the factory itself, with anything left in it')
    .option(
      '--concurrency <n>',
      `calls in flight at once (default ${DEFAULT_CONCURRENCY})`,
      parseConcurrency,
      DEFAULT_CONCURRENCY,
    )
    .option('--json', 'the plan and the progress as JSON lines on stdout')
    .option('--parallel <n>', 'with several projects: how many run at once (default 4)', parseParallel)
    .action(
      action(ctx, (dirs: string[], opts: DestroyCliOptions) =>
        namesSeveralProjects(dirs)
          ? runManyDestroys(dirs, opts, ctx, (d, o, child) => interruptible(child, () => runDestroy(d, o, child)))
          : interruptible(ctx, () => runDestroy(dirs[0], opts, ctx)),
      ),
    );
}

async function runDestroy(dir: string | undefined, opts: DestroyCliOptions, ctx: CliContext): Promise<number> {
  const v1 = await runIfV1Project('destroy', dir, opts, ctx);
  if (v1 !== undefined) return v1;
  requireApproval(opts, ctx, 'destroy');
  const project = await loadValidProject(dir, opts, ctx);
  if (!project) return 1;
  const conn = await openConnection(project, opts, ctx);
  try {
    const live = await fetchLiveState(conn.client, conn.target, { signal: ctx.signal });
    const result = planDestroy(project, live, conn.target, { includeFactory: opts.includeFactory });
    const notes: string[] = [];
    const factoryGoes = Boolean(opts.includeFactory && live.factory);
    if (result.kept.length)
      notes.push(
        factoryGoes
          ? `Deleted with the factory (the API cannot delete them on their own): ${result.kept.join(', ')}`
          : `Kept (the API cannot delete them): ${result.kept.join(', ')}`,
      );
    if (result.unmanaged.length) {
      notes.push(
        opts.includeFactory && live.factory
          ? `Deleted with the factory although the manifests do not declare them: ${result.unmanaged.join(', ')}`
          : `Not managed by these manifests, left alone: ${result.unmanaged.length} resource(s)`,
      );
    }
    const preamble = notes.length ? `${notes.join('\n')}\n` : '';
    return await confirmAndRun(conn, result, opts, ctx, {
      what: 'Destroy',
      question: `Delete these resources from factory ${conn.target.factoryName}? There is no undo.`,
      nothing: live.factory
        ? 'Nothing to destroy: none of the managed resources exists.'
        : `Nothing to destroy: factory ${conn.target.factoryName} does not exist.`,
      preamble,
    });
  } finally {
    await conn.close();
  }
}

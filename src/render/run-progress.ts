import { Listr, ProcessOutput } from 'listr2';
import type { FollowEvent } from '../runs/follow.js';
import type { ActivityRun } from '../runs/types.js';
import { activityError, formatRunDuration } from './run-format.js';

/** Where `run --wait` shows progress: events in, close when the run ended (or following stopped). */
export interface RunView {
  handle(e: FollowEvent): void;
  close(): Promise<void>;
}

function activityLine(a: ActivityRun): string {
  const retry = a.retryAttempt ? ` (retry ${a.retryAttempt})` : '';
  const took = a.status === 'InProgress' || a.status === 'Queued' ? '' : ` in ${formatRunDuration(a.durationInMs)}`;
  const err = a.status === 'Failed' ? `: ${activityError(a)}` : '';
  return `${a.activityName}${retry} (${a.activityType}) ${a.status}${took}${err}`;
}

/** CI and pipes: one line per state change, with the time it was seen. */
export function createRunLineView(write: (text: string) => void, now: () => Date = () => new Date()): RunView {
  const stamp = () => now().toISOString().slice(11, 19);
  return {
    handle(e) {
      if (e.type === 'run')
        write(`${stamp()} run ${e.run.runId} ${e.run.status}${e.run.message ? `: ${e.run.message}` : ''}\n`);
      else write(`${stamp()}   ${activityLine(e.activity)}\n`);
    },
    close: async () => undefined,
  };
}

const ICON: Record<string, string> = { Succeeded: '✔', Failed: '✖', InProgress: '…', Queued: '·', Cancelled: '⊘' };

/**
 * A terminal: a listr2 task for the run whose output is the live tree of its activity runs (one line each,
 * redrawn as they change), on stderr. Signal listeners stay ours, so Ctrl-C reaches the CLI's question.
 */
export function createRunListrView(
  options: { renderer?: 'default' | 'test'; processOutput?: ProcessOutput } = {},
): RunView {
  const acts = new Map<string, ActivityRun>();
  let done!: (error?: string) => void;
  const ended = new Promise<string | undefined>((r) => (done = r));
  let update: (text: string, title?: string) => void = () => undefined;
  let title = 'Pipeline run';
  const tree = () =>
    [...acts.values()]
      .map((a, i, all) => `${i === all.length - 1 ? '└─' : '├─'} ${ICON[a.status] ?? '?'} ${activityLine(a)}`)
      .join('\n');
  const listr = new Listr(
    [
      {
        title: 'Pipeline run (starting)',
        task: async (_ctx, task) => {
          update = (text, title) => {
            task.output = text;
            if (title) task.title = title;
          };
          // Events that came before the renderer started the task.
          if (acts.size > 0 || title !== 'Pipeline run') update(tree(), title);
          const error = await ended;
          if (error) throw new Error(error);
        },
        rendererOptions: { persistentOutput: true },
      },
    ],
    {
      registerSignalListeners: false,
      exitOnError: false,
      renderer: options.renderer ?? 'default',
      fallbackRenderer: 'simple',
      rendererOptions: { collapseErrors: false },
      processOutput: options.processOutput ?? new ProcessOutput(process.stderr, process.stderr),
    } as ConstructorParameters<typeof Listr>[1],
  );
  const running = listr.run().catch(() => undefined);
  return {
    handle(e) {
      if (e.type === 'activity') acts.set(e.activity.activityRunId, e.activity);
      else title = `${e.run.pipelineName} run ${e.run.runId}: ${e.run.status}`;
      update(tree(), title);
      if (e.type === 'run' && ['Succeeded', 'Failed', 'Cancelled'].includes(e.run.status))
        done(e.run.status === 'Succeeded' ? undefined : title);
    },
    async close() {
      done();
      await running;
    },
  };
}

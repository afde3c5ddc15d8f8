import { Listr, ProcessOutput, type ListrTask } from 'listr2';
import type { ApplyEvent, ApplyStep } from '../apply/types.js';
import { doneText, formatDuration, formatSummary, runningText } from './progress-format.js';
import { createLineView, type ProgressView } from './progress-lines.js';

type Outcome =
  | { kind: 'done'; durationMs: number; note?: string }
  | { kind: 'failed'; message: string }
  | { kind: 'skipped'; reason: string };

interface Slot {
  started: Promise<void>;
  start(): void;
  finished: Promise<Outcome>;
  finish(o: Outcome): void;
}

function slot(): Slot {
  let start!: () => void;
  let finish!: (o: Outcome) => void;
  const started = new Promise<void>((r) => (start = r));
  const finished = new Promise<Outcome>((r) => (finish = r));
  return { started, start, finished, finish };
}

export interface ListrViewOptions {
  /** 'default' on a terminal; tests pass 'test' with their own output. */
  renderer?: 'default' | 'test' | 'silent';
  processOutput?: ProcessOutput;
  what?: string;
}

/**
 * On a TTY: a listr2 task list, one line per step with its status and elapsed time. The apply drives it: each
 * task waits for its step's events instead of doing work itself. Signal listeners stay ours (entry.ts), so
 * Ctrl-C reaches the apply's AbortSignal rather than killing the renderer.
 */
export function createListrView(writeSummary: (text: string) => void, options: ListrViewOptions = {}): ProgressView {
  const slots = new Map<string, Slot>();
  let running: Promise<unknown> | undefined;
  let summary: string | undefined;
  const task = (step: ApplyStep, s: Slot): ListrTask => ({
    title: `${step.address} (waiting)`,
    task: async (_ctx, t) => {
      await s.started;
      t.title = runningText(step);
      const o = await s.finished;
      if (o.kind === 'done')
        t.title = `${doneText(step)} (${formatDuration(o.durationMs)})${o.note ? `: ${o.note}` : ''}`;
      else if (o.kind === 'skipped') t.skip(`${runningText(step)}: ${o.reason}`);
      else throw new Error(`${runningText(step)}: ${o.message}`);
    },
  });
  return {
    handle(e: ApplyEvent) {
      if (e.type === 'begin') {
        for (const step of e.steps) slots.set(step.id, slot());
        const listr = new Listr(
          e.steps.map((step) => task(step, slots.get(step.id)!)),
          {
            concurrent: true,
            exitOnError: false,
            registerSignalListeners: false,
            renderer: options.renderer ?? 'default',
            fallbackRenderer: 'simple',
            // Progress belongs on stderr (stdout is for results), so the renderer's "stdout" is stderr too.
            processOutput: options.processOutput ?? new ProcessOutput(process.stderr, process.stderr),
          } as ConstructorParameters<typeof Listr>[1],
        );
        running = listr.run().catch(() => undefined);
        return;
      }
      if (e.type === 'end') {
        summary = formatSummary(e.summary, options.what);
        return;
      }
      const s = slots.get(e.step.id);
      if (!s) return;
      if (e.type === 'step-started') s.start();
      else if (e.type === 'step-done') s.start(), s.finish({ kind: 'done', durationMs: e.durationMs, note: e.note });
      else if (e.type === 'step-failed') s.start(), s.finish({ kind: 'failed', message: e.message });
      else if (e.type === 'step-skipped')
        s.start(), s.finish({ kind: 'skipped', reason: `skipped, ${e.because} did not complete` });
      else if (e.type === 'step-not-started') s.start(), s.finish({ kind: 'skipped', reason: 'not started' });
    },
    async close() {
      // Anything still open (an exception in the apply) is closed as not started so the renderer ends.
      for (const s of slots.values()) s.start(), s.finish({ kind: 'skipped', reason: 'not started' });
      await running;
      // After the renderer has let go of the terminal, so the summary stays below the list.
      if (summary) writeSummary(summary);
    },
  };
}

/** Above this many steps a live task list no longer fits a terminal: plain lines instead. */
export const MAX_LISTR_STEPS = 60;

/**
 * The view for a terminal: the listr2 task list, or plain lines for a plan too long to draw as a list. Progress
 * goes to `write` (stderr), the closing summary to `writeResult` (stdout).
 */
export function createTerminalView(
  write: (text: string) => void,
  what = 'Apply',
  writeResult: (text: string) => void = write,
): ProgressView {
  let inner: ProgressView | undefined;
  return {
    handle(e) {
      if (e.type === 'begin')
        inner =
          e.steps.length <= MAX_LISTR_STEPS
            ? createListrView(writeResult, { what })
            : createLineView(write, what, writeResult);
      inner?.handle(e);
    },
    close: async () => inner?.close(),
  };
}

import { getMaxListeners, setMaxListeners } from 'node:events';
import { Semaphore } from '../arm/limiter.js';
import type { Plan } from '../plan/types.js';
import { ApprovalGate } from './approval-gate.js';
import type { CliContext, Io } from './context.js';
import type { LimiterPool } from './limiter-pool.js';
import { reportError } from './report-error.js';

/** What one project of a several-project command came to. */
export interface ProjectOutcome {
  /** The argument as given (or as a pattern expanded it). */
  arg: string;
  /** Its exit code as the single-project command would return it; 130 when it never started (Ctrl-C). */
  code: number;
  started: boolean;
  /** Its plan, when it got that far (told through CliContext.onPlan). */
  plan?: Plan;
  /** Everything it printed, in order, with the stream it went to. */
  chunks: { stream: 'out' | 'err'; text: string }[];
  /** How many of `chunks` are already on the real streams (printed before the one question). */
  shown?: number;
}

export interface RunProjectsOptions {
  /** Projects in progress at once. */
  parallel: number;
  /** Shared by every project: one limiter per endpoint and subscription. */
  pool: LimiterPool;
  /**
   * Print what a project printed since the last call. `final`: it is done (called in argument order, each as
   * soon as it and all before it are done); otherwise the output so far, before the one question.
   */
  print: (outcome: ProjectOutcome, final: boolean) => void;
  /**
   * Ask once for every project with changes (apply on a terminal without --auto-approve): called when every
   * project is done or waiting at its confirmation, after what they printed so far; the answer goes to all.
   */
  approve?: (waiting: ProjectOutcome[]) => Promise<boolean>;
  /** --json: an error a project throws is also an error document in its output, as one project's stdout would hold. */
  json?: boolean;
}

/** As apply.ts's (not imported: plan must not load apply's progress views). */
const EXIT_INTERRUPTED = 130;

/** Default of --parallel: projects at once (each keeps its own --concurrency calls in flight). */
export const DEFAULT_PARALLEL = 4;

/**
 * Run the single-project command `runOne` for every argument, `parallel` at a time. Each project writes into its
 * own buffer (its own context: its own secret scrubber, no terminal, no question asked), so blocks never
 * interleave: a project is printed whole once it and every project before it have finished. Ctrl-C (ctx.signal)
 * reaches every running project; projects not yet started are not started.
 */
export async function runProjects(
  args: string[],
  ctx: CliContext,
  runOne: (arg: string, child: CliContext) => Promise<number>,
  options: RunProjectsOptions,
): Promise<ProjectOutcome[]> {
  const slots = new Semaphore(Math.max(1, options.parallel));
  // Every waiting project and every call in flight of every running one listens to the one Ctrl-C signal: not a
  // leak, so no MaxListenersExceededWarning on stderr (a call per --concurrency slot, up to 64, per project).
  setMaxListeners(Math.max(getMaxListeners(ctx.signal), args.length + Math.max(1, options.parallel) * 80), ctx.signal);
  const outcomes: ProjectOutcome[] = args.map((arg) => ({ arg, code: EXIT_INTERRUPTED, started: false, chunks: [] }));
  const done = args.map(() => false);
  let printed = 0;
  const { approve } = options;
  const gate = approve
    ? new ApprovalGate(outcomes.length, (ids) => {
        for (let i = printed; i < outcomes.length; i++) options.print(outcomes[i], false);
        return approve(ids.map((i) => outcomes[i]));
      })
    : undefined;
  const finish = (i: number): void => {
    done[i] = true;
    while (printed < outcomes.length && done[printed]) options.print(outcomes[printed++], true);
    gate?.finished(i);
  };
  await Promise.all(
    outcomes.map(async (outcome, i) => {
      let release: (() => void) | undefined;
      try {
        release = await slots.acquire(ctx.signal);
      } catch {
        return finish(i); // interrupted while waiting for a slot: never started
      }
      // Waiting for the one question gives the slot up: the projects not yet started must get to theirs.
      const confirm = async (): Promise<boolean> => {
        release?.();
        release = undefined;
        const yes = gate ? await gate.wait(i) : false;
        try {
          release = await slots.acquire(ctx.signal);
        } catch {
          return false; // Ctrl-C: the project reports the interruption
        }
        return yes;
      };
      try {
        if (ctx.signal.aborted) return;
        outcome.started = true;
        const io = bufferedIo(outcome, ctx.io.color, gate ? confirm : undefined);
        const child: CliContext = {
          io,
          env: ctx.env,
          cwd: ctx.cwd,
          exitCode: 0,
          signal: ctx.signal,
          verbose: ctx.verbose,
          rateLimiterFor: (endpoint, subscriptionId) => options.pool.limiterFor(endpoint, subscriptionId),
          onPlan: (plan) => {
            outcome.plan = plan;
          },
        };
        try {
          outcome.code = await runOne(outcome.arg, child);
        } catch (err) {
          outcome.code = reportError(err, child.io, { verbose: Boolean(ctx.verbose), json: Boolean(options.json) });
        }
      } finally {
        release?.();
        finish(i);
      }
    }),
  );
  return outcomes;
}

/**
 * The exit code of the whole command: 130 when interrupted, 1 when any project failed, 2 when any has changes
 * (plan --detailed-exitcode) and none failed, else 0.
 */
export function aggregateExitCode(outcomes: ProjectOutcome[], signal: AbortSignal): number {
  const codes = outcomes.map((o) => o.code);
  if (signal.aborted || codes.includes(EXIT_INTERRUPTED)) return EXIT_INTERRUPTED;
  if (codes.some((c) => c !== 0 && c !== 2)) return 1;
  return codes.includes(2) ? 2 : 0;
}

/**
 * Replay what a project printed since the last replay onto the real streams (stdout chunks only when
 * `withStdout`: kept for the --json line otherwise). Returns whether there was anything new.
 */
export function replay(outcome: ProjectOutcome, io: Io, withStdout = true): boolean {
  const fresh = outcome.chunks.slice(outcome.shown ?? 0).filter((c) => c.stream === 'err' || withStdout);
  outcome.shown = outcome.chunks.length;
  for (const c of fresh) {
    if (c.stream === 'err') io.err(c.text);
    else io.out(c.text);
  }
  return fresh.length > 0;
}

/** The text a project printed on stdout. */
export function stdoutOf(outcome: ProjectOutcome): string {
  return outcome.chunks
    .filter((c) => c.stream === 'out')
    .map((c) => c.text)
    .join('');
}

function bufferedIo(outcome: ProjectOutcome, color: boolean, confirm?: () => Promise<boolean>): Io {
  return {
    confirm,
    out: (text) => void outcome.chunks.push({ stream: 'out', text }),
    err: (text) => void outcome.chunks.push({ stream: 'err', text }),
    // Line progress, never a redrawn terminal view: the block is printed after the fact.
    isTTY: false,
    color,
  };
}

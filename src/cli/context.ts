import type { RateLimiter } from '../arm/limiter.js';
import type { Plan } from '../plan/types.js';
import { usableTerminal, wantsColor } from './terminal.js';

/** Where a command writes. Results go to `out` (stdout); logs and progress to `err` (stderr). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal (progress views and prompts only then). */
  isTTY: boolean;
  /** Colour wanted: a TTY and NO_COLOR unset. */
  color: boolean;
  /**
   * Ask a yes/no question on the terminal; undefined when there is no TTY to ask on. An abort of `signal`
   * (Ctrl-C) ends the question with `false`.
   */
  confirm?(question: string, signal?: AbortSignal): Promise<boolean>;
}

/** Per-invocation state shared by the commands. */
export interface CliContext {
  io: Io;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Set by commands; main() returns it. */
  exitCode: number;
  /** An AbortSignal that fires on the first SIGINT/SIGTERM (apply stops starting new work). */
  signal: AbortSignal;
  /** The global --verbose flag (set once the command line is parsed). */
  verbose?: boolean;
  /** Replaces the project's secrets in a text (src/cli/scrub.ts); set once the project is loaded. */
  scrub?: (text: string) => string;
  /** The caller asked for JSON (`--json`, `--format json`): every outcome, errors included, is JSON on stdout. */
  json?: boolean;
  /** Several projects in one command (src/cli/multi-project.ts): the limiter shared per endpoint and subscription. */
  rateLimiterFor?: (endpoint: string, subscriptionId: string) => RateLimiter;
  /** The build id of the project caches (src/core/project-cache.ts) when not the running build's (tests). */
  cacheBuild?: string;
  /** ARM requests go through the HTTP worker thread (set by the CLI's entry; see src/cli/http-choice.ts). */
  httpWorker?: boolean;
  /** Several projects in one command: told the plan of this project, for the summary table. */
  onPlan?: (plan: Plan) => void;
}

/** The Io of a real process: stdout/stderr, colour from the terminal and NO_COLOR / FORCE_COLOR (terminal.ts). */
export function processIo(): Io {
  const isTTY = usableTerminal(process.stdout);
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTTY,
    color: wantsColor(process.env, Boolean(process.stdout.isTTY)),
    confirm: process.stdin.isTTY
      ? async (question, signal) => {
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            const answer = await rl.question(`${question} Only 'yes' will be accepted: `, {
              signal: signal ?? new AbortController().signal,
            });
            return answer.trim() === 'yes';
          } catch (err) {
            if (signal?.aborted) return false;
            throw err;
          } finally {
            rl.close();
          }
        }
      : undefined,
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(
  options: { isTTY?: boolean; color?: boolean; answer?: boolean } = {},
): Io & { stdout: string; stderr: string; all: string } {
  const io = {
    stdout: '',
    stderr: '',
    /** Both streams in the order written, as a terminal shows them. */
    all: '',
    isTTY: options.isTTY ?? false,
    color: options.color ?? false,
    out(t: string) {
      io.stdout += t;
      io.all += t;
    },
    err(t: string) {
      io.stderr += t;
      io.all += t;
    },
    confirm:
      options.answer === undefined
        ? undefined
        : async (_question: string, signal?: AbortSignal) => (signal?.aborted ? false : options.answer!),
  };
  return io;
}

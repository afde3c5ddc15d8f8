import { commandName } from './command-name.js';
import { Command, CommanderError } from 'commander';
import type { RegisterCommand } from './commands.js';
import { jsonError, wantsJson } from './json-error.js';
import { processIo, type CliContext, type Io } from './context.js';
import { reportError } from './report-error.js';

/**
 * Command modules, loaded on demand: a run imports only the module of the command it names (validate must
 * not pay for @azure/identity, got and listr2). Help and unknown commands load them all.
 */
const COMMANDS: Record<string, () => Promise<{ register: RegisterCommand }>> = {
  validate: () => import('./validate.js'),
  graph: () => import('./graph.js'),
  build: () => import('./build.js'),
  import: () => import('./import.js'),
  'import-config': () => import('./import-config.js'),
  export: () => import('./export.js'),
  plan: () => import('./plan.js'),
  show: () => import('./show.js'),
  apply: () => import('./apply.js'),
  destroy: () => import('./destroy.js'),
  emulator: () => import('./emulator.js'),
  storage: () => import('./storage.js'),
  run: () => import('./run.js'),
  runs: () => import('./runs.js'),
  factories: () => import('./factories.js'),
  windows: () => import('./windows.js'),
  v1: () => import('./v1-deploy.js'),
};

async function loadCommands(argv: string[]): Promise<RegisterCommand[]> {
  const named = commandName(argv);
  // `--version` alone needs no command (commander answers it on the program).
  if (!named && argv.slice(2).some((a) => a === '-V' || a === '--version')) return [];
  const wanted = named && named in COMMANDS ? [named] : Object.keys(COMMANDS);
  const modules = await Promise.all(wanted.map((n) => COMMANDS[n]()));
  return modules.map((m) => m.register);
}

export interface MainOptions {
  io?: Io;
  env?: Record<string, string | undefined>;
  cwd?: string;
  signal?: AbortSignal;
  /** The build id of the project caches (src/core/project-cache.ts); default the running build's (none from sources). */
  cacheBuild?: string;
  /** ARM requests go through the HTTP worker thread (src/arm/http-worker-client.ts): the CLI's entry; tests run in this thread. */
  httpWorker?: boolean;
}

/** Run the CLI with `argv` (process.argv form) and return the exit code. Never calls process.exit. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? processIo();
  const ctx: CliContext = {
    io,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    exitCode: 0,
    signal: options.signal ?? new AbortController().signal,
    json: wantsJson(argv),
    ...(options.cacheBuild ? { cacheBuild: options.cacheBuild } : {}),
    ...(options.httpWorker ? { httpWorker: true } : {}),
  };
  const program = new Command('adf-deploy')
    .description('Declarative deployer for Azure Data Factory')
    .version('0.1.0')
    .option('--verbose', 'more detail on stderr (request counts, stack traces of internal errors)')
    .option('--no-color', 'no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    // The error first and alone (with commander's did-you-mean), not buried above the whole help text.
    .showHelpAfterError('(add --help for the usage)')
    .hook('preAction', () => {
      ctx.verbose = Boolean(program.opts().verbose);
      if (program.opts().color === false) io.color = false;
    });
  for (const register of await loadCommands(argv)) register(program, ctx);
  const json = Boolean(ctx.json);
  const habit = singleDashLongOption(argv, program);
  if (habit) {
    const message = `unknown option '${habit.given}' (did you mean ${habit.meant}?)`;
    io.err(`error: ${message}\n`);
    if (json) io.out(jsonError('cli.usage', message));
    return 1;
  }
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    return handleError(err, io, { verbose: Boolean(program.opts().verbose), json });
  }
}

/**
 * Terraform's habit of single-dash long options (`-auto-approve`): commander would read it as a bundle of short
 * flags and report '-a'. When the same name with two dashes is an option of some command, say so.
 */
function singleDashLongOption(argv: string[], program: Command): { given: string; meant: string } | undefined {
  const longs = new Set(
    [program, ...program.commands].flatMap((c) => c.options.map((o) => o.long).filter((l): l is string => !!l)),
  );
  for (const arg of argv.slice(2)) {
    if (arg === '--') break;
    const m = /^-([a-z][a-z0-9]*(?:-[a-z0-9]+)+|[a-z]{2,})(=.*)?$/i.exec(arg);
    if (m && longs.has(`--${m[1]}`)) return { given: arg, meant: `--${m[1]}${m[2] ?? ''}` };
  }
  return undefined;
}

/**
 * The one top-level error handler: user errors get a message and a hint, program errors a short report. With
 * --json the same error is also a JSON document on stdout, so a wrapper parsing stdout never meets plain text.
 */
function handleError(err: unknown, io: Io, options: { verbose: boolean; json: boolean }): number {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return 0;
    if (options.json) io.out(jsonError('cli.usage', err.message.replace(/^error: /, '')));
    return 1;
  }
  return reportError(err, io, options);
}

import { Option, type Command } from 'commander';
import { action } from './commands.js';
import type { CliContext } from './context.js';

export interface EmulatorFlags {
  host: string;
  port: string;
  data?: string;
  inMemory?: boolean;
  pageSize?: string;
  latency?: string;
  faultRate?: string;
  faultKinds?: string;
  seed?: string;
  throttle: string;
  token?: string;
  log?: string;
  compactEvery?: string;
  storage?: boolean;
  allowRealStorage?: boolean;
  conditionalHeaders: string;
  resourceGroups: string;
  timeScale?: string;
  stubs?: string;
  maxEntities?: string;
  maxObjectKb?: string;
}

/** `adf-deploy emulator`: the local ADF management API (src/emulator/SPEC.md) until SIGINT/SIGTERM. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('emulator')
    .description('run the local Azure Data Factory management API emulator (prints its URL, runs until Ctrl-C)')
    .option('--host <host>', 'address to listen on (loopback by default)', '127.0.0.1')
    .option('--port <port>', 'port (0 = a free one)', '4010')
    .addOption(new Option('--data <dir>', 'keep state in this directory (journal + snapshot)').conflicts('inMemory'))
    .addOption(new Option('--in-memory', 'keep state in memory only (the default)').conflicts('data'))
    .option('--page-size <n>', 'items per list page (default 50)')
    .option('--latency <ms>', 'delay every answer by this many milliseconds')
    .option('--fault-rate <r>', 'share of requests that get an injected fault, 0 to 1')
    .option('--fault-kinds <list>', 'faults to draw from: 500,503,429,reset,slow (reset-after-commit is opt-in)')
    .option('--seed <n>', 'seed of the fault sequence (default 1)')
    .option(
      '--throttle <mode>',
      "ARM's token buckets: arm, off, or a number multiplying bucket sizes and refill rates",
      'arm',
    )
    .option('--token <token>', 'accept only this bearer token (default: any bearer token)')
    .option('--log <file>', 'append the request log (JSON lines) to this file')
    .option('--compact-every <n>', 'with --data: fold the journal into the snapshot every n writes (default 10000)')
    .option('--storage', 'also start Azurite (local Azure Storage) for data activities; prints its blob endpoint too')
    .option('--allow-real-storage', 'let data activities reach real Azure Storage named by a linked service')
    .addOption(
      new Option(
        '--conditional-headers <mode>',
        'honour: also enforce If-None-Match on PUT and If-Match on DELETE/PATCH (not declared by the spec); ignore: only the declared ones',
      )
        .choices(['honour', 'ignore'])
        .default('honour'),
    )
    .addOption(
      new Option(
        '--resource-groups <mode>',
        'auto: every resource group exists (sandbox); strict: only those created with PUT, as in Azure',
      )
        .choices(['auto', 'strict'])
        .default('auto'),
    )
    .option(
      '--time-scale <n>',
      "run time goes N times faster than real time (Wait, retries, schedule triggers), or 'virtual'",
    )
    .option(
      '--stubs <file>',
      'outputs for activities the emulator cannot execute (the adf-stubs.yaml format, docs/runs.md)',
    )
    .option('--max-entities <n>', "entities per factory (default 5000, ADF's; more models a limit raised by support)")
    .option(
      '--max-object-kb <n>',
      "KB per dataset or linked service (default 100, ADF's; support raises it up to 2000)",
    )
    // The emulator (and Azurite, @azure/storage-blob) loads when the command runs, not for every --help.
    .action(action(ctx, async (flags: EmulatorFlags) => (await import('./emulator-run.js')).runEmulator(flags, ctx)));
}

import path from 'node:path';
import { AdfDeployError } from '../core/errors.js';
import { startEmulator, type EmulatorOptions } from '../emulator/index.js';
import { parseFaultKinds } from '../emulator/faults.js';
import type { StorageAccess } from '../emulator/runtime/data-contract.js';
import { loadStubFile } from '../emulator/runtime/stubs.js';
import { startAzurite } from '../emulator/runtime/storage/azurite.js';
import { parseThrottle } from '../emulator/throttle.js';
import type { CliContext } from './context.js';
import type { EmulatorFlags } from './emulator.js';

/** `adf-deploy emulator`'s work: start Azurite (with --storage) and the emulator, serve until the signal. */
export async function runEmulator(flags: EmulatorFlags, ctx: CliContext): Promise<number> {
  // Azurite first: its endpoint is what UseDevelopmentStorage=true maps to (data under --data DIR/azurite).
  const azurite = flags.storage
    ? await startAzurite({
        location: flags.data === undefined ? undefined : path.resolve(ctx.cwd, flags.data, 'azurite'),
      })
    : undefined;
  const storage: StorageAccess = {
    developmentBlobEndpoint: azurite?.blobEndpoint,
    allowRealStorage: Boolean(flags.allowRealStorage),
  };
  const options: EmulatorOptions & { storage?: StorageAccess } = {
    storage,
    host: flags.host,
    port: integer('--port', flags.port, 0),
    dataDir: flags.data === undefined ? undefined : path.resolve(ctx.cwd, flags.data),
    pageSize: flags.pageSize === undefined ? undefined : integer('--page-size', flags.pageSize, 1),
    latencyMs: flags.latency === undefined ? undefined : integer('--latency', flags.latency, 0),
    faultRate: flags.faultRate === undefined ? undefined : rate(flags.faultRate),
    faultKinds:
      flags.faultKinds === undefined ? undefined : wrap('--fault-kinds', () => parseFaultKinds(flags.faultKinds!)),
    seed: flags.seed === undefined ? undefined : integer('--seed', flags.seed, 0),
    throttle: wrap('--throttle', () => {
      const scale = parseThrottle(flags.throttle);
      return scale === undefined ? 'off' : flags.throttle === 'arm' ? 'arm' : scale;
    }),
    token: flags.token,
    logFile: flags.log === undefined ? undefined : path.resolve(ctx.cwd, flags.log),
    compactEvery: flags.compactEvery === undefined ? undefined : integer('--compact-every', flags.compactEvery, 1),
    conditionalHeaders: flags.conditionalHeaders === 'ignore' ? 'ignore' : 'honour',
    resourceGroups: flags.resourceGroups === 'strict' ? 'strict' : 'auto',
    timeScale: flags.timeScale === undefined ? undefined : timeScale(flags.timeScale),
    stubs:
      flags.stubs === undefined ? undefined : wrap('--stubs', () => loadStubFile(path.resolve(ctx.cwd, flags.stubs!))),
    maxEntitiesPerFactory:
      flags.maxEntities === undefined ? undefined : integer('--max-entities', flags.maxEntities, 1),
    maxObjectKB: flags.maxObjectKb === undefined ? undefined : integer('--max-object-kb', flags.maxObjectKb, 1),
    // A long-running process must not grow without bound: the log goes to --log only.
    memoryLog: false,
  };
  const emulator = await startEmulator(options);
  for (const w of emulator.warnings) ctx.io.err(`warning: ${w}\n`);
  if (!isLoopback(flags.host)) {
    ctx.io.err(
      `warning: listening on ${flags.host}, beyond this machine: anyone who can reach it can read and change the emulator's state${flags.token ? '' : ' (and any bearer token is accepted: consider --token)'}\n`,
    );
  }
  ctx.io.err(
    `ADF management API emulator listening (${flags.data ? `state in ${flags.data}` : 'in memory'}); Ctrl-C to stop\n`,
  );
  ctx.io.out(`${emulator.url}\n`);
  if (azurite) {
    ctx.io.err(`Azurite blob service (UseDevelopmentStorage=true, devstoreaccount1): ${azurite.blobEndpoint}\n`);
    ctx.io.out(`${azurite.blobEndpoint}\n`);
  }
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  await azurite?.close();
  return 0;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new AdfDeployError('cli.bad-flag', `${flag}: '${value}' is not a valid value`, {
      hint: `expected an integer of at least ${min}`,
    });
  }
  return n;
}

function rate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new AdfDeployError('cli.bad-flag', `--fault-rate: '${value}' is not a valid value`, {
      hint: 'expected a number from 0 to 1, e.g. 0.05',
    });
  }
  return n;
}

function wrap<T>(flag: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new AdfDeployError('cli.bad-flag', `${flag}: ${(err as Error).message}`, {
      hint: 'see adf-deploy emulator --help',
    });
  }
}

function timeScale(value: string): number | 'virtual' {
  if (value === 'virtual') return 'virtual';
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new AdfDeployError('cli.time-scale', `--time-scale must be a positive number or 'virtual', not '${value}'`);
  return n;
}

import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AdfDeployError } from '../core/errors.js';
import { FaultPlan, type FaultKind } from './faults.js';
import { type HoldOptions, RequestGate, type RequestHold } from './hold.js';
import { acquireLock, compact, Journal, loadState } from './persist.js';
import { createRunRuntime, isRunKey, loadProjectStubs, type RunClock, type RuntimeOptions } from './runtime/index.js';
import { createEmulatorServer, type Exchange } from './server.js';
import { Store, type Entry } from './store.js';
import { parseThrottle, Throttle } from './throttle.js';
import { type LazyStorageAccess, projectStorage } from './runtime/storage/project-storage.js';

export type { FaultKind } from './faults.js';
export type { HoldOptions, RequestHold } from './hold.js';

/** Options of the local ADF management API emulator (see src/emulator/SPEC.md). */
export interface EmulatorOptions extends RuntimeOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Persist state here (journal); omitted = in memory. */
  dataDir?: string;
  pageSize?: number;
  latencyMs?: number;
  faultRate?: number;
  seed?: number;
  /** Which faults to draw from (default 500, 503, 429, reset, slow; `reset-after-commit` is opt-in). */
  faultKinds?: FaultKind[];
  /** How long a `slow` fault delays the answer (default 2000 ms). */
  slowMs?: number;
  /** 'arm' = ARM's 2024 token buckets, 'off', or a number that multiplies the refill rates and bucket sizes. */
  throttle?: 'arm' | 'off' | number;
  /**
   * 'honour' (default) enforces If-None-Match on PUT and If-Match on DELETE and PATCH, which the 2018-06-01 spec
   * does not declare; 'ignore' enforces only the declared ones (If-Match on PUT, If-None-Match on GET).
   */
  conditionalHeaders?: 'honour' | 'ignore';
  /**
   * 'auto' (default): every resource group exists, a sandbox; 'strict': only those created with
   * `PUT /subscriptions/{sub}/resourcegroups/{rg}`, anything else is ARM's 404 ResourceGroupNotFound.
   */
  resourceGroups?: 'auto' | 'strict';
  /** Retry-After seconds on a long-running operation's 202 (default 1). */
  lroRetryAfterSeconds?: number;
  /** Polls answered 202 before a long-running operation's 200 (default 1). */
  lroPolls?: number;
  /** Require exactly this bearer token (otherwise any bearer token is accepted). */
  token?: string;
  /** Append the request log (JSON lines) to this file. */
  logFile?: string;
  /** Keep the request log in memory for requestLog() (default true; the long-running CLI turns it off). */
  memoryLog?: boolean;
  /** With dataDir: fold the journal into the snapshot after this many writes (default 10,000), so it stays short. */
  compactEvery?: number;
  /**
   * Entities per factory (ADF's default: 5,000). Tests lower it; `--max-entities` and the embedded emulator of a
   * project that declares `limits.entitiesPerFactory` raise it, to model a factory whose limit support raised.
   */
  maxEntitiesPerFactory?: number;
  /** KB per dataset or linked service (ADF's default: 100; support raises it up to 2,000). */
  maxObjectKB?: number;
  /** Folder the Microsoft.Resources/deployments route reads linked templates from (by the URI's file name). */
  deploymentTemplates?: string;
  /** Test hook: the clock (ms since epoch) used by throttling and createTime. */
  now?: () => number;
  /** Test hook: how latency and slow faults wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** One line of the request log. */
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  /** Everything requested so far (also written to logFile when given); empty when memoryLog is false. */
  requestLog(): RequestLogEntry[];
  /** What loading the data directory noticed (e.g. a torn last journal line that was dropped). */
  warnings: string[];
  /** The run engine: its clock, and a promise for "no run executing" (tests, benchmarks). */
  runs?: { clock: RunClock; idle(): Promise<void>; scanBlobEvents(): Promise<void> };
  /**
   * Test hook (SPEC 600): hold every request past the `after`-th write (or request) until released, so a test
   * kills or interrupts a client at an exact point. In-process only: no route or CLI option reaches it.
   */
  holdRequests(options: HoldOptions): RequestHold;
  close(): Promise<void>;
}

/** Start the emulator (src/emulator/SPEC.md). With `dataDir`, state is loaded, compacted and journalled. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const scale = parseThrottle(options.throttle);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const faults = options.faultRate
    ? new FaultPlan(options.faultRate, options.seed ?? 1, options.faultKinds)
    : undefined;
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new Error(`invalid page size ${pageSize}: expected a positive integer`);

  let entries: Iterable<[string, Entry]> = [];
  let runEntries: [string, unknown][] = [];
  let warnings: string[] = [];
  let journal: Journal | undefined;
  let release: (() => void) | undefined;
  if (options.dataDir) {
    const dir = path.resolve(options.dataDir);
    release = acquireLock(dir);
    try {
      const loaded = loadState(dir);
      warnings = loaded.warnings;
      // Run records share the journal under `r/` keys; the store keeps the rest.
      runEntries = [...loaded.entries].filter(([k]) => isRunKey(k));
      for (const [k] of runEntries) loaded.entries.delete(k);
      entries = loaded.entries;
    } catch (err) {
      release();
      throw err;
    }
  }
  let store: Store;
  const allEntries = (): Iterable<[string, Entry]> =>
    [...store.entries(), ...runtime.entries()] as Iterable<[string, Entry]>;
  const compactEvery = options.compactEvery ?? 10_000;
  let writes = 0;
  const sink = options.dataDir
    ? {
        append: (m: Parameters<Journal['append']>[0]) => journal?.append(m),
        // After the write is applied, so that the snapshot holds it before the journal is emptied.
        applied: () => {
          if (++writes < compactEvery) return;
          compact(path.resolve(options.dataDir!), allEntries());
          journal?.emptied();
          writes = 0;
        },
      }
    : undefined;
  store = new Store(entries, sink);
  const runtime = createRunRuntime(store, runEntries, options);
  if (options.dataDir) {
    // In-progress runs were marked Failed by the restore: the compacted snapshot holds that.
    compact(path.resolve(options.dataDir), allEntries());
    journal = new Journal(path.resolve(options.dataDir));
    runtime.attachJournal({
      append: (m) => journal?.append(m as unknown as Parameters<Journal['append']>[0]),
      applied: () => sink?.applied(),
    });
  }
  for (const [, e] of store.entries()) if (e.t === 'factory') runtime.syncTriggers(e.name);

  const log: RequestLogEntry[] = [];
  const logFd = options.logFile ? fs.openSync(options.logFile, 'a') : undefined;
  let baseUrl = '';
  const onExchange = (e: Exchange) => {
    const entry: RequestLogEntry = {
      time: e.time,
      method: e.method,
      path: e.path,
      status: e.status,
      durationMs: Math.round((performance.now() - e.startedAt) * 1000) / 1000,
    };
    if (options.memoryLog !== false) log.push(entry);
    if (logFd !== undefined) fs.writeSync(logFd, `${JSON.stringify(entry)}\n`);
  };
  const gate = new RequestGate();
  const server = createEmulatorServer({
    gate,
    ctx: {
      store,
      pageSize,
      maxEntitiesPerFactory: options.maxEntitiesPerFactory ?? 5000,
      maxObjectBytes: options.maxObjectKB === undefined ? undefined : options.maxObjectKB * 1024,
      baseUrl: () => baseUrl,
      now,
      resourceGroups: options.resourceGroups ?? 'auto',
      lroRetryAfterSeconds: options.lroRetryAfterSeconds ?? 1,
      lroPolls: options.lroPolls ?? 1,
      volatile: { pending: new Map(), authKeys: new Map() },
      v1StateFile: options.dataDir ? path.join(path.resolve(options.dataDir), 'v1-state.json') : undefined,
      deploymentTemplates: options.deploymentTemplates,
    },
    conditionalHeaders: options.conditionalHeaders,
    throttle: new Throttle(scale, now),
    faults,
    latencyMs: options.latencyMs ?? 0,
    slowMs: options.slowMs ?? 2000,
    token: options.token,
    sleep,
    onExchange,
    runs: runtime.api,
    onTriggerAction: (factory) => runtime.syncTriggers(factory),
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4010, host, () => resolve());
    });
  } catch (err) {
    journal?.close();
    release?.();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new AdfDeployError('emulator.listen', `cannot listen on ${host}:${options.port ?? 4010} (${code})`, {
        hint:
          code === 'EADDRINUSE'
            ? 'another process uses that port: pick another --port, or --port 0 for a free one'
            : 'check --host and --port',
        cause: err,
      });
    }
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    warnings,
    runs: { clock: runtime.clock, idle: () => runtime.engine.idle(), scanBlobEvents: () => runtime.scanBlobEvents() },
    requestLog: () => [...log],
    holdRequests: (o) => gate.hold(o),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => {
        runtime.close();
        journal?.close();
        if (logFd !== undefined) fs.closeSync(logFd);
        release?.();
      })),
  };
}

/**
 * The emulator embedded for `--local`: state in `<projectRoot>/.adf-deploy/emulator`, a free loopback port,
 * no throttling and no latency. The lock file keeps two live processes off one directory.
 */
export async function startEmbeddedEmulator(
  projectRoot: string,
  options: RuntimeOptions & Pick<EmulatorOptions, 'maxEntitiesPerFactory' | 'maxObjectKB'> = {},
): Promise<RunningEmulator> {
  // Azurite starts only when a data activity first needs it, with its data beside the emulator's.
  const storage = options.storage ?? projectStorage(projectRoot);
  const emulator = await startEmulator({
    stubs: loadProjectStubs(projectRoot),
    ...options,
    storage,
    dataDir: path.join(projectRoot, '.adf-deploy', 'emulator'),
    host: '127.0.0.1',
    port: 0,
    throttle: 'off',
    latencyMs: 0,
  });
  const close = emulator.close;
  return {
    ...emulator,
    close: async () => {
      await close();
      if (!options.storage) await (storage as LazyStorageAccess).close();
    },
  };
}

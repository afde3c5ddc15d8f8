import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AdfDeployError } from '../core/errors.js';
import { FaultPlan, type FaultKind } from './faults.js';
import { acquireLock, compact, Journal, loadState } from './persist.js';
import { createEmulatorServer, type Exchange } from './server.js';
import { Store, type Entry } from './store.js';
import { parseThrottle, Throttle } from './throttle.js';

export type { FaultKind } from './faults.js';

/** Options of the local ADF management API emulator (see src/emulator/SPEC.md). */
export interface EmulatorOptions {
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
  /** Require exactly this bearer token (otherwise any bearer token is accepted). */
  token?: string;
  /** Append the request log (JSON lines) to this file. */
  logFile?: string;
  /** Keep the request log in memory for requestLog() (default true; the long-running CLI turns it off). */
  memoryLog?: boolean;
  /** With dataDir: fold the journal into the snapshot after this many writes (default 10,000), so it stays short. */
  compactEvery?: number;
  /** Entities per factory (ADF's limit: 5,000). Tests lower it. */
  maxEntitiesPerFactory?: number;
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
  let warnings: string[] = [];
  let journal: Journal | undefined;
  let release: (() => void) | undefined;
  if (options.dataDir) {
    const dir = path.resolve(options.dataDir);
    release = acquireLock(dir);
    try {
      const loaded = loadState(dir);
      warnings = loaded.warnings;
      compact(dir, loaded.entries);
      entries = loaded.entries;
      journal = new Journal(dir);
    } catch (err) {
      release();
      throw err;
    }
  }
  let store: Store;
  const compactEvery = options.compactEvery ?? 10_000;
  let writes = 0;
  const sink = journal && {
    append: (m: Parameters<Journal['append']>[0]) => journal!.append(m),
    // After the write is applied, so that the snapshot holds it before the journal is emptied.
    applied: () => {
      if (++writes < compactEvery) return;
      compact(path.resolve(options.dataDir!), store.entries());
      journal!.emptied();
      writes = 0;
    },
  };
  store = new Store(entries, sink);

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
  const server = createEmulatorServer({
    ctx: {
      store,
      pageSize,
      maxEntitiesPerFactory: options.maxEntitiesPerFactory ?? 5000,
      baseUrl: () => baseUrl,
      now,
      v1StateFile: options.dataDir ? path.join(path.resolve(options.dataDir), 'v1-state.json') : undefined,
    },
    throttle: new Throttle(scale, now),
    faults,
    latencyMs: options.latencyMs ?? 0,
    slowMs: options.slowMs ?? 2000,
    token: options.token,
    sleep,
    onExchange,
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
    requestLog: () => [...log],
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => {
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
export async function startEmbeddedEmulator(projectRoot: string): Promise<RunningEmulator> {
  return startEmulator({
    dataDir: path.join(projectRoot, '.adf-deploy', 'emulator'),
    host: '127.0.0.1',
    port: 0,
    throttle: 'off',
    latencyMs: 0,
  });
}

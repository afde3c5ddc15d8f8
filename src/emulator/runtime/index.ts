import type { Store } from '../store.js';
import type { RunApi } from './api.js';
import { createScaledClock, createVirtualClock, type RunClock } from './clock.js';
import type { DataActivityExecutor, StorageAccess } from './data-contract.js';
import { RunEngine, type EngineOptions } from './engine.js';
import { formatRunTime } from './records.js';
import { isRunKey, RunStore, type RunJournal, type StoredRun } from './run-store.js';
import type { ActivityStub } from './stubs.js';
import { TriggerClock } from './triggers.js';
import { secretsOf } from './storage/secrets.js';

export { handleRuns, type RunApi } from './api.js';
export { createScaledClock, createVirtualClock, type RunClock } from './clock.js';
export { isRunKey } from './run-store.js';
export { loadProjectStubs, loadStubFile, STUB_FILE, type ActivityStub } from './stubs.js';

/** The run engine's part of the emulator options. */
export interface RuntimeOptions {
  /** Run time runs `timeScale` times faster than real time (default 1), or 'virtual' (jumps to the next timer when idle). */
  timeScale?: number | 'virtual';
  /** Test hook: the run clock itself (overrides timeScale). */
  runClock?: RunClock;
  /** How data activities reach storage (Azurite, or real Azure Storage when allowed). */
  storage?: StorageAccess;
  /** Test hook: the executor of Copy, Lookup, GetMetadata, Delete (default: the build's activities/data module). */
  dataExecutor?: DataActivityExecutor;
  /** Clear values of secrets masked at PUT time (supplied by the data side's in-memory secret keeping). */
  secret?: EngineOptions['secret'];
  /**
   * Asked when the in-memory keeper does not know a secret (a new process): `--local` passes the project's own
   * values, since the embedded emulator runs inside the CLI's process.
   */
  fallbackSecret?: EngineOptions['secret'];
  /** Stub outputs for activities the emulator cannot execute. */
  stubs?: readonly ActivityStub[];
  /** Runs per query page (default 100, as the service). */
  runsPageSize?: number;
  /** Real ms between scans of storage for blob event triggers (default 2000; 0: only `scanBlobEvents`). */
  blobEventPollMs?: number;
}

/** The run half of an emulator: engine, run records, schedule triggers. */
export interface RunRuntime {
  api: RunApi;
  clock: RunClock;
  engine: RunEngine;
  /** Run records as journal entries (for the snapshot). */
  entries(): Iterable<[string, StoredRun]>;
  /** Make run records durable from now on. */
  attachJournal(journal: RunJournal): void;
  /** Re-read the started schedule triggers of a factory (after a trigger start/stop, and at start-up). */
  syncTriggers(factory: string): void;
  /** Scan storage now for blob event triggers (tests; the emulator also polls). */
  scanBlobEvents(): Promise<void>;
  close(): void;
}

/** Build the runtime over the store, restoring journalled runs (in-progress ones are marked Failed). */
export function createRunRuntime(
  store: Store,
  loaded: Iterable<[string, unknown]>,
  options: RuntimeOptions,
): RunRuntime {
  const clock =
    options.runClock ??
    (options.timeScale === 'virtual' ? createVirtualClock() : createScaledClock(options.timeScale ?? 1));
  let journal: RunJournal | undefined;
  const runs = new RunStore({ append: (m) => journal?.append(m), applied: () => journal?.applied?.() });
  runs.restore(
    [...loaded].filter(([k]) => isRunKey(k)),
    formatRunTime(clock.now()),
  );
  const engine = new RunEngine({
    store,
    runs,
    clock,
    storage: options.storage,
    dataExecutor: options.dataExecutor,
    // Clear secrets come from the in-memory keeper the emulator fills at PUT time (never journalled).
    secret:
      options.secret ??
      ((factory, kind, name, path) =>
        secretsOf(store).get(factory, kind, name, path) ?? options.fallbackSecret?.(factory, kind, name, path)),
    stubs: options.stubs,
  });
  const triggers = new TriggerClock(store, runs, engine, clock, options.storage, options.blobEventPollMs);
  const runtime: RunRuntime = {
    api: { engine, runs, triggers, pageSize: options.runsPageSize ?? 100 },
    clock,
    engine,
    entries: () => runs.entries(),
    attachJournal: (j) => {
      journal = j;
    },
    syncTriggers: (name) => {
      const f = store.getFactory(name);
      if (f) triggers.sync(f);
    },
    scanBlobEvents: () => triggers.scanBlobEvents(),
    close: () => {
      triggers.stopAll();
      engine.shutdown();
      journal = undefined;
    },
  };
  return runtime;
}

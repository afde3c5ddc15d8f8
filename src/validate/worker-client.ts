import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { startWorkerThread } from '../core/worker-thread.js';
import type { LoadOptions } from '../manifest/types.js';
import type { CheckedDiagnostics } from './waivers.js';
import type { ValidationRequest } from './worker.js';

/**
 * What the worker posts back: the checked findings; validateProject's own (`found`, none when the project did not
 * load); and the public digest of what it loaded (src/manifest/load-inputs.ts), which tells the main thread whether
 * both threads loaded the same project (a file may change between the two loads).
 */
export interface WorkerValidation extends CheckedDiagnostics {
  found?: Diagnostic[];
  digest: string;
}

/** A validation running in a worker thread. */
export interface ValidationWorker {
  /** The worker's findings; rejects when it failed (the caller then validates in its own thread). */
  result: Promise<WorkerValidation>;
  /** Stop the worker (its result is no longer wanted). */
  stop(): Promise<void>;
}

/**
 * Manifest files from which validation runs in a worker thread. Below, the worker's start (a thread, its own
 * copies of the modules, about 0.1-0.2 s of CPU) and its second loading of the files cost more than the
 * validation it takes off the main thread.
 */
export const WORKER_MIN_FILES = 400;

/**
 * Cores from which the worker is used without being asked. Measured on 2 cores (re-plan of 5,000 objects,
 * bench/notes/2-re-plan.md): the worker took 0.6-1.0 s of CPU off the main thread but added 1.6-1.8 s of its own (start,
 * modules, a second load), and V8's GC threads already use much of the second core, so the wall time did not drop.
 */
export const WORKER_MIN_CORES = 4;

/**
 * Whether to validate in a worker: WORKER_MIN_CORES cores or more, and a project of at least WORKER_MIN_FILES files, counted
 * cheaply (names in the folder and its direct subfolders, no stat: a full walk costs 0.1-0.2 s at 5,000 files).
 * ADF_DEPLOY_VALIDATE_WORKER overrides it: `never`, or `always` (whatever the size, and a failing worker is an
 * error instead of falling back to this thread: for tests, and to check a machine).
 */
export async function validationWorkerMode(
  root: string,
  environ: Record<string, string | undefined>,
): Promise<'forced' | 'auto' | undefined> {
  const setting = environ.ADF_DEPLOY_VALIDATE_WORKER;
  if (setting === 'always') return 'forced';
  if (setting === 'never' || availableParallelism() < WORKER_MIN_CORES) return undefined;
  return (await countManifestNames(root, 2, WORKER_MIN_FILES)) >= WORKER_MIN_FILES ? 'auto' : undefined;
}

async function countManifestNames(dir: string, depth: number, enough: number): Promise<number> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let count = 0;
  for (const e of entries) {
    if (count >= enough) break;
    if (e.isFile() && /\.(ya?ml|json)$/i.test(e.name)) count++;
    else if (e.isDirectory() && depth > 1 && !e.name.startsWith('.') && e.name !== 'node_modules')
      count += await countManifestNames(path.join(dir, e.name), depth - 1, enough - count);
  }
  return count;
}

/**
 * Start loading and validating the project in `root` in a worker thread (worker.ts under the sources, worker.js
 * compiled: src/core/worker-thread.ts).
 */
export function startValidationWorker(root: string, options: LoadOptions): ValidationWorker {
  const workerData: ValidationRequest = { root, options };
  const worker = startWorkerThread(import.meta.url, 'worker', {
    workerData,
    // Its output would bypass the main thread's scrubbing: it must print nothing, and nothing it prints is shown.
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  worker.unref();
  let stopped = false;
  const result = new Promise<WorkerValidation>((resolve, reject) => {
    worker.once('message', (message: WorkerValidation) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(stopped ? 'validation worker stopped' : `validation worker exited with code ${code}`)),
    );
  });
  // Observed here so that a stopped or failed worker is never an unhandled rejection.
  result.catch(() => undefined);
  return {
    result,
    async stop() {
      stopped = true;
      await worker.terminate();
    },
  };
}

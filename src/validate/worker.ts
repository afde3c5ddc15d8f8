import { parentPort, workerData } from 'node:worker_threads';
import { loadProject } from '../manifest/load.js';
import type { LoadOptions } from '../manifest/types.js';
import { checkProject } from './validate.js';

/**
 * The entry of the validation worker (src/validate/worker-client.ts): load the project from disk with the same
 * options as the main thread, check it, and post the findings back. It prints nothing: the diagnostics are plain
 * data, shown by the main thread through the same rendering and output scrubbing as in-thread validation.
 */
export interface ValidationRequest {
  root: string;
  options: LoadOptions;
}

async function run(): Promise<void> {
  const { root, options } = workerData as ValidationRequest;
  const { project, diagnostics } = await loadProject(root, options);
  const checked = checkProject(project, diagnostics);
  parentPort?.postMessage({ ...checked, resources: project?.resources.length });
}

// An error is the worker's 'error' event: the main thread then validates in its own thread.
await run();

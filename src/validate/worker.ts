import { parentPort, workerData } from 'node:worker_threads';
import { loadProject } from '../manifest/load.js';
import type { LoadOptions } from '../manifest/types.js';
import { recordLoadInputs } from '../manifest/load-inputs.js';
import { checkProject, validateProject } from './validate.js';
import { applyChecks } from './waivers.js';

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
  const inputs = recordLoadInputs(options);
  const { project, diagnostics } = await loadProject(root, inputs.options);
  if (!project) {
    parentPort?.postMessage({ ...checkProject(project, diagnostics), digest: inputs.publicDigest() });
    return;
  }
  // What validateProject found, apart: the main thread keeps it in the validation cache (src/cli/validation-cache.ts).
  const found = validateProject(project);
  parentPort?.postMessage({
    ...applyChecks(project, [...diagnostics, ...found]),
    found,
    digest: inputs.publicDigest(),
  });
}

// An error is the worker's 'error' event: the main thread then validates in its own thread.
await run();

import type { Diagnostic } from '../core/diagnostic.js';
import { AdfDeployError } from '../core/errors.js';
import type { Project } from '../manifest/types.js';
import { eventLoopTurns } from '../manifest/event-loop-turns.js';
import { recordLoadInputs } from '../manifest/load-inputs.js';
import { checkProject, validateProjectInTurns } from '../validate/validate.js';
import { startValidationWorker, validationWorkerMode } from '../validate/worker-client.js';
import { loadOptionsOf, loadProtectedProject, reportChecks, type ConnectionOptions } from './connection.js';
import type { CliContext } from './context.js';
import { projectDir } from './project-dir.js';
import { checkCached, openValidationCache, startValidationCache } from './validation-cache.js';

/** Milliseconds of in-thread validation between two turns of the event loop (as the manifest parse loop). */
const VALIDATE_SLICE_MS = 8;

/** A loaded project whose validation may still be running (in a worker thread). */
export interface LoadedForValidation {
  /** Undefined when the project could not be loaded (then `valid` is false and the findings were shown). */
  project?: Project;
  /** Whether the command may go on; the findings are shown (as loadValidProject shows them) before it resolves. */
  valid: Promise<boolean>;
  /** True while validation runs in the worker (the caller must not print or write before `valid`). */
  pending: boolean;
}

/**
 * loadValidProject, with validation taken off the main thread where that pays (src/validate/worker-client.ts):
 * the worker loads the same files with the same options and checks them while this thread loads its own copy of
 * the project, reads the factory and computes the plan. Its findings are plain data, rendered and scrubbed here
 * exactly as in-thread findings are, so the output is the same bytes. If the worker fails, or loaded other texts
 * than this thread (a file changed between the two loads), the project is validated here instead.
 */
export async function loadForValidation(
  dir: string | undefined,
  opts: ConnectionOptions,
  ctx: CliContext,
  options: {
    offThread: boolean;
    report?: (diagnostics: Diagnostic[], failing: boolean) => void;
    onLoaded?: (project: Project) => void;
  },
): Promise<LoadedForValidation> {
  const loadOptions = loadOptionsOf(opts, ctx);
  const root = projectDir(ctx, dir);
  const mode = options.offThread ? await validationWorkerMode(root, ctx.env) : undefined;
  const worker = mode ? startValidationWorker(root, loadOptions) : undefined;
  const inputs = recordLoadInputs(loadOptions);
  const cacheStart = startValidationCache(root, ctx, loadOptions.environ);
  const { project, diagnostics } = await loadProtectedProject(dir, opts, ctx, inputs.options);
  if (project) options.onLoaded?.(project);
  const show = (checked: ReturnType<typeof checkProject>): boolean =>
    reportChecks(checked, project, opts, ctx, options.report);
  if (!project) {
    await worker?.stop();
    return { project, valid: Promise.resolve(show(checkProject(project, diagnostics))), pending: false };
  }
  const cache = await openValidationCache(project, inputs, ctx, cacheStart);
  if (!worker || cache.findings) {
    await worker?.stop();
    // In this thread, in slices: the factory's list pages, requested at start-up, keep advancing meanwhile.
    const checked = await checkCached(project, diagnostics, cache, () =>
      validateProjectInTurns(project, eventLoopTurns(VALIDATE_SLICE_MS)),
    );
    return { project, valid: Promise.resolve(show(checked)), pending: false };
  }
  const stopOnAbort = (): void => void worker.stop();
  ctx.signal.addEventListener('abort', stopOnAbort, { once: true });
  const valid = worker.result
    .then(
      (checked) => {
        // Another project than this thread's (a file changed between the two loads): validated here instead.
        if (checked.digest !== inputs.publicDigest()) return checkProject(project, diagnostics);
        if (checked.found) cache.store(checked.found);
        return checked;
      },
      (err: unknown) => {
        // Stopped by an interruption: the command is ending, nothing more to say.
        if (ctx.signal.aborted) return undefined;
        if (mode === 'forced')
          throw new AdfDeployError('validate.worker', `validation worker failed: ${String(err)}`, { fault: 'program' });
        return checkProject(project, diagnostics);
      },
    )
    .then((checked) => (checked ? show({ diagnostics: checked.diagnostics, waived: checked.waived }) : false))
    .finally(() => ctx.signal.removeEventListener('abort', stopOnAbort));
  return { project, valid, pending: true };
}

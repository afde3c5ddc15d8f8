import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { parseConfig } from '../manifest/config.js';
import { CONFIG_FILE } from '../manifest/find-files.js';
import type { Project } from '../manifest/types.js';
import { parseYamlDocuments, readTextFile } from '../manifest/yaml-file.js';
import { fetchLiveState } from '../state/fetch.js';
import type { LiveState } from '../state/types.js';
import type { FactoryTarget } from '../arm/types.js';
import { loadOptionsOf, openConnection, type Connection, type ConnectionOptions } from './connection.js';
import type { CliContext } from './context.js';
import { projectDir } from './project-dir.js';
import { loadForValidation } from './validation-overlap.js';
import { compareWhileReading, type CompareWhileReading } from './compare-while-reading.js';
import type { ComparedAhead } from '../plan/compared-ahead.js';
import { openMarkerCache, type MarkerCache } from './marker-cache.js';
import { warmLiveMarkers, warmProjectFingerprints } from './warm-fingerprints.js';

/**
 * Reading the factory while the manifests load: plan and apply know the factory and its target from
 * adf-deploy.yaml alone, so its list pages (reads only) are requested before the thousands of manifests are parsed
 * and validated, instead of after. Nothing is said and nothing is written before validation ends: a validation
 * error cancels the reads and the command exits 1 with the diagnostics as before; a read error surfaces when the
 * command takes the result, after validation, as it did when the fetch started then.
 */
export interface EarlyFetch {
  /** The connection and the live state, when the loaded project names the same factory; else cancelled. */
  take(project: Project): Promise<{ conn: Connection; live: Promise<LiveState> } | undefined>;
  /** Stop the reads (validation failed) and wait until none is in flight. */
  cancel(): Promise<void>;
  /** The factory adf-deploy.yaml names. */
  target: FactoryTarget;
  /** The plan's comparisons made as the pages arrive (started once the project is loaded). */
  comparing: CompareWhileReading;
}

/**
 * Start reading the factory adf-deploy.yaml names. Undefined (the command then connects after validation, as
 * before) with --local (the embedded emulator is seeded from the loaded project), or when adf-deploy.yaml cannot
 * be read or does not name a complete target: validation reports why.
 */
export async function startEarlyFetch(
  dir: string | undefined,
  opts: ConnectionOptions,
  ctx: CliContext,
): Promise<EarlyFetch | undefined> {
  if (opts.local) return undefined;
  let identity: Awaited<ReturnType<typeof readIdentity>>;
  let conn: Connection;
  try {
    identity = await readIdentity(dir, opts, ctx);
    if (!identity) return undefined;
    conn = await openConnection(identity, opts, ctx);
  } catch {
    // Said again, in its place, when the command loads the project and connects after validation.
    return undefined;
  }
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  if (ctx.signal.aborted) controller.abort();
  else ctx.signal.addEventListener('abort', stop, { once: true });
  const comparing = compareWhileReading();
  const live = fetchLiveState(conn.client, conn.target, {
    signal: controller.signal,
    onResources: (resources) => comparing.onResources(resources),
  });
  // Observed at once so a failure before validation ends is not an unhandled rejection; take() rethrows it.
  const settled = live.then(
    () => undefined,
    () => undefined,
  );
  const cancel = async (): Promise<void> => {
    comparing.stop();
    controller.abort();
    await settled;
    ctx.signal.removeEventListener('abort', stop);
  };
  return {
    async take(project) {
      const same =
        project.factory.name === identity.factory.name &&
        project.target.subscriptionId === identity.target.subscriptionId &&
        project.target.resourceGroup === identity.target.resourceGroup;
      if (!same) {
        await cancel();
        return undefined;
      }
      return { conn, live };
    },
    cancel,
    target: conn.target,
    comparing,
  };
}

async function readIdentity(
  dir: string | undefined,
  opts: ConnectionOptions,
  ctx: CliContext,
): Promise<{ factory: { name: string }; target: Project['target'] } | undefined> {
  const file = path.join(projectDir(ctx, dir), CONFIG_FILE);
  const { text } = await readTextFile(file);
  if (text === undefined) return undefined;
  const parsed = parseYamlDocuments(file, text);
  if (parsed.documents.length !== 1 || parsed.diagnostics.length > 0) return undefined;
  // The same reading of adf-deploy.yaml as loadProject's (environment, flags); its findings are reported there.
  const diagnostics: Diagnostic[] = [];
  const cfg = parseConfig(parsed.documents[0], loadOptionsOf(opts, ctx), diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return undefined;
  const { subscriptionId, resourceGroup } = cfg.target;
  if (!cfg.factory.name || !subscriptionId || !resourceGroup) return undefined;
  return { factory: { name: cfg.factory.name }, target: cfg.target };
}

/** A loaded project (validated, or being validated), its connection, and the factory's live state once read. */
export interface LoadedAndConnected {
  project: Project;
  conn: Connection;
  /**
   * `work` over the live state, computed while validation may still run in a worker thread; its result only once
   * validation has passed. Undefined when validation fails: then the reads are cancelled and nothing but the
   * diagnostics was said. A read error or an error of `work` is thrown only after validation has passed, so a
   * project with errors always ends with its diagnostics, as when validation came first.
   */
  withLive<T>(work: (live: LiveState, comparedAhead?: ComparedAhead) => T): Promise<T | undefined>;
  /** Wait for the work left once the result is out (the marker cache's write, src/cli/marker-cache.ts). */
  finish(): Promise<void>;
}

/**
 * Load the project and connect, with the factory read meanwhile (startEarlyFetch), the project validated in a
 * worker thread where that pays (src/cli/validation-overlap.ts) and the secrets fingerprints computed on the
 * thread pool meanwhile. Undefined when validation fails before the command could go on. The caller closes `conn`.
 */
export async function loadAndConnect(
  dir: string | undefined,
  opts: ConnectionOptions,
  ctx: CliContext,
  report?: (diagnostics: Diagnostic[], failing: boolean) => void,
): Promise<LoadedAndConnected | undefined> {
  const early = await startEarlyFetch(dir, opts, ctx);
  const stopWarm = new AbortController();
  let warm: Promise<unknown> = Promise.resolve();
  let markers: MarkerCache | undefined;
  let saving: Promise<unknown> = Promise.resolve();
  const { project, valid, pending } = await loadForValidation(dir, opts, ctx, {
    // Only when the factory is being read meanwhile: else there is nothing for validation to overlap.
    offThread: early !== undefined,
    report,
    onLoaded: (loaded) => {
      if (!early) return;
      markers = openMarkerCache(loaded.root, {
        env: ctx.env,
        key: loaded.fingerprintKey,
        ...(ctx.cacheBuild ? { buildId: ctx.cacheBuild } : {}),
      });
      warm = warmProjectFingerprints(loaded, early.target, stopWarm.signal, markers);
      // Only for the factory adf-deploy.yaml named (take() checks the loaded project names it too).
      early.comparing.start(loaded, early.target);
    },
  });
  const stop = async (): Promise<void> => {
    early?.comparing.stop();
    stopWarm.abort();
    await warm;
  };
  const failed = async (): Promise<undefined> => {
    await Promise.all([early?.cancel(), stop()]);
    return undefined;
  };
  if (!project || (!pending && !(await valid))) return failed();
  const taken = await early?.take(project);
  // Connecting anew (another factory than adf-deploy.yaml said, --local's emulator) waits for validation, as before.
  if (!taken && !(await valid)) return failed();
  let conn: Connection;
  try {
    conn = taken?.conn ?? (await openConnection(project, opts, ctx));
  } catch (err) {
    await stop();
    throw err;
  }
  // Validation failing in the worker stops the reads at once.
  void valid.then(
    (ok) => (ok ? undefined : early?.cancel()),
    () => early?.cancel(),
  );
  const fetching = taken?.live ?? fetchLiveState(conn.client, conn.target, { signal: ctx.signal });
  return {
    project,
    conn,
    async withLive(work) {
      let outcome: { value: ReturnType<typeof work> } | { error: unknown };
      try {
        const live = await fetching;
        await warm;
        warm = warmLiveMarkers(project, live, conn.target, stopWarm.signal);
        await warm;
        const ahead = taken ? early?.comparing.stop() : undefined;
        outcome = { value: work(live, ahead) };
      } catch (error) {
        outcome = { error };
      } finally {
        await stop();
      }
      if (!(await valid)) return failed();
      if ('error' in outcome) throw outcome.error;
      // Every marker was computed: kept for the next run, on the thread pool while the result is printed.
      saving = markers?.save() ?? saving;
      return outcome.value;
    },
    finish: () => saving.then(() => undefined),
  };
}

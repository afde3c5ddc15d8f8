import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { findSecrets, warmFingerprints } from '../diff/secrets.js';
import { parseConfig } from '../manifest/config.js';
import { CONFIG_FILE } from '../manifest/find-files.js';
import type { Project } from '../manifest/types.js';
import { parseYamlDocuments, readTextFile } from '../manifest/yaml-file.js';
import { resourceAddress } from '../model/resource.js';
import { factoryResourceId } from '../plan/desired.js';
import { fetchLiveState } from '../state/fetch.js';
import type { LiveState } from '../state/types.js';
import type { FactoryTarget } from '../arm/types.js';
import {
  loadOptionsOf,
  loadValidProject,
  openConnection,
  type Connection,
  type ConnectionOptions,
} from './connection.js';
import type { CliContext } from './context.js';
import { projectDir } from './project-dir.js';

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
  const live = fetchLiveState(conn.client, conn.target, { signal: controller.signal });
  // Observed at once so a failure before validation ends is not an unhandled rejection; take() rethrows it.
  const settled = live.then(
    () => undefined,
    () => undefined,
  );
  const cancel = async (): Promise<void> => {
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

/** A validated project, its connection, and the factory's live state once read. */
export interface LoadedAndConnected {
  project: Project;
  conn: Connection;
  /** The live state (a read error is thrown here), with the secrets fingerprints computed meanwhile. */
  live(): Promise<LiveState>;
}

/**
 * loadValidProject, with the factory read meanwhile (startEarlyFetch) and the secrets fingerprints computed on the
 * thread pool while the manifests are validated. Undefined when validation fails: then only reads were sent, they
 * are cancelled, and nothing but the diagnostics was said. The caller closes `conn`.
 */
export async function loadAndConnect(
  dir: string | undefined,
  opts: ConnectionOptions,
  ctx: CliContext,
  report?: (diagnostics: Diagnostic[], failing: boolean) => void,
): Promise<LoadedAndConnected | undefined> {
  const early = await startEarlyFetch(dir, opts, ctx);
  const stopWarm = new AbortController();
  let warm: Promise<void> = Promise.resolve();
  const project = await loadValidProject(dir, opts, ctx, report, (loaded) => {
    if (early) warm = warmProjectFingerprints(loaded, early.target, stopWarm.signal);
  });
  const stop = async (): Promise<void> => {
    stopWarm.abort();
    await warm;
  };
  if (!project) {
    await Promise.all([early?.cancel(), stop()]);
    return undefined;
  }
  const taken = await early?.take(project);
  let conn: Connection;
  try {
    conn = taken?.conn ?? (await openConnection(project, opts, ctx));
  } catch (err) {
    await stop();
    throw err;
  }
  const fetching = taken?.live ?? fetchLiveState(conn.client, conn.target, { signal: ctx.signal });
  return {
    project,
    conn,
    async live() {
      try {
        const live = await fetching;
        await warm;
        return live;
      } finally {
        await stop();
      }
    },
  };
}

/**
 * Compute the secrets fingerprints of the project's resources on the thread pool (the plan would otherwise run one
 * scrypt per resource with secrets on the event loop, after the fetch). The secrets are found as buildDesiredBody
 * finds them (src/plan/desired.ts); a resource missed here is computed there.
 */
function warmProjectFingerprints(project: Project, target: FactoryTarget, signal: AbortSignal): Promise<void> {
  const factoryId = factoryResourceId(target);
  const options = { env: project.envSecrets };
  const items = project.resources.map((resource) => {
    let properties = resource.properties;
    if (resource.kind === 'Trigger' && 'runtimeState' in properties) {
      const { runtimeState: _, ...rest } = properties;
      properties = rest;
    }
    return {
      secrets: findSecrets(properties, options),
      context: { factoryId, resource: resourceAddress(resource), key: project.fingerprintKey },
    };
  });
  return warmFingerprints(items, { signal });
}

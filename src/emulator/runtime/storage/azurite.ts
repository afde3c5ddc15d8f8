import { makeFolders } from '../../../core/make-folders.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AdfDeployError } from '../../../core/errors.js';
import { developmentConnectionString } from './accounts.js';

/** A running Azurite blob service (a child process on loopback). */
export interface RunningAzurite {
  /** e.g. http://127.0.0.1:41234/devstoreaccount1 */
  blobEndpoint: string;
  /** The devstoreaccount1 connection string pointing at it. */
  connectionString: string;
  close(): Promise<void>;
}

export interface AzuriteOptions {
  /** Folder for Azurite's blobs and metadata; created if missing. Omitted: in memory only. */
  location?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
}

/** The install command a user without Azurite needs (it is a devDependency: a deploy-only install lacks it). */
export const AZURITE_INSTALL = 'npm install --save-dev azurite';

/** Where the project's Azurite keeps its data: beside the embedded emulator's state. */
export function projectStorageDir(projectRoot: string): string {
  return path.join(projectRoot, '.adf-deploy', 'azurite');
}

/** The path of azurite-blob's entry script, or a clear error naming the install command. */
export function resolveAzuriteBlob(resolve: (id: string) => string = createRequire(import.meta.url).resolve): string {
  try {
    const pkg = resolve('azurite/package.json');
    return path.join(path.dirname(pkg), 'dist', 'src', 'blob', 'main.js');
  } catch {
    throw new AdfDeployError('storage.azurite-missing', 'Azurite (the Azure Storage emulator) is not installed', {
      hint: `data activities and 'adf-deploy storage' run against Azurite offline: install it with '${AZURITE_INSTALL}'`,
    });
  }
}

const live = new Set<ChildProcess>();
let exitHook = false;

/** Kill what is still running when this process exits (a crash must not leave Azurite holding a port). */
function ensureExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const child of live) child.kill();
  });
}

/** Start azurite-blob on 127.0.0.1 (a free port by default, telemetry off) and wait until it listens. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const entry = resolveAzuriteBlob();
  const args = [entry, '--blobHost', '127.0.0.1', '--blobPort', String(options.port ?? 0), '--disableTelemetry'];
  args.push('--skipApiVersionCheck', '--silent');
  if (options.location) {
    makeFolders(options.location);
    args.push('--location', options.location);
  } else args.push('--inMemoryPersistence');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  ensureExitHook();
  const url = await waitForListening(child);
  const blobEndpoint = `${url}/devstoreaccount1`;
  return {
    blobEndpoint,
    connectionString: developmentConnectionString(blobEndpoint),
    close: () => stopChild(child),
  };
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /listens on (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        child.stdout?.off('data', onData);
        // Keep draining so a full pipe never blocks the child.
        child.stdout?.resume();
        resolve(m[1].replace(/\/+$/, ''));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', (err) => reject(err));
    child.once('exit', (code) => {
      live.delete(child);
      reject(
        new AdfDeployError('storage.azurite-failed', `Azurite exited (code ${code}) before listening`, {
          hint: output.trim().split('\n').slice(-3).join(' / ') || 'run node_modules/.bin/azurite-blob to see why',
        }),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

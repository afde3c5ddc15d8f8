import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/context.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = path.resolve(PROJECT_ROOT, '../shared');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Both streams in the order written (as a terminal shows them). */
  all: string;
}

/** Run the CLI in-process (fast) with captured output. */
export async function runCli(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    answer?: boolean;
    isTTY?: boolean;
    /** Turns the project caches on (running from the sources there is no build id, so no cache). */
    cacheBuild?: string;
  } = {},
): Promise<CliResult> {
  const io = memoryIo({ answer: options.answer, isTTY: options.isTTY });
  const code = await main(['node', 'adf-deploy', ...args], {
    io,
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    ...(options.cacheBuild ? { cacheBuild: options.cacheBuild } : {}),
  });
  return { code, stdout: io.stdout, stderr: io.stderr, all: io.all };
}

/** Run the CLI as a real child process through tsx (for signals, exit codes, real stdio). */
export function spawnCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> & { child: ReturnType<typeof spawn> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/entry.ts'), ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let all = '';
  child.stdout!.on('data', (d) => ((stdout += d), (all += d)));
  child.stderr!.on('data', (d) => ((stderr += d), (all += d)));
  const promise = new Promise<CliResult>((resolve) => {
    child.on('close', (code, sig) => resolve({ code: code ?? (sig ? 128 : 1), stdout, stderr, all }));
  }) as Promise<CliResult> & { child: ReturnType<typeof spawn> };
  promise.child = child;
  running.add(child);
  child.once('exit', () => running.delete(child));
  return promise;
}

/**
 * Children still running when their test file ends (a failed expectation, a timeout) are stopped then. Not when
 * their test ends: Vitest's global onTestFinished does not know which of concurrent tests is running, and a hook
 * registered so stopped another test's CLI (test/reliability/bad-input.test.ts, where the cases run concurrently).
 */
const running = new Set<ReturnType<typeof spawn>>();
try {
  afterAll(() => Promise.all([...running].map(stopChild)).then(() => undefined));
} catch {
  // Outside Vitest (a script importing a test helper): the caller stops its children.
}

/** SIGTERM (the CLI winds down, stopping an Azurite it started), SIGKILL if still there after 5 s; resolves once gone. */
function stopChild(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Vitest helper: skip a suite with a visible message when ../shared is absent (a user's fresh clone). */
export function sharedAvailable(): boolean {
  return existsSyncSafe(path.join(SHARED, 'corpus'));
}

import { existsSync } from 'node:fs';
function existsSyncSafe(p: string): boolean {
  try {
    return existsSync(p);
  } catch {
    return false;
  }
}

import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { type CliResult, PROJECT_ROOT } from '../helpers/cli.js';
import { runQuickstartFlow } from '../helpers/quickstart-flow.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * What users run: bin/adf-deploy.js, which imports the CLI bundled by scripts/bundle-cli.ts (dist/bundle/). The
 * other tests run the TypeScript sources; these run the bundle, for what bundling can lose: a module the code finds
 * from its own location (the validation worker's entry) or loads by a specifier esbuild cannot follow (the data
 * activities' executor).
 */
const BUNDLE = path.join(PROJECT_ROOT, 'dist/bundle/entry.js');
const BIN = path.join(PROJECT_ROOT, 'bin/adf-deploy.js');
const built = existsSync(BUNDLE);
if (!built) process.stderr.write('[skip] the bundled CLI: dist/bundle/ is not built (npm run build)\n');

function bin(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let all = '';
    child.stdout.on('data', (d) => ((stdout += d), (all += d)));
    child.stderr.on('data', (d) => ((stderr += d), (all += d)));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, all }));
  });
}

describe.skipIf(!built)('the bundled CLI (bin/adf-deploy.js)', () => {
  let emulator: RunningEmulator;
  const tmp = tempDir('adf-bundle-');
  const project = path.join(tmp, 'quickstart');
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, throttle: 'off' });
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), project, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('bin/adf-deploy.js runs the bundle', async () => {
    expect(readFileSync(BIN, 'utf8')).toContain('../dist/bundle/entry.js');
    const version = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    const r = await bin(['--version']);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('validates in its worker thread and reads through the HTTP worker (both entries found beside the bundle)', async () => {
    const applied = await bin(['apply', project, '--endpoint', emulator.url, '--auto-approve', '--verbose']);
    expect(applied.code, applied.all).toBe(0);
    // A worker entry missing from the bundle would not fail the command: its requests would run in the main thread.
    expect(applied.all).toMatch(/\d+ requests \(GET/);
    expect(applied.all).not.toContain('the HTTP worker failed');
    // `always`: a worker that cannot start is an error, not a fall-back to the main thread. No cache: apply's
    // validation, cached, would spare the plan its own.
    const planned = await bin(['plan', project, '--endpoint', emulator.url, '--detailed-exitcode'], {
      ADF_DEPLOY_VALIDATE_WORKER: 'always',
      ADF_DEPLOY_CACHE: 'off',
    });
    expect(planned.code, planned.all).toBe(0);
    expect(planned.all).toContain('No changes');
  });

  it('runs the quickstart copy with the data activities in the bundle (README command 1)', async () => {
    const steps = await runQuickstartFlow((args) => bin(args), project);
    expect(steps.cat.stdout).toContain('John, Doe');
  });
});

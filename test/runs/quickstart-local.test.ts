import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

/**
 * README command 1, step by step, each step a separate CLI invocation as in a shell (so each starts its own embedded
 * emulator: the in-memory secret keeper is empty when `run` executes, and the connection string comes from the
 * project): deploy, upload the input, run with parameters, follow, list the activity runs, compare the output.
 */
describe('the seed quickstart end to end with --local (README command 1)', () => {
  const project = mkdtempSync(path.join(os.tmpdir(), 'adf-quickstart-'));
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), project, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('copies emp.txt from adftutorial/input to adftutorial/output and reports the bytes', async () => {
    const apply = await runCli(['apply', project, '--local', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    const up = await runCli([
      'storage',
      'upload',
      path.join(project, 'data/emp.txt'),
      'adftutorial/input/',
      '-C',
      project,
    ]);
    expect(up.code, up.stderr).toBe(0);
    const run = await runCli([
      'run',
      'Adfv2QuickStartParamPipeline',
      project,
      '--local',
      '-p',
      'strParamInputFileName=emp.txt',
      '-p',
      'strParamOutputFileName=emp-copy.txt',
      '--wait',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const runId = run.stdout.trim().split('\n')[0];
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const show = await runCli(['runs', 'show', runId, project, '--local']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/CopyFromBlobToBlob\s+Copy\s+Succeeded/);
    expect(show.stdout).toMatch(/20 B\s+20 B/);
    const cat = await runCli(['storage', 'cat', 'adftutorial/output/emp-copy.txt', '-C', project]);
    expect(cat.code, cat.stderr).toBe(0);
    expect(cat.stdout).toBe(readFileSync(path.join(project, 'data/emp.txt'), 'utf8'));
    // The secret the run used came from the project, and was printed nowhere.
    for (const out of [apply, up, run, show, cat]) expect(out.stdout + out.stderr).not.toContain('Eby8vdM02xNOcq');
  }, 240_000);
});

import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { runQuickstartFlow } from '../helpers/quickstart-flow.js';

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
    const steps = await runQuickstartFlow(runCli, project);
    expect(steps.show.stdout).toMatch(/CopyFromBlobToBlob\s+Copy\s+Succeeded/);
    expect(steps.show.stdout).toMatch(/20 B\s+20 B/);
    expect(steps.cat.stdout).toBe(readFileSync(path.join(project, 'data/emp.txt'), 'utf8'));
    // The secret the run used came from the project, and was printed nowhere.
    for (const out of Object.values(steps)) expect(out.stdout + out.stderr).not.toContain('Eby8vdM02xNOcq');
  }, 240_000);
});

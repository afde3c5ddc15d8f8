import path from 'node:path';
import { expect } from 'vitest';
import type { CliResult } from './cli.js';

/** One CLI invocation: in this process (runCli) or a child process (the bundled CLI). */
export type RunCli = (args: string[]) => Promise<CliResult>;

/**
 * README command 1 on a copy of examples/quickstart in `project`, step by step, each step a separate invocation as in
 * a shell: deploy to the embedded emulator, upload the input, run the copy pipeline with parameters and follow it,
 * show the run, print the output. Each step must exit 0; the results are returned for more checks.
 */
export async function runQuickstartFlow(cli: RunCli, project: string) {
  const apply = await cli(['apply', project, '--local', '--auto-approve']);
  expect(apply.code, apply.all).toBe(0);
  const up = await cli(['storage', 'upload', path.join(project, 'data/emp.txt'), 'adftutorial/input/', '-C', project]);
  expect(up.code, up.all).toBe(0);
  const run = await cli([
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
  expect(run.code, run.all).toBe(0);
  const runId = run.stdout.trim().split('\n')[0];
  expect(runId).toMatch(/^[0-9a-f-]{36}$/);
  const show = await cli(['runs', 'show', runId, project, '--local']);
  expect(show.code, show.all).toBe(0);
  const cat = await cli(['storage', 'cat', 'adftutorial/output/emp-copy.txt', '-C', project]);
  expect(cat.code, cat.all).toBe(0);
  return { apply, up, run, show, cat };
}

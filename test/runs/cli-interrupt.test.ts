import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const ENV = { ...process.env, NO_COLOR: '1', ADF_DEPLOY_POLL_MS: '20' };

async function project(): Promise<string> {
  const dir = tempDir('runs-int-');
  fs.writeFileSync(
    path.join(dir, 'adf-deploy.yaml'),
    'factory:\n  name: df-int\n  location: westeurope\ntarget:\n  subscriptionId: 00000000-0000-0000-0000-000000000000\n  resourceGroup: rg-int\n',
  );
  fs.mkdirSync(path.join(dir, 'pipeline'));
  fs.writeFileSync(
    path.join(dir, 'pipeline', 'Slow.yaml'),
    'kind: Pipeline\nname: Slow\nproperties:\n  activities:\n    - name: Long\n      type: Wait\n      typeProperties: { waitTimeInSeconds: 3600 }\n',
  );
  expect((await runCli(['apply', dir, '--local', '--auto-approve'], { env: ENV })).code).toBe(0);
  return dir;
}

/** Run `run Slow --wait`, pressing Ctrl-C (aborting the signal) once the activity is seen in progress. */
async function interrupt(dir: string, answer: boolean | undefined) {
  const io = memoryIo({ answer });
  const ctrlC = new AbortController();
  const err = io.err.bind(io);
  io.err = (t: string) => {
    err(t);
    if (/Long \(Wait\) InProgress/.test(t)) ctrlC.abort();
  };
  const code = await main(['node', 'adf-deploy', 'run', 'Slow', dir, '--local', '--wait'], {
    io,
    env: ENV,
    cwd: dir,
    signal: ctrlC.signal,
  });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('run --wait and Ctrl-C', () => {
  it('exit 130; answering yes cancels the run', async () => {
    const dir = await project();
    const r = await interrupt(dir, true);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Interrupted: run \S+ Cancelled/);
    const shown = JSON.parse(
      (await runCli(['runs', 'show', r.stdout.trim(), dir, '--local', '--json'], { env: ENV })).stdout,
    );
    expect(shown.run.status).toBe('Cancelled');
  });

  it('exit 130; without a terminal to ask on, the run is not cancelled and the user is told so', async () => {
    const dir = await project();
    const r = await interrupt(dir, undefined);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/was NOT cancelled.*adf-deploy runs cancel/);
  });
});

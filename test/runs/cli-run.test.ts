import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

const ENV = { ADF_DEPLOY_POLL_MS: '20' };

function writeProject(dir: string): void {
  fs.writeFileSync(
    path.join(dir, 'adf-deploy.yaml'),
    'factory:\n  name: df-runs-cli\n  location: westeurope\ntarget:\n  subscriptionId: 00000000-0000-0000-0000-000000000000\n  resourceGroup: rg-runs\n',
  );
  fs.mkdirSync(path.join(dir, 'pipeline'));
  const pipeline = (name: string, body: string) =>
    fs.writeFileSync(path.join(dir, 'pipeline', `${name}.yaml`), `kind: Pipeline\nname: ${name}\nproperties:\n${body}`);
  pipeline(
    'Ok',
    `  parameters:
    count: { type: Int, defaultValue: 1 }
    label: { type: String }
    flags: { type: Array, defaultValue: [] }
  variables:
    seen: { type: String }
  activities:
    - name: Remember
      type: SetVariable
      typeProperties:
        variableName: seen
        value: "@{pipeline().parameters.label}-@{pipeline().parameters.count}"
    - name: Pause
      type: Wait
      dependsOn: [{ activity: Remember, dependencyConditions: [Succeeded] }]
      typeProperties: { waitTimeInSeconds: 0 }
`,
  );
  pipeline(
    'Broken',
    `  activities:
    - name: Stop
      type: Fail
      typeProperties: { message: "disk on fire", errorCode: "E9" }
`,
  );
}

describe('adf-deploy run / runs (embedded emulator)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runs-cli-'));
    writeProject(dir);
    const applied = await runCli(['apply', dir, '--local', '--auto-approve'], { env: ENV });
    expect(applied.code, applied.stderr).toBe(0);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('run --wait: prints the run id, one line per state change, exit 0 when Succeeded', async () => {
    const r = await runCli(['run', 'Ok', dir, '--local', '--wait', '-p', 'label=x', '-p', 'count=3'], { env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(r.stderr).toMatch(/Remember \(SetVariable\) Succeeded/);
    expect(r.stderr).toMatch(/run .* Succeeded/);
    const runId = r.stdout.trim();
    const show = await runCli(['runs', 'show', runId, dir, '--local', '--json'], { env: ENV });
    const shown = JSON.parse(show.stdout);
    expect(shown.run.parameters).toMatchObject({ label: 'x', count: '3' });
    expect(shown.activities.find((a: { activityName: string }) => a.activityName === 'Remember').output.value).toBe(
      'x-3',
    );
  });

  it('run --wait: exit 1 when the run fails, with the failing activity error', async () => {
    const r = await runCli(['run', 'Broken', dir, '--local', '--wait'], { env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Stop (Fail): E9: disk on fire');
  });

  it.each([
    [['-p', 'labl=x'], "has no parameter 'labl'; did you mean 'label'?"],
    [['-p', 'label=x', '-p', 'count=three'], "parameter 'count' is Int: expected an integer, found 'three'"],
    [['-p', 'label=x', '-p', 'flags=notjson'], "parameter 'flags' is Array: expected a JSON array"],
    [[], "requires parameter 'label'"],
  ])('run checks parameters before any call: %j', async (args, message) => {
    const r = await runCli(['run', 'Ok', dir, '--local', ...args], { env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('no run was started');
    const list = await runCli(['runs', 'list', dir, '--local', '--json'], { env: ENV });
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('run of an unknown pipeline: exit 1 with a did-you-mean', async () => {
    const r = await runCli(['run', 'Okk', dir, '--local'], { env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("did you mean 'Ok'?");
  });

  it('--parameters FILE; runs list filters; show as text, mermaid and markdown; rerun', async () => {
    fs.writeFileSync(path.join(dir, 'params.json'), JSON.stringify({ label: 'file', count: 7 }));
    const ok = await runCli(['run', 'Ok', dir, '--local', '--parameters', path.join(dir, 'params.json')], { env: ENV });
    expect(ok.code, ok.stderr).toBe(0);
    await runCli(['run', 'Broken', dir, '--local'], { env: ENV });
    const failed = await runCli(['runs', 'list', dir, '--local', '--status', 'Failed'], { env: ENV });
    expect(failed.stdout).toContain('Broken');
    expect(failed.stdout).not.toMatch(/\bOk\b/);
    const runId = ok.stdout.trim();
    const text = await runCli(['runs', 'show', runId, dir, '--local'], { env: ENV });
    expect(text.stdout).toMatch(/ACTIVITY\s+TYPE\s+STATUS\s+START \(UTC\)\s+DURATION/);
    expect(text.stdout).toMatch(/Remember\s+SetVariable\s+Succeeded/);
    const gantt = await runCli(['runs', 'show', runId, dir, '--local', '--format', 'mermaid'], { env: ENV });
    expect(gantt.stdout).toMatch(/^gantt\n/);
    expect(gantt.stdout).toMatch(/section SetVariable\n {2}Remember :a0, \d+, \d+ms/);
    const md = await runCli(['runs', 'show', runId, dir, '--local', '--format', 'markdown'], { env: ENV });
    expect(md.stdout).toContain('```mermaid\ngantt');
    const rerun = await runCli(['runs', 'rerun', runId, dir, '--local', '--from', 'Pause'], { env: ENV });
    expect(rerun.code, rerun.stderr).toBe(0);
    const again = JSON.parse(
      (await runCli(['runs', 'show', rerun.stdout.split('\n')[0], dir, '--local', '--json'], { env: ENV })).stdout,
    );
    expect(again.run.runGroupId).toBe(runId);
    expect(again.activities.map((a: { activityName: string }) => a.activityName)).toEqual(['Pause']);
  });
});

describe('the quickstart seed', () => {
  it('deploys, puts emp.txt in place, runs both pipelines (one with parameters): both copies succeed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runs-qs-'));
    fs.cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    try {
      expect((await runCli(['apply', dir, '--local', '--auto-approve'], { env: ENV })).code).toBe(0);
      const before = await runCli(['run', 'Adfv2QuickStartPipeline', dir, '--local'], { env: ENV });
      // No input yet: the Copy fails the way ADF says a source blob is missing.
      expect(before.code).toBe(1);
      expect(before.stderr).toContain('ErrorCode=UserErrorSourceBlobNotExists');
      const up = await runCli(['storage', 'upload', path.join(dir, 'data/emp.txt'), 'adftutorial/input/', '-C', dir], {
        env: ENV,
      });
      expect(up.code, up.stderr).toBe(0);
      const plain = await runCli(['run', 'Adfv2QuickStartPipeline', dir, '--local'], { env: ENV });
      const param = await runCli(
        [
          'run',
          'Adfv2QuickStartParamPipeline',
          dir,
          '--local',
          '-p',
          'strParamInputFileName=emp.txt',
          '-p',
          'strParamOutputFileName=out.txt',
        ],
        { env: ENV },
      );
      for (const r of [plain, param]) expect(r.code, r.stderr).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

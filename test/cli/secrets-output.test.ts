import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScrubber } from '../../src/cli/scrub.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { RG, SUB } from '../apply/helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

// A pull request must not be able to publish a CI secret through the plan comment, the plan file or a message.
const CI_SECRET = 'ci-secret-Zq81xKv0';
let emulator: RunningEmulator;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  dir = tempDir('adf-env-secret-');
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
});
afterEach(async () => {
  await emulator.close();
});

const conn = () => ['--endpoint', emulator.url, '--subscription', SUB, '--resource-group', RG];
const pipeline = () => path.join(dir, 'pipeline/Adfv2QuickStartPipeline.yaml');
const setDescription = (value: string) =>
  writeFileSync(
    pipeline(),
    readFileSync(pipeline(), 'utf8').replace('properties:\n', `properties:\n  description: "${value}"\n`),
  );

describe('${{ env.NAME }} in pull-request previews', () => {
  it('an undeclared variable is a validate error, nothing is read', async () => {
    setDescription('${{ env.AZURE_CLIENT_SECRET }}');
    const r = await runCli(['plan', dir, ...conn(), '--markdown'], { env: { AZURE_CLIENT_SECRET: CI_SECRET } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("environment variable 'AZURE_CLIENT_SECRET' is not declared");
    expect(r.stdout + r.stderr).not.toContain(CI_SECRET);
  });

  it('a declared secret variable is never printed or saved: (from env NAME), in every output', async () => {
    writeFileSync(
      path.join(dir, 'adf-deploy.yaml'),
      readFileSync(path.join(dir, 'adf-deploy.yaml'), 'utf8').replace('env:\n', 'env:\n  - AZURE_CLIENT_SECRET\n'),
    );
    setDescription('${{ env.AZURE_CLIENT_SECRET }}');
    const env = { AZURE_CLIENT_SECRET: CI_SECRET };
    const out = path.join(dir, 'plan.json');
    const runs = [
      await runCli(['plan', dir, ...conn()], { env }),
      await runCli(['plan', dir, ...conn(), '--json'], { env }),
      await runCli(['plan', dir, ...conn(), '--markdown'], { env }),
      await runCli(['plan', dir, ...conn(), '--out', out], { env }),
      await runCli(['validate', dir, '--json'], { env }),
    ];
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(CI_SECRET);
    }
    expect(runs[1].stdout).toContain('(from env AZURE_CLIENT_SECRET)');
    expect(readFileSync(out, 'utf8')).not.toContain(CI_SECRET);
    // Applied, then planned again with the same value: no change; with another value: one sensitive change.
    expect((await runCli(['apply', dir, ...conn(), '--auto-approve'], { env })).code).toBe(0);
    const same = await runCli(['plan', dir, ...conn(), '--detailed-exitcode'], { env });
    expect(same.code, same.stdout).toBe(0);
    const rotated = await runCli(['plan', dir, ...conn()], { env: { AZURE_CLIENT_SECRET: 'rotated-value-1234' } });
    expect(rotated.stdout).toContain('(sensitive value changed)');
    expect(rotated.stdout).not.toContain(CI_SECRET);
    expect(rotated.stdout).not.toContain('rotated-value-1234');
  });

  it('an empty value is an error unless declared allowEmpty', async () => {
    writeFileSync(
      path.join(dir, 'adf-deploy.yaml'),
      readFileSync(path.join(dir, 'adf-deploy.yaml'), 'utf8').replace('env:\n', 'env:\n  - AZURE_CLIENT_SECRET\n'),
    );
    setDescription('${{ env.AZURE_CLIENT_SECRET }}');
    const r = await runCli(['validate', dir], { env: { AZURE_CLIENT_SECRET: '' } });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('env.empty');
  });
});

describe('texts are scrubbed of the request secrets', () => {
  it('replaces a secret, also JSON-escaped, in an error text from the service', () => {
    const scrub = createScrubber([['p"ss\\word-1', '(sensitive value)']]);
    expect(scrub('400 BadRequest: {"message":"bad value p\\"ss\\\\word-1"} and p"ss\\word-1')).toBe(
      '400 BadRequest: {"message":"bad value (sensitive value)"} and (sensitive value)',
    );
  });

  it('a SecureString that starts with @ is never quoted in a diagnostic', async () => {
    const ls = path.join(dir, 'linkedService/AzureStorageLinkedService.yaml');
    writeFileSync(
      ls,
      readFileSync(ls, 'utf8').replace(
        /connectionString:.*\n/,
        'connectionString:\n      type: SecureString\n      value: "@concat(nope(), \'S3cr3t-At-Value\')"\n',
      ),
    );
    const r = await runCli(['validate', dir]);
    expect(r.stdout + r.stderr).not.toContain('S3cr3t-At-Value');
  });
});

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readCsvConfig, readJsonConfig } from '../../src/import/ado-tools-config-read.js';
import { translateValueText, typeLike } from '../../src/import/ado-tools-config-value.js';
import { loadProject } from '../../src/manifest/load.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { writeProject } from './override-project.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/ado-tools-config');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function project(): string {
  const dir = writeProject('# the stages\nenvironments:\n  dev: { vars: { region: dev } }\n');
  dirs.push(dir);
  return dir;
}
const config = (dir: string) => readFileSync(path.join(dir, 'adf-deploy.yaml'), 'utf8');

describe('reading azure.datafactory.tools configs', () => {
  it('CSV: header, quoted fields with "" and commas, # comment rows and blank lines skipped, lines kept', () => {
    const read = readCsvConfig(
      'type,name,path,value\n# note\n\nlinkedService,LS,"a[""x""].b","p=1;q=2, r"\r\npipeline,PL,-c,\n',
    );
    expect(read).toEqual({
      rows: [
        { line: 4, type: 'linkedService', name: 'LS', path: 'a["x"].b', value: 'p=1;q=2, r' },
        { line: 5, type: 'pipeline', name: 'PL', path: '-c', value: '' },
      ],
    });
    expect(readCsvConfig('kind,name\nx,y\n')).toMatchObject({ line: 1, error: expect.stringContaining('header') });
  });

  it('JSON: one row per action with its +/- prefix; a bad action is an error', () => {
    expect(
      readJsonConfig('{"LS":[{"name":"$.properties.a","value":1,"action":"add"},{"name":"b","action":"remove"}]}'),
    ).toEqual({
      rows: [
        { line: 1, name: 'LS', path: '+$.properties.a', value: '1' },
        { line: 1, name: 'LS', path: '-b', value: '' },
      ],
    });
    expect(readJsonConfig('{"LS":[{"name":"a","action":"move"}]}')).toMatchObject({
      error: expect.stringContaining('move'),
    });
  });

  it('values: $($Env:X), ${Env:X} and $Env:X become ${{ env.X }}; other PowerShell is refused; backtick escapes', () => {
    expect(translateValueText('https://$($Env:KV).x/${env:B}/$Env:C`$D $ 5')).toEqual({
      text: 'https://${{ env.KV }}.x/${{ env.B }}/${{ env.C }}$D $ 5',
      env: ['KV', 'B', 'C'],
    });
    expect(translateValueText('$(Get-Date)')).toMatchObject({
      reason: expect.stringContaining('PowerShell expression'),
    });
    expect(translateValueText('a$name')).toMatchObject({
      reason: expect.stringContaining("'$name' is a PowerShell variable"),
    });
    expect(typeLike(3, '45')).toEqual({ value: 45 });
    expect(typeLike(true, 'False')).toEqual({ value: false });
    expect(typeLike({}, "{'a': 1}")).toEqual({ value: { a: 1 } });
    expect(typeLike(3, 'x')).toMatchObject({ reason: expect.any(String) });
    expect(typeLike(3, '')).toMatchObject({ reason: expect.stringContaining('ADFT0031') });
  });
});

describe('adf-deploy import-config (issue 18)', () => {
  it('a CSV config becomes the expected overrides; untranslatable rows are listed, exit 2; comments kept', async () => {
    const dir = project();
    const r = await runCli(['import-config', path.join(FIXTURES, 'config-prod.csv'), '--env', 'prod', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain("10 of 14 rows translated into environment 'prod'");
    expect(r.stdout).toMatch(/config-prod\.csv:14: factory,.*'newOne' is not declared/);
    expect(r.stdout).toMatch(/config-prod\.csv:15: trigger,.*'\$\(Get-Date -Format dd\)' is a PowerShell expression/);
    expect(r.stdout).toMatch(/config-prod\.csv:16: .*did you mean 'fileName'\?/);
    expect(r.stdout).toMatch(/config-prod\.csv:17: widget,W1,a\.b: unknown type 'widget'/);
    // Values are never printed (they may be connection strings).
    expect(r.stdout).not.toContain('prodstore');
    const text = config(dir);
    expect(text).toContain('# the stages');
    expect(text).toContain('# config-prod.csv:5');
    const written = parse(text);
    expect(written.env).toEqual(['STAGE']);
    expect(written.environments.dev).toEqual({ vars: { region: 'dev' } });
    expect(written.environments.prod).toEqual({
      overrides: [
        {
          target: 'LinkedService/LS_Vault',
          path: 'typeProperties.baseUrl',
          value: 'https://kv-${{ env.STAGE }}.vault.azure.net/',
        },
        { target: 'LinkedService/LS_Blob', path: 'typeProperties.encryptedCredential', action: 'remove' },
        {
          target: 'LinkedService/LS_Blob',
          path: 'typeProperties.connectionString',
          value: 'DefaultEndpointsProtocol=https;AccountName=prodstore',
        },
        { target: 'Dataset/DS_*', path: 'typeProperties.location.container', value: 'prod' },
        { target: 'Pipeline/PL_Copy', path: 'activities[0].typeProperties.waitTimeInSeconds', value: 45 },
        {
          target: 'Pipeline/PL_Copy',
          path: 'activities["Copy Data"].typeProperties.source.type',
          value: 'BinarySource',
        },
        { target: 'Pipeline/PL_Copy', path: 'parameters.container', value: { type: 'String', defaultValue: 'prod' } },
        // The tool adds a value as text.
        { target: 'Pipeline/PL_Copy', path: 'activities[1].policy.retry', action: 'add', value: '2' },
      ],
      globalParameters: { envName: 'prod', retries: 4 },
    });
    // The result loads clean with the environment, and importing again writes nothing twice.
    const loaded = await loadProject(dir, { env: 'prod', environ: { STAGE: 'stage42' } });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.project?.overrides).toHaveLength(10);
    const again = await runCli(['import-config', path.join(FIXTURES, 'config-prod.csv'), '--env', 'prod', dir]);
    expect(again.stdout).toContain('(0 written, 10 already there)');
    expect(config(dir)).toBe(text);
  });

  it('a JSON config: objects found by name, their kind from the project; unknown names and roots listed', async () => {
    const dir = project();
    const r = await runCli(['import-config', path.join(FIXTURES, 'config-prod.json'), '--env', 'prod', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/config-prod\.json:6: PL_Copy,\$\.activities\[1\]\.name: .*not at '\$\.properties\.'/);
    expect(r.stdout).toMatch(/config-prod\.json:11: DS_Gone,.*no object named 'DS_Gone'/);
    expect(parse(config(dir)).environments.prod.overrides).toEqual([
      {
        target: 'LinkedService/LS_Vault',
        path: 'typeProperties.baseUrl',
        value: 'https://kv-${{ env.STAGE }}.vault.azure.net/',
      },
      { target: 'LinkedService/LS_Blob', path: 'typeProperties.encryptedCredential', action: 'remove' },
      { target: 'Pipeline/PL_Copy', path: 'activities[0].typeProperties.waitTimeInSeconds', value: 45 },
      { target: 'Trigger/TR_Daily', path: 'typeProperties.recurrence.interval', value: 2 },
    ]);
  });

  it('bad input: no --env, a file of another format, a broken header: exit 1, nothing written', async () => {
    const dir = project();
    const before = config(dir);
    const noEnv = await runCli(['import-config', path.join(FIXTURES, 'config-prod.csv'), dir]);
    expect(noEnv.code).toBe(1);
    expect(noEnv.stderr).toContain('--env');
    const other = await runCli(['import-config', path.join(dir, 'objects.yaml'), '--env', 'prod', dir]);
    expect(other.code).toBe(1);
    writeFileSync(path.join(dir, 'config-bad.csv'), 'kind,name,path\nx,y,z\n');
    const header = await runCli(['import-config', path.join(dir, 'config-bad.csv'), '--env', 'prod', dir]);
    expect(header.code).toBe(1);
    expect(header.stdout).toContain("config-bad.csv:1: error: expected the header 'type,name,path,value'");
    expect(config(dir)).toBe(before);
  });
});

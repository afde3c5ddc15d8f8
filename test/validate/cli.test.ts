import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { writeTmpProject } from './tmp-project.js';

const QUICKSTART = path.join(PROJECT_ROOT, 'examples/quickstart');
const BAD = path.join(PROJECT_ROOT, 'test/fixtures/bad');

describe('adf-deploy validate', () => {
  it('exits 0 on the quickstart, with a one-line summary on stdout', async () => {
    const r = await runCli(['validate', QUICKSTART], { env: { ADF_QUICKSTART_STORAGE: undefined } });
    expect(r.stdout).toBe("valid: factory 'adfv2-quickstart-local', 7 resources\n");
    expect(r.code).toBe(0);
  });

  it('exits 1 with every diagnostic as file:line:col text on stdout', async () => {
    const r = await runCli(['validate', path.join(BAD, 'graph-cycle')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'test/fixtures/bad/graph-cycle/p.yaml:2:1: error[graph.cycle]: dependency cycle: Pipeline/A -> Pipeline/B -> Pipeline/A',
    );
    expect(r.stdout).toMatch(/\d+ errors?, \d+ warnings?\n$/);
  });

  it('prints warnings on stdout like errors (one stream) and exits 0, or 1 with --strict', async () => {
    const dir = path.join(BAD, 'limit-activities-warning');
    const lenient = await runCli(['validate', dir]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('warning[limit.activities]');
    expect(lenient.stderr).not.toContain('warning[limit.activities]');
    const strict = await runCli(['validate', dir, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('warning[limit.activities]');
  });

  it('prints versioned JSON with --json', async () => {
    const r = await runCli(['validate', path.join(BAD, 'ref-missing'), '--json']);
    expect(r.code).toBe(1);
    const data = JSON.parse(r.stdout);
    expect(data.formatVersion).toBe(1);
    expect(data.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'ref.missing',
        path: ['properties', 'linkedServiceName', 'referenceName'],
        resource: 'Dataset/DS_In',
      }),
    );
  });

  it('applies --env and reads environment variables through the context, never echoing their values', async () => {
    const secret = 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=SECRETVALUE';
    const r = await runCli(['validate', QUICKSTART, '--env', 'prod'], { env: { ADF_QUICKSTART_STORAGE: secret } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("factory 'adfv2-quickstart-prod'");
    expect(r.stdout + r.stderr).not.toContain('SECRETVALUE');
    const missing = await runCli(['validate', QUICKSTART, '--env', 'prod'], {
      env: { ADF_QUICKSTART_STORAGE: undefined },
    });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("error[var.missing]: environment variable 'ADF_QUICKSTART_STORAGE' is not set");
  });
});

describe('adf-deploy graph', () => {
  it.each([
    ['mermaid', ['graph LR', 'n4 --> n0', '["LinkedService/AzureStorageLinkedService"]']],
    ['dot', ['digraph adf {', '"LinkedService/AzureStorageLinkedService" -> "Dataset/InputDataset";']],
  ])('prints the quickstart as %s', async (format, fragments) => {
    const r = await runCli(['graph', QUICKSTART, '--format', format]);
    expect(r.code).toBe(0);
    for (const f of fragments) expect(r.stdout).toContain(f);
  });

  it('prints JSON nodes and "depends on" edges', async () => {
    const r = await runCli(['graph', QUICKSTART, '--format', 'json']);
    const data = JSON.parse(r.stdout);
    expect(data.nodes).toHaveLength(7);
    expect(data.edges).toContainEqual({ from: 'pipeline/adfv2quickstartpipeline', to: 'dataset/inputdataset' });
  });

  it('refuses an unknown format and exits 1 on manifests that do not load', async () => {
    expect((await runCli(['graph', QUICKSTART, '--format', 'svg'])).code).toBe(1);
    const r = await runCli(['graph', path.join(BAD, 'yaml-syntax')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('yaml.syntax');
  });
});

describe('adf-deploy import', () => {
  it('imports a Studio folder, prints a summary and notes, and the result validates', async () => {
    const src = writeTmpProject({
      'factory/f.json': JSON.stringify({ name: 'cli-factory', location: 'eastus' }),
      'pipeline/p.json': JSON.stringify({ name: 'P', properties: { activities: [] } }),
      'integrationRuntime/AutoResolveIntegrationRuntime.json': JSON.stringify({
        name: 'AutoResolveIntegrationRuntime',
        properties: { type: 'Managed' },
      }),
    });
    const out = path.join(writeTmpProject({}), 'out');
    const r = await runCli(['import', src, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("imported factory 'cli-factory' (ADF Studio folder)");
    expect(r.stdout).toContain('1 objects (1 Pipeline)');
    expect(r.stderr).toContain('note: skipped AutoResolveIntegrationRuntime.json');
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('exits 1 with a clear error on bad input', async () => {
    const src = writeTmpProject({ 'pipeline/p.json': '{ "name": "P", ' });
    const r = await runCli(['import', src, '--out', path.join(writeTmpProject({}), 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error\[import.bad-input\]: cannot import: 1 problem in the source\n.*pipeline\/p\.json:1:\d+: invalid JSON/,
    );
    expect(r.stderr).toContain('hint: fix the files above; nothing was written');
  });
});

describe('adf-deploy validate as a real process', () => {
  it('exits 0 on the quickstart and 1 on a broken project', async () => {
    const [ok, bad] = await Promise.all([
      spawnCli(['validate', QUICKSTART]),
      spawnCli(['validate', path.join(BAD, 'ref-missing')]),
    ]);
    expect(ok).toMatchObject({ code: 0, stdout: "valid: factory 'adfv2-quickstart-local', 7 resources\n" });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('error[ref.missing]');
  });
});

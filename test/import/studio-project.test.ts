import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.js';
import { startEmulator } from '../../src/emulator/index.js';
import { importFactory } from '../../src/import/index.js';
import { defaultFactoryName } from '../../src/import/studio.js';
import { loadProject } from '../../src/manifest/load.js';
import { resourceKey } from '../../src/model/resource.js';
import { validateProject } from '../../src/validate/validate.js';
import { clientOf, createOutsideReferences, load, planNow, refusedRequests, targetOf } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';
import { writeTmpProject } from '../validate/tmp-project.js';

const json = (v: unknown) => JSON.stringify(v, null, 4);
const work = mkdtempSync(path.join(os.tmpdir(), 'adf-studio-project-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of a corpus Studio folder with an adf-deploy.yaml beside it (name only: the rest comes from factory/). */
function studioProject(name: string, config = `factory:\n  name: ${defaultFactoryName(name)}\n`): string {
  const dir = path.join(work, name);
  cpSync(path.join(CORPUS, name), dir, { recursive: true });
  writeFileSync(path.join(dir, 'adf-deploy.yaml'), config);
  return dir;
}

describeShared('a Studio folder is a project: every corpus factory', () => {
  it.each(corpusFactories())('%s loads as its import does, deploys and re-plans clean', async (name) => {
    const dir = studioProject(name, `factory:\n  name: ${defaultFactoryName(name)}\n  location: westeurope\n`);
    const imported = path.join(work, `${name}.imported`);
    await importFactory(path.join(CORPUS, name), { out: imported, location: 'westeurope' });
    const direct = await load(dir);
    const viaImport = await load(imported);
    const props = (p: typeof direct) => new Map(p.resources.map((r) => [resourceKey(r), r.properties]));
    expect(props(direct)).toEqual(props(viaImport));
    expect(direct.factory.globalParameters).toEqual(viaImport.factory.globalParameters);
    // The same resources as the import: test/apply/corpus.test.ts deploys those in full. Deploy here too,
    // except the 1,240-object factory (a minute of CI for nothing the equality above does not prove).
    if (direct.resources.length > 500) return;

    const emulator = await startEmulator({ port: 0, throttle: 'off' });
    try {
      const client = clientOf(emulator);
      const first = await planNow(client, direct, emulator);
      await client.request(
        'PUT',
        `/subscriptions/${targetOf(direct, emulator).subscriptionId}/resourceGroups/${targetOf(direct, emulator).resourceGroup}/providers/Microsoft.DataFactory/factories/${direct.factory.name}`,
        { body: first.bodies.get(first.plan.factory.address) },
      );
      await createOutsideReferences(client, direct, emulator);
      const summary = await applyPlan(client, await planNow(client, direct, emulator), { concurrency: 8 });
      expect(summary.failed).toEqual([]);
      expect(refusedRequests(emulator)).toEqual([]);
      const again = await planNow(client, await load(dir), emulator);
      expect(again.plan.hasChanges, JSON.stringify(again.plan.changes.map((c) => c.address))).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});

describe('a Studio folder is a project', () => {
  const LS = { type: 'AzureBlobStorage', typeProperties: { connectionString: 'UseDevelopmentStorage=true' } };

  it('reads JSON and YAML objects together, the factory settings from factory/, and reports at the JSON line', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': 'factory:\n  name: studio-f\nvars:\n  container: raw\n',
      'factory/studio-f.json': json({
        name: 'studio-f',
        location: 'northeurope',
        properties: { globalParameters: { env: { type: 'String', value: 'dev' } } },
      }),
      'linkedService/LS.json': json({
        name: 'LS',
        type: 'Microsoft.DataFactory/factories/linkedservices',
        properties: LS,
      }),
      'dataset/DS.json': json({
        name: 'DS',
        properties: {
          type: 'Binary',
          linkedServiceName: { referenceName: 'LS_missing', type: 'LinkedServiceReference' },
          typeProperties: { location: { type: 'AzureBlobStorageLocation', container: '${{ vars.container }}' } },
        },
      }),
      'integrationRuntime/AutoResolveIntegrationRuntime.json': json({
        name: 'AutoResolveIntegrationRuntime',
        properties: { type: 'Managed' },
      }),
      'extra/pipe.yaml': 'kind: Pipeline\nname: P\nproperties:\n  activities: []\n',
      'notes/other.json': '{"not": "an object file"}',
    });
    const { project, diagnostics } = await loadProject(dir, { environ: {} });
    expect(project?.factory).toMatchObject({ name: 'studio-f', location: 'northeurope' });
    expect(project?.factory.globalParameters).toEqual({ env: { type: 'String', value: 'dev' } });
    expect(project?.resources.map((r) => `${r.kind}/${r.name}`).sort()).toEqual([
      'Dataset/DS',
      'LinkedService/LS',
      'Pipeline/P',
    ]);
    const ds = project?.resources.find((r) => r.name === 'DS');
    expect(ds?.properties.typeProperties).toMatchObject({ location: { container: 'raw' } });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const errors = project ? validateProject(project).filter((d) => d.severity === 'error') : [];
    expect(errors).toMatchObject([
      { code: 'ref.missing', location: { file: path.join(dir, 'dataset/DS.json'), line: 6 } },
    ]);
  });

  it('apply --local and plan --local take a Studio folder, and graph draws it', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': 'factory:\n  name: studio-cli\n',
      'factory/studio-cli.json': json({ name: 'studio-cli', location: 'westeurope' }),
      'linkedService/LS.json': json({ name: 'LS', properties: LS }),
      'pipeline/P.json': json({ name: 'P', properties: { activities: [] } }),
    });
    const applied = await runCli(['apply', dir, '--local', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const planned = await runCli(['plan', dir, '--local']);
    expect(planned.stdout).toContain('No changes.');
    const graph = await runCli(['graph', dir, '--format', 'json']);
    expect(graph.code).toBe(0);
    expect(graph.stdout).toContain('LinkedService/LS');
  });

  it('reports a JSON syntax error, a wrong type and an unknown key at their file and line', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': 'factory:\n  name: studio-f\n  location: eastus\n',
      'pipeline/broken.json': '{\n    "name": "P",\n    "properties": {\n        "activities": [,]\n    }\n}\n',
      'dataset/typed.json': json({
        name: 'D',
        type: 'Microsoft.DataFactory/factories/pipelines',
        properties: { type: 'Binary' },
      }),
      'trigger/extra.json': json({ name: 'T', propertes: {} }),
    });
    const { diagnostics } = await loadProject(dir, { environ: {} });
    const at = (code: string) => diagnostics.find((d) => d.code === code);
    expect(at('yaml.syntax')?.location).toMatchObject({ file: path.join(dir, 'pipeline/broken.json'), line: 4 });
    expect(at('studio.type-mismatch')?.location).toMatchObject({ file: path.join(dir, 'dataset/typed.json'), line: 3 });
    expect(at('manifest.unknown-key')?.location).toMatchObject({ file: path.join(dir, 'trigger/extra.json'), line: 3 });
  });

  it('an empty SecureString value is an error', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': 'factory:\n  name: studio-f\n  location: eastus\n',
      'linkedService/sql.json': json({
        name: 'sql',
        properties: { type: 'AzureSqlDatabase', typeProperties: { password: { type: 'SecureString', value: '' } } },
      }),
    });
    const { diagnostics } = await loadProject(dir, { environ: {} });
    expect(diagnostics.filter((d) => d.code === 'secret.empty')).toMatchObject([
      { location: { file: path.join(dir, 'linkedService/sql.json'), line: 8 } },
    ]);
  });

  it('skips well-known CI files with a note, and what .adf-deployignore lists', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': 'factory:\n  name: studio-f\n  location: eastus\n',
      'azure-pipelines.yml': 'trigger: [main]\nsteps: []\n',
      'docker-compose.yaml': 'services: {}\n',
      'deploy/helm-values.yaml': 'replicas: 2\n',
      'scripts/x/config.yml': 'a: 1\n',
      '.adf-deployignore': '# not manifests\ndeploy/\n**/config.yml\n',
      'linkedService/LS.json': json({ name: 'LS', properties: LS }),
    });
    const { project, diagnostics, notes } = await loadProject(dir, { environ: {} });
    expect(diagnostics).toEqual([]);
    expect(project?.resources.map((r) => r.name)).toEqual(['LS']);
    expect(notes).toEqual([
      expect.stringContaining('skipped azure-pipelines.yml'),
      expect.stringContaining('skipped docker-compose.yaml'),
    ]);
    const cli = await runCli(['validate', dir]);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toContain('note: skipped azure-pipelines.yml: a CI or tool file, not a manifest');
  });
});

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFactory } from '../../src/import/index.js';
import { loadProject } from '../../src/manifest/load.js';
import { runCli } from '../helpers/cli.js';
import { writeTmpProject } from '../validate/tmp-project.js';

const json = (v: unknown) => JSON.stringify(v, null, 4);
const LS = { type: 'AzureBlobStorage', typeProperties: { connectionString: 'UseDevelopmentStorage=true' } };
const dataset = (container: string, fileName: string) =>
  json({
    name: 'DS',
    properties: {
      type: 'Binary',
      linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
      typeProperties: { location: { type: 'AzureBlobStorageLocation', container, fileName } },
    },
  });
const pipeline = (name: string) => json({ name, properties: { activities: [] } });

function source(): string {
  return writeTmpProject({
    'factory/studio-f.json': json({ name: 'studio-f', location: 'westeurope' }),
    'linkedService/LS.json': json({ name: 'LS', properties: LS }),
    'dataset/DS.json': dataset('landing', 'a.csv'),
    'pipeline/Old.json': pipeline('Old'),
    'pipeline/Kept.json': pipeline('Kept'),
  });
}

const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

describe('re-import into an existing project', () => {
  it('keeps adf-deploy.yaml, environments, placeholders and files it did not write; deletes what the source deleted', async () => {
    const src = source();
    const out = writeTmpProject({ '.git/HEAD': 'ref: refs/heads/main\n' });
    await importFactory(src, { out });

    // What a team does after the first import.
    const config = `${read(out, 'adf-deploy.yaml')}vars:\n  container: landing\nenvironments:\n  prod:\n    vars: { container: prod-landing }\n`;
    writeFileSync(path.join(out, 'adf-deploy.yaml'), config);
    writeFileSync(
      path.join(out, 'dataset/DS.yaml'),
      read(out, 'dataset/DS.yaml').replace('container: landing', 'container: ${{ vars.container }}'),
    );
    writeFileSync(path.join(out, 'README.md'), '# our factory\n');
    writeFileSync(path.join(out, 'pipeline/Mine.yaml'), 'kind: Pipeline\nname: Mine\nproperties:\n  activities: []\n');
    const kept = read(out, 'pipeline/Kept.yaml');

    // Studio-side changes: a property of the dataset, a pipeline deleted, one added.
    writeFileSync(path.join(src, 'dataset/DS.json'), dataset('landing', 'b.csv'));
    rmSync(path.join(src, 'pipeline/Old.json'));
    writeFileSync(path.join(src, 'pipeline/New.json'), pipeline('New'));
    const result = await runCli(['import', src, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('deleted pipeline/Old.yaml (deleted in the source)');

    expect(read(out, 'adf-deploy.yaml')).toBe(config);
    expect(read(out, 'dataset/DS.yaml')).toContain('container: ${{ vars.container }}');
    expect(read(out, 'dataset/DS.yaml')).toContain('fileName: b.csv');
    expect(read(out, 'pipeline/Kept.yaml')).toBe(kept);
    expect(read(out, 'README.md')).toBe('# our factory\n');
    expect(existsSync(path.join(out, 'pipeline/Mine.yaml'))).toBe(true);
    expect(existsSync(path.join(out, 'pipeline/Old.yaml'))).toBe(false);
    expect(existsSync(path.join(out, 'pipeline/New.yaml'))).toBe(true);
    expect(existsSync(path.join(out, '.git/HEAD'))).toBe(true);

    const { project, diagnostics } = await loadProject(out, { env: 'prod', environ: {} });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project?.resources.find((r) => r.name === 'DS')?.properties.typeProperties).toMatchObject({
      location: { container: 'prod-landing', fileName: 'b.csv' },
    });
  });

  it('reports a conflict when the source changed the value under a placeholder, and keeps the placeholder', async () => {
    const src = source();
    const out = path.join(writeTmpProject({}), 'p');
    await importFactory(src, { out });
    writeFileSync(path.join(out, 'adf-deploy.yaml'), `${read(out, 'adf-deploy.yaml')}vars:\n  container: landing\n`);
    writeFileSync(
      path.join(out, 'dataset/DS.yaml'),
      read(out, 'dataset/DS.yaml').replace('container: landing', 'container: ${{ vars.container }}'),
    );
    writeFileSync(path.join(src, 'dataset/DS.json'), dataset('staging', 'a.csv'));
    const result = await importFactory(src, { out });
    expect(result.conflicts).toEqual(['dataset/DS.yaml: properties.typeProperties.location.container']);
    expect(read(out, 'dataset/DS.yaml')).toContain('container: ${{ vars.container }}');
  });

  it('keeps the files of objects missing from a source that has broken files, and exits 2 listing them', async () => {
    const src = source();
    const out = path.join(writeTmpProject({}), 'p');
    await importFactory(src, { out });
    writeFileSync(path.join(src, 'pipeline/Old.json'), '{"name": "Old"}');
    const result = await runCli(['import', src, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /1 source file could not be imported:\n.*pipeline\/Old\.json:1:1: error\[import\.bad-properties\]: 'properties' must be a JSON object/,
    );
    expect(existsSync(path.join(out, 'pipeline/Old.yaml'))).toBe(true);
    const json = await runCli(['import', src, '--out', out, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'import.bad-properties',
        location: { file: path.join(src, 'pipeline/Old.json'), line: 1, col: 1 },
      }),
    ]);
  });

  it('refuses an import record that points outside the project', async () => {
    const out = path.join(writeTmpProject({}), 'p');
    await importFactory(source(), { out });
    writeFileSync(
      path.join(out, '.adf-deploy-import.json'),
      json({ files: { '../victim.yaml': { object: 'pipeline/x', hash: 'h' } } }),
    );
    await expect(importFactory(source(), { out })).rejects.toMatchObject({ code: 'import.bad-record' });
  });

  it('writes a .gitignore for .adf-deploy/, a commented target stub, and modelines that hold in a clone', async () => {
    const out = path.join(writeTmpProject({ 'package.json': '{}' }), 'adf');
    await importFactory(source(), { out });
    expect(read(out, '.gitignore')).toBe('.adf-deploy/\n');
    expect(read(out, 'adf-deploy.yaml')).toMatch(/^# target:\n#   subscriptionId: /m);
    expect(read(out, 'adf-deploy.yaml')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/node_modules\/adf-deploy\/schemas\/config\.schema\.json$/m,
    );
    expect(read(out, 'dataset/DS.yaml')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/node_modules\/adf-deploy\/schemas\/manifest\.schema\.json$/m,
    );
    const url = path.join(writeTmpProject({}), 'u');
    await importFactory(source(), { out: url, schemas: 'https://example.org/adf-deploy/schemas/' });
    expect(read(url, 'dataset/DS.yaml')).toMatch(
      /\$schema=https:\/\/example\.org\/adf-deploy\/schemas\/manifest\.schema\.json/,
    );
  });
});

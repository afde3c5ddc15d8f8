import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProblem, importFactory } from '../../src/import/index.js';
import { safeFileBase } from '../../src/import/file-names.js';
import { loadProject } from '../../src/manifest/load.js';
import { writeTmpProject } from '../validate/tmp-project.js';
import { withoutEnvDeclaration } from './helpers.js';

const json = (v: unknown) => JSON.stringify(v, null, '\t');
const LS = { type: 'AzureBlobStorage', typeProperties: { connectionString: 'UseDevelopmentStorage=true' } };

function studio(extra: Record<string, string> = {}): string {
  return writeTmpProject({
    'factory/my-factory.json': json({
      name: 'my-factory',
      location: 'westeurope',
      identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' },
      properties: { globalParameters: { env: { type: 'string', value: 'dev' } }, repoConfiguration: { type: 'x' } },
    }),
    'linkedService/ls.json': json({
      name: 'LS Blob é',
      type: 'Microsoft.DataFactory/factories/linkedservices',
      properties: LS,
    }),
    'dataset/whatever-file-name.json': json({
      name: 'DS_In',
      properties: {
        type: 'Binary',
        linkedServiceName: { referenceName: 'ls blob é', type: 'LinkedServiceReference' },
        annotations: ['${{ not a var }}', '$${{ x'],
      },
    }),
    'integrationRuntime/AutoResolveIntegrationRuntime.json': json({
      name: 'AutoResolveIntegrationRuntime',
      properties: { type: 'Managed' },
    }),
    'managedVirtualNetwork/default.json': json({
      name: 'default',
      type: 'Microsoft.DataFactory/factories/managedvirtualnetworks',
    }),
    'managedVirtualNetwork/default/managedPrivateEndpoint/pe.json': json({
      name: 'pe1',
      properties: { groupId: 'blob', privateLinkResourceId: '/x' },
    }),
    'publish_config.json': '{}',
    ...extra,
  });
}

async function importAndLoad(src: string, options: { factoryName?: string; location?: string } = {}) {
  const out = path.join(writeTmpProject({}), 'project');
  const result = await importFactory(src, { out, ...options });
  const loaded = await loadProject(out, { environ: {} });
  return { out, result, ...loaded };
}

describe('import: ADF Studio git folder', () => {
  it('writes one YAML file per object and adf-deploy.yaml, keeping names and properties exactly', async () => {
    const { out, result, project, diagnostics } = await importAndLoad(studio());
    expect(diagnostics).toEqual([]);
    expect(result.layout).toBe('studio');
    expect(project!.resources.map((r) => `${r.kind}/${r.parent ? `${r.parent}/` : ''}${r.name}`).sort()).toEqual([
      'Dataset/DS_In',
      'LinkedService/LS Blob é',
      'ManagedPrivateEndpoint/default/pe1',
      'ManagedVirtualNetwork/default',
    ]);
    const ds = project!.resources.find((r) => r.name === 'DS_In')!;
    expect(ds.properties.annotations).toEqual(['${{ not a var }}', '$${{ x']);
    expect(project!.resources.find((r) => r.kind === 'ManagedVirtualNetwork')!.properties).toEqual({});
    expect(readdirSync(path.join(out, 'linkedService'))).toEqual(['LS Blob é.yaml']);
    expect(existsSync(path.join(out, 'managedVirtualNetwork/default/managedPrivateEndpoint/pe1.yaml'))).toBe(true);
  });

  it('keeps the factory settings worth managing and drops server-set fields and the git configuration', async () => {
    const { project, result } = await importAndLoad(studio());
    expect(project!.factory).toMatchObject({
      name: 'my-factory',
      location: 'westeurope',
      identity: { type: 'SystemAssigned' },
      globalParameters: { env: { type: 'string', value: 'dev' } },
    });
    expect(project!.factory.identity).not.toHaveProperty('principalId');
    expect(project!.factory.properties).toBeUndefined();
    expect(result.model.notes.join('\n')).toMatch(/AutoResolveIntegrationRuntime is built into every factory/);
    expect(result.model.notes.join('\n')).toMatch(/git repo configuration/);
  });

  it('a source without a location (a factory file without one): --location fills it, otherwise a note says so', async () => {
    const noLocation = writeTmpProject({
      'factory/f.json': json({ name: 'f-1', properties: {} }),
      'linkedService/ls.json': json({ name: 'LS', properties: LS }),
    });
    const given = await importAndLoad(noLocation, { location: 'northeurope' });
    expect(given.project!.factory.location).toBe('northeurope');
    expect(given.result.model.notes.join('\n')).not.toMatch(/no factory location/);
    const missing = await importAndLoad(noLocation);
    expect(missing.project!.factory.location).toBeFalsy();
    expect(missing.result.model.notes.join('\n')).toMatch(
      /no factory location: before creating the factory, set factory.location .* --location/,
    );
    // A location in the source wins over --location (it is the factory's real region).
    expect((await importAndLoad(studio(), { location: 'northeurope' })).project!.factory.location).toBe('westeurope');
  });

  it('puts a yaml-language-server modeline on every file', async () => {
    const { out } = await importAndLoad(studio());
    expect(readFileSync(path.join(out, 'adf-deploy.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=.*config\.schema\.json\n/,
    );
    expect(readFileSync(path.join(out, 'dataset/DS_In.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=.*manifest\.schema\.json\n/,
    );
  });

  it('chooses among two factory files by --factory-name, and names the factory after the folder when there is none', async () => {
    const two = studio({ 'factory/other.json': json({ name: 'other-factory', location: 'eastus' }) });
    expect((await importAndLoad(two, { factoryName: 'other-factory' })).project!.factory.name).toBe('other-factory');
    const none = writeTmpProject({ 'linkedService/ls.json': json({ name: 'LS', properties: LS }) });
    const { project } = await importAndLoad(none);
    expect(project!.factory.name).toBe(path.basename(none).replace(/[^A-Za-z0-9]+/g, '-'));
  });

  it('resolves file name collisions between names that clean up to the same file name', async () => {
    const src = studio({
      'linkedService/a.json': json({ name: 'a:b', properties: LS }),
      'linkedService/b.json': json({ name: 'a?b', properties: LS }),
    });
    const { out, project } = await importAndLoad(src);
    expect(readdirSync(path.join(out, 'linkedService')).sort()).toEqual(['LS Blob é.yaml', 'a_b-2.yaml', 'a_b.yaml']);
    expect(project!.resources.filter((r) => r.kind === 'LinkedService')).toHaveLength(3);
  });

  it.each([
    [
      'invalid JSON, with file:line',
      { 'pipeline/p.json': '{\n  "name": "p",\n  "properties": {,}\n}' },
      /pipeline\/p\.json:3:\d+: invalid JSON/,
    ],
    ['an object without name', { 'pipeline/p.json': '{"properties": {}}' }, /pipeline\/p\.json:1:1: no 'name'/],
    [
      'properties that are not an object',
      { 'pipeline/p.json': '{"name": "p", "properties": []}' },
      /'properties' must be a JSON object/,
    ],
  ])('imports the rest of a source with %s, and lists the broken file', async (_label, files, message) => {
    const out = path.join(writeTmpProject({}), 'project');
    const result = await importFactory(studio(files), { out });
    expect(result.model.broken?.map(describeProblem)).toEqual([expect.stringMatching(message)]);
    expect(result.model.broken?.[0]).toMatchObject({ severity: 'error', code: expect.stringMatching(/^import\./) });
    expect(existsSync(path.join(out, 'dataset/DS_In.yaml'))).toBe(true);
    expect(existsSync(path.join(out, 'pipeline'))).toBe(false);
  });

  it('refuses a source where nothing reads, and writes nothing', async () => {
    const out = path.join(writeTmpProject({}), 'project');
    const src = writeTmpProject({ 'pipeline/p.json': '{"properties": {}}' });
    await expect(importFactory(src, { out })).rejects.toMatchObject({ code: 'import.bad-input' });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a source that is not an ADF layout, or does not exist', async () => {
    const out = path.join(writeTmpProject({}), 'project');
    await expect(importFactory(writeTmpProject({ 'x/readme.md': 'hi' }), { out })).rejects.toMatchObject({
      code: 'import.unknown-layout',
    });
    await expect(importFactory('/nonexistent/src', { out })).rejects.toMatchObject({ code: 'import.not-found' });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a non-empty --out without --force; with --force writes into it and keeps every file it did not write', async () => {
    const out = writeTmpProject({ 'keep.txt': 'x', 'dataset/DS_In.yaml': 'mine', '.git/HEAD': 'ref' });
    await expect(importFactory(studio(), { out })).rejects.toMatchObject({ code: 'import.out-exists' });
    expect(readdirSync(out).sort()).toEqual(['.git', 'dataset', 'keep.txt']);
    await importFactory(studio(), { out, force: true });
    expect(readFileSync(path.join(out, 'keep.txt'), 'utf8')).toBe('x');
    expect(readFileSync(path.join(out, 'dataset/DS_In.yaml'), 'utf8')).toBe('mine');
    expect(readFileSync(path.join(out, '.git/HEAD'), 'utf8')).toBe('ref');
    expect(readdirSync(path.join(out, 'dataset'))).toEqual(['DS_In-2.yaml', 'DS_In.yaml']);
    expect(readdirSync(out)).toContain('adf-deploy.yaml');
  });

  it('takes an empty git repository (only .git) as the target without --force', async () => {
    const out = writeTmpProject({ '.git/HEAD': 'ref: refs/heads/main\n' });
    await importFactory(studio(), { out });
    expect(readdirSync(out).sort()).toEqual([
      '.adf-deploy-import.json',
      '.git',
      '.gitignore',
      'adf-deploy.yaml',
      'dataset',
      'linkedService',
      'managedVirtualNetwork',
    ]);
    expect(readFileSync(path.join(out, '.gitignore'), 'utf8')).toBe('.adf-deploy/\n');
    expect(readFileSync(path.join(out, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });
});

describe('import: ARM template export', () => {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      factoryName: { type: 'string', defaultValue: 'template-default' },
      LS_Blob_connectionString: { type: 'secureString' },
      LS_Blob_properties_typeProperties_container: { type: 'string', defaultValue: 'input' },
    },
    resources: [
      {
        name: "[concat(parameters('factoryName'), '/LS_Blob')]",
        type: 'Microsoft.DataFactory/factories/linkedServices',
        apiVersion: '2018-06-01',
        properties: {
          type: 'AzureBlobStorage',
          typeProperties: { connectionString: "[parameters('LS_Blob_connectionString')]" },
        },
        dependsOn: [],
      },
      {
        name: "[concat(parameters('factoryName'), '/DS_In')]",
        type: 'Microsoft.DataFactory/factories/datasets',
        apiVersion: '2018-06-01',
        properties: {
          type: 'Binary',
          linkedServiceName: { referenceName: 'LS_Blob', type: 'LinkedServiceReference' },
          typeProperties: {
            location: {
              type: 'AzureBlobStorageLocation',
              container: "[parameters('LS_Blob_properties_typeProperties_container')]",
              folderPath: '[[literal]',
            },
          },
        },
        dependsOn: ["[concat(variables('factoryId'), '/linkedServices/LS_Blob')]"],
      },
      {
        name: "[concat(parameters('factoryName'), '/default/pe1')]",
        type: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints',
        apiVersion: '2018-06-01',
        properties: { groupId: 'blob' },
      },
      {
        name: "[concat(parameters('factoryName'), '/default')]",
        type: 'Microsoft.DataFactory/factories/managedVirtualNetworks',
        apiVersion: '2018-06-01',
        properties: {},
      },
    ],
  };
  const parameters = {
    parameters: {
      factoryName: { value: 'arm-factory' },
      LS_Blob_properties_typeProperties_container: { value: 'from-params' },
    },
  };

  it('reads resources, turns parameters into vars (secure ones read an env var) and undoes ARM escapes', async () => {
    const src = writeTmpProject({
      'ARMTemplateForFactory.json': json(template),
      'ARMTemplateParametersForFactory.json': json(parameters),
    });
    const out = path.join(writeTmpProject({}), 'project');
    const result = await importFactory(src, { out });
    expect(result.layout).toBe('arm');
    const { project, diagnostics } = await loadProject(out, {
      environ: { LS_Blob_connectionString: 'UseDevelopmentStorage=true' },
    });
    expect(withoutEnvDeclaration(diagnostics).map((d) => d.code)).toEqual(['factory.no-location']);
    expect(project!.factory.name).toBe('arm-factory');
    const byName = Object.fromEntries(project!.resources.map((r) => [r.name, r]));
    expect(byName.LS_Blob.properties).toEqual({
      type: 'AzureBlobStorage',
      typeProperties: { connectionString: 'UseDevelopmentStorage=true' },
    });
    expect((byName.DS_In.properties.typeProperties as { location: unknown }).location).toEqual({
      type: 'AzureBlobStorageLocation',
      container: 'from-params',
      folderPath: '[literal]',
    });
    expect(byName.pe1).toMatchObject({ kind: 'ManagedPrivateEndpoint', parent: 'default' });
    expect(readFileSync(path.join(out, 'adf-deploy.yaml'), 'utf8')).toContain(
      'LS_Blob_connectionString: ${{ env.LS_Blob_connectionString }}',
    );
  });

  it('reports a missing secret as a missing variable when the project is loaded, never a value', async () => {
    const src = writeTmpProject({ 'ARMTemplateForFactory.json': json(template) });
    const out = path.join(writeTmpProject({}), 'project');
    await importFactory(src, { out });
    const { diagnostics, project } = await loadProject(out, { environ: {} });
    expect(project!.factory.name).toBe('template-default');
    expect(withoutEnvDeclaration(diagnostics.filter((d) => d.severity === 'error')).map((d) => d.code)).toEqual([
      'var.missing',
    ]);
  });

  it('reads the factory and global parameter resources, with parameters as vars', async () => {
    const withFactory = {
      ...template,
      parameters: {
        ...template.parameters,
        location: { type: 'string', defaultValue: 'westeurope' },
        dataFactory_properties_globalParameters_env_value: { type: 'string', defaultValue: 'dev ${{ x' },
      },
      resources: [
        {
          name: "[concat(parameters('factoryName'), '/default')]",
          type: 'Microsoft.DataFactory/factories/globalparameters',
          apiVersion: '2018-06-01',
          properties: {
            env: { type: 'string', value: "[parameters('dataFactory_properties_globalParameters_env_value')]" },
          },
        },
        {
          name: "[parameters('factoryName')]",
          type: 'Microsoft.DataFactory/factories',
          apiVersion: '2018-06-01',
          location: "[parameters('location')]",
          identity: { type: 'SystemAssigned' },
          properties: {},
        },
      ],
    };
    const src = writeTmpProject({
      'ARMTemplateForFactory.json': json(withFactory),
      'ARMTemplateParametersForFactory.json': json(parameters),
    });
    const out = path.join(writeTmpProject({}), 'project');
    await importFactory(src, { out });
    const { project, diagnostics } = await loadProject(out, { environ: { LS_Blob_connectionString: 'x' } });
    // The linked service and dataset of the shared template are left out here, so their parameters are unused.
    expect(withoutEnvDeclaration(diagnostics).map((d) => d.code)).toEqual(['var.unused', 'var.unused']);
    expect(project!.factory).toMatchObject({
      name: 'arm-factory',
      location: 'westeurope',
      identity: { type: 'SystemAssigned' },
      globalParameters: { env: { type: 'string', value: 'dev ${{ x' } },
    });
  });

  it('refuses a JSON file that is not an ARM template', async () => {
    const src = writeTmpProject({ 'ARMTemplateForFactory.json': '{"hello": 1}' });
    await expect(importFactory(src, { out: path.join(writeTmpProject({}), 'p') })).rejects.toThrow(
      /not an ARM template/,
    );
  });
});

describe('import: YAML round trip', () => {
  const tricky = [
    'yes',
    'no',
    'on',
    'off',
    'null',
    '~',
    '',
    '1e3',
    '0x1F',
    '0o17',
    '.inf',
    '-.nan',
    '2021-01-01',
    '12:30:00',
    ' leading',
    'trailing ',
    'multi\nline\n',
    'a\n\n  indented\n',
    'tab\tx',
    '#hash',
    '- dash',
    'key: value',
    '{a}',
    '[b]',
    "'q'",
    '"dq"',
    '@{pipeline().x}',
    '*alias',
    '&anchor',
    '!tag',
    '%dir',
    '`bt`',
    'line\u2028sep',
    'é ü 日本',
    'crlf\r\nx',
    '\u0000nul',
    '---',
    '...',
    '${{ vars.x }}',
    '$${{ y }}',
    'x'.repeat(500),
  ];
  const value = {
    strings: tricky,
    keys: Object.fromEntries(tricky.slice(0, 30).map((k, i) => [k, i])),
    numbers: [0, 1, -1, 1.5, 3.14159265358979, 1e21, 1e-7, 2 ** 53 - 1, 2000000],
    other: [true, false, null, {}, [], [[[]]], { '': '' }],
  };

  it('gives back exactly what went in, for strings, keys and numbers YAML could misread', async () => {
    const src = studio({ 'pipeline/tricky.json': json({ name: 'Tricky', properties: value }) });
    const { project, diagnostics } = await importAndLoad(src);
    expect(diagnostics).toEqual([]);
    expect(project!.resources.find((r) => r.name === 'Tricky')!.properties).toEqual(value);
  });
});

describe('safeFileBase', () => {
  it.each([
    ['LS Blob é', 'LS Blob é'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a_b_c_d_e_f_g_h_i_j'],
    ['name.', 'name'],
    ['CON', '_CON'],
    ['.hidden', '_.hidden'],
  ])('%s -> %s', (name, expected) => {
    expect(safeFileBase(name)).toBe(expected);
  });
  it('cuts long names below 200 bytes at a character boundary', () => {
    const s = safeFileBase('é'.repeat(260));
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(200);
    expect(s).toBe('é'.repeat(100));
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFactory } from '../../src/import/index.js';
import { loadProject } from '../../src/manifest/load.js';
import { validateProject } from '../../src/validate/validate.js';
import { writeTmpProject } from '../validate/tmp-project.js';
import { withoutEnvDeclaration } from './helpers.js';

const json = (v: unknown) => JSON.stringify(v, null, 2);
const child = (type: string, name: string, properties: unknown) => ({
  name: `[concat(parameters('factoryName'), '/${name}')]`,
  type: `Microsoft.DataFactory/factories/${type}`,
  apiVersion: '2018-06-01',
  properties,
  dependsOn: [],
});
const template = (parameters: Record<string, unknown>, resources: unknown[], variables?: unknown) => ({
  $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { factoryName: { type: 'string', defaultValue: 'arm-f' }, ...parameters },
  ...(variables ? { variables } : {}),
  resources,
});

async function importTemplate(t: unknown, extra: Record<string, string> = {}) {
  const src = writeTmpProject({ 'ARMTemplateForFactory.json': json(t), ...extra });
  const out = path.join(writeTmpProject({}), 'p');
  const result = await importFactory(src, { out, location: 'westeurope' });
  const config = readFileSync(path.join(out, 'adf-deploy.yaml'), 'utf8');
  return { out, result, config };
}

async function loadWithVars(out: string, vars: string, environ: Record<string, string> = {}) {
  const file = path.join(out, 'adf-deploy.yaml');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, `${readFileSync(file, 'utf8')}${vars}`);
  const { project, diagnostics } = await loadProject(out, { environ });
  const all = withoutEnvDeclaration([...diagnostics, ...(project ? validateProject(project) : [])]);
  return { project, errors: all.filter((d) => d.severity === 'error') };
}

const REST_LS = child('linkedServices', 'LS_Rest', {
  type: 'RestService',
  typeProperties: {
    url: "[concat('https://', parameters('Profisee REST API'), '/rest')]",
    authenticationType: 'Anonymous',
  },
});

describe('import: ARM templates as ADF publishes them', () => {
  it('maps parameter names with spaces to valid var names, the same everywhere, keeping the original in a comment', async () => {
    const { out, config, result } = await importTemplate(
      template({ 'Profisee REST API': { type: 'string', defaultValue: 'mdm.example.org' } }, [REST_LS]),
    );
    expect(config).toContain("# type: string; ARM parameter 'Profisee REST API'\n  Profisee_REST_API: mdm.example.org");
    expect(readFileSync(path.join(out, 'linkedService/LS_Rest.yaml'), 'utf8')).toContain(
      'url: https://${{ vars.Profisee_REST_API }}/rest',
    );
    expect(result.model.notes.join('\n')).not.toMatch(/ARM expression/);
    const { project, errors } = await loadWithVars(out, '');
    expect(errors).toEqual([]);
    expect(project?.resources[0].properties.typeProperties).toMatchObject({ url: 'https://mdm.example.org/rest' });
  });

  it('substitutes typed parameters as typed values, and writes their defaults typed', async () => {
    const { out, config } = await importTemplate(
      template(
        {
          source_parameter: {
            type: 'object',
            defaultValue: {
              type: 'BinarySource',
              storeSettings: { type: 'AzureBlobStorageReadSettings', recursive: true },
            },
          },
          retries: { type: 'int', defaultValue: 3 },
          secure_input: { type: 'bool', defaultValue: true },
          ds_parameters: { type: 'object' },
        },
        [
          child('linkedServices', 'LS', {
            type: 'AzureBlobStorage',
            typeProperties: { connectionString: 'UseDevelopmentStorage=true' },
          }),
          child('datasets', 'DS', {
            type: 'Binary',
            linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
            parameters: "[parameters('ds_parameters')]",
            typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'c' } },
          }),
          child('pipelines', 'P', {
            activities: [
              {
                name: 'Copy',
                type: 'Copy',
                policy: { retry: "[parameters('retries')]", secureInput: "[parameters('secure_input')]" },
                inputs: [{ referenceName: 'DS', type: 'DatasetReference' }],
                outputs: [{ referenceName: 'DS', type: 'DatasetReference' }],
                typeProperties: { source: "[parameters('source_parameter')]", sink: { type: 'BinarySink' } },
              },
            ],
          }),
        ],
      ),
    );
    expect(config).toMatch(/retries: 3\n/);
    expect(config).toMatch(/secure_input: true\n/);
    expect(config).toMatch(/# type: object; no value in the template: set it\n {2}ds_parameters: null/);
    const { project, errors } = await loadWithVars(out, '');
    expect(errors.map((e) => e.message)).toContain("variable 'ds_parameters' has no value");
    const text = readFileSync(path.join(out, 'adf-deploy.yaml'), 'utf8').replace(
      'ds_parameters: null',
      'ds_parameters: { folder: { type: String } }',
    );
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(out, 'adf-deploy.yaml'), text);
    const loaded = await loadWithVars(out, '');
    expect(loaded.errors).toEqual([]);
    const pipeline = loaded.project?.resources.find((r) => r.name === 'P');
    expect(pipeline?.properties.activities).toMatchObject([
      {
        policy: { retry: 3, secureInput: true },
        typeProperties: { source: { type: 'BinarySource', storeSettings: { recursive: true } } },
      },
    ]);
    expect(project).toBeDefined();
  });

  it('translates concat and variables, and turns other expressions into vars to set by hand, reported per property', async () => {
    const { out, result } = await importTemplate(
      template(
        { host: { type: 'string', defaultValue: 'h' } },
        [
          child('linkedServices', 'LS', {
            type: 'RestService',
            typeProperties: {
              url: "[variables('baseUrl')]",
              authenticationType: 'Anonymous',
              resource: "[resourceId('Microsoft.Storage/storageAccounts', 'acct')]",
            },
          }),
        ],
        { baseUrl: "[concat('https://', parameters('host'), '/api')]" },
      ),
    );
    expect(result.model.notes).toContainEqual(
      expect.stringMatching(
        /resources\[0\] properties\.typeProperties\.resource: left as an ARM expression, set it by hand \(vars\.LS_resource_expression\)/,
      ),
    );
    const text = readFileSync(path.join(out, 'linkedService/LS.yaml'), 'utf8');
    expect(text).toContain('url: https://${{ vars.host }}/api');
    expect(text).not.toContain('resourceId');
    const { errors } = await loadWithVars(out, '');
    expect(errors.map((e) => e.message)).toEqual(["variable 'LS_resource_expression' has no value"]);
  });

  it('lists every var of a template whose parameters are all unset, with type and description', async () => {
    const { config } = await importTemplate(
      template(
        {
          'Azure Data Lake Storage Gen2 Connection': { type: 'string', metadata: { description: 'the ADLS URL' } },
          batchSize: { type: 'int' },
        },
        [REST_LS],
      ),
    );
    expect(config).toContain(
      "# type: string; ARM parameter 'Azure Data Lake Storage Gen2 Connection'; no value in the template: set it; the ADLS URL\n  Azure_Data_Lake_Storage_Gen2_Connection: null",
    );
    expect(config).toContain('# type: int; no value in the template: set it\n  batchSize: null');
  });

  it('never writes a secure value: a declared env placeholder instead, even when the parameters file has one', async () => {
    const { out, config, result } = await importTemplate(
      template({ LS_password: { type: 'secureString' } }, [
        child('linkedServices', 'LS', {
          type: 'AzureSqlDatabase',
          typeProperties: {
            connectionString: 'Server=s;Database=d',
            password: { type: 'SecureString', value: "[parameters('LS_password')]" },
          },
        }),
      ]),
      { 'ARMTemplateParametersForFactory.json': json({ parameters: { LS_password: { value: 'hunter2-secret' } } }) },
    );
    expect(config).toMatch(/^env:\n {2}- LS_password$/m);
    expect(config).toContain('LS_password: ${{ env.LS_password }}');
    expect(result.model.notes.join('\n')).toMatch(
      /secure parameter 'LS_password' has a value .*: not written; set LS_password/,
    );
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : [path.join(dir, f)],
      );
    for (const f of files(out)) expect(readFileSync(f, 'utf8')).not.toContain('hunter2');
  });

  it('reads the factory resource: location, identity and global parameters; and a global parameters file', async () => {
    const factory = {
      name: "[parameters('factoryName')]",
      type: 'Microsoft.DataFactory/factories',
      apiVersion: '2018-06-01',
      location: "[parameters('dataFactory_location')]",
      identity: { type: 'SystemAssigned' },
      properties: { globalParameters: { env: { type: 'String', value: "[parameters('default_properties_env')]" } } },
    };
    const { out } = await importTemplate(
      template(
        {
          dataFactory_location: { type: 'string', defaultValue: 'northeurope' },
          default_properties_env: { type: 'string', defaultValue: 'dev' },
        },
        [factory],
      ),
    );
    const { project, errors } = await loadWithVars(out, '');
    expect(errors).toEqual([]);
    expect(project?.factory).toMatchObject({
      location: 'northeurope',
      identity: { type: 'SystemAssigned' },
      globalParameters: { env: { type: 'String', value: 'dev' } },
    });

    const older = await importTemplate(template({}, [REST_LS]), {
      'globalParameters/arm-f_GlobalParameters.json': json({ region: { type: 'string', value: 'eu ${{ x' } }),
    });
    const loaded = await loadProject(older.out, { environ: {} });
    expect(loaded.project?.factory.globalParameters).toEqual({ region: { type: 'string', value: 'eu ${{ x' } });
  });

  it('says a linked-template part is one part of a master template', async () => {
    const src = writeTmpProject({ 'linkedTemplates/ArmTemplate_0.json': json(template({}, [REST_LS])) });
    const out = path.join(writeTmpProject({}), 'p');
    const result = await importFactory(path.join(src, 'linkedTemplates/ArmTemplate_0.json'), { out });
    expect(result.model.notes).toContainEqual(
      expect.stringMatching(/ArmTemplate_0\.json is one part of a linked \(master\) template/),
    );
  });
});

describe('import: what a source must never bring in', () => {
  it('turns masked secrets into declared env placeholders, strips fingerprint markers, and escapes ${{ in names', async () => {
    const src = writeTmpProject({
      'linkedService/ls.json': json({
        name: 'LS ${{ env.AZURE_CLIENT_SECRET }}',
        properties: {
          type: 'AzureSqlDatabase',
          annotations: ['team', 'adf-deploy:secrets=0123456789abcdef'],
          typeProperties: {
            connectionString: 'Server=s;Database=d',
            password: { type: 'SecureString', value: '**********' },
            servicePrincipalKey: { type: 'SecureString', value: '' },
          },
        },
      }),
    });
    const out = path.join(writeTmpProject({}), 'p');
    const result = await importFactory(src, { out, location: 'westeurope' });
    expect(result.model.env).toEqual([
      'LS_ENV_AZURE_CLIENT_SECRET_PASSWORD',
      'LS_ENV_AZURE_CLIENT_SECRET_SERVICEPRINCIPALKEY',
    ]);
    expect(result.model.notes.join('\n')).toMatch(/removed an adf-deploy:secrets= marker/);
    expect(result.model.notes.join('\n')).toMatch(
      /a masked secret \(\*{10}\) became \$\{\{ env\.LS_ENV_AZURE_CLIENT_SECRET_PASSWORD \}\}/,
    );
    const { project, diagnostics } = await loadProject(out, {
      environ: {
        LS_ENV_AZURE_CLIENT_SECRET_PASSWORD: 'p',
        LS_ENV_AZURE_CLIENT_SECRET_SERVICEPRINCIPALKEY: 'k',
        AZURE_CLIENT_SECRET: 'leak',
      },
    });
    expect(withoutEnvDeclaration(diagnostics)).toEqual([]);
    const ls = project?.resources[0];
    expect(ls?.name).toBe('LS ${{ env.AZURE_CLIENT_SECRET }}');
    expect(ls?.properties.annotations).toEqual(['team']);
    expect(ls?.properties.typeProperties).toMatchObject({
      password: { value: 'p' },
      servicePrincipalKey: { value: 'k' },
    });
  });
});

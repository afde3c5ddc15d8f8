import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { F, RG, SUB, useEmulator } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

const API = '2022-09-01';
const D = (name: string) =>
  `/subscriptions/${SUB}/resourcegroups/${RG}/providers/Microsoft.Resources/deployments/${name}`;
const templates = tempDir('adf-deployments-');

const FACTORY = {
  name: "[parameters('factoryName')]",
  type: 'Microsoft.DataFactory/factories',
  apiVersion: '2018-06-01',
  location: '[resourceGroup().location]',
  properties: {},
};

function ls(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `[concat(parameters('factoryName'), '/${name}')]`,
    type: 'Microsoft.DataFactory/factories/linkedServices',
    apiVersion: '2018-06-01',
    properties: { type: 'AzureBlobStorage', typeProperties: { serviceEndpoint: 'https://a.blob.core.windows.net' } },
    dependsOn: ["[variables('factoryId')]"],
    ...extra,
  };
}

function dataset(name: string, lsName: string, dependsOn: string[]): Record<string, unknown> {
  return {
    name: `[concat(parameters('factoryName'), '/${name}')]`,
    type: 'Microsoft.DataFactory/factories/datasets',
    apiVersion: '2018-06-01',
    properties: {
      type: 'Binary',
      linkedServiceName: { referenceName: lsName, type: 'LinkedServiceReference' },
      typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'c' } },
    },
    dependsOn,
  };
}

function template(resources: unknown[], parameters: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { factoryName: { type: 'string' }, ...parameters },
    variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
    resources,
  };
}

describe('emulator: Microsoft.Resources/deployments (SPEC section Q)', () => {
  const emu = useEmulator({ deploymentTemplates: templates });
  const put = (name: string, properties: Record<string, unknown>, apiVersion: string | null = API) =>
    emu.call('PUT', D(name), { properties: { mode: 'Incremental', ...properties } }, { apiVersion });
  const get = (name: string) => emu.call('GET', D(name), undefined, { apiVersion: API });
  const factoryName = { factoryName: { value: 'df-arm' } };

  it('PUT answers 201 Accepted with an async operation; GET gives Succeeded and the resources', async () => {
    const r = await put('d1', { template: template([FACTORY, ls('LS1')]), parameters: factoryName });
    expect(r.status).toBe(201);
    expect(r.body.properties.provisioningState).toBe('Accepted');
    const op = r.headers.get('azure-asyncoperation');
    expect(op).toContain('/operationStatuses/');
    expect((await emu.call('GET', op ?? '', undefined, { apiVersion: null })).body).toEqual({ status: 'Succeeded' });
    const done = await get('d1');
    expect(done.body.properties.provisioningState).toBe('Succeeded');
    expect(done.body.properties.outputResources.map((o: { id: string }) => o.id)).toEqual([
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/df-arm`,
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/df-arm/linkedServices/LS1`,
    ]);
    expect((await emu.call('GET', `${F('df-arm')}/linkedservices/LS1`)).status).toBe(200);
  });

  it('dependsOn orders the PUTs whatever the template order', async () => {
    const ds = dataset('DS1', 'LS1', ["[concat(variables('factoryId'), '/linkedServices/LS1')]"]);
    const r = await put('d2', { template: template([ds, ls('LS1'), FACTORY]), parameters: factoryName });
    expect(r.status).toBe(201);
    expect((await get('d2')).body.properties.provisioningState).toBe('Succeeded');
    const puts = emu.emulator.requestLog().filter((e) => e.method === 'PUT');
    expect(puts.map((e) => e.path)).toEqual([D('d2')]);
    expect((await emu.call('GET', `${F('df-arm')}/datasets/DS1`)).status).toBe(200);
  });

  it('a function the evaluator does not know is a 400 that names it; nothing is deployed', async () => {
    const bad = ls('LS1', {
      properties: { type: 'AzureBlobStorage', typeProperties: { serviceEndpoint: "[uniqueString('x')]" } },
    });
    const r = await put('d3', { template: template([FACTORY, bad]), parameters: factoryName });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('InvalidTemplate');
    expect(r.body.error.message).toContain("'uniqueString'");
    expect((await emu.call('GET', F('df-arm'))).status).toBe(404);
    expect((await get('d3')).status).toBe(404);
  });

  it('a resource whose condition is false is not deployed', async () => {
    const skipped = ls('LS2', { condition: "[equals(parameters('factoryName'), 'other')]" });
    const r = await put('d12', { template: template([FACTORY, ls('LS1'), skipped]), parameters: factoryName });
    expect(r.status).toBe(201);
    expect((await get('d12')).body.properties.provisioningState).toBe('Succeeded');
    expect((await emu.call('GET', `${F('df-arm')}/linkedservices/LS1`)).status).toBe(200);
    expect((await emu.call('GET', `${F('df-arm')}/linkedservices/LS2`)).status).toBe(404);
  });

  it('a dependsOn cycle or an unknown dependsOn target is a 400', async () => {
    const a = ls('A', { dependsOn: ["[concat(variables('factoryId'), '/linkedServices/B')]"] });
    const b = ls('B', { dependsOn: ["[concat(variables('factoryId'), '/linkedServices/A')]"] });
    const cycle = await put('d4', { template: template([FACTORY, a, b]), parameters: factoryName });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.message).toContain('Circular dependency detected');
    const lost = ls('A', { dependsOn: ["[concat(variables('factoryId'), '/linkedServices/Nowhere')]"] });
    const missing = await put('d5', { template: template([FACTORY, lost]), parameters: factoryName });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('Microsoft.DataFactory/factories/df-arm/linkedServices/Nowhere');
    expect(missing.body.error.message).toContain('is not defined in the template');
  });

  it('parameters: a missing value, an unknown name or a wrong type is a 400; secure values are never returned', async () => {
    const secure = ls('LS1', {
      properties: {
        type: 'AzureBlobStorage',
        typeProperties: { connectionString: { type: 'SecureString', value: "[parameters('conn')]" } },
      },
    });
    const t = template([FACTORY, secure], { conn: { type: 'secureString' } });
    const none = await put('d6', { template: t, parameters: factoryName });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain("'conn' is not provided");
    const unknown = await put('d6', {
      template: t,
      parameters: { ...factoryName, conn: { value: 'x' }, other: { value: 1 } },
    });
    expect(unknown.body.error.message).toContain("'other'");
    const typed = await put('d6', { template: t, parameters: { ...factoryName, conn: { value: 5 } } });
    expect(typed.body.error.message).toContain('expected secureString');
    const ok = await put('d6', {
      template: t,
      parameters: {
        ...factoryName,
        conn: { value: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=SECRETKEY' },
      },
    });
    expect(ok.status).toBe(201);
    const done = await get('d6');
    expect(done.body.properties.provisioningState).toBe('Succeeded');
    expect(done.body.properties.parameters.conn).toEqual({ type: 'secureString' });
    expect(`${ok.text}${done.text}`).not.toContain('SECRETKEY');
  });

  it('a resource the service refuses ends the deployment Failed with the error', async () => {
    const r = await put('d7', {
      template: template([FACTORY, dataset('DS1', 'Nowhere', ["[variables('factoryId')]"])]),
      parameters: factoryName,
    });
    expect(r.status).toBe(201);
    const done = await get('d7');
    expect(done.body.properties.provisioningState).toBe('Failed');
    expect(done.body.properties.error.code).toBe('DeploymentFailed');
    expect(done.body.properties.error.details[0].target).toContain('/datasets/DS1');
  });

  it('linked templates are read by file name from the given folder, nothing else', async () => {
    writeFileSync(path.join(templates, 'Part_0.json'), JSON.stringify(template([FACTORY, ls('LS1')])));
    const master = {
      ...template(
        [
          {
            name: 'Part_0',
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2018-02-01',
            properties: {
              mode: 'incremental',
              templateLink: {
                uri: "[concat(parameters('containerUri'), '/Part_0.json', parameters('containerSasToken'))]",
              },
              parameters: { factoryName: { value: "[parameters('factoryName')]" } },
            },
          },
        ],
        { containerUri: { type: 'string' }, containerSasToken: { type: 'string' } },
      ),
    };
    writeFileSync(path.join(templates, 'Master.json'), JSON.stringify(master));
    const params = {
      ...factoryName,
      containerUri: { value: 'https://store.example/c' },
      containerSasToken: { value: '' },
    };
    const r = await put('d8', { templateLink: { uri: 'https://store.example/c/Master.json' }, parameters: params });
    expect(r.status).toBe(201);
    expect((await get('d8')).body.properties.provisioningState).toBe('Succeeded');
    expect((await get('Part_0')).body.properties.provisioningState).toBe('Succeeded');
    expect((await emu.call('GET', `${F('df-arm')}/linkedservices/LS1`)).status).toBe(200);
    const outside = await put('d9', {
      templateLink: { uri: 'https://store.example/c/..%2F..%2Fetc%2Fpasswd' },
      parameters: params,
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.code).toBe('InvalidContentLink');
  });

  it('ARM limits: more than 800 resources in one template is a 400', async () => {
    const many = Array.from({ length: 801 }, (_, i) => ls(`LS${i}`));
    const r = await put('d10', { template: template(many), parameters: factoryName });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('exceeds the maximum of 800');
  });

  it('api-version, mode and name are checked', async () => {
    const t = { template: template([FACTORY]), parameters: factoryName };
    expect((await put('d11', t, null)).body.error.code).toBe('MissingApiVersionParameter');
    expect((await put('d11', { ...t, mode: 'Complete' })).body.error.code).toBe('InvalidDeploymentMode');
    expect((await get('never')).body.error.code).toBe('DeploymentNotFound');
  });
});

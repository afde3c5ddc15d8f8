import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArmTemplate } from '../../src/build/arm-template.js';
import { startEmulator } from '../../src/emulator/index.js';
import { clientOf, planNow, refusedRequests, targetOf } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';
import { deploy, deploymentParameters, loadWith } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRET = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=TOPSECRETKEY==';

function writeProject(): string {
  const dir = tempDir('adf-build-');
  writeFileSync(
    path.join(dir, 'adf-deploy.yaml'),
    [
      'factory:',
      '  name: build-${{ vars.suffix }}',
      '  location: westeurope',
      '  globalParameters: { region: { type: String, value: "${{ vars.suffix }}" } }',
      'env: [STORAGE_CONN]',
      'vars: { suffix: dev }',
      'environments:',
      '  prod: { vars: { suffix: prod } }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'objects.yaml'),
    [
      'kind: LinkedService',
      'name: LS_Store',
      'properties:',
      '  type: AzureBlobStorage',
      '  typeProperties:',
      '    connectionString: { type: SecureString, value: "${{ env.STORAGE_CONN }}" }',
      '---',
      'kind: Dataset',
      "name: DS_It's",
      'properties:',
      '  type: Binary',
      '  description: "[not an expression]"',
      '  linkedServiceName: { referenceName: ls_store, type: LinkedServiceReference }',
      '  typeProperties: { location: { type: AzureBlobStorageLocation, container: c } }',
      '',
    ].join('\n'),
  );
  return dir;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

describe('adf-deploy build --arm', () => {
  it("writes ADF's layout; secrets are secureString parameters, never values", async () => {
    const dir = writeProject();
    const out = path.join(dir, 'arm');
    const r = await runCli(['build', '--arm', '--out', out, dir], { env: { STORAGE_CONN: SECRET } });
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 resources, 1 secure parameter');
    const template = JSON.parse(readFileSync(path.join(out, 'ARMTemplateForFactory.json'), 'utf8'));
    const params = JSON.parse(readFileSync(path.join(out, 'ARMTemplateParametersForFactory.json'), 'utf8'));
    expect(template.parameters.LS_Store_connectionString).toEqual({ type: 'secureString' });
    expect(params.parameters).toEqual({
      factoryName: { value: 'build-dev' },
      LS_Store_connectionString: { value: '' },
    });
    const [factory, ls, ds] = template.resources;
    expect(factory).toMatchObject({
      name: "[parameters('factoryName')]",
      type: 'Microsoft.DataFactory/factories',
      location: 'westeurope',
    });
    expect(factory.properties.globalParameters).toEqual({ region: { type: 'String', value: 'dev' } });
    expect(ls).toMatchObject({
      name: "[concat(parameters('factoryName'), '/LS_Store')]",
      type: 'Microsoft.DataFactory/factories/linkedServices',
      apiVersion: '2018-06-01',
    });
    expect(ls.properties.typeProperties.connectionString).toEqual({
      type: 'SecureString',
      value: "[parameters('LS_Store_connectionString')]",
    });
    // A quote in a name is doubled; the reference's case differs, the dependency names the declared object.
    expect(ds.name).toBe("[concat(parameters('factoryName'), '/DS_It''s')]");
    expect(ds.dependsOn).toEqual([
      "[variables('factoryId')]",
      "[concat(variables('factoryId'), '/linkedServices/LS_Store')]",
    ]);
    // A literal that starts with '[' is escaped as ARM reads it.
    expect(ds.properties.description).toBe('[[not an expression]');
    for (const f of allFiles(out)) expect(readFileSync(f, 'utf8')).not.toContain('TOPSECRETKEY');
    expect(`${r.stdout}${r.stderr}`).not.toContain('TOPSECRETKEY');
  });

  it('--env builds that environment', async () => {
    const dir = writeProject();
    const out = path.join(dir, 'arm-prod');
    const r = await runCli(['build', '--arm', '--env', 'prod', '--out', out, dir], { env: { STORAGE_CONN: SECRET } });
    expect(r.code).toBe(0);
    const params = JSON.parse(readFileSync(path.join(out, 'ARMTemplateParametersForFactory.json'), 'utf8'));
    expect(params.parameters.factoryName).toEqual({ value: 'build-prod' });
    const template = JSON.parse(readFileSync(path.join(out, 'ARMTemplateForFactory.json'), 'utf8'));
    expect(template.resources[0].properties.globalParameters.region.value).toBe('prod');
  });

  it('without --arm or --out, or with an invalid project, exits 1 and writes nothing', async () => {
    const dir = writeProject();
    const out = path.join(dir, 'never');
    const noArm = await runCli(['build', '--out', out, dir], { env: { STORAGE_CONN: SECRET } });
    expect(noArm.code).toBe(1);
    expect(noArm.stderr).toContain('--arm');
    const noOut = await runCli(['build', '--arm', dir], { env: { STORAGE_CONN: SECRET } });
    expect(noOut.code).toBe(1);
    expect(noOut.stderr).toContain('--out');
    const unset = await runCli(['build', '--arm', '--out', out, dir], { env: { STORAGE_CONN: undefined } });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('STORAGE_CONN');
    expect(existsSync(out)).toBe(false);
  });

  it('the built template deploys with the secret given at deployment and re-plans to no changes; the marker is of build time', async () => {
    const dir = writeProject();
    const project = await loadWith(dir, { STORAGE_CONN: SECRET });
    const built = buildArmTemplate(project);
    const emulator = await startEmulator({ port: 0, throttle: 'off' });
    try {
      const client = clientOf(emulator);
      const done = await deploy(client, targetOf(project, emulator), 'build-1', {
        template: built.template,
        parameters: deploymentParameters(built),
      });
      expect(done.body.properties.provisioningState).toBe('Succeeded');
      expect(JSON.stringify(done.body)).not.toContain('TOPSECRETKEY');
      expect(refusedRequests(emulator)).toEqual([]);
      const again = await planNow(client, project, emulator);
      expect(again.plan.hasChanges, JSON.stringify(again.plan.changes)).toBe(false);
      // Known limit (docs/arm-build.md): the marker is the one computed at build time, so a different secret given
      // at deployment is not noticed by plan; build again when a secret changes.
      await deploy(client, targetOf(project, emulator), 'build-2', {
        template: built.template,
        parameters: { LS_Store_connectionString: { value: `${SECRET}x` } },
      });
      const rotated = await planNow(client, project, emulator);
      expect(rotated.plan.hasChanges).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});

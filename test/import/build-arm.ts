import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Build the ARM template ADF's "Publish" (or "Export ARM template") would write for a Studio folder, the way its
 * default parameterisation does it: every linked service's string connection properties become template
 * parameters named `<linkedService>_properties_typeProperties_<property>` (connection strings as secureString
 * without a value, the rest with the factory's value as default), strings starting with `[` get ARM's `[[`
 * escape, and children are named `[concat(parameters('factoryName'), '/<name>')]`. A test helper, not a
 * reproduction of every ADF rule (a `build --arm` command is a later issue).
 */
export interface BuiltTemplate {
  template: Record<string, unknown>;
  /** Values to give the secure parameters (env var name -> value) so the import deploys what the folder holds. */
  secrets: Record<string, string>;
}

const FOLDERS: Record<string, string> = {
  integrationRuntime: 'integrationRuntimes',
  linkedService: 'linkedServices',
  credential: 'credentials',
  dataset: 'datasets',
  dataflow: 'dataflows',
  pipeline: 'pipelines',
  trigger: 'triggers',
  adfcdc: 'adfcdcs',
  managedVirtualNetwork: 'managedVirtualNetworks',
};
const CONNECTION = /^(connectionString|url|baseUrl|host|server|accountName|serviceEndpoint|functionAppUrl|sasUri)$/i;

function escapeArm(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('[') ? `[${value}` : value;
  if (Array.isArray(value)) return value.map(escapeArm);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeArm(v)]));
  return value;
}

const quote = (s: string) => s.replaceAll("'", "''");

export function buildArmTemplate(studioDir: string): BuiltTemplate {
  const parameters: Record<string, unknown> = { factoryName: { type: 'string', defaultValue: 'arm-built' } };
  const resources: unknown[] = [];
  const secrets: Record<string, string> = {};
  for (const [folder, type] of Object.entries(FOLDERS)) {
    const dir = path.join(studioDir, folder);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const json = JSON.parse(readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, ''));
      if (folder === 'integrationRuntime' && json.name === 'AutoResolveIntegrationRuntime') continue;
      const properties = escapeArm(json.properties ?? {}) as Record<string, unknown>;
      const tp = properties.typeProperties as Record<string, unknown> | undefined;
      if (folder === 'linkedService' && tp && typeof tp === 'object') {
        for (const [key, value] of Object.entries(tp)) {
          if (!CONNECTION.test(key) || typeof value !== 'string' || value.startsWith('@') || value.startsWith('['))
            continue;
          const param = `${json.name}_properties_typeProperties_${key}`;
          if (/^connectionString$/i.test(key)) {
            parameters[param] = { type: 'secureString' };
            secrets[param.replace(/[^A-Za-z0-9_]+/g, '_')] = value;
          } else parameters[param] = { type: 'string', defaultValue: value };
          tp[key] = `[parameters('${quote(param)}')]`;
        }
      }
      resources.push({
        name: `[concat(parameters('factoryName'), '/${quote(json.name)}')]`,
        type: `Microsoft.DataFactory/factories/${type}`,
        apiVersion: '2018-06-01',
        properties,
        dependsOn: [],
      });
    }
  }
  // managedVirtualNetwork/<vnet>/managedPrivateEndpoint/*.json: ARM names them '<factory>/<vnet>/<endpoint>'.
  const vnets = path.join(studioDir, 'managedVirtualNetwork');
  for (const vnet of existsSync(vnets)
    ? readdirSync(vnets, { withFileTypes: true }).filter((e) => e.isDirectory())
    : []) {
    const dir = path.join(vnets, vnet.name, 'managedPrivateEndpoint');
    for (const file of existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : []) {
      const json = JSON.parse(readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, ''));
      resources.push({
        name: `[concat(parameters('factoryName'), '/${quote(vnet.name)}/${quote(json.name)}')]`,
        type: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints',
        apiVersion: '2018-06-01',
        properties: escapeArm(json.properties ?? {}),
        dependsOn: [],
      });
    }
  }
  return {
    template: {
      $schema: 'http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters,
      variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
      resources,
    },
    secrets,
  };
}

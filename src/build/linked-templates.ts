import { DEPLOYMENT_SCHEMA, PARAMETERS_SCHEMA } from './arm-layout.js';
import type { ArmResource, ArmTemplate, BuiltTemplate } from './arm-template.js';

/** ARM's limits on one template (docs/arm-build.md): 4 MB and 800 resources. */
export const ARM_LIMITS = { maxBytes: 4 * 1024 * 1024, maxResources: 800 } as const;

export interface Limits {
  maxBytes: number;
  maxResources: number;
}

/** ADF's `linkedTemplates/` folder: the parts and the master that deploys them one after the other. */
export interface LinkedTemplates {
  /** ArmTemplate_0.json, ArmTemplate_1.json ... */
  parts: ArmTemplate[];
  /** ArmTemplate_master.json. */
  master: ArmTemplate;
  /** ArmTemplateParameters_master.json (no secret: secure parameters are ""). */
  masterParameters: Record<string, unknown>;
}

/** How templates are written (tab-indented, as ADF publishes them); the size checks measure this text. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, '\t')}\n`;
}

/** True when the template passes one of ARM's limits and must be deployed as linked templates. */
export function needsLinkedTemplates(built: BuiltTemplate, limits: Limits = ARM_LIMITS): boolean {
  return (
    built.template.resources.length > limits.maxResources ||
    Buffer.byteLength(renderJson(built.template)) > limits.maxBytes
  );
}

/** The secure parameters a piece of template text uses. */
function usedParameters(text: string, names: string[]): string[] {
  return names.filter((n) => text.includes(`parameters('${n}')`));
}

/**
 * Split a template into parts that each stay inside the limits, in the template's (dependency) order, so a
 * part only depends on itself and on earlier parts; the master deploys part N after part N-1, so dependsOn
 * entries that point into an earlier part are dropped from the part (ARM only resolves them inside one template).
 * Parts keep a margin of 64 KB under maxBytes for their parameters and variables.
 */
export function splitLinkedTemplates(built: BuiltTemplate, limits: Limits = ARM_LIMITS): LinkedTemplates {
  const margin = Math.min(64 * 1024, Math.floor(limits.maxBytes / 4));
  const groups: number[][] = [[]];
  let bytes = 0;
  built.template.resources.forEach((r, i) => {
    const size = Buffer.byteLength(JSON.stringify(r, null, '\t')) + 8;
    const current = groups[groups.length - 1];
    if (current.length > 0 && (current.length >= limits.maxResources || bytes + size > limits.maxBytes - margin)) {
      groups.push([i]);
      bytes = size;
    } else {
      current.push(i);
      bytes += size;
    }
  });
  const secureNames = built.secrets.map((s) => s.name);
  const declared = built.template.parameters as Record<string, unknown>;
  const parts = groups.map((group) => {
    const inPart = new Set(group.map((i) => built.entries[i]));
    const resources: ArmResource[] = group.map((i) => {
      const r = built.template.resources[i];
      return r.dependsOn ? { ...r, dependsOn: r.dependsOn.filter((d) => inPart.has(d)) } : r;
    });
    const used = usedParameters(JSON.stringify(resources), secureNames);
    return {
      $schema: DEPLOYMENT_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: {
        factoryName: { type: 'string', metadata: { description: 'Data Factory name' } },
        ...Object.fromEntries(used.map((n) => [n, declared[n]])),
      },
      variables: built.template.variables,
      resources,
    } as ArmTemplate;
  });
  const masterResources: ArmResource[] = parts.map((part, i) => ({
    name: `ArmTemplate_${i}`,
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2018-02-01',
    properties: {
      mode: 'incremental',
      templateLink: {
        uri: `[concat(parameters('containerUri'), '/ArmTemplate_${i}.json', parameters('containerSasToken'))]`,
        contentVersion: '1.0.0.0',
      },
      parameters: Object.fromEntries(
        Object.keys(part.parameters as Record<string, unknown>).map((n) => [n, { value: `[parameters('${n}')]` }]),
      ),
    },
    dependsOn: i === 0 ? [] : [`[resourceId('Microsoft.Resources/deployments', 'ArmTemplate_${i - 1}')]`],
  }));
  const master: ArmTemplate = {
    $schema: DEPLOYMENT_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      factoryName: declared.factoryName,
      containerUri: { type: 'string', metadata: { description: 'URI of the storage folder that holds the parts' } },
      containerSasToken: { type: 'string', metadata: { description: 'SAS token of that folder (starts with ?)' } },
      ...Object.fromEntries(secureNames.map((n) => [n, declared[n]])),
    },
    variables: {},
    resources: masterResources,
  };
  const values = built.parameters.parameters as Record<string, unknown>;
  const masterParameters = {
    $schema: PARAMETERS_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { ...values, containerUri: { value: '' }, containerSasToken: { value: '' } },
  };
  return { parts, master, masterParameters };
}

import { isPlainObject } from '../core/json.js';
import { buildResourceDag } from '../graph/build.js';
import type { Project } from '../manifest/types.js';
import { dependenciesOf } from '../model/references.js';
import { resourceKey, type Resource } from '../model/resource.js';
import { buildDesiredBody, buildFactoryBody, factoryResourceId } from '../plan/desired.js';
import { parameteriseSecrets, type SecretParameter } from './arm-secrets.js';
import {
  armChildPath,
  armChildType,
  DEPLOYMENT_SCHEMA,
  FACTORY_DEPENDENCY,
  FACTORY_TYPE,
  PARAMETERS_SCHEMA,
} from './arm-layout.js';
import { DESCEND, mapJson } from '../core/json-walk.js';

/** ADF's api-version for every Microsoft.DataFactory resource of the template. */
export const ADF_API_VERSION = '2018-06-01';

export type ArmTemplate = Record<string, unknown> & { resources: ArmResource[] };
export type ArmResource = Record<string, unknown> & { name: string; type: string; dependsOn?: string[] };

export interface BuiltTemplate {
  /** ARMTemplateForFactory.json. */
  template: ArmTemplate;
  /** ARMTemplateParametersForFactory.json: factoryName, and "" for every secure parameter (never a value). */
  parameters: Record<string, unknown>;
  /** The secure parameters and their values, in memory only (tests deploy with them; never written). */
  secrets: SecretParameter[];
  /** The dependsOn entry that names each resource of `template.resources` (same order). */
  entries: string[];
}

/** An ARM string literal: quotes doubled. */
export function armLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** ARM reads a string that starts with `[` as an expression: a literal one is written `[[` (ARM's escape). */
function escapeStrings(value: unknown, skip: Set<string>): unknown {
  return mapJson(value, (node, path) =>
    typeof node === 'string' && node.startsWith('[') && !skip.has(JSON.stringify(path)) ? `[${node}` : DESCEND,
  );
}

/** The template name of a child: `[concat(parameters('factoryName'), '/NAME')]`. */
function childName(r: Resource): string {
  const full = r.parent ? `${r.parent}/${r.name}` : r.name;
  return `[concat(parameters('factoryName'), ${armLiteral(`/${full}`)})]`;
}

/** A dependsOn entry as ADF writes it: `[concat(variables('factoryId'), '/linkedServices/NAME')]`. */
export function dependsOnEntry(r: Resource): string {
  return `[concat(variables('factoryId'), ${armLiteral(`/${armChildPath(r)}`)})]`;
}

/**
 * The ARM template of a project, in the layout ADF publishes: parameter factoryName, variable factoryId, the
 * factory first (location, identity, tags, global parameters), then one resource per object in dependency
 * order with `dependsOn` from the object graph (references to objects the project does not declare add none,
 * as in ADF's export). Bodies are exactly what apply would PUT (buildDesiredBody, including the secrets
 * fingerprint marker, so `plan` after an ARM deployment compares clean), every secret replaced by a secure
 * parameter.
 */
export function buildArmTemplate(project: Project): BuiltTemplate {
  const factoryId = factoryResourceId({
    subscriptionId: project.target.subscriptionId,
    resourceGroup: project.target.resourceGroup,
    factoryName: project.factory.name,
  });
  const settings = { env: project.envSecrets, fingerprintKey: project.fingerprintKey };
  const dag = buildResourceDag(project.resources);
  const taken = new Set(['factoryname']);
  const secrets: SecretParameter[] = [];
  const factoryBody = buildFactoryBody(project.factory, undefined);
  const entries = [FACTORY_DEPENDENCY];
  const resources: ArmResource[] = [
    {
      name: "[parameters('factoryName')]",
      type: FACTORY_TYPE,
      apiVersion: ADF_API_VERSION,
      ...(escapeStrings(factoryBody, new Set()) as Record<string, unknown>),
    },
  ];
  for (const key of dag.order()) {
    const r = dag.get(key);
    if (!r) continue;
    const { body } = buildDesiredBody(r, factoryId, settings);
    // ADF's export keeps a trigger's runtimeState in its properties (ARM ignores it; it is read-only).
    const props = isPlainObject(body.properties) ? body.properties : {};
    if (r.kind === 'Trigger' && typeof r.properties.runtimeState === 'string')
      props.runtimeState = r.properties.runtimeState;
    const { properties, parameters, paths } = parameteriseSecrets(
      r.parent ? `${r.parent}_${r.name}` : r.name,
      props,
      settings,
      taken,
    );
    secrets.push(...parameters);
    const deps = new Map<string, Resource>();
    for (const d of dependenciesOf(r)) {
      const target = dag.get(resourceKey(d));
      if (target && resourceKey(target) !== key) deps.set(resourceKey(target), target);
    }
    entries.push(dependsOnEntry(r));
    resources.push({
      name: childName(r),
      type: armChildType(r.kind),
      apiVersion: ADF_API_VERSION,
      properties: escapeStrings(properties, new Set(paths)),
      // The factory is in the same template: ARM must create it first.
      dependsOn: [FACTORY_DEPENDENCY, ...[...deps.values()].map(dependsOnEntry)],
    });
  }
  const parameters: Record<string, unknown> = {
    factoryName: { type: 'string', metadata: { description: 'Data Factory name' }, defaultValue: project.factory.name },
  };
  for (const s of secrets) parameters[s.name] = { type: s.type };
  const template: ArmTemplate = {
    $schema: DEPLOYMENT_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters,
    variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
    resources,
  };
  const values: Record<string, unknown> = { factoryName: { value: project.factory.name } };
  for (const s of secrets) values[s.name] = { value: s.type === 'secureString' ? '' : {} };
  return {
    template,
    parameters: { $schema: PARAMETERS_SCHEMA, contentVersion: '1.0.0.0', parameters: values },
    secrets,
    entries,
  };
}

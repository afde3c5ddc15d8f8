import type { Diagnostic } from '../core/diagnostic.js';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { escapeDeep, escapeLiteral } from '../manifest/substitute.js';
import { ArmValues } from './arm-values.js';
import { AUTO_RESOLVE_IR, KIND_INFO, KINDS, type Kind } from '../model/kinds.js';
import { factoryFromJson } from './factory.js';
import { type ImportedObject, type ImportModel, importProblem } from './model.js';
import { isPlainObject as isObject } from '../core/json.js';
import { readJsonFile } from './read-json.js';

export const ARM_TEMPLATE = 'ARMTemplateForFactory.json';
export const ARM_PARAMETERS = 'ARMTemplateParametersForFactory.json';

/** ARM child type (lower-cased, after 'Microsoft.DataFactory/factories/') to kind. */
const TYPE_KIND = new Map<string, Kind>(
  KINDS.map((k) => [KIND_INFO[k].armType.toLowerCase().replace('microsoft.datafactory/factories/', ''), k]),
);

/** `[concat(parameters('factoryName'), '/LS_x')]` -> `LS_x` (ARM doubles a quote inside a literal). */
const CHILD_NAME = /^\[concat\(\s*parameters\(\s*'factoryName'\s*\)\s*,\s*'\/((?:[^']|'')*)'\s*\)\]$/i;

/** Where the template is: SRC itself, or ARMTemplateForFactory.json inside the SRC folder. */
export function findArmTemplate(src: string, isDir: boolean): string | undefined {
  if (!isDir) return path.basename(src).toLowerCase().endsWith('.json') ? src : undefined;
  const file = path.join(src, ARM_TEMPLATE);
  return existsSync(file) ? file : undefined;
}

/**
 * Read an ADF ARM template export. Template parameters become vars (values from the parameters file, else the
 * template default, typed; names made valid), secure parameters read a declared `${{ env.NAME }}` (never a
 * value from the parameters file, which holds "" anyway), expressions are translated or left to the user.
 */
export async function readArmTemplate(
  file: string,
  options: { factoryName?: string },
  problems: Diagnostic[],
): Promise<ImportModel> {
  const notes: string[] = [];
  const objects: ImportedObject[] = [];
  const template = await readJsonFile(file, problems);
  const paramsFile = path.join(path.dirname(file), ARM_PARAMETERS);
  const paramValues = existsSync(paramsFile) ? await readJsonFile(paramsFile, problems) : undefined;
  if (template === undefined) return { factory: { name: options.factoryName ?? 'factory' }, objects, notes };
  if (!isObject(template) || !Array.isArray(template.resources)) {
    problems.push(
      importProblem('import.not-a-template', file, "not an ARM template: expected an object with a 'resources' list"),
    );
    return { factory: { name: options.factoryName ?? 'factory' }, objects, notes };
  }
  noteTemplatePart(file, template.resources, notes);
  const declared = isObject(template.parameters) ? template.parameters : {};
  const given = isObject(paramValues) && isObject(paramValues.parameters) ? paramValues.parameters : {};
  const values = new ArmValues(isObject(template.variables) ? template.variables : {}, notes);
  const env: string[] = [];
  let factoryName = options.factoryName;
  for (const [name, decl] of Object.entries(declared)) {
    const value =
      isObject(given[name]) && 'value' in given[name]
        ? given[name].value
        : isObject(decl)
          ? decl.defaultValue
          : undefined;
    if (name === 'factoryName') {
      if (!factoryName && typeof value === 'string') factoryName = value;
      continue;
    }
    const type = isObject(decl) && typeof decl.type === 'string' ? decl.type : undefined;
    const description =
      isObject(decl) && isObject(decl.metadata) && typeof decl.metadata.description === 'string'
        ? decl.metadata.description
        : undefined;
    const varName = values.varOf(name);
    values.varInfo[varName] = { ...values.varInfo[varName], type, description };
    if (type?.toLowerCase().startsWith('secure')) {
      const envVar = varName;
      env.push(envVar);
      values.vars[varName] = `\${{ env.${envVar} }}`;
      if (value !== undefined && value !== '')
        notes.push(
          `secure parameter '${name}' has a value in the template or parameters file: not written; set ${envVar} instead`,
        );
    } else if (value !== undefined) values.vars[varName] = values.convert(value, `parameter '${name}'`);
    else {
      values.vars[varName] = null;
      values.varInfo[varName].unset = true;
      notes.push(`parameter '${name}' has no value: set vars.${varName} in adf-deploy.yaml`);
    }
  }

  let factoryJson: Record<string, unknown> | undefined;
  template.resources.forEach((res, i) => {
    const where = `${file} resources[${i}]`;
    if (!isObject(res) || typeof res.type !== 'string' || typeof res.name !== 'string') {
      problems.push(importProblem('import.bad-resource', file, `resources[${i}] has no type or name`));
      return;
    }
    const type = res.type.toLowerCase();
    if (type === 'microsoft.datafactory/factories') {
      values.label = 'factory';
      // Keep global parameters that an earlier globalparameters resource set.
      const converted = values.convert(
        { location: res.location, identity: res.identity, tags: res.tags, properties: res.properties },
        where,
      ) as Record<string, unknown>;
      const gps = isObject(factoryJson?.properties) ? factoryJson.properties.globalParameters : undefined;
      factoryJson =
        gps && isObject(converted.properties)
          ? { ...converted, properties: { ...converted.properties, globalParameters: gps } }
          : converted;
      return;
    }
    if (!type.startsWith('microsoft.datafactory/factories/')) {
      notes.push(`${where}: skipped resource of type '${res.type}'`);
      return;
    }
    const child = type.slice('microsoft.datafactory/factories/'.length);
    const nameMatch = CHILD_NAME.exec(res.name);
    if (!nameMatch) {
      problems.push(
        importProblem(
          'import.bad-name',
          file,
          `resources[${i}]: cannot read the name '${res.name}' (expected [concat(parameters('factoryName'), '/<name>')])`,
        ),
      );
      return;
    }
    const rawName = nameMatch[1].replaceAll("''", "'");
    const fullName = escapeLiteral(rawName);
    values.label = rawName.replaceAll('/', '_');
    const properties = isObject(res.properties)
      ? (values.convert(res.properties, where) as Record<string, unknown>)
      : {};
    if (child === 'globalparameters') {
      factoryJson = {
        ...(factoryJson ?? {}),
        properties: {
          ...(isObject(factoryJson?.properties) ? factoryJson.properties : {}),
          globalParameters: properties,
        },
      };
      return;
    }
    const kind = TYPE_KIND.get(child);
    if (!kind) {
      notes.push(`${where}: skipped resource of type '${res.type}'`);
      return;
    }
    let name = fullName;
    let parent: string | undefined;
    if (kind === 'ManagedPrivateEndpoint') [parent, name] = splitOnce(fullName);
    if (kind === 'IntegrationRuntime' && name.toLowerCase() === AUTO_RESOLVE_IR.toLowerCase()) {
      notes.push(`skipped ${AUTO_RESOLVE_IR}: it is built into every factory`);
      return;
    }
    objects.push({ kind, name, parent, properties, source: where });
  });
  const globalParameters = await readGlobalParametersFolder(path.dirname(file), problems);
  if (globalParameters && !(isObject(factoryJson?.properties) && factoryJson.properties.globalParameters)) {
    factoryJson = {
      ...(factoryJson ?? {}),
      properties: {
        ...(isObject(factoryJson?.properties) ? factoryJson.properties : {}),
        globalParameters: escapeDeep(globalParameters),
      },
    };
  }
  const factory = factoryFromJson(
    factoryJson ? { ...factoryJson, name: factoryName } : undefined,
    file,
    factoryName ?? 'factory',
    notes,
    factoryName,
    true,
  );
  return { factory, objects, vars: values.vars, varInfo: values.varInfo, env, notes };
}

/** The export's `globalParameters/<factory>_GlobalParameters.json` (older ADF exports keep them there). */
async function readGlobalParametersFolder(
  dir: string,
  problems: Diagnostic[],
): Promise<Record<string, unknown> | undefined> {
  const folder = path.join(dir, 'globalParameters');
  if (!existsSync(folder)) return undefined;
  const files = (await readdir(folder)).filter((f) => f.toLowerCase().endsWith('.json')).sort();
  const out: Record<string, unknown> = {};
  for (const f of files) {
    const json = await readJsonFile(path.join(folder, f), problems);
    if (isObject(json)) Object.assign(out, json);
  }
  return Object.keys(out).length ? out : undefined;
}

/** A linked template export: a master (deployments of the parts) or one part (ArmTemplate_N.json). */
function noteTemplatePart(file: string, resources: unknown[], notes: string[]): void {
  const base = path.basename(file);
  if (resources.some((r) => isObject(r) && String(r.type).toLowerCase() === 'microsoft.resources/deployments'))
    notes.push(
      `${base} is the master of a linked template: its objects are in the parts beside it (linkedTemplates/ArmTemplate_N.json); import ARMTemplateForFactory.json of the same export instead`,
    );
  else if (
    /^ArmTemplate_\d+\.json$/i.test(base) ||
    path.basename(path.dirname(file)).toLowerCase() === 'linkedtemplates'
  )
    notes.push(
      `${base} is one part of a linked (master) template: it holds only some of the factory's objects; import ARMTemplateForFactory.json of the same export to get them all`,
    );
}

function splitOnce(s: string): [string, string] {
  const i = s.indexOf('/');
  return i < 0 ? ['default', s] : [s.slice(0, i), s.slice(i + 1)];
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { escapeLiteral } from '../manifest/substitute.js';
import { AUTO_RESOLVE_IR, KIND_INFO, KINDS, type Kind } from '../model/kinds.js';
import { factoryFromJson } from './factory.js';
import type { ImportedObject, ImportModel, ImportProblem } from './model.js';
import { isObject, readJsonFile } from './read-json.js';

export const ARM_TEMPLATE = 'ARMTemplateForFactory.json';
export const ARM_PARAMETERS = 'ARMTemplateParametersForFactory.json';

/** ARM child type (lower-cased, after 'Microsoft.DataFactory/factories/') to kind. */
const TYPE_KIND = new Map<string, Kind>(
  KINDS.map((k) => [KIND_INFO[k].armType.toLowerCase().replace('microsoft.datafactory/factories/', ''), k]),
);

/** `[concat(parameters('factoryName'), '/LS_x')]` -> `LS_x` (ARM doubles a quote inside a literal). */
const CHILD_NAME = /^\[concat\(\s*parameters\(\s*'factoryName'\s*\)\s*,\s*'\/((?:[^']|'')*)'\s*\)\]$/i;
const PARAMETER = /^\[parameters\(\s*'([^']+)'\s*\)\]$/i;

/** Where the template is: SRC itself, or ARMTemplateForFactory.json inside the SRC folder. */
export function findArmTemplate(src: string, isDir: boolean): string | undefined {
  if (!isDir) return path.basename(src).toLowerCase().endsWith('.json') ? src : undefined;
  const file = path.join(src, ARM_TEMPLATE);
  return existsSync(file) ? file : undefined;
}

/**
 * Read an ADF ARM template export. Template parameters become vars (values from the parameters file, else
 * the template default; a secure parameter without value reads `${{ env.NAME }}`); a whole-string
 * `[parameters('x')]` becomes `${{ vars.x }}`; `[[` (ARM's escape) becomes `[`.
 */
export async function readArmTemplate(
  file: string,
  options: { factoryName?: string },
  problems: ImportProblem[],
): Promise<ImportModel> {
  const notes: string[] = [];
  const objects: ImportedObject[] = [];
  const template = await readJsonFile(file, problems);
  const paramsFile = path.join(path.dirname(file), ARM_PARAMETERS);
  const paramValues = existsSync(paramsFile) ? await readJsonFile(paramsFile, problems) : undefined;
  if (template === undefined) return { factory: { name: options.factoryName ?? 'factory' }, objects, notes };
  if (!isObject(template) || !Array.isArray(template.resources)) {
    problems.push({ file, message: "not an ARM template: expected an object with a 'resources' list" });
    return { factory: { name: options.factoryName ?? 'factory' }, objects, notes };
  }
  const declared = isObject(template.parameters) ? template.parameters : {};
  const given = isObject(paramValues) && isObject(paramValues.parameters) ? paramValues.parameters : {};
  const vars: Record<string, unknown> = {};
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
    const secure = isObject(decl) && typeof decl.type === 'string' && decl.type.toLowerCase().startsWith('secure');
    if (value !== undefined) vars[name] = convertValue(value, notes, file);
    else if (secure && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) vars[name] = `\${{ env.${name} }}`;
    else notes.push(`parameter '${name}' has no value: define vars.${name} in adf-deploy.yaml`);
  }

  let factoryJson: Record<string, unknown> | undefined;
  template.resources.forEach((res, i) => {
    const where = `${file} resources[${i}]`;
    if (!isObject(res) || typeof res.type !== 'string' || typeof res.name !== 'string') {
      problems.push({ file, message: `resources[${i}] has no type or name` });
      return;
    }
    const type = res.type.toLowerCase();
    if (type === 'microsoft.datafactory/factories') {
      // Keep global parameters that an earlier globalparameters resource set.
      const converted = convertValue(res, notes, where) as Record<string, unknown>;
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
      problems.push({
        file,
        message: `resources[${i}]: cannot read the name '${res.name}' (expected [concat(parameters('factoryName'), '/<name>')])`,
      });
      return;
    }
    const fullName = nameMatch[1].replaceAll("''", "'");
    const properties = isObject(res.properties)
      ? (convertValue(res.properties, notes, where) as Record<string, unknown>)
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
  const factory = factoryFromJson(
    factoryJson ? { ...factoryJson, name: factoryName } : undefined,
    file,
    factoryName ?? 'factory',
    notes,
    factoryName,
    true,
  );
  return { factory, objects, vars, notes };
}

function splitOnce(s: string): [string, string] {
  const i = s.indexOf('/');
  return i < 0 ? ['default', s] : [s.slice(0, i), s.slice(i + 1)];
}

/** Convert template values into manifest values: parameters to vars, ARM escapes undone, `${{` escaped. */
function convertValue(value: unknown, notes: string[], where: string): unknown {
  if (typeof value === 'string') {
    const param = PARAMETER.exec(value);
    if (param) return `\${{ vars.${param[1]} }}`;
    if (value.startsWith('[[')) return escapeLiteral(value.slice(1));
    if (value.startsWith('[') && value.endsWith(']'))
      notes.push(
        `${where}: kept the ARM expression ${value.slice(0, 60)} as text (only [parameters('x')] is converted)`,
      );
    return escapeLiteral(value);
  }
  if (Array.isArray(value)) return value.map((v) => convertValue(v, notes, where));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertValue(v, notes, where)]));
  return value;
}

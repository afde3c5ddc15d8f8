import type { Project } from '../manifest/types.js';
import { wildcardMatcher } from '../manifest/overrides.js';
import { applyAtPath, formatPath, parseOverridePath, type PathSegment } from '../manifest/overrides-path.js';
import type { Kind } from '../model/kinds.js';
import type { Resource } from '../model/resource.js';
import type { ConfigRow } from './ado-tools-config-read.js';
import { parseLooseJson, translateValueText, typeLike } from './ado-tools-config-value.js';

/**
 * azure.datafactory.tools config rows as adf-deploy `overrides` of one environment (docs/environments.md). Each
 * row is checked against the project the way the tool checks it at deploy time (the object and the path must
 * exist, except for an add); a row that cannot be translated is returned with the reason, never dropped.
 */
export interface OverrideYaml {
  target: string;
  path: string;
  action?: 'add' | 'remove';
  value?: unknown;
}

export interface Translation {
  overrides: { row: ConfigRow; override: OverrideYaml }[];
  globalParameters: { row: ConfigRow; name: string; value: unknown }[];
  untranslated: { row: ConfigRow; reason: string }[];
  /** Environment variables the values read (`$($Env:NAME)`): adf-deploy.yaml must declare them under `env:`. */
  env: string[];
}

/** The tool's type column (its folder names) to our kinds. */
const KIND_OF_TYPE: Record<string, Kind> = {
  linkedservice: 'LinkedService',
  dataset: 'Dataset',
  pipeline: 'Pipeline',
  trigger: 'Trigger',
  dataflow: 'DataFlow',
  integrationruntime: 'IntegrationRuntime',
  credential: 'Credential',
  managedvirtualnetwork: 'ManagedVirtualNetwork',
  managedprivateendpoint: 'ManagedPrivateEndpoint',
};

export function translateConfig(rows: ConfigRow[], project: Project): Translation {
  const out: Translation = { overrides: [], globalParameters: [], untranslated: [], env: [] };
  for (const row of rows) {
    const result = translateRow(row, project);
    if ('reason' in result) {
      out.untranslated.push({ row, reason: result.reason });
      continue;
    }
    for (const name of result.env) if (!out.env.includes(name)) out.env.push(name);
    if ('override' in result) out.overrides.push({ row, override: result.override });
    else out.globalParameters.push({ row, name: result.gp, value: result.value });
  }
  return out;
}

type RowResult =
  | { reason: string }
  | { override: OverrideYaml; env: string[] }
  | { gp: string; value: unknown; env: string[] };

function translateRow(row: ConfigRow, project: Project): RowResult {
  if (!row.name) return { reason: 'the name column is empty' };
  const parsed = parseOverridePath(row.path);
  if ('error' in parsed) return { reason: parsed.error };
  const action = parsed.action ?? 'set';
  const valueText = translateValueText(row.value);
  if ('reason' in valueText) return valueText;
  const type = row.type ?? kindByName(project, row.name);
  if (type === undefined)
    return { reason: `no object named '${row.name}' in the project (the JSON form finds objects by name)` };
  if (type.toLowerCase() === 'factory')
    return translateGlobalParameter(parsed.segments, action, valueText.text, valueText.env, project);
  const kind =
    KIND_OF_TYPE[type.toLowerCase()] ??
    (Object.values(KIND_OF_TYPE).includes(type as Kind) ? (type as Kind) : undefined);
  if (!kind) return { reason: `unknown type '${type}'` };
  const [parent, name] = kind === 'ManagedPrivateEndpoint' ? splitEndpoint(row.name) : [undefined, row.name];
  const matchName = wildcardMatcher(name);
  const matchParent = parent === undefined ? undefined : wildcardMatcher(parent);
  const matches = project.resources.filter(
    (r) => r.kind === kind && matchName(r.name) && (!matchParent || (r.parent !== undefined && matchParent(r.parent))),
  );
  if (matches.length === 0) return { reason: `no ${kind} in the project matches '${row.name}'` };
  let value: unknown = valueText.text;
  for (const r of matches) {
    const checked = checkPath(r, parsed.segments, action);
    if ('reason' in checked) return checked;
    // An update takes the type of the property it replaces (the tool's Update-ObjectProperty); an add is text.
    if (action === 'set' && r === matches[0]) {
      const typed = typeLike(checked.existing, valueText.text);
      if ('reason' in typed) return typed;
      value = typed.value;
    }
  }
  const target = kind === 'ManagedPrivateEndpoint' ? `${kind}/${parent}/${name}` : `${kind}/${name}`;
  const override: OverrideYaml = { target, path: formatPath(parsed.segments) };
  if (action !== 'set') override.action = action;
  if (action !== 'remove') override.value = value;
  return { override, env: valueText.env };
}

/** Check the path on a copy of the object; return what is there now (the value an update replaces). */
function checkPath(
  r: Resource,
  segments: PathSegment[],
  action: 'set' | 'add' | 'remove',
): { existing: unknown } | { reason: string } {
  const outcome = applyAtPath(structuredClone(r.properties), segments, action, null);
  if (!('path' in outcome))
    return {
      reason: `path '${formatPath(segments)}' of ${r.kind}/${r.name}: at '${formatPath(segments.slice(0, outcome.segment + 1))}', ${outcome.message}`,
    };
  let node: unknown = r.properties;
  for (const s of outcome.path)
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[s] : undefined;
  return { existing: node };
}

/** `factory` rows: only global parameter values have an adf-deploy equivalent (`environments.X.globalParameters`). */
function translateGlobalParameter(
  segments: PathSegment[],
  action: 'set' | 'add' | 'remove',
  text: string,
  env: string[],
  project: Project,
): RowResult {
  const keys = segments.map((s) => ('key' in s ? s.key : undefined));
  if (segments.length !== 3 || keys[0] !== 'globalParameters' || keys[2] !== 'value' || keys[1] === undefined)
    return {
      reason: `factory path '${formatPath(segments)}': only global parameter values ($.properties.globalParameters.NAME.value) have an equivalent`,
    };
  if (action === 'remove') return { reason: 'removing a global parameter per environment has no equivalent' };
  const name = keys[1];
  const declared = project.factory.globalParameters?.[name];
  if (!declared)
    return {
      reason: `global parameter '${name}' is not declared in factory.globalParameters: declare it with its type, then import again`,
    };
  const type = declared.type.toLowerCase();
  if (text.includes('${{') || type === 'string') return { gp: name, value: text, env };
  if (type === 'int' || type === 'float') {
    const n = Number(text);
    return Number.isFinite(n) && text !== ''
      ? { gp: name, value: n, env }
      : { reason: `global parameter '${name}' is ${declared.type}, the value is not a number` };
  }
  if (type === 'bool') {
    const b = /^\$?(true|false)$/i.exec(text.trim());
    return b
      ? { gp: name, value: b[1].toLowerCase() === 'true', env }
      : { reason: `global parameter '${name}' is Bool, the value is not` };
  }
  const parsed = parseLooseJson(text);
  return parsed === undefined
    ? { reason: `global parameter '${name}' is ${declared.type}, the value is not JSON` }
    : { gp: name, value: parsed, env };
}

/** The JSON form names objects only: the tool deploys to the first object of that name, of any type. */
function kindByName(project: Project, name: string): string | undefined {
  if (project.factory.name.toLowerCase() === name.toLowerCase()) return 'factory';
  return project.resources.find((r) => r.name.toLowerCase() === name.toLowerCase())?.kind;
}

/** A private endpoint row names `vnet/name` (or `vnet\name`); a bare name matches it in any managed VNet. */
function splitEndpoint(name: string): [string, string] {
  const parts = name.split(/[\\/]/);
  return parts.length === 2 ? [parts[0], parts[1]] : ['*', name];
}

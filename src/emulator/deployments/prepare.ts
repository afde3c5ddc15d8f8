import { isObject as isRecord } from '../documents.js';
import { evaluateDeep, evaluateString, type Scope } from './evaluate.js';
import { TemplateError } from './expression.js';

/** One resource of a template, evaluated and ready to deploy. */
export interface PreparedResource {
  /** `/subscriptions/.../providers/Microsoft.DataFactory/factories/f/linkedServices/ls`. */
  id: string;
  type: string;
  name: string;
  apiVersion: string;
  /** Evaluated body: location, identity, tags, properties (what a PUT carries). */
  body: Record<string, unknown>;
  /** False when the resource's `condition` is false: it is not deployed (dependsOn on it still resolves). */
  deploy: boolean;
}

/** A template's parameters as resolved for the deployment (secure values are never shown again). */
export interface ResolvedParameter {
  type: string;
  value: unknown;
}

export interface PreparedTemplate {
  parameters: Map<string, { name: string } & ResolvedParameter>;
  /** Dependencies first. */
  resources: PreparedResource[];
}

const TYPE_CHECKS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  securestring: (v) => typeof v === 'string',
  int: (v) => typeof v === 'number' && Number.isInteger(v),
  bool: (v) => typeof v === 'boolean',
  object: isRecord,
  secureobject: isRecord,
  array: Array.isArray,
};

/** ARM's limit on the resources of one template (linked templates each have their own). */
export const MAX_RESOURCES = 800;

/** Keys of a template resource that are not part of the PUT body. */
const BODY_KEYS = ['location', 'identity', 'tags', 'sku', 'kind', 'properties'];

function resolveParameters(
  template: Record<string, unknown>,
  given: Record<string, unknown>,
  scope: Scope,
): PreparedTemplate['parameters'] {
  const declared = isRecord(template.parameters) ? template.parameters : {};
  const out: PreparedTemplate['parameters'] = new Map();
  const byLower = new Map(Object.keys(declared).map((k) => [k.toLowerCase(), k]));
  const unknown = Object.keys(given).filter((k) => !byLower.has(k.toLowerCase()));
  if (unknown.length > 0)
    throw new TemplateError(
      `The template parameters '${unknown.join(', ')}' in the parameters are not valid; they are not present in the original template.`,
    );
  const givenLower = new Map(Object.entries(given).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, decl] of Object.entries(declared)) {
    if (!isRecord(decl) || typeof decl.type !== 'string' || !(decl.type.toLowerCase() in TYPE_CHECKS))
      throw new TemplateError(
        `The template parameter '${name}' has no valid type (string, securestring, int, bool, object, secureObject, array).`,
      );
    const g = givenLower.get(name.toLowerCase());
    let value: unknown;
    if (g !== undefined) {
      if (!isRecord(g) || !('value' in g))
        throw new TemplateError(
          `The parameter '${name}' must be given as { "value": ... } (Key Vault references are not modelled).`,
        );
      value = g.value;
    } else if ('defaultValue' in decl) value = evaluateDeep(decl.defaultValue, scope);
    else throw new TemplateError(`The value for the template parameter '${name}' is not provided.`);
    if (!TYPE_CHECKS[decl.type.toLowerCase()](value))
      throw new TemplateError(
        `The provided value for the template parameter '${name}' is not valid: expected ${decl.type}.`,
      );
    out.set(name.toLowerCase(), { name, type: decl.type, value });
  }
  return out;
}

/** The resource id of a template resource: type and name segments interleaved. */
function idOf(type: string, name: string, scope: Scope): string {
  const [namespace, ...types] = type.split('/');
  const names = name.split('/');
  if (!namespace || types.length === 0 || types.length !== names.length || names.some((n) => n === ''))
    throw new TemplateError(
      `The template resource '${name}' for type '${type}' has incorrect segment lengths. A nested resource type must have identical number of segments as its resource name.`,
    );
  const tail = types.map((t, i) => `${t}/${names[i]}`).join('/');
  return `/subscriptions/${scope.sub}/resourceGroups/${scope.rg}/providers/${namespace}/${tail}`;
}

/** `/subscriptions/../providers/A.B/c/d` or `A.B/c/d`, lower-cased after the providers segment. */
function dependencyKey(ref: string): string {
  const m = /\/providers\/(.+)$/i.exec(ref);
  return (m ? m[1] : ref.replace(/^\/+/, '')).toLowerCase();
}

function orderByDependencies(resources: Array<PreparedResource & { dependsOn: string[] }>): PreparedResource[] {
  const byKey = new Map(resources.map((r) => [dependencyKey(r.id), r]));
  const byName = new Map(resources.map((r) => [r.name.toLowerCase(), r]));
  const deps = new Map<PreparedResource, PreparedResource[]>();
  for (const r of resources) {
    deps.set(
      r,
      r.dependsOn.map((d) => {
        const target = byKey.get(dependencyKey(d)) ?? byName.get(d.toLowerCase());
        if (!target) throw new TemplateError(`The resource '${d}' is not defined in the template.`);
        return target;
      }),
    );
  }
  const out: PreparedResource[] = [];
  const state = new Map<PreparedResource, 'visiting' | 'done'>();
  const visit = (r: PreparedResource, path: PreparedResource[]): void => {
    if (state.get(r) === 'done') return;
    if (state.get(r) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(r)), r].map((x) => `'${x.id}'`).join(' -> ');
      throw new TemplateError(`Circular dependency detected on resource: ${cycle}.`);
    }
    state.set(r, 'visiting');
    for (const d of deps.get(r) ?? []) visit(d, [...path, r]);
    state.set(r, 'done');
    const { dependsOn: _omit, ...plain } = r as PreparedResource & { dependsOn?: string[] };
    out.push(plain);
  };
  for (const r of resources) visit(r, []);
  return out;
}

/**
 * Validate and evaluate a template as ARM does before it deploys anything: parameters resolved and type-checked,
 * variables evaluated on use, every resource's name, type, dependsOn and body evaluated, dependsOn resolved
 * (an unknown target or a cycle is an error). Throws TemplateError; nothing is deployed then.
 */
export function prepareTemplate(
  template: unknown,
  given: Record<string, unknown>,
  where: { sub: string; rg: string; rgLocation: string },
): PreparedTemplate {
  if (!isRecord(template) || !Array.isArray(template.resources))
    throw new TemplateError("The template must be an object with a 'resources' list.");
  if (template.resources.length > MAX_RESOURCES)
    throw new TemplateError(
      `The number of resources in the template (${template.resources.length}) exceeds the maximum of ${MAX_RESOURCES}: split it into linked templates.`,
    );
  const variables = isRecord(template.variables) ? template.variables : {};
  const varValues = new Map<string, unknown>();
  const evaluating = new Set<string>();
  let parameters: PreparedTemplate['parameters'] | undefined;
  const scope: Scope = {
    ...where,
    parameter(name) {
      const p = parameters?.get(name.toLowerCase());
      if (!p) throw new TemplateError(`The template parameter '${name}' is not found.`);
      return p.value;
    },
    variable(name) {
      const key = Object.keys(variables).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key === undefined) throw new TemplateError(`The template variable '${name}' is not found.`);
      if (varValues.has(key)) return varValues.get(key);
      if (evaluating.has(key)) throw new TemplateError(`The template variable '${name}' refers to itself.`);
      evaluating.add(key);
      const v = evaluateDeep(variables[key], scope);
      evaluating.delete(key);
      varValues.set(key, v);
      return v;
    },
  };
  parameters = resolveParameters(template, given, scope);
  const prepared = template.resources.map((raw, i) => {
    if (!isRecord(raw)) throw new TemplateError(`resources[${i}] is not an object.`);
    if ('copy' in raw) throw new TemplateError(`resources[${i}]: copy loops are not supported by the emulator.`);
    const condition = 'condition' in raw ? evaluateDeep(raw.condition, scope) : true;
    if (typeof condition !== 'boolean') throw new TemplateError(`resources[${i}]: the condition must be a boolean.`);
    const name = evaluateString(String(raw.name ?? ''), scope);
    const type = evaluateString(String(raw.type ?? ''), scope);
    if (typeof name !== 'string' || typeof type !== 'string' || name === '' || type === '')
      throw new TemplateError(`resources[${i}] needs a name and a type.`);
    const lower = type.toLowerCase();
    if (!lower.startsWith('microsoft.datafactory/') && lower !== 'microsoft.resources/deployments')
      throw new TemplateError(
        `resources[${i}]: the type '${type}' is not modelled by the emulator (only Microsoft.DataFactory resources and Microsoft.Resources/deployments).`,
      );
    const dependsOn = (Array.isArray(raw.dependsOn) ? raw.dependsOn : []).map((d) => evaluateString(String(d), scope));
    const body: Record<string, unknown> = {};
    for (const k of Object.keys(raw)) if (BODY_KEYS.includes(k.toLowerCase())) body[k] = evaluateDeep(raw[k], scope);
    return {
      id: idOf(type, name, scope),
      type,
      name,
      apiVersion: String(raw.apiVersion ?? ''),
      body,
      deploy: condition,
      dependsOn: dependsOn.map(String),
    };
  });
  return { parameters, resources: orderByDependencies(prepared) };
}

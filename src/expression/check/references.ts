import { didYouMean } from '../../core/did-you-mean.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { Project } from '../../manifest/types.js';
import type { Kind } from '../../model/kinds.js';
import { resourceAddress, resourceKey, type Resource } from '../../model/resource.js';
import { isPlainObject } from '../../core/json.js';
import { visitJson } from '../../core/json-walk.js';

interface ParameterPassing {
  kind: Kind;
  name: string;
  /** Path of the reference object (for 'missing' diagnostics). */
  refPath: (string | number)[];
  /** Path of the object holding the passed values. */
  paramsPath: (string | number)[];
  passed: Record<string, unknown> | undefined;
}

/**
 * The first key of `obj` equal to `lowerKey` ignoring case, with its value (as diff/canonical's findKeyIgnoringCase finds it). Every
 * object of every document is asked for several keys: comparing lengths first spares lower-casing most keys.
 */
function ci(obj: Record<string, unknown>, lowerKey: string): [string, unknown] | undefined {
  for (const k in obj) {
    if (k.length === lowerKey.length && Object.hasOwn(obj, k) && k.toLowerCase() === lowerKey) return [k, obj[k]];
  }
  return undefined;
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return isPlainObject(v) ? v : undefined;
}

/** A reference whose name is a plain string (expression-valued names cannot be resolved statically). */
function plainReference(v: unknown, type: string): string | undefined {
  const o = asObject(v);
  if (!o) return undefined;
  const name = ci(o, 'referencename')?.[1];
  if (typeof name !== 'string') return undefined;
  const t = ci(o, 'type')?.[1];
  if (
    typeof name !== 'string' ||
    name.startsWith('@') ||
    typeof t !== 'string' ||
    t.toLowerCase() !== type.toLowerCase()
  )
    return undefined;
  return name;
}

/**
 * Whether `obj` has a key as long as referenceName, pipeline or pipelineReference: the keys findPassings looks
 * for. Most objects have none, and this spares their keys the case-insensitive lookups (a hot spot of validate).
 */
function mayPass(obj: Record<string, unknown>): boolean {
  for (const k in obj) if (k.length === 13 || k.length === 8 || k.length === 17) return true;
  return false;
}

/**
 * Where parameters are passed: a DatasetReference / LinkedServiceReference carries its own `parameters`;
 * a PipelineReference takes them from its parent (ExecutePipeline's typeProperties, a trigger's pipelines[i]).
 */
function findPassings(properties: unknown): ParameterPassing[] {
  const out: ParameterPassing[] = [];
  visitJson(properties, (node, path) => {
    const obj = asObject(node);
    if (!obj || !mayPass(obj)) return;
    for (const [type, kind] of [
      ['DatasetReference', 'Dataset'],
      ['LinkedServiceReference', 'LinkedService'],
    ] as const) {
      const name = plainReference(obj, type);
      if (name) {
        const p = ci(obj, 'parameters');
        out.push({
          kind,
          name,
          refPath: [...path],
          paramsPath: [...path, p?.[0] ?? 'parameters'],
          passed: asObject(p?.[1]),
        });
      }
    }
    for (const key of ['pipeline', 'pipelinereference']) {
      const ref = ci(obj, key);
      const name = ref && plainReference(ref[1], 'PipelineReference');
      if (ref && name) {
        const p = ci(obj, 'parameters');
        out.push({
          kind: 'Pipeline',
          name,
          refPath: [...path, ref[0]],
          paramsPath: [...path, p?.[0] ?? 'parameters'],
          passed: asObject(p?.[1]),
        });
      }
    }
  });
  return out;
}

/**
 * ref.unknown-parameter: a passed parameter the target does not declare. ref.missing-parameter: a declared
 * parameter without defaultValue that is not passed. Targets that are external or absent are skipped
 * (reference checks report those).
 */
export function checkParameterPassing(project: Project): Diagnostic[] {
  const byKey = new Map(project.resources.map((r) => [resourceKey(r), r]));
  const diagnostics: Diagnostic[] = [];
  for (const resource of project.resources) {
    // Data flow sources and sinks get their dataset parameters from the Execute Data Flow activity
    // (dataflow.datasetParameters), not from the reference: nothing to compare there.
    if (resource.kind === 'DataFlow') continue;
    for (const passing of findPassings(resource.properties)) {
      const target = byKey.get(resourceKey({ kind: passing.kind, name: passing.name }));
      if (!target) continue;
      diagnostics.push(...compare(project, resource, passing, target));
    }
  }
  return diagnostics;
}

function compare(project: Project, resource: Resource, passing: ParameterPassing, target: Resource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = asObject(target.properties.parameters) ?? {};
  const declaredLower = new Map(Object.keys(declared).map((k) => [k.toLowerCase(), k]));
  const passed = passing.passed ?? {};
  const passedLower = new Set(Object.keys(passed).map((k) => k.toLowerCase()));
  const address = resourceAddress(resource);
  const targetAddress = resourceAddress(target);
  for (const key of Object.keys(passed)) {
    if (declaredLower.has(key.toLowerCase())) continue;
    const path = [...passing.paramsPath, key];
    const guess = didYouMean(key, declaredLower.values());
    out.push({
      // Warning, not error: the service accepts the document (extra parameters are ignored at run time) and
      // working corpus factories do this (ikanwal pipeline5). --strict makes it an error.
      severity: 'warning',
      code: 'ref.unknown-parameter',
      message: `parameter '${key}' passed to ${targetAddress} is not declared by it`,
      hint: guess
        ? `did you mean '${guess}'?`
        : declaredLower.size
          ? `declared: ${[...declaredLower.values()].join(', ')}`
          : `${targetAddress} declares no parameters`,
      location: project.locate(resource, path),
      path: ['properties', ...path],
      resource: address,
    });
  }
  for (const [lower, name] of declaredLower) {
    const def = asObject(declared[name]);
    if (passedLower.has(lower) || (def && 'defaultValue' in def)) continue;
    out.push({
      // Warning, not error: the service accepts the PUT and only the run fails, and only when the parameter is
      // used on the path taken; deployed corpus factories contain it (DataFactory-Polli, ikanwal). --strict
      // makes it an error.
      severity: 'warning',
      code: 'ref.missing-parameter',
      message: `${targetAddress} requires parameter '${name}' (it has no defaultValue), but the reference does not pass it`,
      hint: `add '${name}' under parameters, or give it a defaultValue in ${targetAddress}`,
      location: project.locate(resource, passing.refPath),
      path: ['properties', ...passing.refPath],
      resource: address,
    });
  }
  return out;
}

/**
 * Schema validation of one resource's `properties`: pick the branch by `type` first (case-insensitively, as the
 * service does), then validate against that type's schema only. Pipelines: the envelope, then each activity
 * against its own activity type, recursing into ForEach / IfCondition / Switch / Until.
 */
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { KIND_INFO } from '../model/kinds.js';
import { resourceAddress, type ResourceId } from '../model/resource.js';
import { findingsFrom, unknownType, describeValue, quoteList, type Finding, type Unit } from './findings.js';
import { normalizeCase } from './normalize.js';
import { envelopeSchema, knownTypes, resolveType, typedSchema, type CompiledSchema, type TypedFamily } from './registry.js';

export type Locate = (resource: ResourceId, pathInsideProperties: (string | number)[]) => SourceLocation | undefined;

type Path = (string | number)[];
type Obj = Record<string, unknown>;

/** Where container activities keep their inner activities, under typeProperties ('*' = every array item). */
const INNER_ACTIVITIES: Record<string, string[][]> = {
  ForEach: [['activities']],
  Until: [['activities']],
  IfCondition: [['ifTrueActivities'], ['ifFalseActivities']],
  Switch: [['cases', '*', 'activities'], ['defaultActivities']],
};

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The key of `obj` matching `key` case-insensitively (exact spelling first), as the service matches names. */
function keyOf(obj: Obj, key: string): string | undefined {
  if (key in obj) return key;
  const lower = key.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** Every node reached by following `steps` from `node`, with its path. */
function follow(node: unknown, steps: string[], path: Path): Array<{ value: unknown; path: Path }> {
  if (steps.length === 0) return [{ value: node, path }];
  const [step, ...rest] = steps;
  if (step === '*') return Array.isArray(node) ? node.flatMap((item, i) => follow(item, rest, [...path, i])) : [];
  if (!isObject(node)) return [];
  const key = keyOf(node, step);
  return key === undefined ? [] : follow(node[key], rest, [...path, key]);
}

class ResourceValidator {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly resource: ResourceId,
    private readonly locate?: Locate,
  ) {}

  private report(finding: Omit<Finding, 'path'>, pathInProperties: Path): void {
    this.diagnostics.push({
      severity: finding.severity,
      code: finding.code,
      message: finding.message,
      ...(finding.hint ? { hint: finding.hint } : {}),
      path: ['properties', ...pathInProperties],
      resource: resourceAddress(this.resource),
      location: this.locate?.(this.resource, pathInProperties),
    });
  }

  /** Validate `value` (at `base` inside properties) against a compiled schema. */
  private run(compiled: CompiledSchema, value: unknown, base: Path, unit: Unit): void {
    const normalized = normalizeCase(value, compiled.vocabulary);
    if (compiled.validate(normalized.value)) return;
    for (const f of findingsFrom(compiled.validate.errors ?? [], normalized, compiled, unit)) this.report(f, [...base, ...f.path]);
  }

  /** Check `type`, then validate against that type's schema. Returns the type as the schema spells it. */
  typed(family: TypedFamily, label: string, value: unknown, base: Path): string | undefined {
    if (!isObject(value)) {
      this.report({ severity: 'error', code: 'schema.type', message: `found ${describeValue(value)}, expected an object (${label})` }, base);
      return undefined;
    }
    const typeKey = keyOf(value, 'type');
    const type = typeKey === undefined ? undefined : value[typeKey];
    const known = knownTypes(family);
    if (type === undefined) {
      this.report({ severity: 'error', code: 'schema.required', message: `missing required property 'type' (the ${label} type)`, hint: `one of ${quoteList(known)}` }, base);
      return undefined;
    }
    if (typeof type !== 'string') {
      this.report({ severity: 'error', code: 'schema.type', message: `found ${describeValue(type)} for the ${label} type, expected a string` }, [...base, typeKey!]);
      return undefined;
    }
    const resolved = resolveType(family, type);
    if (!resolved) {
      this.report(unknownType(`${label} type`, type, known), [...base, typeKey!]);
      return undefined;
    }
    this.run(typedSchema(family, resolved), value, base, { family, type: resolved });
    return resolved;
  }

  envelope(family: 'Pipeline' | 'ManagedVirtualNetwork' | 'ManagedPrivateEndpoint', value: unknown): void {
    this.run(envelopeSchema(family), value, [], { family });
  }

  /** Each activity of a list, then the activities nested in it. */
  activities(list: unknown, base: Path): void {
    if (!Array.isArray(list)) return; // the envelope schema reports a non-array
    list.forEach((activity, i) => {
      if (!isObject(activity)) return; // the enclosing schema reports a non-object item
      const path = [...base, i];
      const type = this.typed('Activity', 'activity', activity, path);
      const inner = type ? INNER_ACTIVITIES[type] : undefined;
      if (!inner) return;
      const tpKey = keyOf(activity, 'typeProperties');
      if (tpKey === undefined) return;
      for (const steps of inner) {
        for (const found of follow(activity[tpKey], steps, [...path, tpKey])) this.activities(found.value, found.path);
      }
    });
  }
}

/**
 * Schema diagnostics of one resource. `locate` maps a path inside `properties` to a source location (optional:
 * without it diagnostics carry only the resource address and JSON path).
 */
export function validateResourceSchema(resource: ResourceId & { properties: unknown }, locate?: Locate): Diagnostic[] {
  const v = new ResourceValidator(resource, locate);
  const props = resource.properties;
  switch (resource.kind) {
    case 'Pipeline': {
      v.envelope('Pipeline', props);
      const key = isObject(props) ? keyOf(props, 'activities') : undefined;
      if (key !== undefined) v.activities((props as Obj)[key], [key]);
      break;
    }
    case 'ManagedVirtualNetwork':
    case 'ManagedPrivateEndpoint':
      v.envelope(resource.kind, props);
      break;
    default:
      v.typed(resource.kind, KIND_INFO[resource.kind].label, props, []);
  }
  return v.diagnostics;
}

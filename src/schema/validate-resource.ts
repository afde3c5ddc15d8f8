/**
 * Schema validation of one resource's `properties`: pick the branch by `type` first (case-insensitively, as the
 * service does), then validate against that type's schema only. Pipelines: the envelope, then each activity
 * against its own activity type, recursing into ForEach / IfCondition / Switch / Until.
 */
import { isPlainObject as isObject } from '../core/json.js';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { KIND_INFO } from '../model/kinds.js';
import { resourceAddress, type ResourceId } from '../model/resource.js';
import { checkTag, checkValue, keyOf } from './check.js';
import { describeValue, type Finding, type Unit } from './findings.js';
import { envelopeSchema, knownTypes, resolveType, typedSchema, type TypedFamily } from './registry.js';

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

/** Every node reached by following `steps` from `node` (keys matched case-insensitively), with its path. */
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
    private readonly hide?: Unit['hide'],
  ) {}

  /** Record findings whose paths are relative to the node at `base` (a path inside properties). */
  private report(findings: Finding[], base: Path): void {
    for (const f of findings) {
      const pathInProperties = [...base, ...f.path];
      this.diagnostics.push({
        severity: f.severity,
        code: f.code,
        message: f.message,
        ...(f.hint ? { hint: f.hint } : {}),
        path: ['properties', ...pathInProperties],
        resource: resourceAddress(this.resource),
        location: this.locate?.(this.resource, pathInProperties),
      });
    }
  }

  /** Check `type`, then validate against that type's schema. Returns the type as the schema spells it. */
  typed(family: TypedFamily, label: string, value: unknown, base: Path): string | undefined {
    if (!isObject(value)) {
      this.report(
        [
          {
            severity: 'error',
            code: 'schema.type',
            message: `found ${describeValue(value, undefined, this.hide)}, expected an object (${label})`,
            path: [],
          },
        ],
        base,
      );
      return undefined;
    }
    const { type, findings } = checkTag(
      `${label} type`,
      'type',
      knownTypes(family),
      value,
      (v) => resolveType(family, v),
      this.hide,
    );
    this.report(findings, base);
    if (type) this.report(checkValue(typedSchema(family, type), value, { family, type, hide: this.hide }), base);
    return type;
  }

  envelope(family: 'Pipeline' | 'ManagedVirtualNetwork' | 'ManagedPrivateEndpoint', value: unknown): void {
    this.report(checkValue(envelopeSchema(family), value, { family, hide: this.hide }), []);
  }

  /** Each activity of a list, then the activities nested in it. */
  activities(list: unknown, base: Path): void {
    if (!Array.isArray(list)) return; // the envelope schema reports a non-array
    list.forEach((activity, i) => {
      if (!isObject(activity)) return; // the enclosing schema reports a non-object item
      const path = [...base, i];
      const type = this.typed('Activity', 'activity', activity, path);
      const inner = type ? INNER_ACTIVITIES[type] : undefined;
      const tpKey = inner ? keyOf(activity, 'typeProperties') : undefined;
      if (!inner || tpKey === undefined) return;
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
export function validateResourceSchema(
  resource: ResourceId & { properties: unknown },
  locate?: Locate,
  hide?: Unit['hide'],
): Diagnostic[] {
  const v = new ResourceValidator(resource, locate, hide);
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
    case 'ChangeDataCapture':
      // The vendored ARM schema has no ChangeDataCapture definition: the service validates it (references are checked).
      break;
    default:
      v.typed(resource.kind, KIND_INFO[resource.kind].label, props, []);
  }
  return v.diagnostics;
}

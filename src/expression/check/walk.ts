import type { Resource } from '../../model/resource.js';
import { findExpressions, type FoundExpression, type JsonPath } from '../find.js';
import { ActivityTree, type ActivityNode } from './activities.js';
import { nameSetOf, type NameSet, type Scope } from './scope.js';

/** An expression together with the scope it is evaluated in. */
export interface ScopedExpression {
  found: FoundExpression;
  scope: Scope;
}

const INNER_LIST_KEYS = new Set(['activities', 'iftrueactivities', 'iffalseactivities', 'defaultactivities']);

/** Declarations whose default values ADF takes literally (never evaluated), and free text. */
const DECLARATION_KEYS = new Set(['parameters', 'variables', 'description', 'annotations', 'folder']);

function collect(value: unknown, path: JsonPath, scope: Scope, out: ScopedExpression[]): void {
  for (const found of findExpressions(value, path)) out.push({ found, scope });
}

/** Expressions of every top-level property except the skipped ones. */
function collectProperties(
  props: Record<string, unknown>,
  skip: Set<string>,
  scope: Scope,
  out: ScopedExpression[],
): void {
  for (const [k, v] of Object.entries(props)) if (!skip.has(k.toLowerCase())) collect(v, [k], scope, out);
}

/** Every expression of a resource, each with the scope it runs in. */
export function scopedExpressions(resource: Resource, globalParameters: NameSet | undefined): ScopedExpression[] {
  const props = resource.properties ?? {};
  const out: ScopedExpression[] = [];
  const base: Scope = { resource, globalParameters, inForEach: false, inTriggerParameters: false };
  switch (resource.kind) {
    case 'Pipeline':
      collectPipeline(props, base, out);
      break;
    case 'Dataset':
      collectProperties(props, DECLARATION_KEYS, { ...base, datasetParameters: nameSetOf(props.parameters) }, out);
      break;
    case 'LinkedService':
      collectProperties(
        props,
        DECLARATION_KEYS,
        { ...base, linkedServiceParameters: nameSetOf(props.parameters) },
        out,
      );
      break;
    case 'Trigger':
      collectTrigger(props, base, out);
      break;
    default:
      collectProperties(props, DECLARATION_KEYS, base, out);
  }
  return out;
}

function collectTrigger(props: Record<string, unknown>, base: Scope, out: ScopedExpression[]): void {
  collectProperties(props, new Set([...DECLARATION_KEYS, 'pipelines']), base, out);
  if (!Array.isArray(props.pipelines)) return;
  props.pipelines.forEach((p, i) => {
    if (!p || typeof p !== 'object') return;
    for (const [k, v] of Object.entries(p as Record<string, unknown>)) {
      collect(
        v,
        ['pipelines', i, k],
        k.toLowerCase() === 'parameters' ? { ...base, inTriggerParameters: true } : base,
        out,
      );
    }
  });
}

function collectPipeline(props: Record<string, unknown>, base: Scope, out: ScopedExpression[]): void {
  const tree = new ActivityTree(props.activities);
  const scope: Scope = {
    ...base,
    pipelineParameters: nameSetOf(props.parameters),
    variables: nameSetOf(props.variables),
    activities: new Map([...tree.all.values()].map((a) => [a.lower, a.name])),
  };
  collectProperties(props, new Set([...DECLARATION_KEYS, 'activities']), scope, out);
  const visit = (node: ActivityNode, inForEach: boolean): void => {
    // Which activities it may refer to, only when an expression asks (activity('...')): most activities' never do,
    // and computing it for each was a fifth of the expression checks' CPU at 5,000 objects.
    let allowed: ReturnType<ActivityTree['allowedFrom']> | undefined;
    const allowedOf = () => {
      allowed ??= tree.allowedFrom(node, node.type.toLowerCase() === 'until');
      return allowed;
    };
    const own: Scope = {
      ...scope,
      inForEach,
      get allowedActivities() {
        return allowedOf().certain;
      },
      get uncertainActivities() {
        return allowedOf().uncertain;
      },
      currentActivity: node.name,
    };
    collectActivityOwn(node, own, out);
    const innerForEach = inForEach || node.type.toLowerCase() === 'foreach';
    node.children.forEach((c) => visit(c, innerForEach));
  };
  tree.roots.forEach((r) => visit(r, false));
}

/** An activity's own expressions: everything but its inner activity lists (visited with their own scope). */
function collectActivityOwn(node: ActivityNode, scope: Scope, out: ScopedExpression[]): void {
  for (const [k, v] of Object.entries(node.raw)) {
    if (k === 'description') continue;
    if (k !== 'typeProperties' || !v || typeof v !== 'object' || Array.isArray(v)) {
      collect(v, [...node.path, k], scope, out);
      continue;
    }
    for (const [tk, tv] of Object.entries(v as Record<string, unknown>)) {
      const at = [...node.path, k, tk];
      if (INNER_LIST_KEYS.has(tk.toLowerCase()) && Array.isArray(tv)) continue;
      if (tk === 'cases' && Array.isArray(tv)) {
        tv.forEach((c, i) => {
          if (!c || typeof c !== 'object') return;
          for (const [ck, cv] of Object.entries(c as Record<string, unknown>))
            if (ck !== 'activities') collect(cv, [...at, i, ck], scope, out);
        });
        continue;
      }
      // A Filter's condition is evaluated once per item: item() is available there (not in its items).
      const isFilterCondition = node.type.toLowerCase() === 'filter' && tk.toLowerCase() === 'condition';
      collect(tv, at, isFilterCondition ? { ...scope, inForEach: true } : scope, out);
    }
  }
}

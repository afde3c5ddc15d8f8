import { AUTO_RESOLVE_IR, kindOfReferenceType, type Kind } from './kinds.js';
import type { Resource, ResourceId } from './resource.js';

/** One reference from a document to another resource of the factory. */
export interface Reference {
  kind: Kind;
  /** The name as written (ADF resolves it case-insensitively). */
  name: string;
  /** JSON path of the reference object inside the document's `properties`. */
  path: (string | number)[];
}

/**
 * The value of `key` in `obj`, the key matched exactly first, then case-insensitively. Most objects of a document
 * have neither key: comparing lengths first spares lower-casing every key of every object.
 */
function getCaseInsensitive(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  for (const k in obj)
    if (k.length === lower.length && Object.hasOwn(obj, k) && k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** kindOfReferenceType by the type as written: a project spells its few reference types the same way thousands of times. */
const kindByType = new Map<string, Kind | undefined>();

function referenceKindOf(refType: string): Kind | undefined {
  if (kindByType.has(refType)) return kindByType.get(refType);
  const kind = kindOfReferenceType(refType);
  if (kindByType.size < 1000) kindByType.set(refType, kind);
  return kind;
}

/**
 * References found so far, by the `properties` object they were found in. Validation asks for a resource's
 * references several times (reference check, cycle check, expression usage) and plan again for its graph: each
 * whole-document walk is done once. Documents are not modified in place once loaded (a change makes a new
 * `properties` object, as overrides do), so an entry never goes stale.
 */
const found = new WeakMap<object, readonly Reference[]>();

/**
 * Find every reference in a document, wherever it sits (nested activities, trigger pipelines, data flow
 * sources and sinks, connectVia, Key Vault stores, credentials...). A reference is any object with a string
 * `referenceName` and a `type` naming a known reference type; property names match case-insensitively, as
 * the service matches them. References whose name is an expression (not a plain string) are skipped: they
 * cannot be resolved statically. The list is shared between callers: do not modify it.
 */
export function findReferences(properties: unknown): readonly Reference[] {
  const memo = properties && typeof properties === 'object' ? found.get(properties) : undefined;
  if (memo) return memo;
  const out: Reference[] = [];
  collectReferences(properties, [], out);
  if (properties && typeof properties === 'object') found.set(properties, out);
  return out;
}

/**
 * The walk of findReferences, in the order visitJson visits (a container before its children): its own, so that
 * the leaves, most of a document, cost no call (a callback per node was a fifth of the plan's graph; issue 19).
 * `path` is a stack, copied only for a reference.
 */
function collectReferences(node: unknown, path: (string | number)[], out: Reference[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (item === null || typeof item !== 'object') continue;
      path.push(i);
      collectReferences(item, path, out);
      path.pop();
    }
    return;
  }
  const obj = node as Record<string, unknown>;
  const refName = getCaseInsensitive(obj, 'referenceName');
  if (typeof refName === 'string') {
    const refType = getCaseInsensitive(obj, 'type');
    if (typeof refType === 'string') {
      const kind = referenceKindOf(refType);
      if (kind && !refName.startsWith('@')) out.push({ kind, name: refName, path: [...path] });
    }
  }
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) continue;
    const child = obj[k];
    if (child === null || typeof child !== 'object') continue;
    path.push(k);
    collectReferences(child, path, out);
    path.pop();
  }
}

/** The resources a resource depends on: its references, plus a private endpoint's managed VNet. */
export function dependenciesOf(resource: Resource): Array<ResourceId & { path: (string | number)[] }> {
  const deps: Array<ResourceId & { path: (string | number)[] }> = findReferences(resource.properties)
    .filter((r) => !(r.kind === 'IntegrationRuntime' && r.name.toLowerCase() === AUTO_RESOLVE_IR.toLowerCase()))
    .map((r) => ({ kind: r.kind, name: r.name, path: r.path }));
  if (resource.kind === 'ManagedPrivateEndpoint' && resource.parent) {
    deps.push({ kind: 'ManagedVirtualNetwork', name: resource.parent, path: [] });
  }
  return deps;
}

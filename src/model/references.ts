import { AUTO_RESOLVE_IR, kindOfReferenceType, type Kind } from './kinds.js';
import type { Resource, ResourceId } from './resource.js';
import { isPlainObject } from '../core/json.js';
import { visitJson } from '../core/json-walk.js';

/** One reference from a document to another resource of the factory. */
export interface Reference {
  kind: Kind;
  /** The name as written (ADF resolves it case-insensitively). */
  name: string;
  /** JSON path of the reference object inside the document's `properties`. */
  path: (string | number)[];
}

function getCaseInsensitive(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/**
 * Find every reference in a document, wherever it sits (nested activities, trigger pipelines, data flow
 * sources and sinks, connectVia, Key Vault stores, credentials...). A reference is any object with a string
 * `referenceName` and a `type` naming a known reference type; property names match case-insensitively, as
 * the service matches them. References whose name is an expression (not a plain string) are skipped: they
 * cannot be resolved statically.
 */
export function findReferences(properties: unknown): Reference[] {
  const out: Reference[] = [];
  visitJson(properties, (node, path) => {
    if (!isPlainObject(node)) return;
    const refName = getCaseInsensitive(node, 'referenceName');
    const refType = getCaseInsensitive(node, 'type');
    if (typeof refName === 'string' && typeof refType === 'string') {
      const kind = kindOfReferenceType(refType);
      if (kind && !refName.startsWith('@')) out.push({ kind, name: refName, path: [...path] });
    }
  });
  return out;
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

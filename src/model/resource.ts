import type { SourceLocation } from '../core/diagnostic.js';
import type { Kind } from './kinds.js';

/** Identity of a factory child resource. `parent` is the managed VNet name for a ManagedPrivateEndpoint. */
export interface ResourceId {
  kind: Kind;
  name: string;
  parent?: string;
}

/** A resource as declared in the manifests: `properties` is exactly the ADF REST body's `properties`. */
export interface Resource extends ResourceId {
  properties: Record<string, unknown>;
  /** Where the document starts (the `kind:` line). */
  source?: SourceLocation;
}

/**
 * Case-insensitive identity key, the way ADF compares names: 'linkedservice/ls_blob',
 * 'managedprivateendpoint/default/pe1'. Use it for maps and sets.
 */
export function resourceKey(id: ResourceId): string {
  const parent = id.parent ? `${id.parent.toLowerCase()}/` : '';
  return `${id.kind.toLowerCase()}/${parent}${id.name.toLowerCase()}`;
}

/**
 * Resources by resourceKey, in their order. A key declared twice is a validation error (never planned); the first
 * declaration is the one kept, here as in the plan's graph and its comparisons.
 */
export function byResourceKey<R extends ResourceId>(resources: Iterable<R>): Map<string, R> {
  const out = new Map<string, R>();
  for (const r of resources) {
    const key = resourceKey(r);
    if (!out.has(key)) out.set(key, r);
  }
  return out;
}

/** Human address as shown in plans and messages: 'Pipeline/Copy Data', 'ManagedPrivateEndpoint/default/pe1'. */
export function resourceAddress(id: ResourceId): string {
  return id.parent ? `${id.kind}/${id.parent}/${id.name}` : `${id.kind}/${id.name}`;
}

/** Parse 'Kind/name' or 'ManagedPrivateEndpoint/vnet/name' (as given to --target). */
export function parseAddress(address: string): ResourceId | undefined {
  const first = address.indexOf('/');
  if (first < 0) return undefined;
  const kind = address.slice(0, first) as Kind;
  const rest = address.slice(first + 1);
  if (kind === 'ManagedPrivateEndpoint') {
    const second = rest.indexOf('/');
    if (second < 0) return undefined;
    return { kind, parent: rest.slice(0, second), name: rest.slice(second + 1) };
  }
  return { kind, name: rest };
}

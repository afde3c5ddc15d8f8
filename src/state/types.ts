import type { Kind } from '../model/kinds.js';

/** One resource as the service returned it from a list call. */
export interface LiveResource {
  kind: Kind;
  name: string;
  /** Managed VNet of a private endpoint. */
  parent?: string;
  etag: string;
  /** The whole object as returned: id, name, type, properties, etag. */
  body: Record<string, unknown>;
}

/** The live state of one factory: one list call per kind (paged), kinds fetched in parallel. */
export interface LiveState {
  /** Undefined when the factory does not exist yet. */
  factory?: { body: Record<string, unknown>; etag: string };
  resources: LiveResource[];
}

import { buildResourceDag } from '../src/graph/build.js';
import type { Kind } from '../src/model/kinds.js';
import { resourceKey } from '../src/model/resource.js';
import { Dag } from '../src/graph/dag.js';

/** One generated resource, as written to its manifest file. */
export interface GenResource {
  kind: Kind;
  name: string;
  properties: Record<string, unknown>;
  /** Path of its manifest file, relative to the project folder. */
  file: string;
}

/** A generated factory: what the manifests declare, kept in memory for the peer model and the mutations. */
export interface GenFactory {
  name: string;
  location: string;
  subscriptionId: string;
  resourceGroup: string;
  resources: GenResource[];
  /** Environment variables the manifests read through ${{ env.X }} (the secret values). */
  env: Record<string, string>;
}

/** The dependency graph of a set of generated resources (the project's own builder). */
export function buildGraph(resources: GenResource[]): Dag<GenResource> {
  return buildResourceDag(resources);
}

/**
 * Longest chain of `subset` members where one (transitively) depends on the next: the number of dependent
 * write rounds a perfect deployer needs to apply exactly these resources.
 */
export function chainDepth(all: Dag<GenResource>, subset: GenResource[]): number {
  const keys = new Set(subset.map((r) => resourceKey(r)));
  const sub = new Dag<GenResource>();
  for (const r of subset) sub.add(resourceKey(r), r);
  for (const k of keys) for (const d of all.transitiveDependencies(k)) if (keys.has(d)) sub.connect(k, d);
  return sub.depth();
}

/** Substitute ${{ env.X }} the way the manifest loader does, for the peer model that PUTs bodies itself. */
export function substituteEnv(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, name: string) => env[name] ?? '');
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, env));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env)]));
  return value;
}

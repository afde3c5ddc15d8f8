import { ArmError } from '../arm/errors.js';
import type { ArmClient } from '../arm/types.js';
import { deepEqual } from '../diff/canonical.js';
import { V1_KINDS, type V1Kind, type V1Project } from './project.js';

export const V1_API_VERSION = '2015-10-01';
const Q = { 'api-version': V1_API_VERSION };

export interface V1Target {
  subscriptionId: string;
  resourceGroup: string;
  factoryName: string;
}

export function v1FactoryPath(t: V1Target): string {
  return `/subscriptions/${t.subscriptionId}/resourcegroups/${t.resourceGroup}/providers/Microsoft.DataFactory/datafactories/${t.factoryName}`;
}

export type V1Action = 'create' | 'update' | 'delete';

/** One planned call. `etag` is what was read at plan time: apply sends it as If-Match (no blind overwrite). */
export interface V1Change {
  action: V1Action;
  kind: V1Kind | 'factory';
  name: string;
  etag?: string;
  body?: Record<string, unknown>;
}

export interface V1Plan {
  target: V1Target;
  changes: V1Change[];
  /** Live resources the manifests do not declare (left alone). */
  unmanaged: string[];
}

async function getOrNone(
  client: ArmClient,
  path: string,
): Promise<{ body: Record<string, unknown>; etag?: string } | undefined> {
  try {
    const r = await client.request<Record<string, unknown>>('GET', path, { query: Q });
    const etag = r.headers.etag;
    return { body: r.body, etag: Array.isArray(etag) ? etag[0] : etag };
  } catch (err) {
    if (err instanceof ArmError && err.status === 404) return undefined;
    throw err;
  }
}

/** Compare the project with the live V1 factory: what to create or update, in dependency order. */
export async function planV1(client: ArmClient, project: V1Project, target: V1Target): Promise<V1Plan> {
  const base = v1FactoryPath(target);
  const changes: V1Change[] = [];
  const unmanaged: string[] = [];
  const factory = await getOrNone(client, base);
  const want = { name: target.factoryName, location: project.factory.location, tags: project.factory.tags };
  const location = (s: unknown) =>
    String(s ?? '')
      .replace(/\s+/g, '')
      .toLowerCase();
  if (!factory) changes.push({ action: 'create', kind: 'factory', name: target.factoryName, body: want });
  else if (
    location(factory.body.location) !== location(want.location) ||
    !deepEqual(factory.body.tags ?? {}, want.tags)
  )
    changes.push({ action: 'update', kind: 'factory', name: target.factoryName, etag: factory.etag, body: want });
  for (const kind of V1_KINDS) {
    const declared = project.resources.filter((r) => r.kind === kind);
    const live = factory ? await client.list<{ name: string }>(`${base}/${kind}?api-version=${V1_API_VERSION}`) : [];
    const names = new Set(declared.map((r) => r.name.toLowerCase()));
    for (const l of live) if (!names.has(l.name.toLowerCase())) unmanaged.push(`${kind}/${l.name}`);
    for (const r of declared) {
      const body = { name: r.name, properties: r.properties };
      const liveOne = live.some((l) => l.name.toLowerCase() === r.name.toLowerCase())
        ? await getOrNone(client, `${base}/${kind}/${r.name}`)
        : undefined;
      if (!liveOne) changes.push({ action: 'create', kind, name: r.name, body });
      else if (!deepEqual(liveOne.body.properties, r.properties))
        changes.push({ action: 'update', kind, name: r.name, etag: liveOne.etag, body });
    }
  }
  return { target, changes, unmanaged };
}

/** What destroy deletes: the declared resources that exist, dependents first; the factory only when asked. */
export async function planV1Destroy(
  client: ArmClient,
  project: V1Project,
  target: V1Target,
  includeFactory = false,
): Promise<V1Plan> {
  const base = v1FactoryPath(target);
  const changes: V1Change[] = [];
  const factory = await getOrNone(client, base);
  if (!factory) return { target, changes, unmanaged: [] };
  for (const kind of [...V1_KINDS].reverse())
    for (const r of project.resources.filter((x) => x.kind === kind)) {
      const live = await getOrNone(client, `${base}/${kind}/${r.name}`);
      if (live) changes.push({ action: 'delete', kind, name: r.name, etag: live.etag });
    }
  if (includeFactory) changes.push({ action: 'delete', kind: 'factory', name: target.factoryName, etag: factory.etag });
  return { target, changes, unmanaged: [] };
}

/**
 * Run a plan in order, one call at a time (V1 definitions are few; references need the order). Updates and
 * deletes carry If-Match: a resource changed since the plan fails with 412 instead of being overwritten.
 */
export async function applyV1(client: ArmClient, plan: V1Plan, onDone?: (c: V1Change) => void): Promise<void> {
  const base = v1FactoryPath(plan.target);
  for (const c of plan.changes) {
    const path = c.kind === 'factory' ? base : `${base}/${c.kind}/${c.name}`;
    const method = c.action === 'delete' ? 'DELETE' : 'PUT';
    await client.request(method, path, { query: Q, body: c.body, ifMatch: c.etag, resource: `${c.kind}/${c.name}` });
    onDone?.(c);
  }
}

/** `+ datasets/Out` lines for a human. */
export function renderV1Plan(plan: V1Plan): string {
  if (plan.changes.length === 0) return `No changes: data factory ${plan.target.factoryName} matches the manifests.\n`;
  const sign: Record<V1Action, string> = { create: '+', update: '~', delete: '-' };
  const lines = plan.changes.map((c) => `  ${sign[c.action]} ${c.kind}/${c.name}`);
  const count = (a: V1Action) => plan.changes.filter((c) => c.action === a).length;
  return `${lines.join('\n')}\nPlan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete.\n`;
}

import { BUILT_IN_RUNTIME, referencesIn } from './rules.js';
import { collectionOf, PRIVATE_ENDPOINTS, type Collection } from './collections.js';

/** A stored factory. `doc` is the PUT body as sent (secrets already masked). */
export interface FactoryEntry {
  t: 'factory';
  sub: string;
  rg: string;
  name: string;
  doc: Record<string, unknown>;
  etag: string;
  createTime: string;
  principalId?: string;
  tenantId?: string;
}

/** A stored child of a factory. `factory` is the lower-cased factory name, `coll` the collection key. */
export interface ChildEntry {
  t: 'child';
  factory: string;
  coll: string;
  parent?: string;
  name: string;
  doc: Record<string, unknown>;
  etag: string;
  /** Triggers: Started/Stopped. IRs: Initial/Started/Stopped. */
  runtimeState?: string;
  /** Event triggers: Enabled after subscribeToEvents, Disabled after unsubscribeFromEvents. */
  eventSubscription?: string;
  /** Self-hosted IRs: the nodes registered with one of its auth keys (runtime-nodes.ts), by lower-cased name. */
  nodes?: Record<string, RuntimeNode>;
}

/** A self-hosted IR node as the service keeps it (EX:IntegrationRuntimeNodes_Get). */
export interface RuntimeNode {
  nodeName: string;
  machineName: string;
  registerTime: string;
  concurrentJobsLimit?: number;
}

/** A resource group created with PUT (ARM's `resourcegroups` routes). */
export interface ResourceGroupEntry {
  t: 'rg';
  sub: string;
  name: string;
  location: string;
  tags?: Record<string, unknown>;
}

export type Entry = FactoryEntry | ChildEntry | ResourceGroupEntry;

/** One change: set `key` to `entry`, or remove it (null). Removing a factory removes its children. */
export interface Mutation {
  key: string;
  entry: Entry | null;
}

/** Where mutations go before they are applied (the journal); absent = in memory only. */
export interface MutationSink {
  append(mutations: Mutation[]): void;
  /** Called once the appended mutations are applied (the store now matches the journal). */
  applied?(): void;
}

export function factoryKey(name: string): string {
  return `f/${name.toLowerCase()}`;
}

export function resourceGroupKey(sub: string, rg: string): string {
  return `g/${sub.toLowerCase()}/${rg.toLowerCase()}`;
}

export function childKey(factory: string, coll: string, parent: string | undefined, name: string): string {
  return `c/${factory.toLowerCase()}/${coll}/${(parent ?? '').toLowerCase()}/${name.toLowerCase()}`;
}

function collKey(factory: string, coll: string, parent: string | undefined): string {
  return `${factory.toLowerCase()}/${coll}/${(parent ?? '').toLowerCase()}`;
}

/** Identity of a resource for the reference index: 'factory|kind/name' (private endpoints add the VNet). */
function refKey(factory: string, kind: string, name: string, parent?: string): string {
  return `${factory}|${kind.toLowerCase()}/${parent ? `${parent.toLowerCase()}/` : ''}${name.toLowerCase()}`;
}

interface Bucket {
  items: Map<string, ChildEntry>;
  sorted?: string[];
}

/**
 * The emulator's state: factories, their children per collection, and a reverse reference index so that a
 * DELETE check costs one lookup, whatever the factory's size.
 */
export class Store {
  private factories = new Map<string, FactoryEntry>();
  private groups = new Map<string, ResourceGroupEntry>();
  private buckets = new Map<string, Bucket>();
  private counts = new Map<string, number>();
  private forward = new Map<string, string[]>();
  private reverse = new Map<string, Map<string, string>>();

  constructor(
    entries: Iterable<[string, Entry]> = [],
    private sink?: MutationSink,
  ) {
    for (const [key, entry] of entries) this.apply({ key, entry });
  }

  /** Persist (fsync'd by the sink) and then apply: nothing is visible that is not durable. */
  commit(mutations: Mutation[]): void {
    if (mutations.length === 0) return;
    this.sink?.append(mutations);
    for (const m of mutations) this.apply(m);
    this.sink?.applied?.();
  }

  getResourceGroup(sub: string, rg: string): ResourceGroupEntry | undefined {
    return this.groups.get(resourceGroupKey(sub, rg));
  }

  /** Resource groups created with PUT in one subscription, by lower-cased name. */
  listResourceGroups(sub: string): ResourceGroupEntry[] {
    const s = sub.toLowerCase();
    return [...this.groups.values()]
      .filter((g) => g.sub.toLowerCase() === s)
      .sort((a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()));
  }

  /** Every subscription holding a factory or a resource group created with PUT. */
  knownSubscriptions(): string[] {
    return [...this.factories.values(), ...this.groups.values()].map((e) => e.sub);
  }

  getFactory(name: string): FactoryEntry | undefined {
    return this.factories.get(name.toLowerCase());
  }

  listFactories(sub: string, rg?: string): FactoryEntry[] {
    const s = sub.toLowerCase();
    const r = rg?.toLowerCase();
    return [...this.factories.values()]
      .filter((f) => f.sub.toLowerCase() === s && (r === undefined || f.rg.toLowerCase() === r))
      .sort((a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()));
  }

  getChild(factory: string, coll: string, parent: string | undefined, name: string): ChildEntry | undefined {
    return this.buckets.get(collKey(factory, coll, parent))?.items.get(name.toLowerCase());
  }

  /** A page of a collection in lower-cased name order, starting after `after` (a lower-cased name). */
  listChildren(
    factory: string,
    coll: string,
    parent: string | undefined,
    after: string | undefined,
    limit: number,
  ): { items: ChildEntry[]; more: boolean } {
    const bucket = this.buckets.get(collKey(factory, coll, parent));
    if (!bucket) return { items: [], more: false };
    bucket.sorted ??= [...bucket.items.keys()].sort(cmp);
    const sorted = bucket.sorted;
    let start = 0;
    if (after !== undefined) {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] <= after) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const names = sorted.slice(start, start + limit);
    return { items: names.map((n) => bucket.items.get(n)!), more: start + limit < sorted.length };
  }

  /** Entities in a factory (global parameter sets excluded), for the 5,000 limit. */
  countEntities(factory: string): number {
    return this.counts.get(factory.toLowerCase()) ?? 0;
  }

  /** The name of one resource that references this one (itself excluded), or undefined: O(1) via the index. */
  firstReferrer(factory: string, kind: string, name: string, parent?: string): string | undefined {
    const self = refKey(factory.toLowerCase(), kind, name, parent);
    for (const [source, sourceName] of this.reverse.get(self) ?? []) if (source !== self) return sourceName;
    return undefined;
  }

  /** Every entry, for the snapshot. */
  *entries(): Generator<[string, Entry]> {
    for (const [k, g] of this.groups) yield [k, g];
    for (const f of this.factories.values()) yield [factoryKey(f.name), f];
    for (const b of this.buckets.values())
      for (const c of b.items.values()) yield [childKey(c.factory, c.coll, c.parent, c.name), c];
  }

  private apply({ key, entry }: Mutation): void {
    if (key.startsWith('g/')) {
      if (entry) this.groups.set(key, entry as ResourceGroupEntry);
      else this.groups.delete(key);
      return;
    }
    if (key.startsWith('f/')) {
      const name = key.slice(2);
      if (entry) this.factories.set(name, entry as FactoryEntry);
      else this.removeFactory(name);
      return;
    }
    const [, factory, coll, parent, name] = key.split('/');
    const bk = `${factory}/${coll}/${parent}`;
    let bucket = this.buckets.get(bk);
    const old = bucket?.items.get(name);
    if (old) this.unindex(old);
    if (!entry) {
      if (old && bucket) {
        bucket.items.delete(name);
        bucket.sorted = undefined;
        this.bumpCount(old, -1);
      }
      return;
    }
    const child = entry as ChildEntry;
    if (!bucket) this.buckets.set(bk, (bucket = { items: new Map() }));
    if (!old) {
      bucket.sorted = undefined;
      this.bumpCount(child, 1);
    }
    bucket.items.set(name, child);
    this.index(child);
  }

  private removeFactory(name: string): void {
    this.factories.delete(name);
    this.counts.delete(name);
    for (const [bk, bucket] of this.buckets) {
      if (!bk.startsWith(`${name}/`)) continue;
      for (const c of bucket.items.values()) this.unindex(c);
      this.buckets.delete(bk);
    }
  }

  private bumpCount(c: ChildEntry, by: number): void {
    if (c.coll === 'globalparameters') return;
    this.counts.set(c.factory, (this.counts.get(c.factory) ?? 0) + by);
  }

  private sourceKey(c: ChildEntry): string | undefined {
    const coll = collectionOf(c.coll) ?? (c.coll === PRIVATE_ENDPOINTS.key ? PRIVATE_ENDPOINTS : undefined);
    return coll?.kind ? refKey(c.factory, coll.kind, c.name, c.parent) : undefined;
  }

  private index(c: ChildEntry): void {
    const source = this.sourceKey(c);
    if (!source) return;
    const targets = referenceTargets(c.factory, c.doc);
    if (targets.length === 0) return;
    this.forward.set(source, targets);
    for (const t of targets) {
      let m = this.reverse.get(t);
      if (!m) this.reverse.set(t, (m = new Map()));
      m.set(source, c.name);
    }
  }

  private unindex(c: ChildEntry): void {
    const source = this.sourceKey(c);
    if (!source) return;
    for (const t of this.forward.get(source) ?? []) {
      const m = this.reverse.get(t);
      m?.delete(source);
      if (m && m.size === 0) this.reverse.delete(t);
    }
    this.forward.delete(source);
  }
}

/** Reference index keys of the targets a document points at (the built-in IR excluded). */
function referenceTargets(factory: string, doc: Record<string, unknown>): string[] {
  const keys = new Set<string>();
  for (const r of referencesIn(doc.properties)) {
    if (r.kind === 'IntegrationRuntime' && r.name.toLowerCase() === BUILT_IN_RUNTIME) continue;
    keys.add(refKey(factory, r.kind, r.name));
  }
  return [...keys];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Collection used for a child entry (private endpoints are nested under a VNet). */
export function collectionOfEntry(c: ChildEntry): Collection {
  return collectionOf(c.coll) ?? PRIVATE_ENDPOINTS;
}

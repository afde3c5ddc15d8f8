/**
 * The clear secrets of linked services and datasets, kept in memory only (never journalled, never logged): the
 * emulator masks documents before storing them, as the service does, but a data activity needs the clear
 * connection string or SAS URI to reach storage. One keeper per emulator store (a WeakMap: it goes with the store).
 * After a restart the keeper is empty and the activity fails saying to apply the linked service again.
 */
type SecretKind = 'LinkedService' | 'Dataset';

export class SecretKeeper {
  readonly #docs = new Map<string, Record<string, unknown>>();

  /** Remember the clear document as sent (called where the emulator stores a child). */
  keep(factory: string, kind: string | undefined, name: string, clear: Record<string, unknown> | undefined): void {
    if (kind !== 'LinkedService' && kind !== 'Dataset') return;
    if (clear === undefined) this.#docs.delete(key(factory, kind, name));
    else this.#docs.set(key(factory, kind, name), structuredClone(clear));
  }

  forget(factory: string, kind: string | undefined, name: string): void {
    if (kind === 'LinkedService' || kind === 'Dataset') this.#docs.delete(key(factory, kind, name));
  }

  /**
   * The clear value at `path` of the document as last sent. A `{type: 'SecureString', value}` node gives its value.
   * Undefined when the keeper never saw the object (e.g. after a restart) or the path holds no string.
   */
  get(factory: string, kind: SecretKind, name: string, path: readonly string[]): string | undefined {
    let node: unknown = this.#docs.get(key(factory, kind, name));
    for (const segment of path) node = childCI(node, segment);
    if (typeof node === 'string') return node;
    const value = childCI(node, 'value');
    return typeof value === 'string' ? value : undefined;
  }
}

function key(factory: string, kind: string, name: string): string {
  return `${factory.toLowerCase()}\u0000${kind}\u0000${name.toLowerCase()}`;
}

function childCI(node: unknown, segment: string): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const rec = node as Record<string, unknown>;
  if (segment in rec) return rec[segment];
  const found = Object.keys(rec).find((k) => k.toLowerCase() === segment.toLowerCase());
  return found === undefined ? undefined : rec[found];
}

const keepers = new WeakMap<object, SecretKeeper>();

/** The keeper of an emulator store (created on first use). */
export function secretsOf(store: object): SecretKeeper {
  let keeper = keepers.get(store);
  if (!keeper) {
    keeper = new SecretKeeper();
    keepers.set(store, keeper);
  }
  return keeper;
}

/**
 * A generic directed acyclic graph keyed by string. An edge `from -> to` means "from depends on to":
 * `to` must be done before `from` starts. Deletes walk the same graph reversed.
 */
export class Dag<T> {
  private readonly nodes = new Map<string, T>();
  private readonly deps = new Map<string, Set<string>>();
  private readonly dependents = new Map<string, Set<string>>();

  add(key: string, value: T): void {
    this.nodes.set(key, value);
    if (!this.deps.has(key)) this.deps.set(key, new Set());
    if (!this.dependents.has(key)) this.dependents.set(key, new Set());
  }

  has(key: string): boolean {
    return this.nodes.has(key);
  }

  get(key: string): T | undefined {
    return this.nodes.get(key);
  }

  keys(): string[] {
    return [...this.nodes.keys()];
  }

  get size(): number {
    return this.nodes.size;
  }

  /** `from` depends on `to`. Both must have been added. Self-edges are ignored (a tumbling window trigger may depend on itself). */
  connect(from: string, to: string): void {
    if (from === to) return;
    if (!this.nodes.has(from) || !this.nodes.has(to))
      throw new Error(`Dag.connect: unknown node ${this.nodes.has(from) ? to : from}`);
    this.deps.get(from)!.add(to);
    this.dependents.get(to)!.add(from);
  }

  dependenciesOf(key: string): string[] {
    return [...(this.deps.get(key) ?? [])];
  }

  dependentsOf(key: string): string[] {
    return [...(this.dependents.get(key) ?? [])];
  }

  /** Every node `key` depends on, directly or not. */
  transitiveDependencies(key: string): Set<string> {
    const seen = new Set<string>();
    const stack = [...this.dependenciesOf(key)];
    while (stack.length) {
      const k = stack.pop()!;
      if (seen.has(k)) continue;
      seen.add(k);
      stack.push(...this.dependenciesOf(k));
    }
    return seen;
  }

  /** Every cycle's members, each in dependency order starting from its smallest key (Tarjan's SCCs). */
  cycles(): string[][] {
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const result: string[][] = [];
    const strong = (v: string): void => {
      idx.set(v, index);
      low.set(v, index);
      index++;
      stack.push(v);
      onStack.add(v);
      for (const w of this.deps.get(v)!) {
        if (!idx.has(w)) {
          strong(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v)!, idx.get(w)!));
        }
      }
      if (low.get(v) === idx.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) result.push(comp.reverse());
      }
    };
    for (const k of [...this.nodes.keys()].sort()) if (!idx.has(k)) strong(k);
    return result;
  }

  /**
   * Topological waves: wave 0 holds nodes with no dependencies, wave n nodes whose dependencies are all in
   * earlier waves. With `reversed`, dependents come first (the order for deletes). Throws on a cycle.
   */
  waves(options: { reversed?: boolean } = {}): string[][] {
    const edges = options.reversed ? this.dependents : this.deps;
    const remaining = new Map<string, number>();
    for (const k of this.nodes.keys()) remaining.set(k, edges.get(k)!.size);
    const reverseEdges = options.reversed ? this.deps : this.dependents;
    const out: string[][] = [];
    let current = [...remaining.entries()]
      .filter(([, n]) => n === 0)
      .map(([k]) => k)
      .sort();
    let placed = 0;
    while (current.length) {
      out.push(current);
      placed += current.length;
      const next: string[] = [];
      for (const k of current) {
        for (const d of reverseEdges.get(k)!) {
          const n = remaining.get(d)! - 1;
          remaining.set(d, n);
          if (n === 0) next.push(d);
        }
      }
      current = next.sort();
    }
    if (placed !== this.nodes.size) {
      const cycle = this.cycles()[0] ?? [];
      throw new DependencyCycleError(cycle);
    }
    return out;
  }

  /** Nodes in one topological order (dependencies first, or dependents first when reversed). */
  order(options: { reversed?: boolean } = {}): string[] {
    return this.waves(options).flat();
  }

  /** Length of the longest dependency chain, in nodes (0 for an empty graph). */
  depth(): number {
    return this.waves().length;
  }
}

/** Raised when an ordering is asked of a graph that has a cycle; names the cycle's members. */
export class DependencyCycleError extends Error {
  constructor(readonly members: string[]) {
    super(`dependency cycle: ${[...members, members[0]].join(' -> ')}`);
    this.name = 'DependencyCycleError';
  }
}

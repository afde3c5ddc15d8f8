/**
 * The activity tree of one pipeline, to decide which activities an expression may refer to:
 * `activity('A')` must name an activity that runs before (a dependsOn path among siblings, from the
 * referring activity or any container around it) or that encloses the referring activity.
 */
export interface ActivityNode {
  name: string;
  lower: string;
  type: string;
  parent?: ActivityNode;
  dependsOn: string[];
  children: ActivityNode[];
  /** The JSON path of the activity object inside the pipeline's properties. */
  path: (string | number)[];
  raw: Record<string, unknown>;
}

/** Where a container keeps its inner activity lists, relative to the activity. */
export function innerActivityLists(
  activity: Record<string, unknown>,
): Array<{ path: (string | number)[]; list: unknown[] }> {
  const tp = activity.typeProperties as Record<string, unknown> | undefined;
  if (!tp || typeof tp !== 'object') return [];
  const out: Array<{ path: (string | number)[]; list: unknown[] }> = [];
  for (const key of ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities']) {
    if (Array.isArray(tp[key])) out.push({ path: ['typeProperties', key], list: tp[key] as unknown[] });
  }
  if (Array.isArray(tp.cases)) {
    (tp.cases as unknown[]).forEach((c, i) => {
      const acts = (c as Record<string, unknown> | null)?.activities;
      if (Array.isArray(acts)) out.push({ path: ['typeProperties', 'cases', i, 'activities'], list: acts });
    });
  }
  return out;
}

export class ActivityTree {
  readonly all = new Map<string, ActivityNode>();
  readonly roots: ActivityNode[] = [];

  constructor(activities: unknown) {
    if (Array.isArray(activities)) this.roots = this.build(activities, ['activities'], undefined);
  }

  private build(list: unknown[], path: (string | number)[], parent: ActivityNode | undefined): ActivityNode[] {
    const out: ActivityNode[] = [];
    list.forEach((raw, i) => {
      if (!raw || typeof raw !== 'object') return;
      const a = raw as Record<string, unknown>;
      if (typeof a.name !== 'string') return;
      const deps = Array.isArray(a.dependsOn)
        ? (a.dependsOn as Array<Record<string, unknown>>)
            .map((d) => d?.activity)
            .filter((x): x is string => typeof x === 'string')
        : [];
      const node: ActivityNode = {
        name: a.name,
        lower: a.name.toLowerCase(),
        type: typeof a.type === 'string' ? a.type : '',
        parent,
        dependsOn: deps.map((d) => d.toLowerCase()),
        children: [],
        path: [...path, i],
        raw: a,
      };
      if (!this.all.has(node.lower)) this.all.set(node.lower, node);
      for (const inner of innerActivityLists(a))
        node.children.push(...this.build(inner.list, [...path, i, ...inner.path], node));
      out.push(node);
    });
    return out;
  }

  private siblingsOf(node: ActivityNode): ActivityNode[] {
    return node.parent ? node.parent.children : this.roots;
  }

  /** Activities that run before `node` among its siblings (transitive dependsOn). */
  private predecessors(node: ActivityNode): ActivityNode[] {
    const siblings = new Map(this.siblingsOf(node).map((s) => [s.lower, s]));
    const seen = new Set<string>();
    const queue = [...node.dependsOn];
    while (queue.length) {
      const name = queue.shift()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const s = siblings.get(name);
      if (s) queue.push(...s.dependsOn);
    }
    return [...seen].map((n) => siblings.get(n)).filter((n): n is ActivityNode => n !== undefined);
  }

  /**
   * The activities an expression inside `node` may refer to: `certain` ones have run (or are running, for
   * an enclosing container) whenever it runs; `uncertain` ones sit inside a container that ran before,
   * so they may not have run (If/Switch branch not taken, ForEach or Until without that iteration).
   * `includeOwnChildren` is for an Until loop's condition, evaluated after each pass over its activities.
   */
  allowedFrom(
    node: ActivityNode,
    includeOwnChildren = false,
  ): { certain: Set<string>; uncertain: Map<string, string> } {
    const certain = new Set<string>();
    const uncertain = new Map<string, string>();
    const isUntil = (n: ActivityNode): boolean => n.type.toLowerCase() === 'until';
    // An Until runs its activities at least once, so what sits directly in it (or in Untils within it)
    // has run once the loop is over; anything in an If, Switch or ForEach may not have.
    const addInside = (container: ActivityNode, n: ActivityNode, sure: boolean): void => {
      if (sure) certain.add(n.lower);
      else if (!uncertain.has(n.lower)) uncertain.set(n.lower, container.name);
      n.children.forEach((c) => addInside(sure ? n : container, c, sure && isUntil(n)));
    };
    if (includeOwnChildren) node.children.forEach((c) => addInside(node, c, true));
    for (let level: ActivityNode | undefined = node; level; level = level.parent) {
      if (level !== node) certain.add(level.lower);
      for (const pred of this.predecessors(level)) {
        certain.add(pred.lower);
        pred.children.forEach((c) => addInside(pred, c, isUntil(pred)));
      }
    }
    for (const name of certain) uncertain.delete(name);
    return { certain, uncertain };
  }
}

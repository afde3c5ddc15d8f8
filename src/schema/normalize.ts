/**
 * The service matches property names and enum values case-insensitively (ExecuteDataFlow's `dataflow` for
 * `dataFlow`, parameter type `string` for `String`; measured on the corpus), while JSON Schema is case-sensitive.
 * So before validation, a copy of the document is rewritten to the schema's spelling, and error paths are mapped
 * back to the keys as written.
 */

/** The spellings a schema uses: lower-case -> canonical, or null when two spellings differ only in case. */
export interface Vocabulary {
  properties: Map<string, string | null>;
  enums: Map<string, string | null>;
}

function add(map: Map<string, string | null>, exact: Set<string>, word: string): void {
  exact.add(word);
  const lower = word.toLowerCase();
  const seen = map.get(lower);
  if (seen === undefined) map.set(lower, word);
  else if (seen !== word) map.set(lower, null);
}

/** Every property name (keys of `properties`) and string enum value anywhere in a schema. */
export function vocabularyOf(schema: unknown): Vocabulary & { exactProperties: Set<string>; exactEnums: Set<string> } {
  const vocab = {
    properties: new Map<string, string | null>(),
    enums: new Map<string, string | null>(),
    exactProperties: new Set<string>(),
    exactEnums: new Set<string>(),
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.properties && typeof obj.properties === 'object' && !Array.isArray(obj.properties)) {
        for (const key of Object.keys(obj.properties)) add(vocab.properties, vocab.exactProperties, key);
      }
      if (Array.isArray(obj.enum))
        for (const v of obj.enum) if (typeof v === 'string') add(vocab.enums, vocab.exactEnums, v);
      for (const [k, v] of Object.entries(obj)) {
        if (k === 'properties' && v && typeof v === 'object') Object.values(v).forEach(walk);
        else if (k !== 'enum') walk(v);
      }
    }
  };
  walk(schema);
  return vocab;
}

export interface Normalized {
  value: unknown;
  /** Translate a path in `value` back to the keys as written in the original document. */
  originalPath(path: (string | number)[]): (string | number)[];
}

const longestByVocabulary = new WeakMap<Vocabulary, { enum: number; property: number }>();

/** The length of the longest enum value and property name of a vocabulary (once per vocabulary). */
function longestWords(vocab: Vocabulary & { exactProperties: Set<string>; exactEnums: Set<string> }): {
  enum: number;
  property: number;
} {
  let longest = longestByVocabulary.get(vocab);
  if (!longest) {
    const max = (...sets: Iterable<string>[]) =>
      sets.reduce((m, words) => [...words].reduce((n, w) => Math.max(n, w.length), m), 0);
    longest = {
      enum: max(vocab.enums.keys(), vocab.exactEnums),
      property: max(vocab.properties.keys(), vocab.exactProperties),
    };
    longestByVocabulary.set(vocab, longest);
  }
  return longest;
}

/** Whether the copy made so far (`entries`, or the source's first `count` keys when nothing changed yet) has `key`. */
function hasTarget(entries: Array<[string, unknown]> | undefined, keys: string[], count: number, key: string): boolean {
  if (entries) return entries.some(([k]) => k === key);
  for (let i = 0; i < count; i++) if (keys[i] === key) return true;
  return false;
}

/**
 * A copy of `value` with object keys and string values respelled as the schema spells them, when they match a
 * schema spelling case-insensitively and unambiguously. Keys and strings that are not schema words (parameter
 * names, free text) are left alone; a key is not renamed when the object already has the canonical spelling.
 */
export function normalizeCase(
  value: unknown,
  vocab: Vocabulary & { exactProperties: Set<string>; exactEnums: Set<string> },
): Normalized {
  const renamed = new WeakMap<object, Map<string, string>>();
  const longest = longestWords(vocab);
  // Copy on write: a node whose spelling is already the schema's (nearly all of them) is returned as it is, so only
  // the nodes on the way to a respelled key or value are copied (validators never modify the data they check).
  const copy = (node: unknown): unknown => {
    if (typeof node === 'string') {
      // Longer than every enum value (names, expressions, text): no lookup, no lower-case copy.
      if (node.length > longest.enum || vocab.exactEnums.has(node)) return node;
      return vocab.enums.get(node.toLowerCase()) ?? node;
    }
    if (Array.isArray(node)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        const item = copy(node[i]);
        if (item !== node[i]) out ??= node.slice();
        if (out) out[i] = item;
      }
      return out ?? node;
    }
    if (!node || typeof node !== 'object') return node;
    const src = node as Record<string, unknown>;
    const keys = Object.keys(src);
    // Respelled keys and values, from the first change on (before it, the copy's entries are the source's).
    let entries: Array<[string, unknown]> | undefined;
    let back: Map<string, string> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      let target = key;
      if (key.length <= longest.property && !vocab.exactProperties.has(key)) {
        const canonical = vocab.properties.get(key.toLowerCase());
        if (canonical && !(canonical in src) && !hasTarget(entries, keys, i, canonical)) target = canonical;
      }
      const v = copy(src[key]);
      // A `__proto__` key is always copied, as before: the assignment below makes it the copy's prototype.
      if (!entries && (target !== key || v !== src[key] || key === '__proto__'))
        entries = keys.slice(0, i).map((k): [string, unknown] => [k, src[k]]);
      if (target !== key) (back ??= new Map()).set(target, key);
      entries?.push([target, v]);
    }
    if (!entries) return node;
    const out: Record<string, unknown> = {};
    for (const [target, v] of entries) out[target] = v;
    if (back) renamed.set(out, back);
    return out;
  };
  const result = copy(value);
  return {
    value: result,
    originalPath(path) {
      const outPath: (string | number)[] = [];
      let node: unknown = result;
      for (const seg of path) {
        const back = node && typeof node === 'object' ? renamed.get(node as object) : undefined;
        outPath.push(typeof seg === 'string' && back?.has(seg) ? back.get(seg)! : seg);
        node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined;
      }
      return outPath;
    },
  };
}

/**
 * Issue 19 (validate's CPU): algorithms replaced by cheaper ones, compared with the code they replaced (kept here
 * as the reference) over the fixtures, the examples, the corpus and a generated project, each document also in a
 * respelled form (keys and strings in other cases, placeholders) so that the rarely taken branches run too.
 */
import { kindOfStudioFolder } from '../../src/manifest/studio-layout.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { generateFactory } from '../../bench/generate.js';
import { visitJson } from '../../src/core/json-walk.js';
import { findExpressions, type FoundExpression } from '../../src/expression/find.js';
import { splitTemplate } from '../../src/expression/template.js';
import { isPlainObject } from '../../src/core/json.js';
import {
  substituteDeep,
  substituteShared,
  type SubstitutionContext,
  type SubstitutionProblem,
} from '../../src/manifest/substitute.js';
import { isKind, kindOfReferenceType } from '../../src/model/kinds.js';
import { findReferences, type Reference } from '../../src/model/references.js';
import { normalizeCase, type Vocabulary } from '../../src/schema/normalize.js';
import { resolveType, typedSchema, type TypedFamily } from '../../src/schema/registry.js';
import { CORPUS, HAS_SHARED } from '../helpers/shared.js';

const REPO = path.resolve(import.meta.dirname, '../..');

type Vocab = Vocabulary & { exactProperties: Set<string>; exactEnums: Set<string> };

/** normalizeCase before issue 19: a full copy of the document. */
function normalizeBefore(
  value: unknown,
  vocab: Vocab,
): { value: unknown; renamed: WeakMap<object, Map<string, string>> } {
  const renamed = new WeakMap<object, Map<string, string>>();
  const copy = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (vocab.exactEnums.has(node)) return node;
      return vocab.enums.get(node.toLowerCase()) ?? node;
    }
    if (Array.isArray(node)) return node.map(copy);
    if (!node || typeof node !== 'object') return node;
    const src = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const back = new Map<string, string>();
    for (const [key, v] of Object.entries(src)) {
      let target = key;
      if (!vocab.exactProperties.has(key)) {
        const canonical = vocab.properties.get(key.toLowerCase());
        if (canonical && !(canonical in src) && !(canonical in out)) target = canonical;
      }
      if (target !== key) back.set(target, key);
      out[target] = copy(v);
    }
    if (back.size > 0) renamed.set(out, back);
    return out;
  };
  return { value: copy(value), renamed };
}

/** findReferences before issue 19 (no memo, every key lower-cased). */
function findReferencesBefore(properties: unknown): Reference[] {
  const get = (obj: Record<string, unknown>, key: string): unknown => {
    if (key in obj) return obj[key];
    const lower = key.toLowerCase();
    for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
    return undefined;
  };
  const out: Reference[] = [];
  visitJson(properties, (node, at) => {
    if (!isPlainObject(node)) return;
    const refName = get(node, 'referenceName');
    const refType = get(node, 'type');
    if (typeof refName === 'string' && typeof refType === 'string') {
      const kind = kindOfReferenceType(refType);
      if (kind && !refName.startsWith('@')) out.push({ kind, name: refName, path: [...at] });
    }
  });
  return out;
}

/** findExpressions before issue 19: a fresh path per node. */
function findExpressionsBefore(value: unknown, path: (string | number)[] = []): FoundExpression[] {
  const out: FoundExpression[] = [];
  const fromString = (text: string, at: (string | number)[], inObject: boolean): void => {
    if (!text.includes('@')) return;
    const split = splitTemplate(text);
    for (const part of split.parts) {
      if (part.type !== 'expression') continue;
      const kind = part.interpolated ? 'interpolation' : inObject ? 'object' : '@';
      out.push({ path: at, text: part.text, offset: part.offset, kind });
    }
    if (split.error)
      out.push({
        path: at,
        text: text.slice(split.error.offset + 2),
        offset: split.error.offset + 2,
        kind: 'interpolation',
        unterminated: true,
      });
  };
  const visit = (node: unknown, at: (string | number)[], inObject: boolean): void => {
    if (typeof node === 'string') return fromString(node, at, inObject);
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, [...at, i], false));
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    const isExpressionObject =
      typeof obj.type === 'string' && obj.type.toLowerCase() === 'expression' && 'value' in obj;
    const dataFlowBody = ['sources', 'sinks', 'transformations', 'scriptLines'].some((k) => k in obj);
    const isRoot = at.length === path.length;
    for (const [k, v] of Object.entries(obj)) {
      const key = k.toLowerCase();
      if (key === 'scriptlines' || (dataFlowBody && k === 'script')) continue;
      if (
        (isRoot && ['description', 'annotations', 'folder'].includes(key)) ||
        (key === 'description' && typeof obj.name === 'string')
      )
        continue;
      visit(v, [...at, k], isExpressionObject && k === 'value');
    }
  };
  visit(value, path, false);
  return out;
}

/** Every path to a leaf or container of `value` (to compare originalPath on each). */
function pathsOf(value: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  visitJson(value, (_node, at) => {
    out.push([...at]);
  });
  return out;
}

/** Deterministic variants of a document: keys and string values upper- or lower-cased, some keys doubled. */
function respelled(value: unknown, seed: number): unknown {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const r = next();
      if (r < 0.15) return node.toLowerCase();
      if (r < 0.2) return node.toUpperCase();
      if (r < 0.25) return `\${{ vars.v${Math.floor(next() * 4)} }}`;
      if (r < 0.27) return `a \${{ env.E${Math.floor(next() * 3)} }} b $\${{ x }}`;
      return node;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (!isPlainObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const r = next();
      const key = r < 0.2 || r > 0.97 ? k.toLowerCase() : r < 0.25 ? k.toUpperCase() : k;
      out[key] = walk(v);
      // Two respellings of one key: the schema's spelling must not be taken twice.
      if (r > 0.97) out[k.toUpperCase()] = walk(v);
    }
    return out;
  };
  return walk(value);
}

interface Doc {
  label: string;
  kind?: string;
  properties: unknown;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function documentsOf(file: string, kindFromFolder?: string): Doc[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let values: unknown[];
  try {
    values = file.endsWith('.json')
      ? [JSON.parse(text)]
      : parseAllDocuments(text).flatMap((d) => (Array.isArray(d) ? [] : [d.toJS()]));
  } catch {
    return [];
  }
  return values.filter(isPlainObject).map((v) => ({
    label: file,
    kind: typeof v.kind === 'string' ? v.kind : kindFromFolder,
    properties: v.properties,
  }));
}

function allDocuments(): Doc[] {
  const docs: Doc[] = [];
  for (const dir of ['test/fixtures', 'examples'])
    for (const file of filesUnder(path.join(REPO, dir))) docs.push(...documentsOf(file));
  if (HAS_SHARED)
    for (const file of filesUnder(CORPUS))
      docs.push(...documentsOf(file, kindOfStudioFolder(path.basename(path.dirname(file)))));
  for (const r of generateFactory({ entities: 300, seed: 11 }).resources)
    docs.push({ label: r.file, kind: r.kind, properties: r.properties });
  return docs.filter((d) => d.properties !== undefined);
}

const DOCS = allDocuments();
const VARIANTS = DOCS.flatMap((d, i) => [
  d,
  { ...d, label: `${d.label} (respelled)`, properties: respelled(d.properties, i + 1) },
]);

function vocabularyFor(doc: Doc): Vocab | undefined {
  if (!doc.kind || !isKind(doc.kind) || !isPlainObject(doc.properties)) return undefined;
  const type = doc.properties.type;
  if (typeof type !== 'string') return undefined;
  const family = doc.kind as TypedFamily;
  let resolved: string | undefined;
  try {
    resolved = resolveType(family, type);
  } catch {
    return undefined; // a kind without typed schemas (Pipeline)
  }
  return resolved ? typedSchema(family, resolved).vocabulary : undefined;
}

describe('issue 19: replaced algorithms give what the old ones gave', () => {
  it('has inputs from every source', () => {
    expect(DOCS.length).toBeGreaterThan(HAS_SHARED ? 1500 : 300);
  });

  it('normalizeCase (copy on write) equals the full copy, with the same original paths', () => {
    let compared = 0;
    let respelledSome = 0;
    for (const doc of VARIANTS) {
      const vocab = vocabularyFor(doc);
      if (!vocab) continue;
      const before = normalizeBefore(doc.properties, vocab);
      const after = normalizeCase(doc.properties, vocab);
      expect(after.value, doc.label).toStrictEqual(before.value);
      expect(JSON.stringify(after.value), doc.label).toBe(JSON.stringify(before.value));
      const originalBefore = (p: (string | number)[]) => {
        const out: (string | number)[] = [];
        let node: unknown = before.value;
        for (const seg of p) {
          const back = node && typeof node === 'object' ? before.renamed.get(node as object) : undefined;
          out.push(typeof seg === 'string' && back?.has(seg) ? (back.get(seg) as string) : seg);
          node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined;
        }
        return out;
      };
      for (const p of pathsOf(before.value)) expect(after.originalPath(p), doc.label).toEqual(originalBefore(p));
      if (after.value !== doc.properties) respelledSome++;
      compared++;
    }
    expect(compared).toBeGreaterThan(400);
    expect(respelledSome, 'some documents were respelled').toBeGreaterThan(20);
  });

  it('substituteShared gives substituteDeep values and problems (paths included), in the same order', () => {
    const ctx = (): SubstitutionContext => ({
      vars: { v0: 'text', v1: 42, v2: { a: [1, 2] }, v3: null },
      env: { E0: 'secret-value', E1: '' },
      used: new Set(),
      envSecrets: new Map(),
    });
    let withProblems = 0;
    for (const doc of VARIANTS) {
      const a = ctx();
      const b = ctx();
      const pa: SubstitutionProblem[] = [];
      const pb: SubstitutionProblem[] = [];
      const deep = substituteDeep(doc.properties, a, pa);
      const shared = substituteShared(doc.properties, b, pb);
      expect(shared, doc.label).toStrictEqual(deep);
      expect(pb, doc.label).toEqual(pa);
      expect([...(b.used ?? [])]).toEqual([...(a.used ?? [])]);
      expect([...(b.envSecrets ?? [])]).toEqual([...(a.envSecrets ?? [])]);
      if (pa.length) withProblems++;
    }
    expect(withProblems).toBeGreaterThan(20);
  });

  it('substituteShared keeps what it does not change and never shares a substituted whole value', () => {
    const doc = { a: { b: ['x', { c: 1 }] }, d: { e: '${{ vars.o }}' } };
    const out = substituteShared(doc, { vars: { o: { deep: [1] } }, env: {} }, []) as typeof doc;
    expect(out.a).toBe(doc.a);
    expect(out.d).not.toBe(doc.d);
    expect(out.d.e).toEqual({ deep: [1] });
    expect(doc.d.e).toBe('${{ vars.o }}');
  });

  it('findExpressions (one path stack) equals the old walk, from the root and from a sub-path', () => {
    let found = 0;
    for (const doc of VARIANTS) {
      const now = findExpressions(doc.properties);
      expect(now, doc.label).toEqual(findExpressionsBefore(doc.properties));
      expect(findExpressions(doc.properties, ['x', 0]), doc.label).toEqual(
        findExpressionsBefore(doc.properties, ['x', 0]),
      );
      found += now.length;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('findReferences (memoised, cheaper key lookup) equals the old walk, and is computed once per document', () => {
    for (const doc of VARIANTS) {
      expect(findReferences(doc.properties), doc.label).toEqual(findReferencesBefore(doc.properties));
      if (doc.properties && typeof doc.properties === 'object')
        expect(findReferences(doc.properties)).toBe(findReferences(doc.properties));
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments, stringify } from 'yaml';
import { generateFactory } from '../../bench/generate.js';
import { parseFast } from '../../src/manifest/fast-yaml.js';
import { countLines, parseYamlDocuments } from '../../src/manifest/yaml-file.js';
import { CORPUS, describeShared } from '../helpers/shared.js';
import { randomDocuments } from './fast-yaml-random.js';

const REPO = path.resolve(import.meta.dirname, '../..');

/** Deep equality that tells -0 from 0, 1 from '1', and key order apart (toEqual does not). */
function sameValue(a: unknown, b: unknown, at = '$'): string | undefined {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
    return Object.is(a, b) ? undefined : `${at}: ${String(a)} (${typeof a}) vs ${String(b)} (${typeof b})`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: array vs object`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: prototypes differ`;
  const ka = Object.getOwnPropertyNames(a);
  const kb = Object.getOwnPropertyNames(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${at}: keys ${ka.join(',')} vs ${kb.join(',')}`;
  for (const k of ka) {
    if (k === 'length' && Array.isArray(a)) continue;
    const d = sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

interface Outcome {
  fast: boolean;
  problem?: string;
}

/** The fast path declines, or gives yaml's values, content offsets and line starts for a text yaml reads cleanly. */
function compare(text: string): Outcome {
  const fast = parseFast(text);
  if (!fast) return { fast: false };
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) return { fast: true, problem: 'yaml: not a document list' };
  if (docs.length !== fast.length) return { fast: true, problem: `${fast.length} documents, yaml ${docs.length}` };
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length || doc.warnings.length)
      return { fast: true, problem: `yaml reports ${[...doc.errors, ...doc.warnings].map((e) => e.code).join(',')}` };
    if (doc.contents?.range[0] !== fast[i].start)
      return { fast: true, problem: `document ${i} starts at ${fast[i].start}, yaml ${doc.contents?.range[0]}` };
    const d = sameValue(fast[i].value, doc.toJS({ maxAliasCount: 100 }));
    if (d) return { fast: true, problem: `document ${i}: ${d}` };
  }
  if (countLines(text).lineStarts.join() !== lineCounter.lineStarts.join()) return { fast: true, problem: 'lines' };
  return { fast: true };
}

function check(label: string, texts: Iterable<[string, string]>, minAccepted = 0): void {
  let accepted = 0;
  let total = 0;
  const problems: string[] = [];
  for (const [name, text] of texts) {
    total++;
    const o = compare(text);
    if (o.fast) accepted++;
    if (o.problem) problems.push(`${name}: ${o.problem}\n${text.slice(0, 400)}`);
  }
  expect(problems.slice(0, 5)).toEqual([]);
  expect(total, `${label}: no files`).toBeGreaterThan(0);
  expect(accepted / total, `${label}: ${accepted} of ${total} taken by the fast path`).toBeGreaterThanOrEqual(
    minAccepted,
  );
}

function* filesUnder(dir: string): Generator<[string, string]> {
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !/\.(ya?ml|json)$/.test(e.name)) continue;
    const file = path.join(e.parentPath, e.name);
    const text = readFileSync(file, 'utf8');
    // readTextFile drops a BOM before parsing.
    yield [file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text];
  }
}

describe('fast YAML path: same values as yaml, or declines', () => {
  it('test fixtures', () => check('fixtures', filesUnder(path.join(REPO, 'test/fixtures'))));
  it('examples', () => check('examples', filesUnder(path.join(REPO, 'examples')), 0.9));

  it('generated bench projects, as YAML and as JSON (2, 4 spaces, tabs)', () => {
    const factory = generateFactory({ entities: 400, seed: 7 });
    function* texts(): Generator<[string, string]> {
      for (const r of factory.resources) {
        const body = { kind: r.kind, name: r.name, properties: r.properties };
        yield [r.file, stringify(body, { lineWidth: 0 })];
        yield [`${r.file} (folded)`, stringify(body)];
        yield [`${r.file}.json`, JSON.stringify(body, null, 2)];
        yield [`${r.file}.json4`, JSON.stringify(body, null, 4)];
        yield [`${r.file}.jsontab`, JSON.stringify(body, null, '\t')];
      }
    }
    check('bench', texts(), 0.9);
  });

  it('a few thousand random tricky documents', () => {
    const docs = randomDocuments(19, 4000);
    check(
      'random',
      docs.map((t, i): [string, string] => [`random #${i}`, t]),
      0.05,
    );
  });

  it('declines what it does not own (yaml keeps its errors and positions)', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\na: 2\n',
      '{"a": 1, "a": 2}',
      '? [a]\n: 1\n',
      'a:\n\tb: 1\n',
      'a: b\n  c\n',
      'a: !!str 1\n',
      'a: "x\n  y"\n',
      '',
      '# only a comment\n',
      '1: a\n1.0: b\n',
      '~: a\n"": b\n',
      `"${'k'.repeat(1100)}": 1\n`,
      `${'k'.repeat(1100)}: 1\n`,
    ])
      expect(parseFast(text), JSON.stringify(text)).toBeUndefined();
  });

  it('keeps yaml types: -0, numbers that are strings, nulls and booleans', () => {
    const [doc] = parseFast('a: -0\nb: 0o17\nc: 0x1F\nd: 1_000\ne: ~\nf: True\ng: .NaN\nh: 2026-01-01\ni: "1"\n') ?? [];
    expect(Object.is((doc.value as { a: number }).a, -0)).toBe(true);
    expect(doc.value).toEqual({
      a: -0,
      b: 15,
      c: 31,
      d: '1_000',
      e: null,
      f: true,
      g: Number.NaN,
      h: '2026-01-01',
      i: '1',
    });
  });

  it('a diagnostic on a fast-read document points at the same line as before', () => {
    const text = '# c\nkind: Pipeline\nname: p\nproperties:\n  activities:\n    - name: a\n      type: Wait\n';
    const [pd] = parseYamlDocuments('f.yaml', text).documents;
    expect(pd.start).toEqual({ file: 'f.yaml', line: 2, col: 1 });
    expect(pd.lineCounter.linePos(text.indexOf('type'))).toEqual({ line: 7, col: 7 });
    expect(pd.doc.contents?.range[0]).toBe(4);
  });
});

describeShared('fast YAML path on the corpus', () => {
  it('every corpus file: same value as yaml or declined; most taken', () => check('corpus', filesUnder(CORPUS), 0.8));
});

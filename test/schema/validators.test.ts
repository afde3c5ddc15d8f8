import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { generateValidators } from '../../scripts/gen-validators.js';
import { validateResourceSchema } from '../../src/schema/index.js';
import { compiledSchemaFiles, useValidatorsFrom } from '../../src/schema/registry.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';
import { type CorpusResource, readCorpusFactory } from './corpus-resources.js';

/**
 * The validators generated at build time (scripts/gen-validators.ts, issue 19) must find exactly what compiling
 * the schemas at run time finds: same findings, same words, same paths. Checked over every corpus resource and
 * three damaged copies of each, so that misspelt, mistyped, unknown and missing values are all met.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A copy of `value` with `change` applied to every node, depth first; `i` counts the nodes met so far. */
function damage(value: Json, change: (v: Json, key: string, i: number) => Json | undefined): Json {
  let i = 0;
  const walk = (v: Json, key: string): Json | undefined => {
    const changed = change(v, key, i++);
    if (changed !== v) return changed;
    if (Array.isArray(v)) return v.map((x) => walk(x, key) ?? null);
    if (v && typeof v === 'object') {
      const out: { [k: string]: Json } = {};
      for (const [k, x] of Object.entries(v)) {
        const w = walk(x, k);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    return v;
  };
  return walk(value, '') ?? null;
}

const DAMAGES: Array<[string, (v: Json, key: string, i: number) => Json | undefined]> = [
  // Every other property name misspelt (unknown and missing properties).
  [
    'names',
    (v) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).map(([k, x], n) => [n % 2 ? `${k}x` : k, x]))
        : v,
  ],
  // Every third leaf of another JSON type (type, enum, pattern and format errors).
  [
    'types',
    (v, _k, i) =>
      i % 3 !== 0 || (v !== null && typeof v === 'object')
        ? v
        : typeof v === 'string'
          ? 12345
          : typeof v === 'number'
            ? 'text'
            : typeof v === 'boolean'
              ? 'yes'
              : true,
  ],
  // Tags: every other `type` unknown, the others removed (discriminator errors, unknown types).
  ['tags', (v, key, i) => (key === 'type' && typeof v === 'string' ? (i % 2 ? `${v}z` : undefined) : v)],
];

type Input = Omit<CorpusResource, 'properties'> & { properties: unknown };

const web = (password: Json): Json => ({
  name: 'W',
  type: 'WebActivity',
  typeProperties: { url: 'https://x', method: 'GET', authentication: { type: 'Basic', username: 'u', password } },
});

/** Secrets without or with a misspelt tag: errors of a discriminator inside a definition. */
const SECRETS: Input = {
  kind: 'Pipeline',
  name: 'secrets',
  file: 'pipeline/secrets.json',
  properties: { activities: [web({ value: 'x' }), web({ type: 'SecureStrin', value: 'x' }), web({ type: 7 })] },
};

function inputs(): Input[] {
  const resources = corpusFactories().flatMap((f) => readCorpusFactory(path.join(CORPUS, f)));
  return [
    SECRETS,
    ...resources.flatMap((r) => [
      r,
      ...DAMAGES.map(([, change]) => ({ ...r, properties: damage(r.properties as Json, change) })),
    ]),
  ];
}

const findingsOf = (list: Input[]) =>
  list.map((r) => JSON.stringify(validateResourceSchema(r, () => ({ file: r.file, line: 1, col: 1 }))));

describeShared('generated validators', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adf-validators-'));
  afterAll(() => {
    useValidatorsFrom(new URL('../../schemas/validators/', import.meta.url));
    rmSync(dir, { recursive: true, force: true });
  });

  it('find what the schemas compiled at run time find, over the corpus and damaged copies of it', () => {
    const list = inputs();
    useValidatorsFrom(undefined);
    const compiled = findingsOf(list);
    const files = compiledSchemaFiles();
    for (const [rel, code] of generateValidators(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), code);
    }
    useValidatorsFrom(pathToFileURL(`${dir}/`));
    const generated = findingsOf(list);
    expect(compiledSchemaFiles().sort()).toEqual([...files].sort());
    expect(generated).toEqual(compiled);
    // The damage did produce findings of every kind the comparison is meant to cover.
    const codes = new Set(compiled.flatMap((f) => (JSON.parse(f) as Array<{ code: string }>).map((d) => d.code)));
    for (const code of ['schema.required', 'schema.type', 'schema.enum', 'schema.additional', 'schema.unknown-type'])
      expect([...codes], code).toContain(code);
    // Messages about a polymorphic value name its definition in both (generated errors hold copies of the nodes).
    expect(generated.join('\n')).toContain("missing required property 'type' of SecretBase");
    expect(generated.join('\n')).toContain("unknown SecretBase type 'SecureStrin', did you mean 'SecureString'?");
  }, 300_000);

  it('are not used when their schema changed since they were generated', () => {
    const stale = path.join(dir, 'stale');
    mkdirSync(stale, { recursive: true });
    writeFileSync(
      path.join(stale, 'Pipeline.cjs'),
      "// schema sha1 0000\nmodule.exports = () => { throw new Error('a stale validator was used'); };\n",
    );
    useValidatorsFrom(pathToFileURL(`${stale}/`));
    expect(() => validateResourceSchema(SECRETS as CorpusResource)).not.toThrow();
    expect(compiledSchemaFiles()).toContain('Pipeline.json');
  });
});

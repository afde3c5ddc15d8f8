import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KIND_INFO, KINDS } from '../../src/model/kinds.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

const read = (rel: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, rel), 'utf8'));
const manifestSchema = read('schemas/manifest.schema.json');
const configSchema = read('schemas/config.schema.json');

/** The per-type schemas linked from the envelope are draft-04 and checked by src/schema; stub them here. */
function withoutTypeRefs(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema), (_k, v) =>
    v && typeof v === 'object' && typeof v.$ref === 'string' && v.$ref.startsWith('types/') ? {} : v,
  );
}
const Ajv = AjvModule.default;
const ajv = new Ajv({ allErrors: true, strict: false });
const validateManifest = ajv.compile(withoutTypeRefs(manifestSchema) as object);
const validateConfig = ajv.compile(configSchema);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') && path.basename(f) !== 'adf-deploy.yaml')
    .map((f) => path.join(dir, f));
}

describe('editor schemas (schemas/manifest.schema.json, schemas/config.schema.json)', () => {
  it('list exactly the kinds of the registry, with its name rules', () => {
    expect(manifestSchema.properties.kind.enum).toEqual([...KINDS]);
    for (const branch of manifestSchema.allOf) {
      const kind = branch.if.properties.kind.const as (typeof KINDS)[number];
      expect(new RegExp(branch.then.properties.name.pattern).source).toBe(KIND_INFO[kind].nameRule.pattern.source);
      expect(branch.then.properties.name.maxLength).toBe(KIND_INFO[kind].nameRule.max);
    }
  });

  // Data Factory V1 projects (version: 1) are V1 JSON, checked by test/v1/.
  const v2Examples = readdirSync(path.join(PROJECT_ROOT, 'examples')).filter(
    (e) => !/^version:\s*1\s*$/m.test(readFileSync(path.join(PROJECT_ROOT, 'examples', e, 'adf-deploy.yaml'), 'utf8')),
  );
  it.each(v2Examples)('accept every document of examples/%s and its adf-deploy.yaml', (example) => {
    const dir = path.join(PROJECT_ROOT, 'examples', example);
    for (const file of yamlFiles(dir)) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8')) as ReturnType<typeof parseAllDocuments> &
        unknown[]) {
        expect(validateManifest(doc.toJS()), `${file}: ${JSON.stringify(validateManifest.errors)}`).toBe(true);
      }
    }
    expect(validateConfig(parseAllDocuments(readFileSync(path.join(dir, 'adf-deploy.yaml'), 'utf8'))[0].toJS())).toBe(
      true,
    );
  });

  it.each([
    ['an unknown kind', { kind: 'LinkedServise', name: 'x', properties: { type: 'A' } }],
    ['an unknown top-level key', { kind: 'Pipeline', name: 'x', properties: {}, description: 'd' }],
    [
      'a private endpoint without managedVirtualNetwork',
      { kind: 'ManagedPrivateEndpoint', name: 'pe', properties: {} },
    ],
    [
      'managedVirtualNetwork on another kind',
      { kind: 'Pipeline', name: 'p', properties: {}, managedVirtualNetwork: 'default' },
    ],
    ['an invalid name', { kind: 'Pipeline', name: 'a.b', properties: {} }],
    ['a linked service without type', { kind: 'LinkedService', name: 'ls', properties: {} }],
    ['missing properties', { kind: 'Pipeline', name: 'p' }],
  ])('reject %s', (_label, doc) => {
    expect(validateManifest(doc)).toBe(false);
  });

  it.each([
    ['a misspelt top-level key', { factory: { name: 'f-1' }, enviroments: {} }],
    ['a global parameter without value', { factory: { name: 'f-1', globalParameters: { g: { type: 'String' } } } }],
    ['a malformed external entry', { factory: { name: 'f-1' }, external: ['SharedIR'] }],
    ['an object size above the 2,000 KB maximum', { factory: { name: 'f-1' }, limits: { objectSizeKB: 2001 } }],
    ['an unknown limit', { factory: { name: 'f-1' }, environments: { prod: { limits: { entities: 10000 } } } }],
  ])('config schema rejects %s', (_label, doc) => {
    expect(validateConfig(doc)).toBe(false);
  });

  it('config schema accepts declared limits, at the top and in an environment', () => {
    const doc = {
      factory: { name: 'f-1' },
      limits: { entitiesPerFactory: 10000, objectSizeKB: 2000 },
      environments: { dev: { limits: { entitiesPerFactory: 5000 } } },
    };
    expect(validateConfig(doc), JSON.stringify(validateConfig.errors)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { generateSchemaFiles } from './generate.js';

const EXPR = { $ref: 'https://schema.management.azure.com/schemas/common/definitions.json#/definitions/expression' };
const orExpr = (x: object, description = 'd') => ({ description, oneOf: [x, EXPR] });
const branch = (type: string, extra: Record<string, unknown> = {}) => ({
  properties: { type: { enum: [type], type: 'string' }, ...extra },
  required: ['type'],
  type: 'object',
});
const polymorphic = (...branches: object[]) => ({ oneOf: branches, properties: {}, type: 'object' });

/** The smallest official-shaped schema with every kind the generator expects. */
function fixture() {
  const definitions: Record<string, unknown> = {
    LinkedService: {
      ...polymorphic(branch('Zeta', { typeProperties: orExpr({ $ref: '#/definitions/ZetaProps' }) }), branch('Alpha')),
      properties: { description: { type: 'string' } },
    },
    ZetaProps: {
      properties: { port: orExpr({ type: 'integer' }), secret: orExpr({ $ref: '#/definitions/Secret' }) },
      required: ['port'],
      type: 'object',
    },
    Secret: polymorphic(branch('SecureString', { value: { type: 'string' } }), branch('AzureKeyVaultSecret')),
    Unused: { type: 'object' },
    Source: {
      ...polymorphic(...['A', 'B', 'C', 'D', 'E'].map((t) => branch(`${t}Source`, { x: { type: 'string' } }))),
      properties: { retries: { type: 'integer' } },
    },
    Activity: {
      ...polymorphic(
        branch('ForEach', {
          typeProperties: orExpr({
            properties: { activities: { items: { $ref: '#/definitions/Activity' }, type: 'array' } },
            type: 'object',
          }),
        }),
        branch('Copy', { source: orExpr({ $ref: '#/definitions/Source' }) }),
      ),
      properties: { name: { type: 'string' } },
      required: ['name'],
    },
    Pipeline: {
      properties: { activities: orExpr({ items: { $ref: '#/definitions/Activity' }, type: 'array' }) },
      type: 'object',
    },
    ManagedVirtualNetwork: { properties: {}, type: 'object' },
    ManagedPrivateEndpoint: {
      properties: { fqdns: orExpr({ items: { type: 'string' }, type: 'array' }) },
      type: 'object',
    },
  };
  for (const k of ['Dataset', 'Trigger', 'DataFlow', 'IntegrationRuntime', 'Credential'])
    definitions[k] = polymorphic(branch(`${k}One`));
  return { main: { definitions }, common: { definitions: { expression: { type: 'string', pattern: '^\\[.*\\]$' } } } };
}

const parse = (files: Map<string, string>, name: string) => JSON.parse(files.get(name)!) as Record<string, any>;

describe('generateSchemaFiles', () => {
  const { main, common } = fixture();
  const files = generateSchemaFiles(main, common);

  it('writes one file per type, the envelopes, an index and the attribution', () => {
    expect([...files.keys()]).toContain('LinkedService/Zeta.json');
    expect([...files.keys()]).toContain('Activity/ForEach.json');
    expect([...files.keys()]).toContain('Pipeline.json');
    expect(parse(files, 'index.json').types.LinkedService).toEqual(['Alpha', 'Zeta']);
    expect(files.get('README.md')).toMatch(
      /a1454431151fd3e9c1b254b1a11d00c2d8474611[\s\S]*MIT, Copyright \(c\) 2015 Microsoft/,
    );
  });

  it('merges the common properties, keeps only the needed definitions, drops ARM expression branches', () => {
    const zeta = parse(files, 'LinkedService/Zeta.json');
    expect(Object.keys(zeta.properties)).toEqual(['description', 'type', 'typeProperties']);
    expect(Object.keys(zeta.definitions)).toEqual(['Secret', 'ZetaProps']);
    expect(zeta.definitions.ZetaProps.properties.port).toEqual({ description: 'd', type: 'integer' });
    expect(files.get('LinkedService/Zeta.json')).not.toMatch(/oneOf": \[\s*\{[^}]*expression/);
  });

  it('marks polymorphic oneOfs with a discriminator and stubs inner activities', () => {
    const zeta = parse(files, 'LinkedService/Zeta.json');
    expect(zeta.definitions.Secret.discriminator).toEqual({ propertyName: 'type' });
    const forEach = parse(files, 'Activity/ForEach.json');
    expect(forEach.definitions.Activity).toMatchObject({ type: 'object' });
    expect(forEach.definitions.Activity.oneOf).toBeUndefined();
    expect(forEach.required).toEqual(['name', 'type']);
  });

  it('splits a large polymorphic definition into parts, stubbed where it is used', () => {
    expect(parse(files, 'index.json').parts).toEqual({
      Source: { tag: 'type', types: ['ASource', 'BSource', 'CSource', 'DSource', 'ESource'] },
    });
    expect(Object.keys(parse(files, 'parts/Source/CSource.json').properties)).toEqual(['retries', 'type', 'x']);
    expect(parse(files, 'Activity/Copy.json').definitions.Source).toMatchObject({ adfPart: 'Source', type: 'object' });
    expect(parse(files, 'LinkedService/Zeta.json').definitions.Secret.adfPart).toBeUndefined();
  });

  it('is deterministic and sorts keys', () => {
    const again = generateSchemaFiles(fixture().main, fixture().common);
    expect([...again.entries()]).toEqual([...files.entries()]);
    expect(files.get('ManagedPrivateEndpoint.json')!.indexOf('"$schema"')).toBeLessThan(
      files.get('ManagedPrivateEndpoint.json')!.indexOf('"properties"'),
    );
  });

  it('refuses a oneOf it cannot discriminate', () => {
    const bad = fixture();
    (bad.main.definitions as Record<string, unknown>).Secret = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    expect(() => generateSchemaFiles(bad.main, bad.common)).toThrow(/oneOf without a common tag/);
  });
});

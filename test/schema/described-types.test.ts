/**
 * Types stated only in descriptions (issue 15): the generator's reading of "Type: ..." and the validator's
 * judgement of a value against it.
 */
import { describe, expect, it } from 'vitest';
import type { Kind } from '../../src/model/kinds.js';
import { describedType } from '../../src/schema/generate.js';
import { validateResourceSchema } from '../../src/schema/index.js';
import { isToleratedForm, matchesDescribedType } from '../../src/schema/keywords.js';

describe('describedType (generator)', () => {
  it.each([
    ['Default is 0. Type: integer (or Expression with resultType integer), minimum: 0.', 'integer'],
    ['Type: string (or Expression with resultType string).', 'string'],
    ['Type: boolean (or Expression with resultType boolean).', 'boolean'],
    ['Type: bool.', 'boolean'],
    ['Type: array of objects (or Expression with resultType array of objects).', 'array'],
    ['Type: key value pairs (value should be string type).', 'object'],
    ['Type: double (or Expression with resultType double).', 'number'],
    ['Type: string, SecureString or AzureKeyVaultSecretReference.', undefined],
    ['Type: SqlWriteBehaviorEnum (or Expression with resultType SqlWriteBehaviorEnum)', undefined],
    ['No type stated here.', undefined],
  ])('%s -> %s', (description, expected) => {
    expect(describedType({ description })).toBe(expected);
  });

  it('leaves properties that have a JSON type, a reference or branches alone', () => {
    expect(describedType({ description: 'Type: integer', type: 'integer' })).toBeUndefined();
    expect(describedType({ description: 'Type: integer', $ref: '#/definitions/X' })).toBeUndefined();
    expect(describedType({ description: 'Type: string', enum: ['a'] })).toBeUndefined();
  });
});

describe('matchesDescribedType (validator)', () => {
  it.each([
    ['integer', 3, true],
    ['integer', 3.5, false],
    ['integer', '3', false],
    ['integer', '@pipeline().parameters.n', true],
    ['integer', { type: 'Expression', value: '@x' }, true],
    ['boolean', 'true', false],
    ['boolean', false, true],
    ['string', 12, false],
    ['string', { type: 'SecureString', value: 'x' }, true],
    ['array', {}, false],
    ['object', [], false],
    ['string', null, true],
  ])('%s accepts %j: %s', (expected, value, ok) => {
    expect(matchesDescribedType(expected, value)).toBe(ok);
  });

  it('tolerates the forms deployed factories use: a JSON schema object, a Web body object, REST pagination rules', () => {
    expect(isToleratedForm('schema', 'array', { type: 'object' })).toBe(true);
    expect(isToleratedForm('body', 'string', { a: 1 })).toBe(true);
    expect(isToleratedForm('paginationRules', 'string', { AbsoluteUrl: '$.next' })).toBe(true);
    expect(isToleratedForm('body', 'string', 12)).toBe(false);
  });
});

describe('validateResourceSchema with described types', () => {
  const wait = (waitTimeInSeconds: unknown) => ({
    kind: 'Pipeline' as Kind,
    name: 'p',
    properties: { activities: [{ name: 'w', type: 'Wait', typeProperties: { waitTimeInSeconds } }] },
  });

  it('warns at the value, naming the expected type', () => {
    expect(validateResourceSchema(wait(true)).map((d) => [d.code, d.severity, d.path?.join('.'), d.message])).toEqual([
      [
        'schema.described-type',
        'warning',
        'properties.activities.0.typeProperties.waitTimeInSeconds',
        'found boolean true, expected an integer (the schema describes it as "Type: integer")',
      ],
    ]);
  });

  it('a JSON dataset schema object raises nothing (ADF Studio writes it)', () => {
    const ds = {
      kind: 'Dataset' as Kind,
      name: 'd',
      properties: {
        type: 'Json',
        linkedServiceName: { referenceName: 'ls', type: 'LinkedServiceReference' },
        typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'c' } },
        schema: { type: 'object', properties: { id: { type: 'integer' } } },
      },
    };
    expect(validateResourceSchema(ds)).toEqual([]);
  });
});

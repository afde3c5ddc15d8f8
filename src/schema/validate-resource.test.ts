import { describe, expect, it } from 'vitest';
import type { Kind } from '../model/kinds.js';
import { validateResourceSchema } from './validate-resource.js';

const blob = (typeProperties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: 'LinkedService' as Kind,
  name: 'ls',
  properties: { type: 'AzureBlobStorage', typeProperties, ...extra },
});
const pipeline = (properties: Record<string, unknown>) => ({ kind: 'Pipeline' as Kind, name: 'p', properties });
const activity = (type: string, typeProperties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: `a-${type}`,
  type,
  typeProperties,
  ...extra,
});
const wait = (seconds: unknown) => activity('Wait', { waitTimeInSeconds: seconds });
const trigger = (type: string, typeProperties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: 'Trigger' as Kind,
  name: 't',
  properties: { type, typeProperties, ...extra },
});
const schedule = (startTime: string, timeZone = 'W. Europe Standard Time') =>
  trigger('ScheduleTrigger', {
    recurrence: { frequency: 'Day', interval: 1, startTime, timeZone },
  });
const executeDataFlow = (typeProperties: Record<string, unknown>) =>
  pipeline({ activities: [activity('ExecuteDataFlow', typeProperties)] });
const dataFlowRef = { referenceName: 'df', type: 'DataFlowReference' };
const copy = (source: Record<string, unknown>, sink: Record<string, unknown>) =>
  pipeline({ activities: [activity('Copy', { source, sink })] });

/** [code, severity, path] of each diagnostic: what the table rows compare. */
const summary = (resource: Parameters<typeof validateResourceSchema>[0]) =>
  validateResourceSchema(resource).map((d) => [d.code, d.severity, (d.path ?? []).join('.')]);

describe('validateResourceSchema', () => {
  it.each([
    ['a valid linked service', blob({ connectionString: 'DefaultEndpointsProtocol=https;AccountName=x' }), []],
    [
      'a near-miss type',
      { ...blob({}), properties: { type: 'AzureBlobStorag', typeProperties: {} } },
      [['schema.unknown-type', 'error', 'properties.type']],
    ],
    [
      'an unknown type newer than the schema',
      { ...blob({}), properties: { type: 'GitHub', typeProperties: { x: 1 } } },
      [['schema.unknown-type', 'warning', 'properties.type']],
    ],
    [
      'a missing type',
      { ...blob({}), properties: { typeProperties: {} } },
      [['schema.required', 'error', 'properties']],
    ],
    [
      'a wrong property type in a known linked service',
      blob({ encryptedCredential: 42 }),
      [['schema.type', 'error', 'properties.typeProperties.encryptedCredential']],
    ],
    [
      'a wrong type in the common envelope',
      blob({}, { annotations: 'x' }),
      [['schema.type', 'error', 'properties.annotations']],
    ],
    [
      'a missing required property',
      {
        kind: 'Dataset' as Kind,
        name: 'd',
        properties: { type: 'DelimitedText', typeProperties: { location: { type: 'AzureBlobStorageLocation' } } },
      },
      [['schema.required', 'error', 'properties']],
    ],
    ['a case-insensitive property name (dataflow for dataFlow)', executeDataFlow({ dataflow: dataFlowRef }), []],
    [
      'the same activity without it',
      executeDataFlow({}),
      [['schema.required', 'error', 'properties.activities.0.typeProperties']],
    ],
    [
      'an error inside a respelled key keeps the key as written',
      executeDataFlow({ dataflow: { referenceName: 'df', type: 'DataFlowRef' } }),
      [['schema.enum', 'error', 'properties.activities.0.typeProperties.dataflow.type']],
    ],
    ['a case-insensitive enum value (parameter type string)', pipeline({ parameters: { p: { type: 'string' } } }), []],
    [
      'a case-insensitive type value',
      { ...blob({}), properties: { type: 'azureblobstorage', typeProperties: {} } },
      [],
    ],
    [
      'a misspelt enum value',
      pipeline({ parameters: { p: { type: 'strng' } } }),
      [['schema.enum', 'error', 'properties.parameters.p.type']],
    ],
    [
      'an expression object where a string is expected',
      blob({
        connectionString: { value: '@linkedService().cs', type: 'Expression' },
        accountKind: { value: '@x', type: 'Expression' },
      }),
      [],
    ],
    [
      'an @ expression string where a string is expected',
      {
        kind: 'Dataset' as Kind,
        name: 'd',
        properties: {
          type: 'DelimitedText',
          linkedServiceName: { referenceName: 'ls', type: 'LinkedServiceReference' },
          typeProperties: { location: { type: 'AzureBlobStorageLocation', fileName: '@dataset().f' } },
        },
      },
      [],
    ],
    [
      'an expression object where only a literal is accepted',
      pipeline({
        activities: [
          activity('ForEach', {
            items: { value: '@x', type: 'Expression' },
            isSequential: { value: '@true', type: 'Expression' },
            activities: [],
          }),
        ],
      }),
      [['schema.type', 'error', 'properties.activities.0.typeProperties.isSequential']],
    ],
    ['a non-array activity list', pipeline({ activities: 'x' }), [['schema.type', 'error', 'properties.activities']]],
    [
      'a near-miss activity type',
      pipeline({ activities: [activity('Waitt', {})] }),
      [['schema.unknown-type', 'error', 'properties.activities.0.type']],
    ],
    [
      'an unknown activity type',
      pipeline({ activities: [activity('SomeFutureActivity', {})] }),
      [['schema.unknown-type', 'warning', 'properties.activities.0.type']],
    ],
    [
      'a near-miss nested copy source type: one finding, not the 100-branch oneOf',
      copy({ type: 'BlobSourc' }, { type: 'BlobSink' }),
      [['schema.unknown-type', 'error', 'properties.activities.0.typeProperties.source.type']],
    ],
    [
      'a wrong property in a nested copy sink: only that branch speaks',
      copy({ type: 'BlobSource' }, { type: 'AzureSqlSink', upsertSettings: 'x' }),
      [['schema.type', 'error', 'properties.activities.0.typeProperties.sink.upsertSettings']],
    ],
    [
      'a part inside a part: store settings of a copy source',
      copy(
        { type: 'DelimitedTextSource', storeSettings: { type: 'AzureBlobStorageReadSetings' } },
        { type: 'BlobSink' },
      ),
      [['schema.unknown-type', 'error', 'properties.activities.0.typeProperties.source.storeSettings.type']],
    ],
    [
      'a part that is not an object',
      copy({ type: 'DelimitedTextSource', storeSettings: 'x' }, { type: 'BlobSink' }),
      [['schema.type', 'error', 'properties.activities.0.typeProperties.source.storeSettings']],
    ],
    [
      'a part without its tag',
      copy({ type: 'DelimitedTextSource', storeSettings: { recursive: true } }, { type: 'BlobSink' }),
      [['schema.required', 'error', 'properties.activities.0.typeProperties.source.storeSettings']],
    ],
    [
      'parts spelt in another case, keys kept as written',
      copy(
        {
          Type: 'delimitedtextsource',
          StoreSettings: { TYPE: 'azureblobstoragereadsettings' },
          FormatSettings: {
            type: 'DelimitedTextReadSettings',
            compressionProperties: { type: 'ZipDeflateReadSetings' },
          },
        },
        { type: 'blobsink' },
      ),
      [
        [
          'schema.unknown-type',
          'error',
          'properties.activities.0.typeProperties.source.FormatSettings.compressionProperties.type',
        ],
      ],
    ],
    [
      'a dataset location with a near-miss type',
      {
        kind: 'Dataset' as Kind,
        name: 'd',
        properties: {
          type: 'Json',
          linkedServiceName: { referenceName: 'ls', type: 'LinkedServiceReference' },
          typeProperties: { location: { type: 'AzureBlobStorageLocatoin' } },
        },
      },
      [['schema.unknown-type', 'error', 'properties.typeProperties.location.type']],
    ],
    [
      'a misspelt optional property',
      blob({ conectionString: 'x' }),
      [['schema.additional', 'warning', 'properties.typeProperties.conectionString']],
    ],
    [
      'a misspelt property inside a part',
      copy({ type: 'BlobSource', recursve: true }, { type: 'BlobSink' }),
      [['schema.additional', 'warning', 'properties.activities.0.typeProperties.source.recursve']],
    ],
    [
      'a misspelt property of a polymorphic object kept inline',
      {
        kind: 'LinkedService' as Kind,
        name: 'w',
        properties: {
          type: 'Web',
          typeProperties: {
            url: 'u',
            authenticationType: 'Basic',
            username: 'u',
            password: { type: 'SecureString', value: 'p' },
            pasword: 'x',
          },
        },
      },
      [['schema.additional', 'warning', 'properties.typeProperties.pasword']],
    ],
    ['an unknown property that is no near miss', blob({ somethingNew: 'x' }), []],
    ['a user-named parameter close to a property name', pipeline({ parameters: { typ: { type: 'String' } } }), []],
    [
      'a managed private endpoint with a wrong fqdns',
      { kind: 'ManagedPrivateEndpoint' as Kind, name: 'pe', parent: 'default', properties: { fqdns: 'x' } },
      [['schema.type', 'error', 'properties.fqdns']],
    ],
  ])('%s', (_label, resource, expected) => {
    expect(summary(resource)).toEqual(expected);
  });

  it.each([
    [
      'ForEach',
      pipeline({
        activities: [
          activity('ForEach', {
            items: { value: '@x', type: 'Expression' },
            activities: [wait(1), { name: 'w', type: 'Wait', typeProperties: {} }],
          }),
        ],
      }),
      'properties.activities.0.typeProperties.activities.1.typeProperties',
    ],
    [
      'Until',
      pipeline({
        activities: [
          activity('Until', {
            expression: { value: '@true', type: 'Expression' },
            activities: [wait(1), { name: 'n', type: 'Wait' }],
          }),
        ],
      }),
      'properties.activities.0.typeProperties.activities.1',
    ],
    [
      'IfCondition false branch',
      pipeline({
        activities: [
          activity('IfCondition', {
            expression: { value: '@true', type: 'Expression' },
            ifFalseActivities: [{ name: 'w', type: 'Wait', typeProperties: {} }],
          }),
        ],
      }),
      'properties.activities.0.typeProperties.ifFalseActivities.0.typeProperties',
    ],
    [
      'Switch case inside ForEach',
      pipeline({
        activities: [
          activity('ForEach', {
            items: { value: '@x', type: 'Expression' },
            activities: [
              activity('Switch', {
                on: { value: '@x', type: 'Expression' },
                cases: [
                  { value: 'a', activities: [wait(1)] },
                  { value: 'b', activities: [{ name: 'x', type: 'Wai' }] },
                ],
              }),
            ],
          }),
        ],
      }),
      'properties.activities.0.typeProperties.activities.0.typeProperties.cases.1.activities.0.type',
    ],
    [
      'Switch default, keys in another case',
      pipeline({
        activities: [
          activity('Switch', {
            on: { value: '@x', type: 'Expression' },
            DefaultActivities: [{ name: 'w', Type: 'Wait', TypeProperties: {} }],
          }),
        ],
      }),
      'properties.activities.0.typeProperties.DefaultActivities.0.TypeProperties',
    ],
  ])('locates an error in an inner activity of %s', (_label, resource, path) => {
    const found = validateResourceSchema(resource);
    expect(found.map((d) => d.path!.join('.'))).toEqual([path]);
  });

  it.each([
    [
      'retryIntervalInSeconds below the Studio minimum',
      pipeline({
        activities: [
          activity('ExecuteDataFlow', { dataFlow: dataFlowRef }, { policy: { retryIntervalInSeconds: 10 } }),
        ],
      }),
      'schema.range',
      'warning',
    ],
    [
      'retryIntervalInSeconds above the maximum',
      pipeline({
        activities: [
          activity('ExecuteDataFlow', { dataFlow: dataFlowRef }, { policy: { retryIntervalInSeconds: 86401 } }),
        ],
      }),
      'schema.range',
      'error',
    ],
    ['a variable of a misspelt type', pipeline({ variables: { v: { type: 'Bolean' } } }), 'schema.enum', 'error'],
    [
      'Hive thriftTransportProtocol misspelt',
      {
        kind: 'LinkedService' as Kind,
        name: 'h',
        properties: {
          type: 'Hive',
          typeProperties: { host: 'h', authenticationType: 'Anonymous', thriftTransportProtocol: 'HTTPS' },
        },
      },
      'schema.enum',
      'error',
    ],
    ['a UTC trigger start time without offset', schedule('2024-01-01T08:00:00', 'UTC'), 'schema.format', 'warning'],
    [
      'a tumbling window end time without offset',
      trigger(
        'TumblingWindowTrigger',
        {
          frequency: 'Hour',
          interval: 1,
          startTime: '2024-01-01T00:00:00Z',
          endTime: '2024-02-01T00:00:00',
          maxConcurrency: 1,
        },
        { pipeline: { pipelineReference: { referenceName: 'p', type: 'PipelineReference' } } },
      ),
      'schema.format',
      'warning',
    ],
    ['a trigger start time that is no date', schedule('tomorrow'), 'schema.format', 'error'],
    [
      'a tumbling window trigger without pipeline',
      trigger('TumblingWindowTrigger', {
        frequency: 'Hour',
        interval: 1,
        startTime: '2024-01-01T00:00:00Z',
        maxConcurrency: 1,
      }),
      'schema.required',
      'warning',
    ],
  ])('severity of %s', (_label, resource, code, severity) => {
    const found = validateResourceSchema(resource);
    expect(found.map((d) => [d.code, d.severity])).toEqual([[code, severity]]);
    if (severity === 'warning') expect(found[0].hint).toMatch(/--strict/);
  });

  it.each([
    ['variable types Boolean and Integer', pipeline({ variables: { b: { type: 'Boolean' }, i: { type: 'Integer' } } })],
    ['a start time without offset in a non-UTC time zone (what ADF requires)', schedule('2024-01-01T08:00:00')],
    [
      "Hive thriftTransportProtocol 'HTTP' (the schema's enum has a stray space)",
      {
        kind: 'LinkedService' as Kind,
        name: 'h',
        properties: {
          type: 'Hive',
          typeProperties: { host: 'h', authenticationType: 'Anonymous', thriftTransportProtocol: 'HTTP' },
        },
      },
    ],
  ])('no finding for %s: ADF writes this form itself', (_label, resource) => {
    expect(validateResourceSchema(resource)).toEqual([]);
  });

  it.each([
    ['LinkedService', 'GitHub'],
    ['LinkedService', 'EventHubs'],
    ['LinkedService', 'AdobeIntegration'],
    ['LinkedService', 'AzureDataLakeStoreCosmosStructuredStream'],
    ['Dataset', 'SapOdpDataset'],
    ['IntegrationRuntime', 'Airflow'],
    ['DataFlow', 'UDFLibrary'],
  ])('a %s of type %s, newer than the schema, is only a warning', (kind, type) => {
    const found = validateResourceSchema({ kind: kind as Kind, name: 'x', properties: { type, typeProperties: {} } });
    expect(found.map((d) => [d.code, d.severity])).toEqual([['schema.unknown-type', 'warning']]);
  });

  it('words a near-miss type with did-you-mean', () => {
    const [d] = validateResourceSchema({ ...blob({}), properties: { type: 'AzureBlobStorag', typeProperties: {} } });
    expect(d.message).toBe("unknown linked service type 'AzureBlobStorag', did you mean 'AzureBlobStorage'?");
    expect(d.resource).toBe('LinkedService/ls');
  });

  it('says what was found and what was expected', () => {
    const messages = [
      ...validateResourceSchema(blob({ encryptedCredential: 42 })),
      ...validateResourceSchema(pipeline({ parameters: { p: { type: 'strng' } } })),
      ...validateResourceSchema(executeDataFlow({ compute: {} })),
    ].map((d) => [d.message, d.hint]);
    expect(messages).toEqual([
      ['found number 42, expected a string', undefined],
      [
        "found 'strng', expected one of 'Object', 'String', 'Int', 'Float', 'Bool', 'Array', 'SecureString'",
        "did you mean 'String'?",
      ],
      ["missing required property 'dataFlow' (found 'compute')", 'dataFlow: Data flow reference.'],
    ]);
  });

  it.each([
    [
      'a plain-text password where a secret object is expected',
      {
        kind: 'LinkedService' as Kind,
        name: 'w',
        properties: {
          type: 'Web',
          typeProperties: { url: 'u', authenticationType: 'Basic', username: 'u', password: 'hunter2-secret' },
        },
      },
    ],
    [
      'a connection string where a key vault reference is expected',
      blob({ sasToken: 'https://a.blob.core.windows.net/?sv=1&sig=hunter2-secret' }),
    ],
    ['an enum error under a secret-looking name', pipeline({ parameters: { apiKey: { type: 'hunter2-secret' } } })],
  ])('never prints the value of %s', (_label, resource) => {
    const found = validateResourceSchema(resource);
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain('hunter2');
  });

  it('asks locate for the path inside properties and keeps the JSON path from properties', () => {
    const calls: unknown[] = [];
    const [d] = validateResourceSchema(blob({ encryptedCredential: 42 }), (id, path) => {
      calls.push([id.name, path]);
      return { file: 'ls.yaml', line: 7, col: 5 };
    });
    expect(calls).toEqual([['ls', ['typeProperties', 'encryptedCredential']]]);
    expect(d.location).toEqual({ file: 'ls.yaml', line: 7, col: 5 });
    expect(d.path).toEqual(['properties', 'typeProperties', 'encryptedCredential']);
  });
});

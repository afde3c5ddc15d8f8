import { describe, expect, it } from 'vitest';
import { F, LS, seedFactory, useEmulator } from './helpers.js';

const ref = (referenceName: string, type: string) => ({ referenceName, type });

/** [what, segment, name, document whose only reference points at 'Target' of the given kind, target segment, target body] */
const CASES: Array<[string, string, string, Record<string, unknown>, string, Record<string, unknown>]> = [
  [
    'dataset -> linked service',
    'datasets',
    'ds1',
    { properties: { type: 'Json', linkedServiceName: ref('Target', 'LinkedServiceReference') } },
    'linkedservices',
    LS().body,
  ],
  [
    'nested activity -> dataset',
    'pipelines',
    'p1',
    {
      properties: {
        activities: [
          {
            name: 'each',
            type: 'ForEach',
            typeProperties: {
              activities: [
                {
                  name: 'if',
                  type: 'IfCondition',
                  typeProperties: {
                    ifTrueActivities: [{ name: 'copy', type: 'Copy', inputs: [ref('Target', 'DatasetReference')] }],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    'datasets',
    { properties: { type: 'Json' } },
  ],
  [
    'execute pipeline -> pipeline',
    'pipelines',
    'p1',
    {
      properties: {
        activities: [
          { name: 'run', type: 'ExecutePipeline', typeProperties: { pipeline: ref('Target', 'PipelineReference') } },
        ],
      },
    },
    'pipelines',
    { properties: {} },
  ],
  [
    'trigger -> pipeline',
    'triggers',
    't1',
    { properties: { type: 'ScheduleTrigger', pipelines: [{ pipelineReference: ref('Target', 'PipelineReference') }] } },
    'pipelines',
    { properties: {} },
  ],
  [
    'data flow activity (dataflow) -> data flow',
    'pipelines',
    'p1',
    {
      properties: {
        activities: [
          { name: 'f', type: 'ExecuteDataFlow', typeProperties: { dataflow: ref('Target', 'DataFlowReference') } },
        ],
      },
    },
    'dataflows',
    { properties: { type: 'MappingDataFlow' } },
  ],
  [
    'data flow activity (dataFlow) -> data flow',
    'pipelines',
    'p1',
    {
      properties: {
        activities: [
          { name: 'f', type: 'ExecuteDataFlow', typeProperties: { dataFlow: ref('Target', 'DataFlowReference') } },
        ],
      },
    },
    'dataflows',
    { properties: { type: 'MappingDataFlow' } },
  ],
  [
    'data flow sink -> dataset',
    'dataflows',
    'flow1',
    {
      properties: {
        type: 'MappingDataFlow',
        typeProperties: { sources: [], sinks: [{ name: 's', dataset: ref('Target', 'DatasetReference') }] },
      },
    },
    'datasets',
    { properties: { type: 'Json' } },
  ],
  [
    'connectVia -> integration runtime',
    'linkedservices',
    'ls2',
    { properties: { type: 'SqlServer', connectVia: ref('Target', 'IntegrationRuntimeReference') } },
    'integrationRuntimes',
    { properties: { type: 'SelfHosted' } },
  ],
  [
    'linked service in a linked service (Key Vault)',
    'linkedservices',
    'ls2',
    {
      properties: {
        type: 'AzureSqlDatabase',
        typeProperties: {
          password: { type: 'AzureKeyVaultSecret', store: ref('Target', 'LinkedServiceReference'), secretName: 's' },
        },
      },
    },
    'linkedservices',
    LS().body,
  ],
  [
    'linked service -> credential',
    'linkedservices',
    'ls2',
    { properties: { type: 'AzureBlobFS', typeProperties: { credential: ref('Target', 'CredentialReference') } } },
    'credentials',
    { properties: { type: 'ManagedIdentity' } },
  ],
  [
    'property names in other case',
    'datasets',
    'ds1',
    { properties: { type: 'Json', LinkedServiceName: { ReferenceName: 'Target', Type: 'linkedservicereference' } } },
    'linkedservices',
    LS().body,
  ],
];

describe('reference integrity', () => {
  const t = useEmulator();

  it.each(CASES)('PUT with a missing reference: %s', async (_what, segment, name, doc, targetSegment, targetBody) => {
    await seedFactory(t.call);
    const r = await t.call('PUT', `${F()}/${segment}/${name}`, doc);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'BadRequest',
      message: "The document creation or update failed because of invalid reference 'target'.",
    });
    expect((await t.call('GET', `${F()}/${segment}/${name}`)).status).toBe(404);
    // Created under another casing, the reference resolves.
    expect((await t.call('PUT', `${F()}/${targetSegment}/TARGET`, targetBody)).status).toBe(200);
    expect((await t.call('PUT', `${F()}/${segment}/${name}`, doc)).status).toBe(200);
  });

  it('references that always resolve', async () => {
    await seedFactory(t.call);
    const auto = await t.call('PUT', `${F()}/linkedservices/ls1`, {
      properties: {
        type: 'SqlServer',
        connectVia: ref('autoResolveIntegrationRuntime', 'IntegrationRuntimeReference'),
      },
    });
    expect(auto.status).toBe(200);
    const self = await t.call('PUT', `${F()}/triggers/tw`, {
      properties: {
        type: 'TumblingWindowTrigger',
        typeProperties: {
          dependsOn: [
            { type: 'SelfDependencyTumblingWindowTriggerReference' },
            { type: 'TumblingWindowTriggerDependencyReference', referenceTrigger: ref('TW', 'TriggerReference') },
          ],
        },
      },
    });
    expect(self.status).toBe(200);
    const expr = await t.call('PUT', `${F()}/pipelines/p1`, {
      properties: {
        activities: [
          {
            name: 'r',
            type: 'ExecutePipeline',
            typeProperties: { pipeline: ref('@pipeline().parameters.x', 'PipelineReference') },
          },
        ],
      },
    });
    expect(expr.status).toBe(200);
    const vnet = await t.call('PUT', `${F()}/integrationRuntimes/ir-managed`, {
      properties: {
        type: 'Managed',
        managedVirtualNetwork: { type: 'ManagedVirtualNetworkReference', referenceName: 'default' },
      },
    });
    expect(vnet.status).toBe(200);
    // A self reference never blocks deletion.
    expect((await t.call('DELETE', `${F()}/triggers/tw`)).status).toBe(200);
  });

  it('DELETE of a referenced object', async () => {
    await seedFactory(t.call);
    await t.call('PUT', `${F()}/linkedservices/LS_KV`, LS().body);
    await t.call('PUT', `${F()}/datasets/DS_Users`, {
      properties: { type: 'Json', linkedServiceName: ref('ls_kv', 'LinkedServiceReference') },
    });
    const r = await t.call('DELETE', `${F()}/linkedservices/ls_kv`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: {
        code: 'BadRequest',
        message: 'The document cannot be deleted since it is referenced by DS_Users.',
        target: '/Microsoft.DataFactory/factories/df-test/linkedservices/LS_KV',
        details: null,
      },
    });
    expect((await t.call('GET', `${F()}/linkedservices/LS_KV`)).status).toBe(200);
  });

  it('reverse index follows updates', async () => {
    await seedFactory(t.call);
    await t.call('PUT', `${F()}/linkedservices/a`, LS().body);
    await t.call('PUT', `${F()}/linkedservices/b`, LS().body);
    await t.call('PUT', `${F()}/datasets/ds`, {
      properties: { type: 'Json', linkedServiceName: ref('a', 'LinkedServiceReference') },
    });
    await t.call('PUT', `${F()}/datasets/ds`, {
      properties: { type: 'Json', linkedServiceName: ref('b', 'LinkedServiceReference') },
    });
    expect((await t.call('DELETE', `${F()}/linkedservices/a`)).status).toBe(200);
    expect((await t.call('DELETE', `${F()}/linkedservices/b`)).status).toBe(400);
    expect((await t.call('DELETE', `${F()}/datasets/ds`)).status).toBe(200);
    expect((await t.call('DELETE', `${F()}/linkedservices/b`)).status).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { dependenciesOf, findReferences } from './references.js';

describe('findReferences', () => {
  it.each([
    [
      'dataset linked service',
      { linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' } },
      [['LinkedService', 'LS']],
    ],
    [
      'connectVia',
      { connectVia: { referenceName: 'IR1', type: 'IntegrationRuntimeReference' } },
      [['IntegrationRuntime', 'IR1']],
    ],
    [
      'case-insensitive property names and type',
      { dataflow: { ReferenceName: 'DF', TYPE: 'dataflowreference' } },
      [['DataFlow', 'DF']],
    ],
    [
      'nested activities',
      {
        activities: [
          {
            type: 'ForEach',
            typeProperties: { activities: [{ inputs: [{ referenceName: 'DS', type: 'DatasetReference' }] }] },
          },
        ],
      },
      [['Dataset', 'DS']],
    ],
    [
      'trigger pipelines',
      { pipelines: [{ pipelineReference: { referenceName: 'P', type: 'PipelineReference' } }] },
      [['Pipeline', 'P']],
    ],
    [
      'tumbling window dependency',
      {
        dependsOn: [
          {
            type: 'TumblingWindowTriggerDependencyReference',
            referenceTrigger: { referenceName: 'T', type: 'TriggerReference' },
          },
        ],
      },
      [['Trigger', 'T']],
    ],
    ['credential', { credential: { referenceName: 'C', type: 'CredentialReference' } }, [['Credential', 'C']]],
    [
      'key vault store',
      { password: { type: 'AzureKeyVaultSecret', store: { referenceName: 'KV', type: 'LinkedServiceReference' } } },
      [['LinkedService', 'KV']],
    ],
    [
      'expression name skipped',
      { linkedServiceName: { referenceName: '@pipeline().parameters.ls', type: 'LinkedServiceReference' } },
      [],
    ],
    [
      'non-string name skipped',
      { linkedServiceName: { referenceName: { value: 'x', type: 'Expression' }, type: 'LinkedServiceReference' } },
      [],
    ],
    [
      'unknown reference type ignored',
      { x: { referenceName: 'A', type: 'SelfDependencyTumblingWindowTriggerReference' } },
      [],
    ],
  ])('%s', (_label, doc, expected) => {
    expect(findReferences(doc).map((r) => [r.kind, r.name])).toEqual(expected);
  });

  it('records the JSON path of each reference', () => {
    const refs = findReferences({ activities: [{ inputs: [{ referenceName: 'DS', type: 'DatasetReference' }] }] });
    expect(refs[0].path).toEqual(['activities', 0, 'inputs', 0]);
  });
});

describe('dependenciesOf', () => {
  it('ignores the built-in AutoResolveIntegrationRuntime', () => {
    const deps = dependenciesOf({
      kind: 'LinkedService',
      name: 'x',
      properties: {
        connectVia: { referenceName: 'autoresolveintegrationruntime', type: 'IntegrationRuntimeReference' },
      },
    });
    expect(deps).toEqual([]);
  });
  it('makes a private endpoint depend on its managed virtual network', () => {
    const deps = dependenciesOf({ kind: 'ManagedPrivateEndpoint', name: 'pe', parent: 'default', properties: {} });
    expect(deps.map((d) => [d.kind, d.name])).toEqual([['ManagedVirtualNetwork', 'default']]);
  });
});

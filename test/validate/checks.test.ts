import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { Project } from '../../src/manifest/types.js';
import type { Resource } from '../../src/model/resource.js';
import { countActivities, LIMITS } from '../../src/validate/limits.js';
import { validateProject } from '../../src/validate/validate.js';

function project(resources: Resource[], extra: Partial<Project> = {}): Project {
  return {
    root: '/p',
    configFile: '/p/adf-deploy.yaml',
    factory: { name: 'test-factory', location: 'eastus' },
    target: { subscriptionId: '', resourceGroup: '' },
    external: [],
    resources,
    locate: () => undefined,
    ...extra,
  };
}
const codes = (p: Project) =>
  validateProject(p)
    .filter((d) => (!/^(schema|expr)\./.test(d.code) && !d.code.startsWith('ref.')) || d.code === 'ref.missing')
    .map((d) => `${d.severity}:${d.code}`);
const ls = (name: string, props: Record<string, unknown> = {}): Resource => ({
  kind: 'LinkedService',
  name,
  properties: { type: 'AzureBlobStorage', typeProperties: {}, ...props },
});
const ref = (name: string, type: string) => ({ referenceName: name, type });

describe('references', () => {
  it('resolves case-insensitively, through external entries and the built-in AutoResolveIntegrationRuntime', () => {
    const p = project(
      [
        ls('KV'),
        ls('LS', {
          connectVia: ref('autoresolveintegrationruntime', 'IntegrationRuntimeReference'),
          password: { type: 'AzureKeyVaultSecret', store: ref('kv', 'LinkedServiceReference') },
        }),
        ls('LS2', { connectVia: ref('sharedir', 'IntegrationRuntimeReference') }),
      ],
      { external: [{ kind: 'IntegrationRuntime', name: 'SharedIR' }] },
    );
    expect(codes(p)).toEqual([]);
  });

  it('demotes a missing managed virtual network to a warning (created outside the manifests, never deleted)', () => {
    const p = project([
      {
        kind: 'IntegrationRuntime',
        name: 'IR-1',
        properties: { type: 'Managed', managedVirtualNetwork: ref('default', 'ManagedVirtualNetworkReference') },
      },
    ]);
    expect(codes(p)).toEqual(['warning:ref.missing']);
  });

  it('reports a private endpoint whose managed virtual network is not declared', () => {
    const p = project([{ kind: 'ManagedPrivateEndpoint', name: 'pe', parent: 'vnet2', properties: {} }]);
    expect(codes(p)).toEqual(['warning:ref.missing']);
  });
});

describe('graph', () => {
  it('builds object-level edges (linked service -> credential -> linked service), ignoring missing targets', () => {
    const p = project([
      ls('KV'),
      {
        kind: 'Credential',
        name: 'C',
        properties: {
          type: 'ServicePrincipal',
          typeProperties: {
            servicePrincipalKey: { type: 'AzureKeyVaultSecret', store: ref('KV', 'LinkedServiceReference') },
          },
        },
      },
      ls('SQL', {
        typeProperties: { credential: ref('c', 'CredentialReference') },
        connectVia: ref('Missing', 'IntegrationRuntimeReference'),
      }),
    ]);
    const dag = buildGraph(p);
    expect(dag.waves()).toEqual([['linkedservice/kv'], ['credential/c'], ['linkedservice/sql']]);
  });
});

describe('limits', () => {
  const pipeline = (properties: Record<string, unknown>): Resource => ({ kind: 'Pipeline', name: 'P', properties });
  it('counts inner activities of ForEach, If, Switch and Until', () => {
    const wait = { name: 'w', type: 'Wait' };
    const props = {
      activities: [
        { type: 'ForEach', typeProperties: { activities: [wait, wait] } },
        { type: 'IfCondition', typeProperties: { ifTrueActivities: [wait], ifFalseActivities: [wait] } },
        { type: 'Switch', typeProperties: { cases: [{ activities: [wait] }], defaultActivities: [wait] } },
      ],
    };
    expect(countActivities(props)).toBe(3 + 2 + 2 + 2);
  });

  it.each([
    [
      'pipeline over 200 KB',
      pipeline({ activities: [], description: 'x'.repeat(LIMITS.pipelineBytes) }),
      ['error:limit.size'],
    ],
    ['linked service over 100 KB', ls('LS', { description: 'x'.repeat(LIMITS.objectBytesSoft) }), ['error:limit.size']],
    [
      'dataset over 2,000 KB',
      { kind: 'Dataset', name: 'D', properties: { description: 'x'.repeat(LIMITS.objectBytesHard) } } as Resource,
      ['error:limit.size'],
    ],
    [
      'pipeline just under 200 KB',
      pipeline({ activities: [], description: 'x'.repeat(LIMITS.pipelineBytes - 100) }),
      [],
    ],
  ])('%s', (_label, resource, expected) => {
    expect(codes(project([resource]))).toEqual(expected);
  });

  it('reports more than 5,000 objects per factory', () => {
    const many = Array.from(
      { length: LIMITS.entitiesPerFactory + 1 },
      (_, i) => ({ kind: 'Pipeline', name: `P${i}`, properties: { activities: [] } }) as Resource,
    );
    expect(codes(project(many))).toEqual(['error:limit.entities']);
  });
});

describe('names', () => {
  it.each([
    ['ManagedVirtualNetwork', '-bad', true],
    ['ManagedVirtualNetwork', 'default', false],
    ['ManagedPrivateEndpoint', 'pe.1', true],
    ['Credential', 'c'.repeat(128), true],
    ['Credential', 'c'.repeat(127), false],
    ['Pipeline', 'P ünïcode name', false],
    ['Pipeline', 'Ünïcode first', true],
    ['Dataset', 'a#b', true],
  ])('%s %s invalid=%s', (kind, name, invalid) => {
    const p = project([{ kind, name, properties: {} } as Resource]);
    expect(codes(p).includes('error:name.invalid')).toBe(invalid);
  });

  it('checks global parameter names', () => {
    const p = project([], {
      factory: {
        name: 'test-factory',
        location: 'x',
        globalParameters: { 'bad.name': { type: 'String', value: 'x' } },
      },
    });
    expect(codes(p)).toEqual(['error:name.invalid']);
  });
});

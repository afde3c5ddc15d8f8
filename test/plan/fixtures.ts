import type { Project } from '../../src/manifest/types.js';
import type { Kind } from '../../src/model/kinds.js';
import { KIND_INFO } from '../../src/model/kinds.js';
import type { Resource } from '../../src/model/resource.js';
import type { PlanInput } from '../../src/plan/planner.js';
import type { LiveResource, LiveState } from '../../src/state/types.js';

export const TARGET = {
  subscriptionId: 'sub-1',
  resourceGroup: 'rg-1',
  factoryName: 'adf-test',
  endpoint: 'http://127.0.0.1:1',
};
export const FIXED_NOW = () => new Date('2026-01-02T03:04:05.000Z');

/** A Project built in memory (the loader is not needed for planner tests). */
export function makeProject(
  resources: Resource[],
  factory: Partial<Project['factory']> = {},
  external: Project['external'] = [],
): Project {
  return {
    root: '/work/project',
    configFile: '/work/project/adf-deploy.yaml',
    factory: { name: TARGET.factoryName, location: 'westeurope', ...factory },
    target: { subscriptionId: TARGET.subscriptionId, resourceGroup: TARGET.resourceGroup },
    external,
    resources,
    locate: () => undefined,
  };
}

export function res(kind: Kind, name: string, properties: Record<string, unknown>, parent?: string): Resource {
  return { kind, name, properties, ...(parent ? { parent } : {}) };
}

/** A live resource as the service would list it after a PUT of `properties` (server fields added by the caller). */
export function liveOf(kind: Kind, name: string, properties: Record<string, unknown>, parent?: string): LiveResource {
  const etag = `etag-${kind.toLowerCase()}-${name.toLowerCase().replace(/\W/g, '')}`;
  const seg = KIND_INFO[kind].segment.toLowerCase();
  return {
    kind,
    name,
    etag,
    ...(parent ? { parent } : {}),
    body: {
      id: `/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.DataFactory/factories/adf-test/${seg}/${name}`,
      name,
      type: KIND_INFO[kind].armType,
      properties,
      etag,
    },
  };
}

export function liveFactory(
  properties: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): LiveState['factory'] {
  return {
    etag: '"f-etag"',
    body: {
      name: 'adf-test',
      id: '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.DataFactory/factories/adf-test',
      type: 'Microsoft.DataFactory/factories',
      location: 'westeurope',
      tags: {},
      properties: {
        provisioningState: 'Succeeded',
        createTime: '2026-01-01T00:00:00Z',
        version: '2018-06-01',
        ...properties,
      },
      eTag: '"f-etag"',
      ...extra,
    },
  };
}

export function input(project: Project, live: LiveState, extra: Partial<PlanInput> = {}): PlanInput {
  return { project, live, target: TARGET, now: FIXED_NOW, ...extra };
}

/** A small factory: a linked service with secrets, a dataset, a pipeline and a trigger on it. */
export const LS_BLOB = res('LinkedService', 'LS_Blob', {
  type: 'AzureBlobStorage',
  typeProperties: {
    connectionString: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=KNOWN-SECRET-KEY-123',
  },
});
export const LS_SQL = res('LinkedService', 'LS_Sql', {
  type: 'AzureSqlDatabase',
  typeProperties: {
    connectionString: 'Server=s;Database=d',
    password: { type: 'SecureString', value: 'KNOWN-SECRET-PASSWORD-456' },
  },
});
export const DS = res('Dataset', 'DS_Input', {
  type: 'Binary',
  linkedServiceName: { referenceName: 'LS_Blob', type: 'LinkedServiceReference' },
  typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'in' } },
});
export const PL = res('Pipeline', 'Copy', {
  activities: [
    {
      name: 'Copy1',
      type: 'Copy',
      inputs: [{ referenceName: 'DS_Input', type: 'DatasetReference' }],
      typeProperties: { source: { type: 'BinarySource' }, sink: { type: 'BinarySink' } },
    },
  ],
});
export const TR = res('Trigger', 'Daily', {
  type: 'ScheduleTrigger',
  runtimeState: 'Started',
  pipelines: [{ pipelineReference: { referenceName: 'Copy', type: 'PipelineReference' } }],
  typeProperties: { recurrence: { frequency: 'Day', interval: 1 } },
});

/** What a GET returns after a PUT of `body` (adf-rest-facts §5), written independently of src/diff. */
export function echo(
  kind: Kind,
  name: string,
  body: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): LiveResource {
  const text = JSON.stringify(body.properties)
    .replace(/("type":"SecureString","value":)"[^"]*"/g, '$1"**********"')
    .replace(/;AccountKey=[^;"]*/g, ';');
  const properties = JSON.parse(text) as Record<string, unknown>;
  if (/SecureString/.test(text))
    (properties.typeProperties as Record<string, unknown>).encryptedCredential = 'ZW5jcnlwdGVkLWJ5LXNlcnZpY2U=';
  if (kind === 'Trigger') properties.runtimeState = 'Stopped';
  if (kind === 'IntegrationRuntime') properties.state = 'Initial';
  return liveOf(kind, name, { ...properties, ...extra });
}

/** Live state equal to what applying `project` would leave (factory included). */
export function appliedState(
  project: Project,
  computePlan: (i: PlanInput) => { bodies: Map<string, Record<string, unknown>> },
  triggerStates: Record<string, string> = {},
): LiveState {
  const { bodies } = computePlan(input(project, { resources: [] }));
  const resources = project.resources.map((r) => {
    const address = r.parent ? `${r.kind}/${r.parent}/${r.name}` : `${r.kind}/${r.name}`;
    const live = echo(r.kind, r.name, bodies.get(address)!);
    if (r.parent) live.parent = r.parent;
    if (r.kind === 'Trigger' && triggerStates[r.name])
      (live.body.properties as Record<string, unknown>).runtimeState = triggerStates[r.name];
    return live;
  });
  const f = bodies.get('Factory/adf-test')!;
  return {
    factory: liveFactory(f.properties as Record<string, unknown>, {
      location: f.location,
      ...(f.tags ? { tags: f.tags } : {}),
    }),
    resources,
  };
}

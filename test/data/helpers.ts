import { BlobServiceClient } from '@azure/storage-blob';
import type {
  DataActivityInput,
  DataActivityRequest,
  DataActivityResult,
  FactoryView,
} from '../../src/emulator/runtime/data-contract.js';
import { executeDataActivity } from '../../src/emulator/runtime/activities/data/index.js';
import { type RunningAzurite, startAzurite } from '../../src/emulator/runtime/storage/azurite.js';

export const DEV_CS = 'UseDevelopmentStorage=true';

/** A factory held in plain objects: what the engine hands the data side. */
export class TestFactory {
  readonly datasets = new Map<string, Record<string, unknown>>();
  readonly linkedServices = new Map<string, Record<string, unknown>>();
  readonly secrets = new Map<string, string>();

  linkedService(name: string, properties: Record<string, unknown>): this {
    this.linkedServices.set(name, { name, properties });
    return this;
  }

  dataset(name: string, type: string, location: Record<string, unknown>, extra: Record<string, unknown> = {}): this {
    const { parameters, ...typeProperties } = extra;
    this.datasets.set(name, {
      name,
      properties: {
        type,
        linkedServiceName: { referenceName: 'Store', type: 'LinkedServiceReference' },
        ...(parameters ? { parameters } : {}),
        typeProperties: { location: { type: 'AzureBlobStorageLocation', ...location }, ...typeProperties },
      },
    });
    return this;
  }

  view(): FactoryView {
    return {
      name: 'f1',
      get: (kind, name) => (kind === 'Dataset' ? this.datasets : this.linkedServices).get(name),
      secret: (kind, name, path) => this.secrets.get(`${kind}/${name}/${path.join('.')}`),
      globalParameters: {},
    };
  }
}

/** A factory whose one linked service `Store` is the development account. */
export function devFactory(): TestFactory {
  return new TestFactory().linkedService('Store', {
    type: 'AzureBlobStorage',
    typeProperties: { connectionString: DEV_CS },
  });
}

export interface Azurite {
  azurite: RunningAzurite;
  service: BlobServiceClient;
}

export async function startTestAzurite(): Promise<Azurite> {
  const azurite = await startAzurite();
  return { azurite, service: BlobServiceClient.fromConnectionString(azurite.connectionString) };
}

export function request(
  az: Azurite,
  factory: TestFactory,
  activity: Omit<DataActivityInput, 'name'> & { name?: string },
  now: () => number = () => Date.UTC(2026, 0, 1),
): DataActivityRequest {
  return {
    activity: { name: activity.name ?? 'Act', ...activity },
    factory: factory.view(),
    storage: { developmentBlobEndpoint: az.azurite.blobEndpoint, allowRealStorage: false },
    system: { RunId: 'run-1', Pipeline: 'p' },
    signal: new AbortController().signal,
    now,
  };
}

export function run(
  az: Azurite,
  factory: TestFactory,
  activity: Omit<DataActivityInput, 'name'> & { name?: string },
): Promise<DataActivityResult> {
  return executeDataActivity(request(az, factory, activity));
}

export async function put(az: Azurite, container: string, name: string, body: string | Buffer): Promise<void> {
  const c = az.service.getContainerClient(container);
  await c.createIfNotExists();
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  await c.getBlockBlobClient(name).upload(data, data.length);
}

export async function get(az: Azurite, container: string, name: string): Promise<Buffer> {
  return az.service.getContainerClient(container).getBlobClient(name).downloadToBuffer();
}

export async function names(az: Azurite, container: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for await (const b of az.service.getContainerClient(container).listBlobsFlat({ prefix })) out.push(b.name);
  return out.sort();
}

export function copy(
  source: Record<string, unknown>,
  sink: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'Copy' as const,
    typeProperties: { source, sink, ...extra },
    inputs: [{ referenceName: 'In', type: 'DatasetReference' }],
    outputs: [{ referenceName: 'Out', type: 'DatasetReference' }],
  };
}

export function ok(result: DataActivityResult): Record<string, unknown> {
  if (result.status !== 'Succeeded') throw new Error(`activity failed: ${JSON.stringify(result.error)}`);
  return result.output;
}

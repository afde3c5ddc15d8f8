import { client, SUB } from './helpers.js';

export const V1 = '2015-10-01';
export const RG1 = 'adf';

/** ARM path of a V1 data factory. */
export function DF(name = 'df-v1', sub = SUB, rg = RG1): string {
  return `/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.DataFactory/datafactories/${name}`;
}

type Call = ReturnType<typeof client>;

/** A V1 caller: the helper's caller with api-version 2015-10-01. */
export function v1(call: Call) {
  return (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(method, path, body, { apiVersion: V1, headers });
}

/** An hourly blob-to-blob copy (the facts file's B4 example: Hour/1, 08:00Z–11:00Z). */
export async function seedCopy(
  call: ReturnType<typeof v1>,
  factory = 'df-v1',
  pipeline: Record<string, unknown> = {},
  availability: Record<string, unknown> = { frequency: 'Hour', interval: 1 },
): Promise<void> {
  const ok = (r: { status: number; text: string }) => {
    if (r.status >= 300) throw new Error(`seed: ${r.status} ${r.text}`);
  };
  ok(await call('PUT', DF(factory), { name: factory, location: 'West US' }));
  ok(
    await call('PUT', `${DF(factory)}/linkedservices/Storage`, {
      name: 'Storage',
      properties: { type: 'AzureStorage', typeProperties: { connectionString: 'x' } },
    }),
  );
  for (const [name, external] of [
    ['In', true],
    ['Out', false],
  ] as const)
    ok(
      await call('PUT', `${DF(factory)}/datasets/${name}`, {
        name,
        properties: {
          type: 'AzureBlob',
          linkedServiceName: 'Storage',
          typeProperties: { folderPath: `c/${name}` },
          external,
          availability,
        },
      }),
    );
  ok(
    await call('PUT', `${DF(factory)}/datapipelines/CopyPipeline`, {
      name: 'CopyPipeline',
      properties: {
        start: '2016-08-25T08:00:00Z',
        end: '2016-08-25T11:00:00Z',
        activities: [
          {
            name: 'Copy',
            type: 'Copy',
            inputs: [{ name: 'In' }],
            outputs: [{ name: 'Out' }],
            typeProperties: { source: { type: 'BlobSource' }, sink: { type: 'BlobSink' } },
            scheduler: availability,
          },
        ],
        ...pipeline,
      },
    }),
  );
}

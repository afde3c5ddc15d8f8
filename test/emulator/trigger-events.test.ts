import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventBody, matchesTrigger } from '../../src/emulator/runtime/blob-events.js';
import { type Azurite, put, startTestAzurite } from '../data/helpers.js';
import { F } from './helpers.js';
import { ALL_TIME, useRunEmulator } from './runs-helpers.js';

let az: Azurite;
beforeAll(async () => {
  az = await startTestAzurite();
}, 60_000);
afterAll(async () => {
  await az?.azurite.close();
});

const CREATED = 'Microsoft.Storage.BlobCreated';
const DELETED = 'Microsoft.Storage.BlobDeleted';

describe('blob event triggers: matching', () => {
  const change = (blob: string, size = 10, kind: typeof CREATED | typeof DELETED = CREATED) => ({
    kind,
    container: 'landing',
    blob,
    size,
  });
  it.each([
    ['begins with a folder', { blobPathBeginsWith: '/landing/blobs/in/' }, change('in/a.csv'), true],
    ['another folder', { blobPathBeginsWith: '/landing/blobs/in/' }, change('out/a.csv'), false],
    ['ends with', { blobPathEndsWith: '.csv' }, change('in/a.csv'), true],
    ['ends with, other extension', { blobPathEndsWith: '.csv' }, change('in/a.json'), false],
    ['an empty blob is ignored by default', { blobPathEndsWith: '.csv' }, change('in/a.csv', 0), false],
    ['an empty blob with ignoreEmptyBlobs false', { ignoreEmptyBlobs: false }, change('in/a.csv', 0), true],
    ['a deletion needs BlobDeleted in events', {}, change('in/a.csv', 0, DELETED), false],
  ])('%s', (_label, tp, c, expected) => {
    expect(matchesTrigger({ events: [CREATED], ...tp }, c)).toBe(expected);
  });
  it('triggerBody(): folderPath holds the container and folders, fileName the name', () => {
    expect(eventBody(change('in/2026/a.csv'))).toEqual({ folderPath: 'landing/in/2026', fileName: 'a.csv' });
    expect(eventBody(change('top.csv'))).toEqual({ folderPath: 'landing', fileName: 'top.csv' });
  });
});

describe('blob event triggers fire on changes in the emulator storage (Azurite)', () => {
  const e = useRunEmulator(() => ({
    storage: { developmentBlobEndpoint: az.azurite.blobEndpoint, allowRealStorage: false },
    blobEventPollMs: 0,
  }));

  it('a created blob under the path starts the pipeline with folderPath and fileName; empty and other blobs do not; deletions fire when asked', async () => {
    await put(az, 'landing', 'in/old.csv', 'already there');
    await e.pipeline('ingest', {
      parameters: { folder: { type: 'String' }, file: { type: 'String' } },
      activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }],
    });
    const trigger = (events: string[]) => ({
      properties: {
        type: 'BlobEventsTrigger',
        typeProperties: {
          blobPathBeginsWith: '/landing/blobs/in/',
          blobPathEndsWith: '.csv',
          ignoreEmptyBlobs: true,
          scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/devstoreaccount1',
          events,
        },
        pipelines: [
          {
            pipelineReference: { referenceName: 'ingest', type: 'PipelineReference' },
            parameters: { folder: '@triggerBody().folderPath', file: '@triggerBody().fileName' },
          },
        ],
      },
    });
    expect((await e.call('PUT', `${F()}/triggers/onBlob`, trigger([CREATED]))).status).toBe(200);
    expect((await e.call('PUT', `${F()}/triggers/onDelete`, trigger([DELETED]))).status).toBe(200);
    expect((await e.call('POST', `${F()}/triggers/onBlob/start`)).status).toBe(200);
    expect((await e.call('POST', `${F()}/triggers/onDelete/start`)).status).toBe(200);
    const scan = () => e.t.emulator.runs?.scanBlobEvents();
    await scan(); // the baseline: blobs already there fire nothing

    await put(az, 'landing', 'in/2026/sales.csv', 'a,b\n1,2\n');
    await put(az, 'landing', 'in/empty.csv', '');
    await put(az, 'landing', 'in/notes.txt', 'not csv');
    await put(az, 'landing', 'elsewhere/x.csv', 'other folder');
    await scan();
    await e.t.emulator.runs?.idle();
    let runs = (await e.call('POST', `${F()}/queryPipelineRuns`, ALL_TIME)).body.value;
    expect(runs.map((r: { parameters: Record<string, string> }) => r.parameters)).toEqual([
      { folder: 'landing/in/2026', file: 'sales.csv' },
    ]);
    expect(runs[0].invokedBy).toMatchObject({ name: 'onBlob', invokedByType: 'BlobEventsTrigger' });
    const triggerRuns = (await e.call('POST', `${F()}/queryTriggerRuns`, ALL_TIME)).body.value;
    expect(triggerRuns[0]).toMatchObject({
      triggerName: 'onBlob',
      triggerType: 'BlobEventsTrigger',
      status: 'Succeeded',
    });

    await az.service.getContainerClient('landing').deleteBlob('in/old.csv');
    await scan();
    await e.t.emulator.runs?.idle();
    runs = (await e.call('POST', `${F()}/queryPipelineRuns`, ALL_TIME)).body.value;
    expect(runs.map((r: { invokedBy: { name: string } }) => r.invokedBy.name).sort()).toEqual(['onBlob', 'onDelete']);

    await e.call('POST', `${F()}/triggers/onBlob/stop`);
    await e.call('POST', `${F()}/triggers/onDelete/stop`);
    await put(az, 'landing', 'in/late.csv', 'after the stop');
    await scan();
    expect((await e.call('POST', `${F()}/queryPipelineRuns`, ALL_TIME)).body.value).toHaveLength(2);
  });

  it("a blob the emulator's own Copy writes fires the trigger too", async () => {
    await put(az, 'landing', 'src/a.bin', 'payload');
    await e.pipeline('ingest', {
      parameters: { folder: { type: 'String' }, file: { type: 'String' } },
      activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }],
    });
    const ls = { type: 'LinkedServiceReference', referenceName: 'Store' };
    const store = { type: 'AzureBlobStorage', typeProperties: { connectionString: 'UseDevelopmentStorage=true' } };
    expect((await e.call('PUT', `${F()}/linkedservices/Store`, { properties: store })).status).toBe(200);
    const binary = (folderPath: string, fileName: string) => ({
      properties: {
        type: 'Binary',
        linkedServiceName: ls,
        typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'landing', folderPath, fileName } },
      },
    });
    expect((await e.call('PUT', `${F()}/datasets/In`, binary('src', 'a.bin'))).status).toBe(200);
    expect((await e.call('PUT', `${F()}/datasets/Out`, binary('in/copied', 'a.bin'))).status).toBe(200);
    await e.pipeline('copier', {
      activities: [
        {
          name: 'CopyIt',
          type: 'Copy',
          typeProperties: { source: { type: 'BinarySource' }, sink: { type: 'BinarySink' } },
          inputs: [{ referenceName: 'In', type: 'DatasetReference' }],
          outputs: [{ referenceName: 'Out', type: 'DatasetReference' }],
        },
      ],
    });
    const trigger = {
      properties: {
        type: 'BlobEventsTrigger',
        typeProperties: { blobPathBeginsWith: '/landing/blobs/in/copied/', events: [CREATED] },
        pipelines: [
          {
            pipelineReference: { referenceName: 'ingest', type: 'PipelineReference' },
            parameters: { folder: '@triggerBody().folderPath', file: '@triggerBody().fileName' },
          },
        ],
      },
    };
    expect((await e.call('PUT', `${F()}/triggers/onCopy`, trigger)).status).toBe(200);
    expect((await e.call('POST', `${F()}/triggers/onCopy/start`)).status).toBe(200);
    await e.t.emulator.runs?.scanBlobEvents();
    const copied = await e.run('copier');
    expect(copied.run.status, JSON.stringify(copied.activities[0]?.error)).toBe('Succeeded');
    await e.t.emulator.runs?.scanBlobEvents();
    await e.t.emulator.runs?.idle();
    const runs = (await e.call('POST', `${F()}/queryPipelineRuns`, ALL_TIME)).body.value;
    const ingest = runs.filter((r: { pipelineName: string }) => r.pipelineName === 'ingest');
    expect(ingest.map((r: { parameters: Record<string, string> }) => r.parameters)).toEqual([
      { folder: 'landing/in/copied', file: 'a.bin' },
    ]);
    await e.call('POST', `${F()}/triggers/onCopy/stop`);
  });
});

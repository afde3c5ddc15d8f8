import { describe, expect, it } from 'vitest';
import type { DataActivityRequest } from '../../src/emulator/runtime/data-contract.js';
import { F } from './helpers.js';
import { useRunEmulator } from './runs-helpers.js';

const copy = {
  name: 'CopyIt',
  type: 'Copy',
  inputs: [{ referenceName: 'ds_in', type: 'DatasetReference', parameters: { file: '@pipeline().parameters.file' } }],
  outputs: [{ referenceName: 'ds_out', type: 'DatasetReference' }],
  typeProperties: {
    source: { type: 'BlobSource' },
    sink: { type: 'BlobSink', note: "@concat('to-', pipeline().parameters.file)" },
  },
};

async function seedData(e: ReturnType<typeof useRunEmulator>) {
  await e.pipeline('seed', { activities: [] });
  await e.call('PUT', `${F()}/linkedservices/ls`, {
    properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: 'UseDevelopmentStorage=true' } },
  });
  for (const ds of ['ds_in', 'ds_out'])
    await e.call('PUT', `${F()}/datasets/${ds}`, {
      properties: {
        type: 'Binary',
        linkedServiceName: { referenceName: 'ls', type: 'LinkedServiceReference' },
        parameters: { file: { type: 'String' } },
      },
    });
  await e.pipeline('p', { parameters: { file: { type: 'String', defaultValue: 'a.txt' } }, activities: [copy] });
}

describe('data activities: the seam', () => {
  const seen: DataActivityRequest[] = [];
  const e = useRunEmulator(() => ({
    dataExecutor: async (req) => {
      seen.push(req);
      return { status: 'Succeeded', output: { dataRead: 12, dataWritten: 12, filesRead: 1, filesWritten: 1 } };
    },
  }));

  it('a Copy reaches the injected executor with its expressions evaluated in pipeline scope', async () => {
    seen.length = 0;
    await seedData(e);
    const r = await e.run('p', { file: 'b.txt' });
    expect(r.run.status).toBe('Succeeded');
    expect(seen).toHaveLength(1);
    const req = seen[0];
    expect(req.activity.inputs?.[0].parameters).toEqual({ file: 'b.txt' });
    expect(req.activity.typeProperties.sink).toEqual({ type: 'BlobSink', note: 'to-b.txt' });
    expect(req.factory.get('Dataset', 'DS_IN')?.properties).toMatchObject({ type: 'Binary' });
    expect(req.system.RunId).toBe(r.run.runId);
    expect(r.byName('CopyIt')[0]).toMatchObject({
      output: { dataRead: 12 },
      input: { source: { type: 'BlobSource' } },
    });
  });
});

describe('data activities without the data module, and stubs', () => {
  const e = useRunEmulator(() => ({
    stubs: [
      { activity: 'Notebook', output: { runPageUrl: "@concat('https://nb/', pipeline().RunId)" } },
      { type: 'WebActivity', status: 'Failed', error: { errorCode: 'E500', message: 'stubbed web failure' } },
    ],
  }));

  it('a data activity reaches the data module of this build, which fails clearly when no storage runs', async () => {
    await seedData(e);
    const r = await e.run('p');
    // The executor is loaded (not the "not executed by this emulator build" fallback of a build without it).
    expect(r.byName('CopyIt')[0].error.message).toMatch(/no Azurite is running/);
    expect(r.run.status).toBe('Failed');
  });

  it('activities the emulator cannot execute fail clearly unless a stub gives their output', async () => {
    await e.pipeline('p', {
      activities: [
        { name: 'Notebook', type: 'DatabricksNotebook', typeProperties: { notebookPath: '/x' } },
        { name: 'Proc', type: 'SqlServerStoredProcedure', typeProperties: {} },
        { name: 'Call', type: 'WebActivity', typeProperties: { url: 'https://example.com', method: 'GET' } },
      ],
    });
    const r = await e.run('p');
    expect(r.byName('Notebook')[0]).toMatchObject({
      status: 'Succeeded',
      output: { runPageUrl: `https://nb/${r.run.runId}` },
    });
    expect(r.byName('Proc')[0].error).toMatchObject({ errorCode: 'NotExecutedByEmulator' });
    expect(r.byName('Proc')[0].error.message).toMatch(
      /SqlServerStoredProcedure activity 'Proc' is not executed by the emulator/,
    );
    expect(r.byName('Call')[0].error).toMatchObject({ errorCode: 'E500', message: 'stubbed web failure' });
  });
});

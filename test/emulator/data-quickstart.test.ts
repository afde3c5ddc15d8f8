import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskDocument } from '../../src/emulator/documents.js';
import { executeDataActivity } from '../../src/emulator/runtime/activities/data/index.js';
import type { DataActivityInput } from '../../src/emulator/runtime/data-contract.js';
import { projectStorage } from '../../src/emulator/runtime/storage/project-storage.js';
import { SecretKeeper } from '../../src/emulator/runtime/storage/secrets.js';
import { loadProject } from '../../src/manifest/load.js';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { type Azurite, get, put, request, startTestAzurite, TestFactory } from '../data/helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

let az: Azurite;
beforeAll(async () => {
  az = await startTestAzurite();
}, 60_000);
afterAll(async () => {
  await az?.azurite.close();
});

describe('the quickstart, data side', () => {
  it("examples/quickstart's Copy moves data/emp.txt from input to output through the masked linked service", async () => {
    const root = path.join(PROJECT_ROOT, 'examples/quickstart');
    const { project } = await loadProject(root);
    if (!project) throw new Error('quickstart did not load');
    // What the emulator stores (masked) and keeps in memory (clear), as children.ts does on PUT.
    const factory = new TestFactory();
    const keeper = new SecretKeeper();
    for (const r of project.resources) {
      const doc = { name: r.name, properties: r.properties };
      if (r.kind === 'LinkedService') {
        factory.linkedServices.set(r.name, maskDocument(doc, 'LinkedService'));
        keeper.keep('f1', 'LinkedService', r.name, doc);
      }
      if (r.kind === 'Dataset') factory.datasets.set(r.name, doc);
    }
    const pipeline = project.resources.find((r) => r.name === 'Adfv2QuickStartParamPipeline');
    const act = (pipeline?.properties.activities as DataActivityInput[])[0];
    // The engine evaluates the dataset references' parameters in pipeline scope before handing over.
    const activity: DataActivityInput = {
      ...act,
      inputs: [{ referenceName: 'ParamInputDataset', parameters: { strInputFileName: 'emp.txt' } }],
      outputs: [{ referenceName: 'ParamOutputDataset', parameters: { strOutPutFileName: 'emp-copy.txt' } }],
    };
    const input = readFileSync(path.join(root, 'data', 'emp.txt'));
    await put(az, 'adftutorial', 'input/emp.txt', input);
    const req = request(az, factory, activity);
    req.factory.secret = (kind, name, p) => keeper.get('f1', kind, name, p);
    const result = await executeDataActivity(req);
    expect(result).toMatchObject({
      status: 'Succeeded',
      output: { dataRead: input.length, dataWritten: input.length, filesRead: 1, filesWritten: 1 },
    });
    expect(await get(az, 'adftutorial', 'output/emp-copy.txt')).toEqual(input);
  });
});

describe('--local storage, started on demand', () => {
  it("projectStorage starts the project's Azurite at the first data activity and keeps its blobs in .adf-deploy/azurite", async () => {
    const root = tempDir('lazy-storage-');
    const storage = projectStorage(root);
    expect(storage.developmentBlobEndpoint).toBeUndefined();
    const f = new TestFactory()
      .linkedService('Store', {
        type: 'AzureBlobStorage',
        typeProperties: { connectionString: 'UseDevelopmentStorage=true' },
      })
      .dataset('D', 'Binary', { container: 'lazy', folderPath: 'x' });
    const req = request(az, f, {
      type: 'GetMetadata',
      typeProperties: { dataset: { referenceName: 'D' }, fieldList: ['exists'] },
    });
    try {
      const result = await executeDataActivity({ ...req, storage });
      expect(result).toMatchObject({ status: 'Succeeded', output: { exists: false } });
      expect(storage.developmentBlobEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      expect(existsSync(path.join(root, '.adf-deploy', 'azurite'))).toBe(true);
    } finally {
      await storage.close();
    }
  }, 60_000);
});

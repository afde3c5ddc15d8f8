import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { loadProject } from '../../src/manifest/load.js';
import { runCli } from '../helpers/cli.js';
import { emulatorClient, seedFactory } from './seed.js';

const PAGE = 50;
/** 1,000 resources; counts chosen so no kind ends on a full page. */
const COUNTS = { LinkedService: 410, Dataset: 290, Pipeline: 251, Trigger: 49 };

function yamlDocs(): string {
  const docs: string[] = [];
  for (let i = 0; i < COUNTS.LinkedService; i++) {
    docs.push(
      `kind: LinkedService\nname: LS_${i}\nproperties:\n  type: AzureBlobStorage\n  typeProperties:\n    connectionString:\n      type: SecureString\n      value: DefaultEndpointsProtocol=https;AccountName=acct${i};AccountKey=key${i}\n`,
    );
  }
  for (let i = 0; i < COUNTS.Dataset; i++) {
    docs.push(
      `kind: Dataset\nname: DS_${i}\nproperties:\n  type: Binary\n  linkedServiceName:\n    referenceName: LS_${i}\n    type: LinkedServiceReference\n  typeProperties:\n    location:\n      type: AzureBlobStorageLocation\n      container: c${i}\n`,
    );
  }
  for (let i = 0; i < COUNTS.Pipeline; i++) {
    docs.push(
      `kind: Pipeline\nname: PL_${i}\nproperties:\n  activities:\n    - name: Meta\n      type: GetMetadata\n      typeProperties:\n        fieldList: [exists]\n        dataset:\n          referenceName: DS_${i % COUNTS.Dataset}\n          type: DatasetReference\n`,
    );
  }
  for (let i = 0; i < COUNTS.Trigger; i++) {
    docs.push(
      `kind: Trigger\nname: TR_${i}\nproperties:\n  type: ScheduleTrigger\n  pipelines:\n    - pipelineReference:\n        referenceName: PL_${i}\n        type: PipelineReference\n  typeProperties:\n    recurrence:\n      frequency: Day\n      interval: 1\n      startTime: '2026-01-01T00:00:00Z'\n`,
    );
  }
  return docs.join('---\n');
}

const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE));

describe('plan of a 1,000-resource factory', () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, throttle: 'off', pageSize: PAGE });
    dir = mkdtempSync(path.join(os.tmpdir(), 'adf-plan-large-'));
    writeFileSync(
      path.join(dir, 'adf-deploy.yaml'),
      'factory:\n  name: adf-large\n  location: westeurope\ntarget:\n  subscriptionId: 00000000-0000-0000-0000-0000000000aa\n  resourceGroup: rg-large\n',
    );
    mkdirSync(path.join(dir, 'resources'));
    writeFileSync(path.join(dir, 'resources', 'all.yaml'), yamlDocs());
    const { project, diagnostics } = await loadProject(dir, { environ: {} });
    if (!project) throw new Error(diagnostics.map((d) => d.message).join('\n'));
    expect(project.resources).toHaveLength(1000);
    await seedFactory(emulatorClient(emulator.url), project, {
      ...project.target,
      factoryName: project.factory.name,
      endpoint: emulator.url,
    });
  }, 120_000);
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each kind page by page: GETs = 1 (factory) + the sum of pages per kind, and no changes', async () => {
    const before = emulator.requestLog().length;
    const r = await runCli(['plan', dir, '--endpoint', emulator.url, '--verbose', '--detailed-exitcode']);
    const log = emulator.requestLog().slice(before);
    if (r.code !== 0) console.log(r.stderr.slice(0, 2000), r.stdout.slice(0, 500));
    // Kinds with resources, plus one (empty) page each for data flows, integration runtimes, credentials,
    // managed VNets and change data captures; no managed VNet means no private endpoint list.
    const expected =
      1 + pages(COUNTS.LinkedService) + pages(COUNTS.Dataset) + pages(COUNTS.Pipeline) + pages(COUNTS.Trigger) + 5;
    expect(expected).toBe(28);
    expect(log.filter((e) => e.method === 'GET')).toHaveLength(expected);
    expect(log.filter((e) => e.method !== 'GET')).toHaveLength(0);
    expect(r.stderr).toContain(`${expected} requests (GET ${expected}`);
    expect(r.stdout).toContain('No changes. The factory matches the manifests.');
    expect(r.code).toBe(0);
  });
});

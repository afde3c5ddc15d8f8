import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { resourcePath } from '../../src/arm/paths.js';
import { loadProject } from '../../src/manifest/load.js';
import type { Project } from '../../src/manifest/types.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { emulatorClient, seedFactory } from './seed.js';

const QUICKSTART = path.join(PROJECT_ROOT, 'examples/quickstart');
/** The Azurite development key in the quickstart's vars: a known secret that must appear in no output. */
const QUICKSTART_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

let emulator: RunningEmulator;
let tmp: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-plan-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function load(dir: string): Promise<Project> {
  const { project, diagnostics } = await loadProject(dir, { environ: {} });
  if (!project) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return project;
}

function targetOf(project: Project) {
  return { ...project.target, factoryName: project.factory.name, endpoint: emulator.url };
}

function plan(dir: string, ...args: string[]) {
  return runCli(['plan', dir, '--endpoint', emulator.url, ...args], { env: { ADF_DEPLOY_TOKEN: 'test-token' } });
}

function writes(): number {
  return emulator.requestLog().filter((e) => e.method !== 'GET').length;
}

describe('adf-deploy plan (quickstart, emulator over HTTP)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = path.join(tmp, 'quickstart');
    cpSync(QUICKSTART, dir, { recursive: true });
  });

  it('plans everything as creates against an empty factory, exit 2 with --detailed-exitcode, and writes nothing', async () => {
    const before = writes();
    const r = await plan(dir, '--detailed-exitcode');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/\+ Factory\/adfv2-quickstart-local will be created/);
    expect(r.stdout).toMatch(/Plan: \d+ to create, 0 to update, 0 to replace, 0 to delete\./);
    expect(writes()).toBe(before);
  });

  it('says "No changes" and exits 0 after the factory was seeded', async () => {
    const project = await load(dir);
    await seedFactory(emulatorClient(emulator.url), project, targetOf(project));
    const before = writes();
    const r = await plan(dir, '--detailed-exitcode', '--verbose');
    expect(r.stdout).toBe(
      `Factory ${project.factory.name} in resource group ${project.target.resourceGroup} (subscription ${project.target.subscriptionId})\n\nNo changes. The factory matches the manifests.\n`,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\d+ requests \(GET \d+/);
    expect(writes()).toBe(before);
  });

  it('never prints or saves the secret, in any rendering', async () => {
    const out = path.join(tmp, 'quickstart-plan.json');
    const outputs = [await plan(dir, '--out', out), await plan(dir, '--json'), await plan(dir, '--markdown')];
    const project = await load(dir);
    const fresh = path.join(tmp, 'fresh');
    cpSync(dir, fresh, { recursive: true });
    // A factory that does not exist yet: every body (with the connection string) is in the plan.
    outputs.push(
      await runCli([
        'plan',
        fresh,
        '--endpoint',
        emulator.url,
        '--resource-group',
        'other-rg',
        '--json',
        '--out',
        path.join(tmp, 'fresh-plan.json'),
      ]),
    );
    const texts = [
      ...outputs.flatMap((r) => [r.stdout, r.stderr]),
      readFileSync(out, 'utf8'),
      readFileSync(path.join(tmp, 'fresh-plan.json'), 'utf8'),
    ];
    expect(readFileSync(path.join(tmp, 'fresh-plan.json'), 'utf8')).toContain('"value": "(sensitive value)"');
    for (const text of texts) {
      expect(text).not.toContain(QUICKSTART_KEY);
      expect(text).not.toContain(QUICKSTART_KEY.slice(0, 20));
    }
    expect(project.resources.length).toBeGreaterThan(0);
  });
});

describe('adf-deploy plan: one change at a time (quickstart)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = path.join(tmp, 'edits');
    cpSync(QUICKSTART, dir, { recursive: true });
    // Its own factory, so the describe blocks do not share live state.
    const config = path.join(dir, 'adf-deploy.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('suffix: local', 'suffix: edits'));
    const project = await load(dir);
    await seedFactory(emulatorClient(emulator.url), project, targetOf(project));
  });

  function edit(file: string, from: string, to: string): () => void {
    const full = path.join(dir, file);
    const original = readFileSync(full, 'utf8');
    if (!original.includes(from)) throw new Error(`${file} has no '${from}'`);
    writeFileSync(full, original.replace(from, to));
    return () => writeFileSync(full, original);
  }

  it('shows exactly one update naming the one property changed', async () => {
    const undo = edit('dataset/copy-datasets.yaml', 'folderPath: output', 'folderPath: archive');
    try {
      const r = await plan(dir, '--detailed-exitcode');
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(
        '~ Dataset/OutputDataset will be updated\n    ~ properties.typeProperties.location.folderPath: "output" -> "archive"\n',
      );
      expect(r.stdout).toContain('Plan: 0 to create, 1 to update, 0 to replace, 0 to delete.');
      const json = JSON.parse((await plan(dir, '--json')).stdout);
      expect(json.changes.map((c: { address: string; changes: unknown[] }) => [c.address, c.changes])).toEqual([
        [
          'Dataset/OutputDataset',
          [
            {
              path: ['properties', 'typeProperties', 'location', 'folderPath'],
              op: 'replace',
              before: 'output',
              after: 'archive',
            },
          ],
        ],
      ]);
    } finally {
      undo();
    }
  });

  it('shows a changed secret as one sensitive update, and prints it nowhere', async () => {
    const secret = 'DefaultEndpointsProtocol=https;AccountName=rotated;AccountKey=Um90YXRlZFNlY3JldEtleQ==';
    const undo = edit(
      'adf-deploy.yaml',
      /storageConnectionString: DefaultEndpointsProtocol[^\n]*/.exec(
        readFileSync(path.join(dir, 'adf-deploy.yaml'), 'utf8'),
      )![0],
      `storageConnectionString: ${secret}`,
    );
    try {
      const out = path.join(tmp, 'secret-plan.json');
      const runs = [await plan(dir, '--out', out), await plan(dir, '--json'), await plan(dir, '--markdown')];
      expect(runs[0].stdout).toContain(
        '~ LinkedService/AzureStorageLinkedService will be updated\n    ~ properties.typeProperties.connectionString: (sensitive value changed)\n',
      );
      expect(runs[0].stdout).toContain('Plan: 0 to create, 1 to update, 0 to replace, 0 to delete.');
      const saved = JSON.parse(readFileSync(out, 'utf8'));
      expect(saved.changes).toHaveLength(1);
      expect(saved.changes[0].changes).toEqual([
        { path: ['properties', 'typeProperties', 'connectionString'], op: 'replace', sensitive: true },
      ]);
      expect(saved.changes[0].secretFingerprint).toMatch(/^s1-[0-9a-f]{32}$/);
      for (const text of [...runs.flatMap((r) => [r.stdout, r.stderr]), readFileSync(out, 'utf8')]) {
        expect(text).not.toContain('Um90YXRlZFNlY3JldEtleQ');
        expect(text).not.toContain(QUICKSTART_KEY.slice(0, 20));
      }
    } finally {
      undo();
    }
  });

  it('limits the plan to --target and its dependencies', async () => {
    const undoDs = edit('dataset/copy-datasets.yaml', 'folderPath: output', 'folderPath: archive');
    const undoLs = edit('adf-deploy.yaml', 'AccountName=devstoreaccount1', 'AccountName=devstoreaccount2');
    try {
      const r = await plan(dir, '--target', 'LinkedService/AzureStorageLinkedService', '--json');
      expect(JSON.parse(r.stdout).changes.map((c: { address: string }) => c.address)).toEqual([
        'LinkedService/AzureStorageLinkedService',
      ]);
      const bad = await plan(dir, '--target', 'Dataset/OutputDatset');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('did you mean Dataset/OutputDataset?');
    } finally {
      undoDs();
      undoLs();
    }
  });

  it('renders Markdown for a pull request', async () => {
    const undo = edit('dataset/copy-datasets.yaml', 'folderPath: output', 'folderPath: archive');
    try {
      const r = await plan(dir, '--markdown', '--detailed-exitcode');
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('| update | `Dataset/OutputDataset` | 1 property |');
      expect(r.stdout).toContain(
        '```diff\n- properties.typeProperties.location.folderPath: "output"\n+ properties.typeProperties.location.folderPath: "archive"\n```',
      );
    } finally {
      undo();
    }
  });

  it('exits 1 with a message on an error (rejected token), and on --json with --markdown', async () => {
    const guarded = await startEmulator({ port: 0, throttle: 'off', token: 'the-right-token' });
    try {
      const denied = await runCli(['plan', dir, '--endpoint', guarded.url, '--detailed-exitcode'], {
        env: { ADF_DEPLOY_TOKEN: 'a-wrong-token' },
      });
      expect(denied.code).toBe(1);
      expect(denied.stdout).toBe('');
      expect(denied.stderr).toMatch(/error\[/);
    } finally {
      await guarded.close();
    }
    const both = await plan(dir, '--json', '--markdown');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--json and --markdown cannot be used together');
  });

  it('guards a large prune, and plans it with --allow-large-prune', async () => {
    const project = await load(dir);
    const target = targetOf(project);
    const client = emulatorClient(emulator.url);
    for (let i = 0; i < 12; i++)
      await client.request('PUT', resourcePath(target, { kind: 'Pipeline', name: `unmanaged_${i}` }), {
        body: { properties: { activities: [] } },
      });
    const refused = await plan(dir, '--prune');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "error[plan.large-prune]: --prune would delete 12 of the factory's 19 resources (more than half)",
    );
    expect(refused.stderr).toContain('--allow-large-prune');
    const allowed = await plan(dir, '--prune', '--allow-large-prune', '--detailed-exitcode');
    expect(allowed.code).toBe(2);
    expect(allowed.stdout).toContain('Plan: 0 to create, 0 to update, 0 to replace, 12 to delete.');
    expect(allowed.stdout).toContain('- Pipeline/unmanaged_0 will be deleted: not in the manifests (--prune)');
  });
});

describe('adf-deploy plan: drift made outside the tool', () => {
  it('shows the changed property as an update, naming it exactly', async () => {
    const dir = path.join(tmp, 'drift');
    cpSync(QUICKSTART, dir, { recursive: true });
    const config = path.join(dir, 'adf-deploy.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('suffix: local', 'suffix: drift'));
    const project = await load(dir);
    const target = targetOf(project);
    const client = emulatorClient(emulator.url);
    await seedFactory(client, project, target);
    // Someone edits the dataset in ADF Studio.
    const ds = project.resources.find((r) => r.name === 'InputDataset')!;
    const edited = structuredClone(ds.properties) as { typeProperties: { location: { fileName: string } } };
    edited.typeProperties.location.fileName = 'emp-edited.txt';
    await client.request('PUT', resourcePath(target, ds), { body: { properties: edited } });
    const r = await plan(dir, '--detailed-exitcode');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      '~ Dataset/InputDataset will be updated\n    ~ properties.typeProperties.location.fileName: "emp-edited.txt" -> "emp.txt"\n',
    );
    expect(r.stdout).toContain('Plan: 0 to create, 1 to update, 0 to replace, 0 to delete.');
  });
});

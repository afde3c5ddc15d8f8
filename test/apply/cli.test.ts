import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resourcePath } from '../../src/arm/paths.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { clientOf, RG, SUB } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

let emulator: RunningEmulator;
let dir: string;
const FACTORY = 'adfv2-quickstart-local';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq';

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  dir = tempDir('adf-apply-cli-');
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
});
afterEach(async () => {
  await emulator.close();
});

const conn = () => ['--endpoint', emulator.url, '--subscription', SUB, '--resource-group', RG];
const writes = () => emulator.requestLog().filter((e) => e.method !== 'GET');
const pathOf = (kind: 'Dataset' | 'Pipeline', name: string) =>
  resourcePath({ subscriptionId: SUB, resourceGroup: RG, factoryName: FACTORY }, { kind, name });

describe('adf-deploy apply', () => {
  it('without a terminal and without --auto-approve: exit 1 with a hint, nothing requested', async () => {
    const r = await runCli(['apply', dir, ...conn()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--auto-approve');
    expect(emulator.requestLog()).toEqual([]);
  });

  it('on a terminal, a "no" writes nothing', async () => {
    const r = await runCli(['apply', dir, ...conn()], { isTTY: true, answer: false });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Apply cancelled: nothing was changed.');
    expect(writes()).toEqual([]);
  });

  it('applies with plain progress lines and a summary, never printing a secret; a second apply has nothing to do', async () => {
    const r = await runCli(['apply', dir, ...conn(), '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('✓ created Pipeline/Adfv2QuickStartPipeline');
    expect(r.stdout).toMatch(/Apply complete: 8 succeeded, 0 failed, 0 skipped, 0 not started/);
    // Results on stdout (the plan, the summary), progress on stderr: `apply > deploy.log` keeps the result, and
    // a wrapper that fails on stderr output sees only progress lines.
    expect(r.stdout).toContain('Plan: 8 to create');
    expect(r.stdout).not.toContain('✓ created');
    expect(r.stderr).not.toContain('Apply complete');
    expect(r.stdout + r.stderr).not.toContain(ACCOUNT_KEY);
    const again = await runCli(['apply', dir, ...conn(), '--auto-approve']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('--json streams the plan and the events as JSON lines on stdout', async () => {
    const r = await runCli(['apply', dir, ...conn(), '--auto-approve', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('plan');
    expect(lines[1].type).toBe('begin');
    expect(lines.at(-1)).toMatchObject({ type: 'end', summary: { failed: [], aborted: false } });
    expect(lines.filter((l) => l.type === 'step-done')).toHaveLength(8);
    expect(r.stdout).not.toContain(ACCOUNT_KEY);
  });

  it('exits 1 when a step fails: the failure is named, its dependents skipped, the rest applied', async () => {
    // An external integration runtime that does not exist: the service refuses the linked service using it.
    writeFileSync(
      path.join(dir, 'adf-deploy.yaml'),
      `${readFileSync(path.join(dir, 'adf-deploy.yaml'), 'utf8')}\nexternal:\n  - IntegrationRuntime/SharedIR\n`,
    );
    const ls = path.join(dir, 'linkedService/AzureStorageLinkedService.yaml');
    writeFileSync(
      ls,
      `${readFileSync(ls, 'utf8')}  connectVia:\n    referenceName: SharedIR\n    type: IntegrationRuntimeReference\n`,
    );
    const r = await runCli(['apply', dir, ...conn(), '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "failed: creating LinkedService/AzureStorageLinkedService: PUT LinkedService/AzureStorageLinkedService failed: 400 BadRequest: The document creation or update failed because of invalid reference 'sharedir'.",
    );
    expect(r.stdout).toContain('skipped: creating Pipeline/Adfv2QuickStartPipeline');
    expect(r.stdout).toMatch(/Apply failed: 1 succeeded, 1 failed, 6 skipped/);
  });
});

describe('adf-deploy apply plan.json', () => {
  async function savePlan(): Promise<string> {
    const file = path.join(dir, 'plan.json');
    const r = await runCli(['plan', dir, ...conn(), '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    return file;
  }

  it('applies a saved plan, refilling the secret it could not hold', async () => {
    const file = await savePlan();
    expect(readFileSync(file, 'utf8')).not.toContain(ACCOUNT_KEY);
    const r = await runCli(['apply', file, ...conn(), '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
    const again = await runCli(['plan', dir, ...conn(), '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
  });

  it('refuses when the factory changed since the plan, and does not overwrite the change', async () => {
    await runCli(['apply', dir, ...conn(), '--auto-approve']);
    writeFileSync(
      path.join(dir, 'dataset/copy-datasets.yaml'),
      readFileSync(path.join(dir, 'dataset/copy-datasets.yaml'), 'utf8').replace(
        'folderPath: input',
        'folderPath: input2',
      ),
    );
    const file = await savePlan();
    const client = clientOf(emulator);
    const live = await client.request<any>('GET', pathOf('Dataset', 'InputDataset'));
    const outOfBand = { properties: { ...live.body.properties, description: 'changed by hand' } };
    await client.request('PUT', pathOf('Dataset', 'InputDataset'), { body: outOfBand });
    const mark = writes().length;
    const r = await runCli(['apply', file, ...conn(), '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the factory changed since the plan was made: Dataset/InputDataset');
    expect(r.stderr).toContain('run plan again');
    expect(writes().slice(mark)).toEqual([]);
    expect((await client.request<any>('GET', pathOf('Dataset', 'InputDataset'))).body.properties.description).toBe(
      'changed by hand',
    );
  });

  it('refuses when the manifests changed since the plan', async () => {
    const file = await savePlan();
    writeFileSync(
      path.join(dir, 'dataset/copy-datasets.yaml'),
      readFileSync(path.join(dir, 'dataset/copy-datasets.yaml'), 'utf8').replace(
        'folderPath: input',
        'folderPath: elsewhere',
      ),
    );
    const r = await runCli(['apply', file, ...conn(), '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'the plan no longer matches (the manifests or the factory changed since it was made): Dataset/InputDataset',
    );
    expect(writes()).toEqual([]);
  });

  it('refuses a file that is not a plan', async () => {
    const file = path.join(dir, 'not-a-plan.json');
    writeFileSync(file, '{"hello": 1}');
    const r = await runCli(['apply', file, ...conn(), '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a plan file');
  });
});

describe('adf-deploy apply plan.json: the file is untrusted', () => {
  async function savePlan(...extra: string[]): Promise<string> {
    const file = path.join(dir, 'plan.json');
    const r = await runCli(['plan', dir, ...conn(), '--out', file, ...extra]);
    expect(r.code, r.stderr).toBe(0);
    return file;
  }
  const edit = (file: string, fn: (doc: any) => void) => {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    fn(doc);
    writeFileSync(file, JSON.stringify(doc));
  };

  it('needs no flags repeated, and a second apply of it says it was already applied', async () => {
    const file = await savePlan();
    expect(JSON.parse(readFileSync(file, 'utf8')).source.dir).toBe('.');
    const r = await runCli(['apply', file, '--auto-approve'], { env: { ADF_DEPLOY_ENDPOINT: undefined } });
    expect(r.code, r.stderr).toBe(0);
    const again = await runCli(['apply', file, '--auto-approve']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('This plan was already applied');
  });

  it('a delete edited to name `..` is refused before any request', async () => {
    await runCli(['apply', dir, ...conn(), '--auto-approve']);
    const file = await savePlan();
    edit(file, (doc) => {
      doc.changes = [
        {
          address: 'Pipeline/..',
          kind: 'Pipeline',
          name: '..',
          action: 'delete',
          changes: [],
          etag: 'x',
          dependsOn: [],
        },
      ];
    });
    const mark = emulator.requestLog().length;
    const r = await runCli(['apply', file, '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[plan.file-invalid\]: .*changes\[0\]\.name: invalid name/);
    expect(emulator.requestLog().slice(mark)).toEqual([]);
  });

  it('executes only what it computes: an edited etag or body is refused, nothing written', async () => {
    const file = await savePlan();
    edit(file, (doc) => {
      doc.changes[0].desired.properties.description = 'edited after review';
    });
    const r = await runCli(['apply', file, '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[apply.plan-mismatch]');
    expect(writes()).toEqual([]);
  });

  it('a contradicting --env or --prune is refused', async () => {
    const file = await savePlan();
    for (const flag of [['--env', 'prod'], ['--prune']]) {
      const r = await runCli(['apply', file, ...flag, '--auto-approve']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error[apply.plan-options]');
    }
    expect(writes()).toEqual([]);
  });

  it('a plan for another factory (file edited) is refused', async () => {
    const file = await savePlan();
    edit(file, (doc) => {
      doc.target.factoryName = 'adfv2-quickstart-prod';
      doc.factory.name = 'adfv2-quickstart-prod';
      doc.factory.address = 'Factory/adfv2-quickstart-prod';
    });
    const r = await runCli(['apply', file, '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[apply.other-target]');
    expect(writes()).toEqual([]);
  });

  it('the large-prune guard applies to saved plans too', async () => {
    await runCli(['apply', dir, ...conn(), '--auto-approve']);
    for (const f of [
      'dataset/copy-datasets.yaml',
      'dataset/param-datasets.yaml',
      'pipeline/Adfv2QuickStartPipeline.yaml',
      'pipeline/Adfv2QuickStartParamPipeline.yaml',
    ])
      writeFileSync(path.join(dir, f), '');
    const file = await savePlan('--prune', '--allow-large-prune');
    const mark = writes().length;
    const r = await runCli(['apply', file, '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[plan.large-prune]');
    expect(writes().slice(mark)).toEqual([]);
    const allowed = await runCli(['apply', file, '--auto-approve', '--allow-large-prune']);
    expect(allowed.code, allowed.stderr).toBe(0);
  });
});

describe('adf-deploy destroy', () => {
  it('deletes only what the manifests manage; --include-factory removes the factory', async () => {
    await runCli(['apply', dir, ...conn(), '--auto-approve']);
    const client = clientOf(emulator);
    const unmanaged = resourcePath(
      { subscriptionId: SUB, resourceGroup: RG, factoryName: FACTORY },
      { kind: 'Pipeline', name: 'NotMine' },
    );
    await client.request('PUT', unmanaged, { body: { properties: { activities: [] } } });
    const noTty = await runCli(['destroy', dir, ...conn()]);
    expect(noTty.code).toBe(1);

    const r = await runCli(['destroy', dir, ...conn(), '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Not managed by these manifests, left alone: 1 resource(s)');
    expect(r.stdout).toMatch(/Destroy complete: 7 succeeded/);
    expect(emulator.requestLog().filter((e) => e.status === 400)).toEqual([]);
    expect((await client.request('GET', unmanaged)).status).toBe(200);

    const again = await runCli(['destroy', dir, ...conn(), '--auto-approve']);
    expect(again.stdout).toContain('Nothing to destroy');
    const all = await runCli(['destroy', dir, ...conn(), '--auto-approve', '--include-factory']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain(
      'Deleted with the factory although the manifests do not declare them: Pipeline/NotMine',
    );
    const gone = await runCli(['destroy', dir, ...conn(), '--auto-approve']);
    expect(gone.stdout).toContain(`Nothing to destroy: factory ${FACTORY} does not exist.`);
  });
});

describe('adf-deploy apply options', () => {
  it('--target applies only that resource and what it depends on', async () => {
    const r = await runCli(['apply', dir, ...conn(), '--auto-approve', '--target', 'Dataset/InputDataset']);
    expect(r.code, r.stderr).toBe(0);
    const puts = writes().map((e) => decodeURIComponent(e.path).split('/factories/')[1]);
    expect(puts.sort()).toEqual([
      FACTORY,
      `${FACTORY}/datasets/InputDataset`,
      `${FACTORY}/linkedservices/AzureStorageLinkedService`,
    ]);
  });

  it.each(['0', '65', 'many'])('refuses --concurrency %s', async (value) => {
    const r = await runCli(['apply', dir, ...conn(), '--auto-approve', '--concurrency', value]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--concurrency must be a whole number from 1 to 64');
    expect(emulator.requestLog()).toEqual([]);
  });
});

describe('adf-deploy apply interrupted early', () => {
  it('Ctrl-C before the apply starts: exit 130, nothing written', async () => {
    const { main } = await import('../../src/cli/main.js');
    const { memoryIo } = await import('../../src/cli/context.js');
    const io = memoryIo();
    const controller = new AbortController();
    controller.abort();
    const code = await main(['node', 'adf-deploy', 'apply', dir, ...conn(), '--auto-approve'], {
      io,
      signal: controller.signal,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(code).toBe(130);
    expect(io.stderr).toContain('Interrupted before any change was made.');
    expect(writes()).toEqual([]);
  });
});

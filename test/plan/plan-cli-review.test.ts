import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { loadProject } from '../../src/manifest/load.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { emulatorClient, seedFactory } from './seed.js';

/** `plan` and `show` as a reviewer's pipeline uses them (issue 16), over the emulator. */

let emulator: RunningEmulator;
let tmp: string;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-plan-review-'));
  dir = path.join(tmp, 'quickstart');
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  const { project } = await loadProject(dir, { environ: {} });
  if (!project) throw new Error('quickstart does not load');
  await seedFactory(emulatorClient(emulator.url), project, {
    ...project.target,
    factoryName: project.factory.name,
    endpoint: emulator.url,
  });
});
afterAll(async () => {
  await emulator.close();
  rmSync(tmp, { recursive: true, force: true });
});

const run = (...args: string[]) => runCli(args, { cwd: tmp, env: { ADF_DEPLOY_TOKEN: 'test-token' } });
const plan = (...args: string[]) => run('plan', dir, '--endpoint', emulator.url, ...args);
const PARAM_PIPELINE = () => path.join(dir, 'pipeline/Adfv2QuickStartParamPipeline.yaml');

describe('drift and saved plans', () => {
  it('a deleted manifest is drift: its own section, counted, --detailed-exitcode 2; show renders the saved plan the same', async () => {
    const text = readFileSync(PARAM_PIPELINE(), 'utf8');
    unlinkSync(PARAM_PIPELINE());
    try {
      const r = await plan('--detailed-exitcode', '--out', 'plan.json');
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toContain('In the factory, not in the manifests (left in place):');
      expect(r.stdout).toContain('? Pipeline/Adfv2QuickStartParamPipeline: would be deleted with --prune');
      expect(r.stdout).toContain('No changes to apply; 1 in the factory, not in the manifests (left in place).');
      const shown = await run('show', 'plan.json');
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toBe(r.stdout);
      const md = await plan('--markdown');
      const shownMd = await run('show', 'plan.json', '--markdown');
      expect(shownMd.stdout).toBe(md.stdout);
      // The JSON form of the same plan: what the file says, with the project folder resolved.
      const shownJson = JSON.parse((await run('show', 'plan.json', '--json')).stdout);
      const saved = JSON.parse(readFileSync(path.join(tmp, 'plan.json'), 'utf8'));
      expect({ ...shownJson, source: { ...shownJson.source, dir: saved.source.dir } }).toEqual(saved);
      expect(path.resolve(tmp, saved.source.dir)).toBe(shownJson.source.dir);
    } finally {
      writeFileSync(PARAM_PIPELINE(), text);
    }
    expect((await plan('--detailed-exitcode')).code).toBe(0);
  });

  it('show refuses a file that is not a plan, with a hint', async () => {
    writeFileSync(path.join(tmp, 'not-a-plan.json'), '{"hello": 1}');
    const r = await run('show', 'not-a-plan.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not-a-plan.json');
    expect((await run('show', 'missing.json')).code).toBe(1);
  });
});

describe('errors in --markdown and --json', () => {
  it('validation errors: --markdown writes a comment with them, --json writes them as JSON, exit 1', async () => {
    const file = path.join(dir, 'dataset/copy-datasets.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/referenceName: AzureStorageLinkedService/, 'referenceName: Missing_LS'));
    try {
      const md = await plan('--markdown');
      expect(md.code).toBe(1);
      expect(md.stdout).toContain('### adf-deploy plan for `quickstart`');
      expect(md.stdout).toMatch(/\*\*No plan: the manifests have \d+ errors? and \d+ warnings?\.\*\*/);
      expect(md.stdout).toContain('| `quickstart/dataset/copy-datasets.yaml:');
      expect(md.stdout).toContain('Missing\\_LS');
      const json = await plan('--json');
      expect(json.code).toBe(1);
      const doc = JSON.parse(json.stdout);
      expect(doc.errors).toBeGreaterThan(0);
      expect(doc.diagnostics[0]).toHaveProperty('code');
    } finally {
      writeFileSync(file, text);
    }
  });

  it('an error after loading (unknown --target) is a comment / JSON too, never an empty stdout', async () => {
    const md = await plan('--markdown', '--target', 'Pipeline/Nope');
    expect(md.code).toBe(1);
    expect(md.stdout).toContain('**No plan: --target Pipeline/Nope: no such resource');
    const json = await plan('--json', '--target', 'Pipeline/Nope');
    expect(JSON.parse(json.stdout).error.code).toBe('plan.unknown-target');
  });

  it('--markdown-budget takes a number of characters, 0 for no limit', async () => {
    expect((await plan('--markdown', '--markdown-budget', '0')).code).toBe(0);
    const bad = await plan('--markdown', '--markdown-budget', '12');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--markdown-budget');
  });
});

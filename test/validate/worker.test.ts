import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFactory } from '../../src/import/index.js';
import { loadProject } from '../../src/manifest/load.js';
import type { LoadOptions } from '../../src/manifest/types.js';
import { recordLoadInputs } from '../../src/manifest/load-inputs.js';
import { checkProject, validateProject } from '../../src/validate/validate.js';
import {
  startValidationWorker,
  validationWorkerMode,
  WORKER_MIN_CORES,
  WORKER_MIN_FILES,
} from '../../src/validate/worker-client.js';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { CORPUS, describeShared } from '../helpers/shared.js';

/** What the main thread would show: the findings of in-thread validation, validateProject's, the inputs' digest. */
async function inThread(root: string, options: LoadOptions) {
  const inputs = recordLoadInputs(options);
  const { project, diagnostics } = await loadProject(root, inputs.options);
  return {
    ...checkProject(project, diagnostics),
    ...(project ? { found: validateProject(project) } : {}),
    digest: inputs.publicDigest(),
  };
}

const TARGET = { subscriptionId: '0b0b0b0b-1111-2222-3333-444444444444', resourceGroup: 'rg-worker' };
const CASES: [string, LoadOptions][] = [
  ['examples/quickstart', { environ: {} }],
  ['examples/multi-env', { environ: { PROD_SUBSCRIPTION_ID: 'p' }, env: 'prod' }],
  // Errors, warnings and waivers of every stage: YAML, envelope, variables, references, cycles, limits, secrets.
  ...[
    'alias-bomb',
    'duplicate-key',
    'env-missing',
    'graph-cycle',
    'limit-activities-warning',
    'no-config',
    'ref-missing-nested',
    'secret-mistyped',
    'unknown-kind',
    'var-missing',
  ].map((c): [string, LoadOptions] => [`test/fixtures/bad/${c}`, { environ: {}, target: TARGET }]),
];

describe('validation in a worker thread (src/validate/worker-client.ts), from the TypeScript sources', () => {
  it.each(CASES)('%s: the same findings as in this thread', async (dir, options) => {
    const root = path.join(PROJECT_ROOT, dir);
    const worker = startValidationWorker(root, options);
    expect(await worker.result).toEqual(await inThread(root, options));
  });

  it('a stopped worker rejects its result instead of hanging', async () => {
    const worker = startValidationWorker(path.join(PROJECT_ROOT, 'examples/quickstart'), { environ: {} });
    await worker.stop();
    await expect(worker.result).rejects.toThrow(/stopped/);
  });

  it('is chosen for projects of several hundred files on several cores, never for the quickstart', async () => {
    const quickstart = path.join(PROJECT_ROOT, 'examples/quickstart');
    expect(await validationWorkerMode(quickstart, {})).toBeUndefined();
    expect(await validationWorkerMode(quickstart, { ADF_DEPLOY_VALIDATE_WORKER: 'always' })).toBe('forced');
    const big = mkdtempSync(path.join(os.tmpdir(), 'adf-worker-size-'));
    try {
      writeFileSync(path.join(big, 'adf-deploy.yaml'), 'factory: { name: f }\n');
      mkdirSync(path.join(big, 'pipeline'));
      for (let i = 0; i < WORKER_MIN_FILES; i++) writeFileSync(path.join(big, 'pipeline', `p${i}.yaml`), '');
      const many = availableParallelism() >= WORKER_MIN_CORES ? 'auto' : undefined;
      expect(await validationWorkerMode(big, {})).toBe(many);
      expect(await validationWorkerMode(big, { ADF_DEPLOY_VALIDATE_WORKER: 'never' })).toBeUndefined();
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});

describeShared('validation in a worker thread: a corpus factory', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-worker-corpus-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('BigFactorySample2 (imported): the same findings as in this thread', async () => {
    const dir = path.join(tmp, 'big');
    await importFactory(path.join(CORPUS, 'Azure-Player__azure.datafactory.tools__BigFactorySample2'), {
      out: dir,
      location: 'westeurope',
    });
    const options = { environ: {}, target: TARGET };
    const expected = await inThread(dir, options);
    expect(expected.found?.length).toBeGreaterThan(0);
    expect(await startValidationWorker(dir, options).result).toEqual(expected);
  });
});

// The compiled CLI runs dist/validate/worker.js (no tsx): the same, when dist/ is built (npm ci's prepare, CI).
const DIST = path.join(PROJECT_ROOT, 'dist/validate/worker-client.js');
describe.skipIf(!existsSync(DIST))('validation in a worker thread, from the compiled dist/', () => {
  it.each(CASES.slice(0, 4))('%s: the same findings as in this thread', async (dir, options) => {
    const compiled = (await import(DIST)) as typeof import('../../src/validate/worker-client.js');
    const root = path.join(PROJECT_ROOT, dir);
    expect(await compiled.startValidationWorker(root, options).result).toEqual(await inThread(root, options));
  });
});
if (!existsSync(DIST))
  process.stderr.write('[skip] validation worker from dist/: dist/ is not built (npm run build)\n');

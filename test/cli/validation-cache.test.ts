import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScrubber, projectSecrets } from '../../src/cli/scrub.js';
import {
  openValidationCache,
  startValidationCache,
  type ValidationCacheStart,
} from '../../src/cli/validation-cache.js';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { recordLoadInputs } from '../../src/manifest/load-inputs.js';
import { loadProject } from '../../src/manifest/load.js';
import type { LoadOptions } from '../../src/manifest/types.js';
import { validateProject } from '../../src/validate/validate.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

const BUILD = 'test-build-1';
const SECRET = 'Cache-Secret-7c41e2d9aa30b5f8';
const CACHE_FILE = ['.adf-deploy', 'cache', 'validation.json'];

let tmp: string;
let count = 0;
/** This test's user cache folder (the integrity key), never the real one. */
let HOME_ENV: Record<string, string>;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-validation-cache-'));
  HOME_ENV = { XDG_CACHE_HOME: path.join(tmp, 'user-cache') };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh copy of an example or fixture project (without its local state). */
function copyOf(from: string): string {
  const dir = path.join(tmp, `p${count++}`);
  cpSync(path.join(PROJECT_ROOT, from), dir, { recursive: true, filter: (src) => !src.includes('.adf-deploy') });
  return dir;
}

/** Load as the commands do, then open the cache for it. */
async function open(
  dir: string,
  options: LoadOptions,
  extraEnv: Record<string, string | undefined> = {},
  build = BUILD,
  start?: ValidationCacheStart,
) {
  const env = { ...HOME_ENV, ...extraEnv };
  const inputs = recordLoadInputs(options);
  const { project } = await loadProject(dir, inputs.options);
  if (!project) throw new Error(`${dir} did not load`);
  const scrub = createScrubber(projectSecrets(project));
  const cache = await openValidationCache(project, inputs, { env, scrub, cacheBuild: build }, start);
  return { project, cache };
}

/** Validate and store, as a command does on a miss; returns what was found. */
async function validateAndStore(dir: string, options: LoadOptions): Promise<Diagnostic[]> {
  const { project, cache } = await open(dir, options);
  expect(cache.findings).toBeUndefined();
  const found = validateProject(project);
  cache.store(found);
  return found;
}

describe('validation cache (.adf-deploy/cache/validation.json)', () => {
  it('a second load of the same project finds what the first validation found, warnings and errors alike', async () => {
    for (const fixture of ['test/fixtures/bad/ref-missing', 'test/fixtures/bad/limit-activities-warning']) {
      const dir = copyOf(fixture);
      const options = { environ: {}, target: { subscriptionId: 's', resourceGroup: 'rg' } };
      const found = await validateAndStore(dir, options);
      expect(found.length, fixture).toBeGreaterThan(0);
      const again = await open(dir, options);
      expect(again.cache.findings, fixture).toEqual(found);
      expect(again.cache.findings, fixture).toEqual(validateProject(again.project));
    }
  });

  it('misses when anything the project is built from differs', async () => {
    const dir = copyOf('examples/quickstart');
    const base: LoadOptions = { env: 'dev', environ: { ADF_QUICKSTART_STORAGE: SECRET } };
    await validateAndStore(dir, base);
    expect((await open(dir, base)).cache.findings).toEqual([]);
    const misses: [string, LoadOptions][] = [
      ['another environment', { ...base, env: 'prod' }],
      ['another variable value', { ...base, environ: { ADF_QUICKSTART_STORAGE: `${SECRET}x` } }],
      [
        'a variable set that was read unset',
        { ...base, environ: { ...base.environ, ADF_DEPLOY_FINGERPRINT_KEY: 'k' } },
      ],
      ['a target flag', { ...base, target: { resourceGroup: 'other' } }],
    ];
    for (const [what, options] of misses) expect((await open(dir, options)).cache.findings, what).toBeUndefined();
    appendFileSync(path.join(dir, 'pipeline', readdirFirst(dir, 'pipeline')), '# a comment\n');
    expect((await open(dir, base)).cache.findings, 'an edited file').toBeUndefined();
    const other = copyOf('examples/quickstart');
    await validateAndStore(other, base);
    writeFileSync(
      path.join(other, 'dataset', 'extra.yaml'),
      'kind: Dataset\nname: Extra\nproperties:\n  type: Binary\n  linkedServiceName:\n    referenceName: Nope\n    type: LinkedServiceReference\n',
    );
    const added = await open(other, base);
    expect(added.cache.findings, 'a new file').toBeUndefined();
    expect(validateProject(added.project).some((d) => d.code.startsWith('ref.'))).toBe(true);
  });

  it('starts the digest of the variables before the load, and uses it when the load reads the same values', async () => {
    const dir = copyOf('examples/quickstart');
    const base = { env: 'dev', environ: { ADF_QUICKSTART_STORAGE: SECRET } };
    await validateAndStore(dir, base);
    const begin = (environ: Record<string, string>) =>
      startValidationCache(dir, { env: HOME_ENV, cacheBuild: BUILD }, environ) as ValidationCacheStart;
    const start = begin(base.environ);
    expect(start.early.size).toBe(1);
    expect((await open(dir, base, {}, BUILD, start)).cache.findings).toEqual([]);
    // What was started is what decides: a digest started for these values but forged is a miss.
    const forged = begin(base.environ);
    for (const slot of forged.early.keys()) forged.early.set(slot, Promise.resolve('s1-forged'));
    expect((await open(dir, base, {}, BUILD, forged)).cache.findings).toBeUndefined();
    // Started for other values than the load reads: not used (computed anew, and a miss as it must be).
    const otherValues = begin({ ADF_QUICKSTART_STORAGE: `${SECRET}x` });
    expect((await open(dir, base, {}, BUILD, otherValues)).cache.findings).toEqual([]);
    const changed = { ...base, environ: { ADF_QUICKSTART_STORAGE: `${SECRET}x` } };
    expect((await open(dir, changed, {}, BUILD, start)).cache.findings).toBeUndefined();
  });

  it('a load that reads only unset variables keeps a plain digest of their names (nothing secret: no scrypt)', async () => {
    const dir = copyOf('examples/quickstart');
    await validateAndStore(dir, { env: 'dev', environ: {} });
    const file = JSON.parse(contentOf(path.join(dir, ...CACHE_FILE))) as { entries: { environment: string }[] };
    expect(file.entries[0].environment).toMatch(/^p1-[0-9a-f]{64}$/);
    expect((await open(dir, { env: 'dev', environ: {} })).cache.findings).toEqual([]);
    // Set now: another material, a protected digest, a miss.
    expect(
      (await open(dir, { env: 'dev', environ: { ADF_QUICKSTART_STORAGE: SECRET } })).cache.findings,
    ).toBeUndefined();
    // Nothing to start before the load for names that are all unset.
    expect(startValidationCache(dir, { env: HOME_ENV, cacheBuild: BUILD }, {})?.early.size).toBe(0);
  });

  it('before the load, a folder without a cache file is not read and the user key is not made', () => {
    const userCache = path.join(tmp, `user-cache-${count++}`);
    const start = startValidationCache(
      path.join(tmp, 'not-a-project'),
      { env: { XDG_CACHE_HOME: userCache }, cacheBuild: BUILD },
      {},
    );
    expect(start?.stored).toBeUndefined();
    expect(existsSync(userCache)).toBe(false);
  });

  it('another build reads nothing; ADF_DEPLOY_CACHE=off reads and writes nothing', async () => {
    const dir = copyOf('examples/quickstart');
    const options = { environ: {} };
    await validateAndStore(dir, options);
    expect((await open(dir, options, {}, 'test-build-2')).cache.findings).toBeUndefined();
    expect((await open(dir, options, { ADF_DEPLOY_CACHE: 'off' })).cache.findings).toBeUndefined();
    const fresh = copyOf('examples/quickstart');
    const off = await open(fresh, options, { ADF_DEPLOY_CACHE: 'off' });
    off.cache.store(validateProject(off.project));
    expect(existsSync(path.join(fresh, '.adf-deploy'))).toBe(false);
  });

  it('holds no secret value, nor a fast hash of one; the values read are one protected digest', async () => {
    const dir = copyOf('examples/quickstart');
    await validateAndStore(dir, { env: 'dev', environ: { ADF_QUICKSTART_STORAGE: SECRET } });
    const text = contentOf(path.join(dir, ...CACHE_FILE));
    expect(text).not.toContain(SECRET);
    for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512'])
      for (const encoding of ['hex', 'base64'] as const)
        expect(text).not.toContain(createHash(algorithm).update(SECRET).digest(encoding).slice(0, 16));
    const file = JSON.parse(text) as { entries: { environment: string }[] };
    expect(readFileSync(path.join(dir, ...CACHE_FILE), 'utf8')).not.toContain(SECRET);
    expect(file.entries[0].environment).toMatch(/^s1-[0-9a-f]{64}$/);
    const keyed = copyOf('examples/quickstart');
    const environ = { ADF_QUICKSTART_STORAGE: SECRET, ADF_DEPLOY_FINGERPRINT_KEY: 'key-from-the-vault' };
    await validateAndStore(keyed, { env: 'dev', environ });
    const keyedFile = JSON.parse(contentOf(path.join(keyed, ...CACHE_FILE))) as typeof file;
    expect(keyedFile.entries[0].environment).toMatch(/^k1-[0-9a-f]{64}$/);
    expect(JSON.stringify(keyedFile)).not.toContain('key-from-the-vault');
  });

  it('never writes findings that quote a secret', async () => {
    const dir = copyOf('examples/quickstart');
    const { cache } = await open(dir, { env: 'dev', environ: { ADF_QUICKSTART_STORAGE: SECRET } });
    cache.store([{ severity: 'warning', code: 'test.quote', message: `found '${SECRET}' here` }]);
    expect(existsSync(path.join(dir, ...CACHE_FILE))).toBe(false);
  });

  it('a corrupt, foreign or linked cache file is a miss, never an error', async () => {
    const options = { environ: {} };
    for (const content of ['{not json', '[]', '{"format":1,"build":"test-build-1","salt":"x","entries":[]}']) {
      const dir = copyOf('examples/quickstart');
      mkdirSync(path.join(dir, '.adf-deploy', 'cache'), { recursive: true });
      writeFileSync(path.join(dir, ...CACHE_FILE), content);
      const { project, cache } = await open(dir, options);
      expect(cache.findings, content).toBeUndefined();
      cache.store(validateProject(project));
      expect((await open(dir, options)).cache.findings, content).toEqual([]);
    }
    const linked = copyOf('examples/quickstart');
    const elsewhere = path.join(tmp, `elsewhere${count++}`);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, path.join(linked, '.adf-deploy'));
    const { project, cache } = await open(linked, options);
    expect(cache.findings).toBeUndefined();
    cache.store(validateProject(project));
    expect(existsSync(path.join(elsewhere, 'cache'))).toBe(false);
  });
});

describe('validation cache: only what this user wrote is read', () => {
  it('a file sealed by another key, edited by hand, or committed without a seal is a miss', async () => {
    const options = { environ: {}, target: { subscriptionId: 's', resourceGroup: 'rg' } };
    const dir = copyOf('test/fixtures/bad/ref-missing');
    const found = await validateAndStore(dir, options);
    expect(found.some((d) => d.code.startsWith('ref.'))).toBe(true);
    expect((await open(dir, options)).cache.findings).toEqual(found);
    // Another user (or machine): another key.
    expect((await open(dir, options, { XDG_CACHE_HOME: path.join(tmp, 'other-user') })).cache.findings).toBeUndefined();
    // "No findings" edited into the file, seal kept: refused.
    const file = path.join(dir, ...CACHE_FILE);
    const [sealLine] = readFileSync(file, 'utf8').split('\n', 1);
    const content = JSON.parse(contentOf(file)) as { entries: { findings: unknown[] }[] };
    content.entries[0].findings = [];
    writeFileSync(file, `${sealLine}\n${JSON.stringify(content)}`);
    expect((await open(dir, options)).cache.findings).toBeUndefined();
    // A forged file as a pull request could commit it: no seal, or a seal of another key.
    writeFileSync(file, `\n${JSON.stringify(content)}`);
    expect((await open(dir, options)).cache.findings).toBeUndefined();
    writeFileSync(file, `${'0'.repeat(64)}\n${JSON.stringify(content)}`);
    expect((await open(dir, options)).cache.findings).toBeUndefined();
  });
});

/** A cache file's content (after its seal's line). */
function contentOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

function readdirFirst(dir: string, sub: string): string {
  return readdirSync(path.join(dir, sub)).sort()[0];
}

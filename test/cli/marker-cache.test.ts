import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MARKER_CACHE_FILE, openMarkerCache } from '../../src/cli/marker-cache.js';
import { integrityKey, seal } from '../../src/core/project-cache.js';
import {
  computeFingerprint,
  type FingerprintContext,
  forgetFingerprints,
  slowInput,
  warmFingerprints,
} from '../../src/diff/fingerprint.js';
import type { SecretValue } from '../../src/diff/secrets.js';

// Counts every scrypt of this process (the markers' and protectedDigest's), synchronous or on the thread pool.
const calls = vi.hoisted(() => ({ scrypts: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    scryptSync: (...args: Parameters<typeof real.scryptSync>) => {
      calls.scrypts++;
      return real.scryptSync(...args);
    },
    scrypt: (...args: Parameters<typeof real.scrypt>) => {
      calls.scrypts++;
      return (real.scrypt as (...a: unknown[]) => void)(...args);
    },
  };
});

const FACTORY = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.DataFactory/factories/bench';
const BUILD = 'build-one';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-marker-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Item = { secrets: SecretValue[]; context: FingerprintContext };

/** Three linked services with a long distinctive password each (the bench's style). */
function project(
  values = ['BenchSecret-9f8e7d6c5b4a-0', 'BenchSecret-9f8e7d6c5b4a-1', 'BenchSecret-9f8e7d6c5b4a-2'],
): Item[] {
  return values.map((value, i) => ({
    secrets: [{ path: ['typeProperties', 'password'], value, parts: [value] }],
    context: { factoryId: FACTORY, resource: `LinkedService/LS${i}` },
  }));
}

const inputsOf = (items: Item[]) => items.map((item) => slowInput(item.secrets, item.context));
const markersOf = (items: Item[]) => items.map((item) => computeFingerprint(item.secrets, item.context));

/** The markers of `items` computed from scratch, without any cache. */
function coldMarkers(items: Item[]): (string | undefined)[] {
  forgetFingerprints();
  const out = markersOf(items);
  forgetFingerprints();
  return out;
}

/** The test's own user cache folder (the key that seals cache files), never the real one. */
const userCache = (root: string) => ({ XDG_CACHE_HOME: path.join(root, 'user-cache') });

/** The content of the sealed file, and a way to write it back sealed as this user would (src/core/project-cache.ts). */
function contentOf(root: string): string {
  const text = readFileSync(fileOf(root), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}
function resealed(root: string, value: unknown): void {
  const key = integrityKey(userCache(root));
  if (!key) throw new Error('no integrity key');
  const content = JSON.stringify(value);
  writeFileSync(fileOf(root), `${seal(key, content)}\n${content}`);
}

/** One command's use of the cache as plan does it: restore, warm the rest, compute every marker, save. */
async function run(root: string, items: Item[], options: { buildId?: string; env?: Record<string, string> } = {}) {
  forgetFingerprints();
  calls.scrypts = 0;
  const cache = openMarkerCache(root, {
    env: { ...userCache(root), ...options.env },
    buildId: options.buildId ?? BUILD,
  });
  await cache?.restore(inputsOf(items));
  await warmFingerprints(items);
  const beforeSave = calls.scrypts;
  const markers = markersOf(items);
  const saved = (await cache?.save()) ?? false;
  return { markers, scrypts: beforeSave, saved };
}

let root: string;
let n = 0;
beforeEach(() => {
  root = path.join(tmp, `p${n++}`);
});
const fileOf = (dir: string) => path.join(dir, '.adf-deploy', 'cache', MARKER_CACHE_FILE);

describe('marker cache (.adf-deploy/cache/markers.json)', () => {
  it('unchanged secrets: one digest instead of one scrypt per resource, the same markers, no rewrite', async () => {
    const items = project();
    const expected = coldMarkers(items);
    const first = await run(root, items);
    expect(first.scrypts).toBe(3);
    expect(first.saved).toBe(true);
    expect(first.markers).toEqual(expected);
    const written = statSync(fileOf(root)).mtimeMs;
    const second = await run(root, items);
    expect(second.scrypts).toBe(1);
    expect(second.markers).toEqual(expected);
    expect(second.saved).toBe(false);
    expect(calls.scrypts).toBe(1);
    expect(statSync(fileOf(root)).mtimeMs).toBe(written);
  });

  it('a rotated secret: the cache is ignored and the right marker computed; the file is rewritten', async () => {
    await run(root, project());
    const rotated = project(['BenchSecret-9f8e7d6c5b4a-0', 'BenchSecret-rotated-77aa', 'BenchSecret-9f8e7d6c5b4a-2']);
    const expected = coldMarkers(rotated);
    const next = await run(root, rotated);
    expect(next.scrypts).toBe(1 + 3);
    expect(next.markers).toEqual(expected);
    expect(next.saved).toBe(true);
    expect((await run(root, rotated)).scrypts).toBe(1);
  });

  it('a resource added: the cache is ignored without even its digest', async () => {
    await run(root, project());
    const more = project([
      'BenchSecret-9f8e7d6c5b4a-0',
      'BenchSecret-9f8e7d6c5b4a-1',
      'BenchSecret-9f8e7d6c5b4a-2',
      'x-y-z',
    ]);
    const next = await run(root, more);
    expect(next.scrypts).toBe(4);
    expect(next.markers).toEqual(coldMarkers(more));
  });

  it('an output edited in the file breaks the digest: ignored, every marker computed', async () => {
    const items = project();
    const expected = coldMarkers(items);
    await run(root, items);
    const file = JSON.parse(contentOf(root)) as { markers: Record<string, string> };
    const salt = inputsOf(items)[1].salt;
    expect(file.markers[salt]).toBe(expected[1]?.slice(3));
    file.markers[salt] = '0123456789abcdef0123456789abcdef';
    // Edited and left as it is: its seal refuses it before any digest.
    writeFileSync(fileOf(root), `${readFileSync(fileOf(root), 'utf8').split('\n', 1)[0]}\n${JSON.stringify(file)}`);
    const unsealed = await run(root, items);
    expect(unsealed.scrypts).toBe(3);
    expect(unsealed.markers).toEqual(expected);
    // Edited and sealed again (by someone with this user's key): the digest, which covers the outputs, refuses it.
    await run(root, items);
    resealed(root, file);
    const next = await run(root, items);
    expect(next.scrypts).toBe(1 + 3);
    expect(next.markers).toEqual(expected);
  });

  it('a file of another build is ignored (not even its digest computed)', async () => {
    const items = project();
    await run(root, items);
    const other = await run(root, items, { buildId: 'build-two' });
    expect(other.scrypts).toBe(3);
    expect(other.saved).toBe(true);
    const file = JSON.parse(contentOf(root)) as { buildId: string };
    expect(file.buildId).toBe('build-two');
  });

  it('ADF_DEPLOY_CACHE=off: neither read nor written', async () => {
    const items = project();
    const off = await run(root, items, { env: { ADF_DEPLOY_CACHE: 'off' } });
    expect(off.saved).toBe(false);
    expect(() => statSync(fileOf(root))).toThrow();
    await run(root, items);
    expect((await run(root, items, { env: { ADF_DEPLOY_CACHE: 'off' } })).scrypts).toBe(3);
    expect(openMarkerCache(root, { env: { ADF_DEPLOY_CACHE: 'off' }, buildId: BUILD })).toBeUndefined();
  });

  it('no cache without a build id (running from the sources) or with a fingerprint key', () => {
    expect(openMarkerCache(root, { env: {} })).toBeUndefined();
    expect(openMarkerCache(root, { env: {}, buildId: BUILD, key: 'a-key-from-the-vault' })).toBeUndefined();
  });

  it('the file holds no secret value, nor a sha256, sha1 or md5 hex of one', async () => {
    const items = project();
    await run(root, items);
    const text = readFileSync(fileOf(root), 'utf8');
    const content = contentOf(root);
    const inputs = inputsOf(items);
    const candidates = [
      ...items.map((item) => item.secrets[0].value),
      ...inputs.map((input) => input.value),
      ...inputs.map((input) => `${input.salt}\u0000${input.value}`),
    ];
    for (const secret of candidates) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('BenchSecret');
      for (const algorithm of ['sha256', 'sha1', 'md5']) {
        const hex = createHash(algorithm).update(secret).digest('hex');
        expect(text).not.toContain(hex);
        expect(text).not.toContain(hex.slice(0, 32));
      }
    }
    // What it does hold: its salt, one digest, and the markers a Reader of the factory sees.
    const file = JSON.parse(content) as Record<string, unknown>;
    expect(Object.keys(file).sort()).toEqual(['buildId', 'digest', 'markers', 'salt', 'version']);
    expect(String(file.digest)).toMatch(/^s1-[0-9a-f]{64}$/);
  });
});

import { createHmac, randomBytes, scrypt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureStateDir, readStateFile, writeStateFileAtomic } from './local-state.js';

/**
 * Caches a command may keep between runs, under `<project>/.adf-deploy/cache/` (issue 19): work whose result is
 * known when its inputs have not changed. A cache is never needed: a missing, unreadable, corrupt, foreign or
 * unsafe (symbolic link) file is a miss, a write that fails is skipped, and `ADF_DEPLOY_CACHE=off` turns every
 * cache off. Entries are valid only for the build that wrote them (dist/build-id.json, written by `npm run
 * build`): running from the sources (tsx) there is no build id and no cache, unless a caller passes one.
 *
 * What may be written: never a secret value, nor a fast hash of one (anyone who reads the file could test guesses
 * at it). Where a key must cover secret values, it goes through protectedDigest: an HMAC keyed by the
 * configured fingerprint key, or one scrypt salted per cache file, the cost of guessing a deployed `s1-` marker.
 */

export const CACHE_ENV = 'ADF_DEPLOY_CACHE';

/** The folder below the project's local state. */
const CACHE_DIR = 'cache';

/** Whether caches may be used at all (`ADF_DEPLOY_CACHE=off`, `0`, `false` or `no` turns them off). */
export function cacheEnabled(env: Record<string, string | undefined>): boolean {
  const value = env[CACHE_ENV]?.trim().toLowerCase();
  return !(value === 'off' || value === '0' || value === 'false' || value === 'no');
}

let cachedBuildId: string | null | undefined;

/** The running build's id (dist/build-id.json), or undefined when running from the sources. */
export function buildId(): string | undefined {
  if (cachedBuildId === undefined) {
    try {
      const text = fs.readFileSync(new URL('../build-id.json', import.meta.url), 'utf8');
      const id = (JSON.parse(text) as { id?: unknown }).id;
      cachedBuildId = typeof id === 'string' && id.length > 0 ? id : null;
    } catch {
      cachedBuildId = null;
    }
  }
  return cachedBuildId ?? undefined;
}

/** The parsed JSON of cache file `name` of the project, or undefined (missing, unreadable, unsafe, not JSON). */
export function readCache(projectRoot: string, name: string): unknown {
  try {
    const dir = path.join(projectRoot, '.adf-deploy', CACHE_DIR);
    const text = readStateFile(dir, name);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Write cache file `name` of the project whole (0600, atomic); false when it could not be written. */
export function writeCache(projectRoot: string, name: string, value: unknown): boolean {
  try {
    const dir = ensureStateDir(path.join(projectRoot, '.adf-deploy'), CACHE_DIR);
    const text = JSON.stringify(value);
    writeStateFileAtomic(dir, name, (fd) => fs.writeSync(fd, text));
    return true;
  } catch {
    return false;
  }
}

/** A random salt for a new cache file (hex). */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** scrypt cost of protectedDigest: that of the `s1-` markers (src/diff/fingerprint.ts KDF). */
const KDF = { N: 1 << 14, r: 8, p: 1 } as const;

/**
 * A digest of `material` (which may hold secret values) that can be kept in a cache file: `k1-` HMAC-SHA256 keyed
 * by `key` when one is configured (then a guess cannot be tested without it), else `s1-` scrypt salted by `salt`
 * (every guess costs one scrypt), computed on libuv's thread pool.
 */
export function protectedDigest(material: string, options: { key?: string; salt: string }): Promise<string> {
  if (options.key)
    return Promise.resolve(
      `k1-${createHmac('sha256', options.key).update(`${options.salt}\n${material}`).digest('hex')}`,
    );
  return new Promise((resolve, reject) =>
    scrypt(material, `adf-deploy/cache/${options.salt}`, 32, KDF, (err, out) =>
      err ? reject(err) : resolve(`s1-${out.toString('hex')}`),
    ),
  );
}

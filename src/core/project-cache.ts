import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureStateDir, openStateFile, readStateFile, writeStateFileAtomic } from './local-state.js';

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
 *
 * What may be read: only a file this machine's user wrote. The project folder may come from someone else (a pull
 * request can commit `.adf-deploy/cache/`), and a forged "no findings" must not pass validation: every cache file
 * is sealed with an HMAC under a key kept outside the project (integrityKey), and a file whose seal does not verify
 * is a miss.
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

/**
 * The parsed JSON of cache file `name` of the project, or undefined: missing, unreadable, unsafe, not JSON, or not
 * sealed by this user's integrity key (`env` locates it: XDG_CACHE_HOME).
 */
export function readCache(
  projectRoot: string,
  name: string,
  env: Record<string, string | undefined> = process.env,
): unknown {
  try {
    const key = integrityKey(env);
    if (!key) return undefined;
    const dir = path.join(projectRoot, '.adf-deploy', CACHE_DIR);
    const text = readStateFile(dir, name);
    if (text === undefined) return undefined;
    // The seal's line, then the content as written (no second escaping: a parse cache is megabytes).
    const newline = text.indexOf('\n');
    const content = text.slice(newline + 1);
    if (newline < 0 || !sealVerifies(key, content, text.slice(0, newline))) return undefined;
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether the project has a cache file `name` (read nothing, make no key: for a look before the project loads). */
export function hasCacheFile(projectRoot: string, name: string): boolean {
  return fs.existsSync(path.join(projectRoot, '.adf-deploy', CACHE_DIR, name));
}

/** Write cache file `name` of the project whole (0600, atomic, sealed); false when it could not be written. */
export function writeCache(
  projectRoot: string,
  name: string,
  value: unknown,
  env: Record<string, string | undefined> = process.env,
): boolean {
  try {
    const key = integrityKey(env);
    if (!key) return false;
    const dir = ensureStateDir(path.join(projectRoot, '.adf-deploy'), CACHE_DIR);
    const content = JSON.stringify(value);
    writeStateFileAtomic(dir, name, (fd) => {
      fs.writeSync(fd, `${seal(key, content)}\n`);
      fs.writeSync(fd, content);
    });
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

/** Where the integrity key lives: the user's cache folder, never the project. */
function keyDir(env: Record<string, string | undefined>): string {
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'adf-deploy');
}

const KEY_FILE = 'cache-key';

/**
 * This user's key for sealing cache files (32 random bytes, `<XDG_CACHE_HOME or ~/.cache>/adf-deploy/cache-key`,
 * 0600, created on first use), or undefined when it cannot be read or made (then no cache is used).
 */
export function integrityKey(env: Record<string, string | undefined>): Buffer | undefined {
  try {
    const dir = ensureStateDir(keyDir(env));
    for (let attempt = 0; attempt < 2; attempt++) {
      const text = readStateFile(dir, KEY_FILE);
      if (text !== undefined) return /^[0-9a-f]{64}$/.test(text.trim()) ? Buffer.from(text.trim(), 'hex') : undefined;
      try {
        const fd = openStateFile(dir, KEY_FILE, 'create');
        if (fd === undefined) continue;
        try {
          fs.writeSync(fd, randomBytes(32).toString('hex'));
        } finally {
          fs.closeSync(fd);
        }
      } catch (err) {
        // Another process made it first: read theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The seal of a cache file's content (hex HMAC-SHA256). */
export function seal(key: Buffer, content: string): string {
  return createHmac('sha256', key).update(content).digest('hex');
}

/** Whether `mac` is the seal of `content`. */
export function sealVerifies(key: Buffer, content: string, mac: unknown): boolean {
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(seal(key, content), 'hex'), Buffer.from(mac, 'hex'));
}

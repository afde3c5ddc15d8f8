import { isPlainObject } from '../core/json.js';
import {
  buildId as runningBuildId,
  cacheEnabled,
  newSalt,
  protectedDigest,
  readCache,
  writeCache,
} from '../core/project-cache.js';
import { canonicalJson } from '../diff/canonical.js';
import { knownSlowFingerprint, seedFingerprints, type SlowInput } from '../diff/fingerprint.js';

/**
 * The marker cache (issue 19): without a fingerprint key every resource with secrets carries an `s1-` marker, one
 * scrypt each (about 50 ms of a core), and a plan computes them all to compare. When the desired secrets have not
 * changed since the last run, `.adf-deploy/cache/markers.json` lets it do ONE protected digest instead.
 *
 * The file holds its random salt, the `s1-` outputs keyed by their public salt input (factory id, resource
 * address, property paths: what anyone reading the factory sees next to the deployed marker, which is the very
 * same output), and one digest D = protectedDigest(canonical JSON of every (salt, value, output), sorted). Never a
 * secret value nor a fast hash of one. D is checked against the current values and the stored outputs: equal, the
 * outputs are those of the current values (D covers the outputs, so an output edited by hand breaks it); anything
 * else (a secret rotated, a resource added or removed, another build, a file edited) and the file is ignored. A
 * guess at a secret tested against D costs one scrypt (and needs every other secret of the project), no cheaper
 * than against the deployed marker (docs/secrets.md).
 */

export const MARKER_CACHE_FILE = 'markers.json';

/** Format of the file; a file of another version is ignored. */
const VERSION = 1;

interface MarkerFile {
  version: typeof VERSION;
  buildId: string;
  /** The salt of `digest` (new at each write). */
  salt: string;
  /** protectedDigest over every (salt, value, output), sorted by salt. */
  digest: string;
  /** The 32 hex of each `s1-` marker, by its public salt input. */
  markers: Record<string, string>;
}

export interface MarkerCacheOptions {
  /** The command's environment (ADF_DEPLOY_CACHE). */
  env: Record<string, string | undefined>;
  /** The build whose file this is; default the running build's (none from the sources: no cache). */
  buildId?: string;
  /** The configured fingerprint key (then protectedDigest is an HMAC); the cache is only used without one. */
  key?: string;
}

/** One project's marker cache, for one command. */
export interface MarkerCache {
  /**
   * Seed computeFingerprint with the stored outputs when the file matches `inputs` (the slow inputs of every
   * resource with secrets) exactly; one digest. Remembers `inputs` for save(). Never rejects.
   */
  restore(inputs: SlowInput[]): Promise<void>;
  /**
   * After a command that computed every output: write the file, when it changed, with a new salt (one digest).
   * False when not written (nothing to write, unchanged, an output not computed, the write failed). Never rejects.
   */
  save(): Promise<boolean>;
}

/** The marker cache of the project at `root`, or undefined when caches are off, there is no build id, or a key. */
export function openMarkerCache(root: string, options: MarkerCacheOptions): MarkerCache | undefined {
  const build = options.buildId ?? runningBuildId();
  if (!build || !cacheEnabled(options.env) || options.key) return undefined;
  let inputs: SlowInput[] = [];
  let restored = false;
  return {
    async restore(current) {
      inputs = current;
      try {
        const stored = parseFile(readCache(root, MARKER_CACHE_FILE, options.env), build);
        if (!stored || !sameSalts(stored, current)) return;
        const entries = current.map((input) => ({ ...input, output: stored.markers[input.salt] }));
        const digest = await protectedDigest(material(entries), { salt: stored.salt, key: options.key });
        if (digest !== stored.digest) return;
        seedFingerprints(entries);
        restored = true;
      } catch {
        // A cache is never needed: any failure is a miss.
      }
    },
    async save() {
      if (restored || inputs.length === 0) return false;
      const entries: (SlowInput & { output: string })[] = [];
      for (const input of inputs) {
        const output = knownSlowFingerprint(input);
        if (output === undefined) return false;
        entries.push({ ...input, output });
      }
      try {
        const salt = newSalt();
        const digest = await protectedDigest(material(entries), { salt, key: options.key });
        const markers = Object.fromEntries(entries.map((e) => [e.salt, e.output]));
        const file: MarkerFile = { version: VERSION, buildId: build, salt, digest, markers };
        return writeCache(root, MARKER_CACHE_FILE, file, options.env);
      } catch {
        return false;
      }
    },
  };
}

/** What D covers: every (salt, value, output), sorted by salt (the order of the resources does not matter). */
function material(entries: (SlowInput & { output: string })[]): string {
  const sorted = [...entries].sort((a, b) => (a.salt < b.salt ? -1 : a.salt > b.salt ? 1 : 0));
  return canonicalJson(['adf-deploy/cache/markers/1', sorted.map((e) => [e.salt, e.value, e.output])]);
}

/** The stored file when it is one of ours, of this version and this build; else undefined. */
function parseFile(value: unknown, build: string): MarkerFile | undefined {
  if (!isPlainObject(value) || value.version !== VERSION || value.buildId !== build) return undefined;
  const { salt, digest, markers } = value;
  if (typeof salt !== 'string' || typeof digest !== 'string' || !isPlainObject(markers)) return undefined;
  for (const output of Object.values(markers)) if (typeof output !== 'string') return undefined;
  return { version: VERSION, buildId: build, salt, digest, markers: markers as Record<string, string> };
}

/** The file holds exactly the current salt inputs (else D cannot match: not worth its scrypt). */
function sameSalts(stored: MarkerFile, inputs: SlowInput[]): boolean {
  const salts = new Set(inputs.map((i) => i.salt));
  return (
    salts.size === inputs.length &&
    Object.keys(stored.markers).length === salts.size &&
    [...salts].every((s) => Object.hasOwn(stored.markers, s))
  );
}

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { isPlainObject } from '../core/json.js';
import {
  buildId,
  cacheEnabled,
  hasCacheFile,
  newSalt,
  protectedDigest,
  readCache,
  writeCache,
} from '../core/project-cache.js';
import type { LoadInputs } from '../manifest/load-inputs.js';
import { fingerprintKeyIn } from '../manifest/load.js';
import type { Project } from '../manifest/types.js';
import { validateProject } from '../validate/validate.js';
import { applyChecks, type CheckedDiagnostics } from '../validate/waivers.js';

/**
 * The findings of validateProject kept between runs (`.adf-deploy/cache/validation.json`, issue 19): a project
 * loaded from the same texts, with the same options and environment variables, by the same build and Node, is
 * the same project, so it has the same findings. A no-change re-plan then skips the schema, expression and
 * reference checks of every resource (0.75 s of CPU at 5,000 objects). The loader's own diagnostics, `checks:` and
 * inline waivers are applied afresh every time (they are not kept).
 *
 * An entry's key is public (hashes of texts that sit in the project anyway, the names of the variables read); the
 * variables' values may be secrets, so they are kept only as one protectedDigest (an HMAC under the fingerprint key,
 * or one scrypt salted per file). Findings that quote a secret value are never written.
 */

const FILE = 'validation.json';
const FORMAT = 2;
/** Entries kept: a few environments (`--env`) or branches side by side, newest first. */
const MAX_ENTRIES = 8;

interface Entry {
  key: string;
  /** protectedDigest of the variables read, or null when none was read. */
  environment: string | null;
  /** The names of the variables read (public: publicDigest covers them too), for the next run's early digest. */
  names: string[];
  findings: Diagnostic[];
}

interface CacheFile {
  format: number;
  build: string;
  salt: string;
  entries: Entry[];
}

export interface ValidationCache {
  /** What validateProject found for these same inputs last time, or undefined (then validate, and store). */
  findings?: Diagnostic[];
  /** Keep `findings` (validateProject's, for this project) for the next run; nothing when caching is off. */
  store(findings: Diagnostic[]): void;
}

const OFF: ValidationCache = { store: () => undefined };

/** What the cache needs of the command: its environment, the project's scrubber, the build (tests set one). */
interface CacheOptions {
  env: Record<string, string | undefined>;
  scrub?: (text: string) => string;
  cacheBuild?: string;
}

/**
 * The cache file, read before the project loads, with the digest of the variables its entries name already
 * started. Without a fingerprint key that digest is a scrypt (about 0.1 s on the thread pool); started only once
 * the project had loaded, it was on the way of every cached re-plan (issue 19). It is used when the load reads the
 * same variables with the same values (the same material), else computed then.
 */
export interface ValidationCacheStart {
  build: string;
  stored?: CacheFile;
  salt: string;
  /** Digests started, by material and key. */
  early: Map<string, Promise<string | undefined>>;
}

/**
 * Read the cache of the project in `dir` and, with `environ` (the variables the load will read from), start the
 * digests of the variables its entries name.
 */
export function startValidationCache(
  dir: string,
  options: CacheOptions,
  environ?: Record<string, string | undefined>,
): ValidationCacheStart | undefined {
  const root = path.resolve(dir);
  const build = options.cacheBuild ?? buildId();
  if (!build || !cacheEnabled(options.env)) return undefined;
  // No file (a first run, a folder that is no project): nothing to read, and the user's key is not made before a
  // project has loaded.
  const stored = hasCacheFile(root, FILE) ? readCacheFile(root, build, options.env) : undefined;
  const salt = stored?.salt ?? newSalt();
  const early = new Map<string, Promise<string | undefined>>();
  if (!environ) return { build, stored, salt, early };
  const key = fingerprintKeyIn(environ);
  for (const entry of stored?.entries ?? []) {
    const variables = entry.names.map((n): [string, string | null] => [n, valueIn(environ, n)]);
    if (holdsNoValue(variables)) continue;
    const material = environmentMaterial(variables);
    if (early.has(digestSlot(material, key))) continue;
    const digest = protectedDigest(material, { salt, key }).catch(() => undefined);
    early.set(digestSlot(material, key), digest);
  }
  return { build, stored, salt, early };
}

/**
 * Look up the findings of a project just loaded with `inputs.options`. `scrub` is the project's secret scrubber:
 * a finding it would change holds a secret and is never written. Never throws for a bad or missing cache file.
 * `start`: what startValidationCache read and began before the load (read now when not given).
 */
export async function openValidationCache(
  project: Project,
  inputs: LoadInputs,
  options: CacheOptions,
  start: ValidationCacheStart | undefined = startValidationCache(project.root, options),
): Promise<ValidationCache> {
  const scrub = options.scrub;
  if (!scrub || !start) return OFF;
  const { build, stored, salt } = start;
  const key = `${process.version}\n${inputs.publicDigest()}`;
  const variables = inputs.environment();
  const names = variables.map(([name]) => name);
  const material = environmentMaterial(variables);
  const slot = digestSlot(material, project.fingerprintKey);
  const environment =
    variables.length === 0
      ? null
      : holdsNoValue(variables)
        ? publicDigest(material)
        : ((await start.early.get(slot)) ?? (await protectedDigest(material, { salt, key: project.fingerprintKey })));
  const hit = stored?.entries.find((e) => e.key === key && e.environment === environment);
  return {
    ...(hit ? { findings: hit.findings } : {}),
    store(findings) {
      if (hit || quotesSecret(findings, scrub)) return;
      const others = (stored?.entries ?? []).filter((e) => e.key !== key);
      const entries = [{ key, environment, names, findings }, ...others].slice(0, MAX_ENTRIES);
      writeCache(project.root, FILE, { format: FORMAT, build, salt, entries } satisfies CacheFile, options.env);
    },
  };
}

/**
 * True when every variable read was unset (every load reads ADF_DEPLOY_FINGERPRINT_KEY, most read nothing else):
 * then the material holds no value, nothing secret, and its digest is a plain SHA-256, not a scrypt (which cost
 * every command of a small project about 0.1 s, more than validating it).
 */
function holdsNoValue(variables: [string, string | null][]): boolean {
  return variables.every(([, value]) => value === null);
}

/** The digest of a material without values: `p1-` SHA-256. */
function publicDigest(material: string): string {
  return `p1-${createHash('sha256').update(material).digest('hex')}`;
}

/** What the variables' digest covers: the names read and their values (null when unset), sorted by name. */
function environmentMaterial(variables: [string, string | null][]): string {
  return JSON.stringify(variables);
}

/** A started digest's slot: its material under its key (none: scrypt). */
function digestSlot(material: string, key: string | undefined): string {
  return `${key === undefined ? 's' : `k${key.length}:${key}`}\n${material}`;
}

/** A variable's value as load-inputs.ts records it. */
function valueIn(env: Record<string, string | undefined>, name: string): string | null {
  return Object.prototype.hasOwnProperty.call(env, name) ? (env[name] ?? null) : null;
}

/** The cache file if it is ours: this format, this build, well formed. */
function readCacheFile(root: string, build: string, env: Record<string, string | undefined>): CacheFile | undefined {
  const value = readCache(root, FILE, env);
  if (!isPlainObject(value) || value.format !== FORMAT || value.build !== build) return undefined;
  if (typeof value.salt !== 'string' || !/^[0-9a-f]{32}$/.test(value.salt) || !Array.isArray(value.entries))
    return undefined;
  const entries = value.entries.filter(isEntry);
  return entries.length === value.entries.length ? { format: FORMAT, build, salt: value.salt, entries } : undefined;
}

function isEntry(value: unknown): value is Entry {
  return (
    isPlainObject(value) &&
    typeof value.key === 'string' &&
    (value.environment === null || typeof value.environment === 'string') &&
    Array.isArray(value.names) &&
    value.names.every((n) => typeof n === 'string') &&
    Array.isArray(value.findings) &&
    value.findings.every(isFinding)
  );
}

function isFinding(value: unknown): value is Diagnostic {
  return (
    isPlainObject(value) &&
    (value.severity === 'error' || value.severity === 'warning') &&
    typeof value.code === 'string' &&
    typeof value.message === 'string'
  );
}

/** Whether any text in the findings holds one of the project's secrets (the scrubber would change it). */
function quotesSecret(value: unknown, scrub: (text: string) => string): boolean {
  if (typeof value === 'string') return scrub(value) !== value;
  if (Array.isArray(value)) return value.some((v) => quotesSecret(v, scrub));
  if (isPlainObject(value)) return Object.values(value).some((v) => quotesSecret(v, scrub));
  return false;
}

/**
 * checkProject through the cache: the findings kept for these inputs, or `validate`'s (then kept), after the
 * loader's diagnostics and the project's `checks:` and inline waivers.
 */
export async function checkCached(
  project: Project,
  loaded: Diagnostic[],
  cache: ValidationCache,
  validate: () => Diagnostic[] | Promise<Diagnostic[]>,
): Promise<CheckedDiagnostics> {
  let findings = cache.findings;
  if (!findings) {
    findings = await validate();
    cache.store(findings);
  }
  return applyChecks(project, [...loaded, ...findings]);
}

/**
 * checkProject for a project just loaded with `inputs.options`, through its validation cache: what validate and
 * the commands that validate all at once use (plan and apply validate in turns, src/cli/validation-overlap.ts).
 */
export async function checkLoaded(
  project: Project | undefined,
  loaded: Diagnostic[],
  inputs: LoadInputs,
  options: CacheOptions,
  start?: ValidationCacheStart,
): Promise<CheckedDiagnostics> {
  if (!project) return { diagnostics: loaded, waived: [] };
  const cache = await openValidationCache(project, inputs, options, start);
  return checkCached(project, loaded, cache, () => validateProject(project));
}

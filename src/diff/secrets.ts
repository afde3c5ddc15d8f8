import type { Kind } from '../model/kinds.js';
import { SECRET_PLACEHOLDER } from './types.js';
import { canonicalJson, isPlainObject } from './canonical.js';
import { findStringSecrets, isSensitiveHeader, parseSegments } from './secret-shapes.js';

export {
  computeFingerprint,
  fingerprintMatches,
  warmFingerprints,
  type FingerprintContext,
} from './fingerprint.js';

/**
 * Secret material in a resource's `properties`, and the fingerprint that lets a plan notice a changed secret
 * the service will never show again (design and trade-offs: docs/secrets.md).
 */

/** What GET returns for a SecureString value: exactly ten asterisks (adf-rest-facts §5). */
export const SECURE_STRING_MASK = '**********';

/** Prefix of the marker that carries a resource's fingerprint on the deployed resource. */
export const FINGERPRINT_MARKER = 'adf-deploy:secrets=';

export interface SecretValue {
  /** Path inside `properties` of the value that holds the secret. */
  path: (string | number)[];
  /** The secret material at that path (what the fingerprint covers). */
  value: string;
  /** The raw secret substrings, to scrub from any text (service errors, diagnostics). */
  parts: string[];
  /** The environment variable the value came from, for `(from env NAME)`. */
  env?: string;
}

/** Secrets known from outside the document: secret environment values read by the manifests, by variable name. */
export interface SecretOptions {
  env?: Map<string, string>;
}

/** The environment variable whose secret value `text` contains, if any (`env`: the non-empty values, in order). */
function envSourceOf(text: string, env: [string, string][]): string | undefined {
  for (const [name, value] of env) if (text.includes(value)) return name;
  return undefined;
}

/** The secret env values a walk looks for, in the Map's order, without the empty ones (they match nothing). */
function envValuesOf(options: SecretOptions): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of options.env ?? []) if (entry[1].length > 0) out.push(entry);
  return out;
}

/** `(from env NAME)`: how a value read from a secret environment variable is shown. */
export function fromEnv(name: string): string {
  return `(from env ${name})`;
}

type Rewrite = (secret: SecretValue, node: unknown, shape: 'secure' | 'string' | 'env') => unknown;

function materialOf(value: unknown): string {
  return typeof value === 'string' ? value : canonicalJson(value);
}

/**
 * The keys of an object whose values are secrets, by the shapes of src/diff/secret-shapes.ts (a SecureString's value
 * or default; in headers, a credential header's value); undefined for none (most objects). One pass over the keys:
 * the names looked up (type, value, defaultValue, name) are ASCII, so only a key of the same length can match one
 * ignoring case, and the first key that matches is the one keyOf finds.
 */
function secretKeysOf(node: Record<string, unknown>, inHeaders: boolean): Set<string> | undefined {
  let typeKey: string | undefined;
  let valueKey: string | undefined;
  let defaultKey: string | undefined;
  let nameKey: string | undefined;
  for (const k of Object.keys(node)) {
    if (k.length !== 4 && k.length !== 5 && k.length !== 12) continue;
    const lower = k.toLowerCase();
    if (lower === 'type') typeKey ??= k;
    else if (lower === 'value') valueKey ??= k;
    else if (lower === 'defaultvalue') defaultKey ??= k;
    else if (lower === 'name') nameKey ??= k;
  }
  let keys: Set<string> | undefined;
  const type = typeKey === undefined ? undefined : node[typeKey];
  const secureKey =
    typeof type === 'string' && type.toLowerCase() === 'securestring' ? (valueKey ?? defaultKey) : undefined;
  if (secureKey) keys = new Set([secureKey]);
  if (inHeaders) {
    // A header list item {name: 'Authorization', value: ...}, or a mapping {Authorization: ...}.
    const name = nameKey === undefined ? undefined : node[nameKey];
    if (typeof name === 'string') {
      if (valueKey && isSensitiveHeader(name)) (keys ??= new Set()).add(valueKey);
    } else for (const k of Object.keys(node)) if (isSensitiveHeader(k)) (keys ??= new Set()).add(k);
  }
  return keys;
}

/**
 * How mapSecrets treats the document: `copy` returns a new document with the rewritten values; `walk` only calls
 * `fn` (finding secrets needs no copy, issue 19); `in-place` writes the rewritten values into the document itself
 * (for a private copy, as the normaliser holds); `copy-on-write` copies only the objects and lists on the way to
 * a rewritten value and shares the rest with the document (for a comparison that keeps nothing, issue 19).
 */
type MapMode = 'copy' | 'walk' | 'in-place' | 'copy-on-write';

/** What a walk carries down: the rewrite, how to write, the env values, the path (pushed and popped). */
interface Walk {
  fn: Rewrite;
  options: SecretOptions;
  env: [string, string][];
  mode: MapMode;
  path: (string | number)[];
}

/**
 * Walk a document by the shapes of src/diff/secret-shapes.ts, rewriting every secret with `fn`. The path is one
 * array pushed and popped along the walk, copied only where a secret is met (a copy per key was most of the walk's
 * garbage, issue 19).
 */
function mapSecrets(node: unknown, fn: Rewrite, options: SecretOptions, mode: MapMode = 'copy'): unknown {
  return walkNode(node, { fn, options, env: envValuesOf(options), mode, path: [] }, false);
}

function walkNode(node: unknown, walk: Walk, inHeaders: boolean): unknown {
  const { path, mode } = walk;
  // A body's `properties` known to hold no shape is left as it is by the walks that only find or mask (the desired
  // side of every comparison, issue 19). Looked up near the root only: a lookup per node would cost the walks that
  // find nothing known.
  if (path.length <= 1 && !inHeaders && (mode === 'walk' || mode === 'copy-on-write') && knownShapeFree(node, walk))
    return node;
  if (Array.isArray(node)) {
    let out: unknown[] | undefined = mode === 'copy' ? new Array(node.length) : undefined;
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      const mapped = walkNode(node[i], walk, inHeaders);
      path.pop();
      if (mode === 'copy') (out as unknown[])[i] = mapped;
      else if (mapped !== node[i] && mode !== 'walk') {
        if (mode === 'in-place') node[i] = mapped;
        else (out ??= node.slice())[i] = mapped;
      }
    }
    return out ?? node;
  }
  if (isPlainObject(node)) {
    let out: Record<string, unknown> | undefined = mode === 'copy' ? {} : undefined;
    const secretKeys = secretKeysOf(node, inHeaders);
    for (const k of Object.keys(node)) {
      const v = node[k];
      path.push(k);
      let mapped: unknown;
      if (secretKeys?.has(k)) {
        const value = materialOf(v);
        const env = envSourceOf(value, walk.env);
        const secret = { path: [...path], value, parts: value.length > 0 ? [value] : [], ...(env ? { env } : {}) };
        mapped = walk.fn(secret, v, 'secure');
      } else mapped = walkNode(v, walk, k.length === 7 && k.toLowerCase() === 'headers');
      path.pop();
      if (mode === 'copy') (out as Record<string, unknown>)[k] = mapped;
      else if (mapped !== v && mode !== 'walk') {
        if (mode === 'in-place') node[k] = mapped;
        else (out ??= { ...node })[k] = mapped;
      }
    }
    return out ?? node;
  }
  if (typeof node === 'string') {
    const env = envSourceOf(node, walk.env);
    if (env) {
      const parts = [walk.options.env?.get(env) ?? node];
      return walk.fn({ path: [...path], value: node, parts, env }, node, 'env');
    }
    const found = findStringSecrets(node);
    if (found) return walk.fn({ path: [...path], value: found.material, parts: found.parts }, node, 'string');
  }
  return node;
}

/**
 * The secrets found in a manifest's properties, by object: validation, the output scrubber, the fingerprint
 * warm-up and the plan each ask for the same 5,000 bodies (issue 19). Manifest documents are never written to once
 * loaded (src/plan/desired.ts shares them with the PUT bodies on that promise), so a body's secrets do not change.
 * `shapeFree`: the walk met no secret shape at all, not even a value that is already the mask (masking it leaves it
 * as it is); the loader also notes it for documents whose text cannot hold a shape (noteShapeFree).
 */
interface Found {
  env: SecretOptions['env'];
  secrets: SecretValue[];
  shapeFree: boolean;
}
const foundBefore = new WeakMap<object, Found>();

/** A walk with these env values may skip `node`: it was found shape-free with the same env values, or it has none. */
function knownShapeFree(node: unknown, walk: Walk): boolean {
  if (node === null || typeof node !== 'object') return false;
  const known = foundBefore.get(node);
  return known !== undefined && known.shapeFree && (walk.env.length === 0 || known.env === walk.options.env);
}

function foundIn(properties: unknown, options: SecretOptions): Found {
  const cacheable = properties !== null && typeof properties === 'object';
  const before = cacheable ? foundBefore.get(properties) : undefined;
  if (before && before.env === options.env) return before;
  const found = { env: options.env, ...searchSecrets(properties, options) };
  if (cacheable && !before) foundBefore.set(properties, found);
  return found;
}

/** Every secret value in `properties`, sorted by path. */
export function findSecrets(properties: unknown, options: SecretOptions = {}): SecretValue[] {
  // Each caller gets its own values: nothing it does to them reaches another caller.
  return foundIn(properties, options).secrets.map((s) => ({ ...s, path: [...s.path], parts: [...s.parts] }));
}

/** True when `properties` holds no secret shape at all: masking it, with these options, leaves it as it is. */
export function holdsNoSecretShape(properties: unknown, options: SecretOptions = {}): boolean {
  return foundIn(properties, options).shapeFree;
}

/**
 * Note a loaded document as holding no secret shape, with the project's secret env values `env` (final once the
 * project is loaded): the loader knows it from the text (src/diff/secret-shapes.ts textMayHoldSecretShapes), and
 * the scrubber and the comparison then skip their walks over it.
 */
export function noteShapeFree(properties: object, env: SecretOptions['env']): void {
  if (!foundBefore.has(properties)) foundBefore.set(properties, { env, secrets: [], shapeFree: true });
}

function searchSecrets(properties: unknown, options: SecretOptions): { secrets: SecretValue[]; shapeFree: boolean } {
  const found: SecretValue[] = [];
  let shapeFree = true;
  mapSecrets(
    properties,
    (secret, node) => {
      shapeFree = false;
      // A value that is already the mask is not a secret we know (e.g. a body copied from a GET).
      if (secret.value !== SECURE_STRING_MASK) found.push(secret);
      return node;
    },
    options,
    'walk',
  );
  return { secrets: found.sort((a, b) => (a.path.join('\u0000') < b.path.join('\u0000') ? -1 : 1)), shapeFree };
}

/** Every raw secret substring of `properties` (for scrubbing texts). */
export function secretParts(properties: unknown, options: SecretOptions = {}): string[] {
  return findSecrets(properties, options).flatMap((s) => s.parts);
}

/** Secrets replaced by SECRET_PLACEHOLDER or `(from env NAME)` (plan files and renderings). */
export function redactSecrets<T>(properties: T, options: SecretOptions = {}): T {
  return mapSecrets(
    properties,
    (secret, node, shape) =>
      secret.env && shape !== 'string'
        ? fromEnv(secret.env)
        : shape === 'string'
          ? (findStringSecrets(node as string)?.redact(SECRET_PLACEHOLDER) ?? SECRET_PLACEHOLDER)
          : SECRET_PLACEHOLDER,
    options,
  ) as T;
}

/**
 * Secrets as compared: SecureStrings (and the other whole-value shapes) masked, as the service shows them on GET;
 * sensitive segments of plain strings removed (the service strips AccountKey; the others it may return as
 * written, so both sides drop them); env values replaced by `(from env NAME)`. The fingerprint alone tells a
 * change. `envPaths` are the secrets of the desired document: the live side is masked at their env paths too.
 */
export function maskSecrets<T>(properties: T, options: SecretOptions = {}, envPaths: SecretValue[] = []): T {
  return maskWith(properties, options, envPaths, 'copy');
}

/** maskSecrets written into `properties` itself: for a document the caller owns (a private copy). */
export function maskSecretsInPlace<T>(properties: T, options: SecretOptions = {}, envPaths: SecretValue[] = []): T {
  return maskWith(properties, options, envPaths, 'in-place');
}

/**
 * maskSecrets sharing what it does not rewrite with `properties` (which stays as it was). Without env paths only:
 * writing at those paths would need copies along each one (callers with env paths use maskSecretsInPlace on a copy).
 */
export function maskSecretsSharing<T>(properties: T, options: SecretOptions = {}): T {
  return maskWith(properties, options, [], 'copy-on-write');
}

const maskSecret: Rewrite = (secret, node, shape) =>
  shape === 'env' && secret.env
    ? fromEnv(secret.env)
    : shape === 'string'
      ? (findStringSecrets(node as string)?.mask() ?? node)
      : SECURE_STRING_MASK;

function maskWith<T>(properties: T, options: SecretOptions, envPaths: SecretValue[], mode: MapMode): T {
  const masked = mapSecrets(properties, maskSecret, options, mode);
  for (const s of envPaths) if (s.env) setAt(masked, s.path, fromEnv(s.env));
  return masked as T;
}

function setAt(doc: unknown, path: (string | number)[], value: unknown): void {
  let node = doc;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, last))
    (node as Record<string | number, unknown>)[last] = value;
}

/** True for a string that carries a secret by the string shapes. */
export function hasSensitiveSegment(text: string): boolean {
  return findStringSecrets(text) !== undefined;
}

/** The connection string without its AccountKey and without empty segments (so 'a=1;' equals 'a=1'). */
export function stripAccountKey(text: string): string {
  return parseSegments(text)
    .filter((s) => s.key.toLowerCase() !== 'accountkey')
    .map((s) => s.raw)
    .join(';');
}

/** The string without its sensitive segments and without empty segments. */
export function stripSensitiveSegments(text: string): string {
  return findStringSecrets(text)?.mask() ?? text;
}

/**
 * Integration runtimes have no `annotations` (ARM schema: IntegrationRuntime has only type, description,
 * typeProperties); they carry the marker at the end of `description` instead. Every other kind that can hold
 * a secret (linked services, credentials; datasets, pipelines, triggers and data flows too) has `annotations`.
 */
export function markerHome(kind: Kind): 'annotations' | 'description' {
  return kind === 'IntegrationRuntime' ? 'description' : 'annotations';
}

const DESCRIPTION_MARKER = / ?\[adf-deploy:secrets=([0-9a-z-]+)\]$/;

/** Record the fingerprint on a resource's properties (a new object). */
export function attachFingerprint(
  kind: Kind,
  properties: Record<string, unknown>,
  fingerprint: string,
): Record<string, unknown> {
  if (markerHome(kind) === 'description') {
    const description = typeof properties.description === 'string' ? `${properties.description} ` : '';
    return { ...properties, description: `${description}[${FINGERPRINT_MARKER}${fingerprint}]` };
  }
  const annotations = Array.isArray(properties.annotations) ? properties.annotations : [];
  return { ...properties, annotations: [...annotations, `${FINGERPRINT_MARKER}${fingerprint}`] };
}

/** Remove the fingerprint marker from properties; returns the properties without it and the fingerprint found. */
export function extractFingerprint(properties: Record<string, unknown>): {
  properties: Record<string, unknown>;
  fingerprint?: string;
} {
  let fingerprint: string | undefined;
  const out = { ...properties };
  if (Array.isArray(out.annotations)) {
    const kept = out.annotations.filter((a) => {
      if (typeof a === 'string' && a.startsWith(FINGERPRINT_MARKER)) {
        fingerprint = a.slice(FINGERPRINT_MARKER.length);
        return false;
      }
      return true;
    });
    out.annotations = kept;
    // The marker was the only annotation: the list was ours (attachFingerprint made it), so it goes with it.
    if (fingerprint !== undefined && kept.length === 0) delete out.annotations;
  }
  if (typeof out.description === 'string') {
    const m = DESCRIPTION_MARKER.exec(out.description);
    if (m) {
      fingerprint = m[1];
      const rest = out.description.slice(0, m.index);
      if (rest.length > 0) out.description = rest;
      else delete out.description;
    }
  }
  return { properties: out, fingerprint };
}

import { createHash, createHmac, scrypt, scryptSync } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import type { SecretValue } from './secrets.js';

/**
 * The fingerprint of a resource's secrets, recorded on the deployed resource as a marker so that a plan can
 * notice a changed secret the service never shows again. Anyone with Reader on the factory can read the marker,
 * so it must not let them test guesses cheaply (docs/secrets.md has the figures):
 * - with a configured key (ADF_DEPLOY_FINGERPRINT_KEY, e.g. from the pipeline's Key Vault): `k1-` + HMAC-SHA256
 *   keyed by it over the factory, the resource and the secrets. Without the key a guess cannot be tested at all.
 * - otherwise: `s1-` + scrypt over the resource's secrets, salted by the factory id, the resource and the
 *   property paths: every guess costs one scrypt, and equal secrets in two places give unrelated values.
 * Markers written by earlier versions (32 hex, HMAC keyed by the public factory id) still compare, so an upgrade
 * plans no false difference; they are replaced the next time the resource's secrets change.
 */

/** scrypt cost: N = 2^14, r = 8 (16 MiB, the Node default maximum memory is 32 MiB). */
export const KDF = { N: 1 << 14, r: 8, p: 1, keyLength: 16 } as const;

export interface FingerprintContext {
  /** ARM resource id of the factory. */
  factoryId: string;
  /** The resource's address ('LinkedService/LS1'), part of the salt. */
  resource: string;
  /** A secret key from a configured source; when absent the slow salted KDF is used. */
  key?: string;
}

const cache = new Map<string, string>();

function cacheKey(value: string, salt: string): string {
  return createHash('sha256').update(`${salt}\u0000${value}`).digest('hex');
}

function slowHash(value: string, salt: string): string {
  const id = cacheKey(value, salt);
  let out = cache.get(id);
  if (!out) {
    out = scryptSync(value, salt, KDF.keyLength, { N: KDF.N, r: KDF.r, p: KDF.p }).toString('hex');
    cache.set(id, out);
  }
  return out;
}

function material(secrets: SecretValue[]): [string, string][] {
  return secrets.map((s) => [s.path.join('/'), s.value]);
}

function whereOf(ctx: FingerprintContext): string {
  return `${ctx.factoryId.toLowerCase()}\n${ctx.resource.toLowerCase()}`;
}

/** What the slow KDF of one resource covers: `value` is secret; `salt` (factory, resource, paths) is not. */
export interface SlowInput {
  value: string;
  salt: string;
}

/** What the slow KDF covers: the values, salted by the factory, the resource and the property paths. */
export function slowInput(secrets: SecretValue[], ctx: FingerprintContext): SlowInput {
  const pairs = material(secrets);
  const salt = canonicalJson(['adf-deploy/secrets/s1', whereOf(ctx), pairs.map(([p]) => p)]);
  return { value: canonicalJson(pairs.map(([, v]) => v)), salt };
}

/** The fingerprint of `secrets` in the current format; undefined when there is no secret. */
export function computeFingerprint(secrets: SecretValue[], ctx: FingerprintContext): string | undefined {
  if (secrets.length === 0) return undefined;
  if (ctx.key) {
    const mac = createHmac('sha256', ctx.key).update(canonicalJson([whereOf(ctx), material(secrets)]));
    return `k1-${mac.digest('hex').slice(0, 32)}`;
  }
  // One scrypt per resource (a guess costs one whatever the number of secrets), salted by the factory, the
  // resource and the property paths: equal secrets in two places give unrelated fingerprints.
  const { value, salt } = slowInput(secrets, ctx);
  return `s1-${slowHash(value, salt).slice(0, 32)}`;
}

/**
 * Compute the slow (`s1-`) fingerprints of several resources ahead of computeFingerprint, on libuv's thread pool
 * instead of the event loop, at most `concurrency` at once (each holds 16 MiB), into the cache computeFingerprint
 * reads. A plan starts this while it waits for the factory's list pages: the scrypts then cost no wall time of
 * their own. Only a cache: a resource it misses is computed when needed. Stops starting new ones once `signal`
 * fires; never rejects.
 */
export async function warmFingerprints(
  items: Iterable<{ secrets: SecretValue[]; context: FingerprintContext }>,
  options: { concurrency?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const queue: { value: string; salt: string }[] = [];
  for (const { secrets, context } of items)
    if (secrets.length > 0 && !context.key) queue.push(slowInput(secrets, context));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length && !options.signal?.aborted) {
      const { value, salt } = queue[next++];
      const id = cacheKey(value, salt);
      if (cache.has(id)) continue;
      const out = await new Promise<Buffer | undefined>((resolve) =>
        scrypt(value, salt, KDF.keyLength, { N: KDF.N, r: KDF.r, p: KDF.p }, (err, key) =>
          resolve(err ? undefined : key),
        ),
      );
      if (out) cache.set(id, out.toString('hex'));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
}

/** The slow fingerprint of `input` (its 32 hex) when this process has it (computed, warmed or seeded). */
export function knownSlowFingerprint(input: SlowInput): string | undefined {
  return cache.get(cacheKey(input.value, input.salt));
}

/**
 * Give computeFingerprint slow fingerprints known to be right without their scrypt (the marker cache of
 * src/cli/marker-cache.ts, once its digest over the values and these outputs has matched). `output` is the 32 hex
 * of the scrypt; anything else is ignored.
 */
export function seedFingerprints(entries: Iterable<SlowInput & { output: string }>): void {
  for (const { value, salt, output } of entries)
    if (/^[0-9a-f]{32}$/.test(output)) cache.set(cacheKey(value, salt), output);
}

/** Forget every fingerprint this process computed (tests: a second command in the same process starts cold). */
export function forgetFingerprints(): void {
  cache.clear();
}

/** The format of adf-deploy 0.1 markers: HMAC keyed by the public factory id (kept only to compare). */
function legacyFingerprint(secrets: SecretValue[], factoryId: string): string {
  const key = createHash('sha256').update(`adf-deploy/secrets/v1\n${factoryId.toLowerCase()}`).digest();
  return createHmac('sha256', key)
    .update(canonicalJson(material(secrets)))
    .digest('hex')
    .slice(0, 32);
}

/**
 * True when the marker found on the deployed resource is the fingerprint of `secrets`, in whichever format it was
 * written: a marker of another format than the current one is checked in its own format (a `k1-` marker only
 * when the key is configured).
 */
export function fingerprintMatches(
  secrets: SecretValue[],
  marker: string | undefined,
  ctx: FingerprintContext,
): boolean {
  if (secrets.length === 0 || marker === undefined) return secrets.length === 0 && marker === undefined;
  if (marker.startsWith('k1-')) return ctx.key !== undefined && computeFingerprint(secrets, ctx) === marker;
  if (marker.startsWith('s1-')) return computeFingerprint(secrets, { ...ctx, key: undefined }) === marker;
  return /^[0-9a-f]{32}$/.test(marker) && legacyFingerprint(secrets, ctx.factoryId) === marker;
}

import { createHash, createHmac } from 'node:crypto';
import type { Kind } from '../model/kinds.js';
import { SECRET_PLACEHOLDER } from '../plan/types.js';
import { canonicalJson, isPlainObject } from './canonical.js';

/**
 * Secret material in a resource's `properties`, and the fingerprint that lets a plan notice a changed secret
 * the service will never show again (design and trade-offs: docs/secrets.md).
 */

/** What GET returns for a SecureString value: exactly ten asterisks (adf-rest-facts §5). */
export const SECURE_STRING_MASK = '**********';

/** Prefix of the marker that carries a resource's fingerprint on the deployed resource. */
export const FINGERPRINT_MARKER = 'adf-deploy:secrets=';

export interface SecretValue {
  /** Path inside `properties` of the string that holds the secret (the SecureString's `value`, or the connection string). */
  path: (string | number)[];
  value: string;
}

const ACCOUNT_KEY = /^\s*AccountKey\s*=/i;

/**
 * Segments of a plain string (a connection string) that hold secret material. AccountKey is what the service
 * strips on GET (adf-rest-facts §5); the others are credentials a user may write into a plain connection string
 * instead of a SecureString. The service stores those as written, but no output of ours may show them: they are
 * fingerprinted, redacted in plan files and renderings, and left out of the comparison on both sides.
 */
const SENSITIVE_SEGMENT = /^\s*(AccountKey|Password|Pwd|SharedAccessKey|SharedAccessSignature)\s*=/i;

function isSecureString(node: Record<string, unknown>): boolean {
  return typeof node.type === 'string' && node.type.toLowerCase() === 'securestring' && typeof node.value === 'string';
}

/** Split a connection string into its `key=value` segments, without empty ones. */
function segments(text: string): string[] {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** True for a string that carries a sensitive segment (AccountKey, Password, ...). */
export function hasSensitiveSegment(text: string): boolean {
  return text.includes('=') && segments(text).some((s) => SENSITIVE_SEGMENT.test(s));
}

/** The connection string without its AccountKey and without empty segments (so 'a=1;' equals 'a=1'). */
export function stripAccountKey(text: string): string {
  return segments(text)
    .filter((s) => !ACCOUNT_KEY.test(s))
    .join(';');
}

/** The string without its sensitive segments and without empty segments. */
export function stripSensitiveSegments(text: string): string {
  return segments(text)
    .filter((s) => !SENSITIVE_SEGMENT.test(s))
    .join(';');
}

/** Walk a document, rewriting every secret with `fn` (returns a new document). */
function mapSecrets(
  node: unknown,
  fn: (secret: SecretValue, kind: 'secure' | 'segment') => string,
  path: (string | number)[] = [],
): unknown {
  if (Array.isArray(node)) return node.map((item, i) => mapSecrets(item, fn, [...path, i]));
  if (isPlainObject(node)) {
    if (isSecureString(node)) {
      return { ...node, value: fn({ path: [...path, 'value'], value: node.value as string }, 'secure') };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = mapSecrets(v, fn, [...path, k]);
    return out;
  }
  if (typeof node === 'string' && hasSensitiveSegment(node)) return fn({ path, value: node }, 'segment');
  return node;
}

/** Every secret value in `properties`, sorted by path. Connection-string secrets hold only their sensitive segments. */
export function findSecrets(properties: unknown): SecretValue[] {
  const found: SecretValue[] = [];
  mapSecrets(properties, (secret, kind) => {
    const value =
      kind === 'secure'
        ? secret.value
        : segments(secret.value)
            .filter((s) => SENSITIVE_SEGMENT.test(s))
            .join(';');
    // A value that is already the mask is not a secret we know (e.g. a body copied from a GET).
    if (value !== SECURE_STRING_MASK) found.push({ path: secret.path, value });
    return secret.value;
  });
  return found.sort((a, b) => (a.path.join('\u0000') < b.path.join('\u0000') ? -1 : 1));
}

/**
 * HMAC-SHA256 over the canonical JSON of the secret values, keyed by the factory's resource id (lower-cased,
 * as ARM compares ids), truncated to 16 bytes: equal secrets in two factories give different fingerprints.
 * Undefined when there is no secret.
 */
export function computeFingerprint(secrets: SecretValue[], factoryId: string): string | undefined {
  if (secrets.length === 0) return undefined;
  const key = createHash('sha256').update(`adf-deploy/secrets/v1\n${factoryId.toLowerCase()}`).digest();
  const material = canonicalJson(secrets.map((s) => [s.path.join('/'), s.value]));
  return createHmac('sha256', key).update(material).digest('hex').slice(0, 32);
}

/** Secrets replaced by SECRET_PLACEHOLDER (plan files and renderings); a sensitive segment keeps its name. */
export function redactSecrets<T>(properties: T): T {
  return mapSecrets(properties, (secret, kind) =>
    kind === 'secure'
      ? SECRET_PLACEHOLDER
      : segments(secret.value)
          .map((s) => (SENSITIVE_SEGMENT.test(s) ? `${s.slice(0, s.indexOf('=')).trim()}=${SECRET_PLACEHOLDER}` : s))
          .join(';'),
  ) as T;
}

/**
 * Secrets as compared: SecureStrings masked (as the service shows them on GET), sensitive segments of plain
 * strings removed (the service strips AccountKey; the others it may return as written, so both sides drop them
 * and the fingerprint alone tells a change).
 */
export function maskSecrets<T>(properties: T): T {
  return mapSecrets(properties, (secret, kind) =>
    kind === 'secure' ? SECURE_STRING_MASK : stripSensitiveSegments(secret.value),
  ) as T;
}

/**
 * Integration runtimes have no `annotations` (ARM schema: IntegrationRuntime has only type, description,
 * typeProperties); they carry the marker at the end of `description` instead. Every other kind that can hold
 * a secret (linked services, credentials; datasets, pipelines, triggers and data flows too) has `annotations`.
 */
export function markerHome(kind: Kind): 'annotations' | 'description' {
  return kind === 'IntegrationRuntime' ? 'description' : 'annotations';
}

const DESCRIPTION_MARKER = / ?\[adf-deploy:secrets=([0-9a-f]+)\]$/;

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
    out.annotations = out.annotations.filter((a) => {
      if (typeof a === 'string' && a.startsWith(FINGERPRINT_MARKER)) {
        fingerprint = a.slice(FINGERPRINT_MARKER.length);
        return false;
      }
      return true;
    });
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

import { isPlainObject } from './canonical.js';
import {
  computeFingerprint,
  findSecrets,
  fingerprintMatches,
  maskSecrets,
  type FingerprintContext,
  type SecretOptions,
  type SecretValue,
} from './secrets.js';

/**
 * Secrets in the factory's own body (a global parameter or factory property read from a secret env variable, or
 * of a secret shape), treated as in a child resource: masked on both sides of the comparison, shown as
 * `(from env NAME)`, and compared by a fingerprint. The factory has no `annotations`: the fingerprint is a tag,
 * written by the same factory PUT as the secret (docs/secrets.md).
 */
export const FACTORY_FINGERPRINT_TAG = 'adf-deploy-secrets';

/** True for the fingerprint tag (tag names are case-insensitive in Azure). */
export function isFingerprintTag(name: string): boolean {
  return name.toLowerCase() === FACTORY_FINGERPRINT_TAG;
}

export interface FactorySecrets {
  secrets: SecretValue[];
  context: FingerprintContext;
  options: SecretOptions;
  fingerprint?: string;
}

const propertiesOf = (body: Record<string, unknown>) => (isPlainObject(body.properties) ? body.properties : {});

/** The secrets of a factory PUT body and their fingerprint. */
export function findFactorySecrets(
  body: Record<string, unknown>,
  context: FingerprintContext,
  options: SecretOptions,
): FactorySecrets {
  const secrets = findSecrets(propertiesOf(body), options);
  return { secrets, context, options, fingerprint: computeFingerprint(secrets, context) };
}

/** The body with the fingerprint tag set (a new object); unchanged when there is no fingerprint. */
export function attachFactoryFingerprint(body: Record<string, unknown>, fingerprint?: string): Record<string, unknown> {
  if (!fingerprint) return body;
  const tags = isPlainObject(body.tags) ? body.tags : {};
  return { ...body, tags: { ...tags, [FACTORY_FINGERPRINT_TAG]: fingerprint } };
}

/** The body without the fingerprint tag (a new object), and the fingerprint it carried. */
export function extractFactoryFingerprint(body: Record<string, unknown>): {
  body: Record<string, unknown>;
  fingerprint?: string;
} {
  if (!isPlainObject(body.tags)) return { body };
  let fingerprint: string | undefined;
  const tags: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body.tags)) {
    if (isFingerprintTag(k)) fingerprint = typeof v === 'string' ? v : undefined;
    else tags[k] = v;
  }
  return { body: { ...body, tags }, fingerprint };
}

/**
 * Both factory bodies as compared: fingerprint tag removed, secrets masked (the live side at the desired side's
 * env paths too, since the service returns a plain property as written).
 */
export function maskFactoryBody(body: Record<string, unknown>, check: FactorySecrets): Record<string, unknown> {
  const { body: out } = extractFactoryFingerprint(body);
  if (!isPlainObject(out.properties)) return out;
  return { ...out, properties: maskSecrets(out.properties, check.options, check.secrets) };
}

/** True when the live factory's fingerprint tag matches the desired secrets (no secrets on both sides: true). */
export function factoryFingerprintMatches(live: Record<string, unknown>, check: FactorySecrets): boolean {
  return fingerprintMatches(check.secrets, extractFactoryFingerprint(live).fingerprint, check.context);
}

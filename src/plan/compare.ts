import { deepEqual, isPlainObject } from '../diff/canonical.js';
import { diffDocuments } from '../diff/diff.js';
import { normaliseDocument, type DocKind, type NormaliseContext } from '../diff/normalise.js';
import { normaliseSharing, SECRET_ROWS, secretRowsLeaveAsItIs } from '../diff/normalise-shared.js';
import { extractFingerprint, findSecrets, fingerprintMatches } from '../diff/secrets.js';
import { factoryFingerprintMatches, maskFactoryBody, type FactorySecrets } from '../diff/secrets-factory.js';
import type { SecretCheck } from './desired.js';
import type { Kind } from '../model/kinds.js';
import type { PropertyChange } from './types.js';

export interface Comparison {
  changes: PropertyChange[];
  /** Set when ADF cannot update the resource in place: it must be deleted and created again. */
  replaceReason?: string;
}

function propertiesOf(body: Record<string, unknown>): Record<string, unknown> {
  return isPlainObject(body.properties) ? body.properties : {};
}

/** The longest path all secret paths share, under 'properties' (where the sensitive change is shown). */
function secretsPath(desired: Record<string, unknown>, check?: Pick<SecretCheck, 'secrets'>): (string | number)[] {
  const paths = (check?.secrets ?? findSecrets(propertiesOf(desired))).map((s) => s.path);
  if (paths.length === 0) return ['properties'];
  let prefix = paths[0];
  for (const p of paths.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < p.length && prefix[i] === p[i]) i++;
    prefix = prefix.slice(0, i);
  }
  // A SecureString's path ends in 'value': show the property that holds it.
  if (prefix[prefix.length - 1] === 'value' && paths.length === 1) prefix = prefix.slice(0, -1);
  return ['properties', ...prefix];
}

/**
 * Compare a child resource: the normalised documents property by property, plus the secret fingerprints
 * (desired computed vs live marker; different or missing = one sensitive change).
 */
export function compareChild(
  kind: Kind,
  desired: Record<string, unknown>,
  desiredFingerprint: string | undefined,
  live: Record<string, unknown>,
  check?: SecretCheck,
): Comparison {
  const secrets = check ? { options: check.options, envPaths: check.secrets } : undefined;
  const liveCtx = { kind, side: 'live' as const, desired, secrets };
  const desiredCtx = { kind, side: 'desired' as const, desired, secrets };
  // Most bodies of a re-plan are equal: tested on forms that share what normalising leaves as it is, and only a
  // body that differs gets the sorted copies the property changes are read from (issue 19).
  const equal = equalShared(live, liveCtx, desired, desiredCtx, check);
  const liveDoc = equal ? equal.liveShared : normaliseDocument(live, liveCtx);
  const desiredDoc = equal ? equal.desiredShared : normaliseDocument(desired, desiredCtx);
  const changes = equal ? [] : diffDocuments(liveDoc, desiredDoc);
  const liveFingerprint = extractFingerprint(propertiesOf(live)).fingerprint;
  // A marker written in an earlier format still compares (no false difference after an upgrade).
  const same = check
    ? fingerprintMatches(check.secrets, liveFingerprint, check.context)
    : desiredFingerprint === liveFingerprint;
  if (!same) {
    changes.push({ path: secretsPath(desired, check), op: 'replace', sensitive: true });
  }
  return { changes, replaceReason: replaceReasonOf(kind, liveDoc, desiredDoc, changes) };
}

/**
 * The shared normal forms of the two bodies when they are equal. A desired body without secrets that the secret rows
 * leave as it is (most of a factory) is compared with the live body without those rows first (SECRET_ROWS says why
 * equal so means equal with them): most live bodies are then equal, and their walks for secrets are saved. Otherwise,
 * or when they differ, the live body is normalised in full.
 */
function equalShared(
  live: Record<string, unknown>,
  liveCtx: NormaliseContext,
  desired: Record<string, unknown>,
  desiredCtx: NormaliseContext,
  check: SecretCheck | undefined,
): { liveShared: Record<string, unknown>; desiredShared: Record<string, unknown> } | undefined {
  // The live body as it was PUT (most of a re-plan): equal without a walk (sameAsPut says why that holds).
  if (check !== undefined && check.secrets.length === 0 && sameAsPut(live, desired))
    return { liveShared: live, desiredShared: desired };
  const quick = check !== undefined && check.secrets.length === 0 && secretRowsLeaveAsItIs(desired, check.options);
  const desiredShared = normaliseSharing(desired, desiredCtx, quick ? SECRET_ROWS : undefined);
  if (!desiredShared) return undefined;
  const liveQuick = quick ? normaliseSharing(live, liveCtx, SECRET_ROWS) : undefined;
  if (liveQuick && deepEqual(liveQuick, desiredShared)) return { liveShared: liveQuick, desiredShared };
  const liveShared = normaliseSharing(live, liveCtx);
  return liveShared && deepEqual(liveShared, desiredShared) ? { liveShared, desiredShared } : undefined;
}

/** The keys that name a live body (the first normalisation row drops them on both sides): not compared. */
const IDENTITY_KEYS = new Set(['id', 'name', 'type', 'etag', 'eTag']);

/**
 * Whether the live body holds exactly what the desired body holds, key for key, its identity keys aside (as canonical
 * JSON: key order and what JSON cannot say do not count). Every normalisation row treats the two sides alike
 * (src/diff/normalise.ts: the rows read the raw desired body, never the side), except the masking of the desired
 * side's secrets at their paths: for a desired body without secrets, equal bodies normalise to equal forms, and the
 * copies and walks of normaliseSharing are saved (90% of the bodies of a no-change re-plan; issue 19).
 * test/plan/compare-as-put.test.ts holds the normalised forms of every corpus body to that.
 */
export function sameAsPut(live: Record<string, unknown>, desired: Record<string, unknown>): boolean {
  for (const k in desired)
    if (Object.hasOwn(desired, k) && !IDENTITY_KEYS.has(k) && !Object.hasOwn(live, k)) return false;
  for (const k in live) {
    if (!Object.hasOwn(live, k) || IDENTITY_KEYS.has(k)) continue;
    if (!deepEqual(live[k], desired[k])) return false;
  }
  return true;
}

/**
 * Changes ADF cannot make in place. An integration runtime cannot change its `type` (Managed <-> SelfHosted);
 * a managed private endpoint's properties are immutable once created (ADF has no update for them: its PUT
 * on an existing endpoint is rejected), so any change means delete + create.
 */
function replaceReasonOf(
  kind: Kind,
  live: Record<string, unknown>,
  desired: Record<string, unknown>,
  changes: PropertyChange[],
): string | undefined {
  if (changes.length === 0) return undefined;
  if (kind === 'IntegrationRuntime') {
    const before = propertiesOf(live).type;
    const after = propertiesOf(desired).type;
    if (typeof before === 'string' && typeof after === 'string' && before.toLowerCase() !== after.toLowerCase()) {
      return `an integration runtime's type cannot change (${before} -> ${after})`;
    }
  }
  if (kind === 'ManagedPrivateEndpoint') return 'managed private endpoints cannot be changed once created';
  return undefined;
}

/**
 * Compare the factory bodies. Secrets in the factory's body (src/diff/secrets-factory.ts) are masked on both
 * sides and compared by the fingerprint tag, as in a child resource.
 */
export function compareFactory(
  desired: Record<string, unknown>,
  live: Record<string, unknown>,
  check?: FactorySecrets,
): PropertyChange[] {
  const kind: DocKind = 'Factory';
  const mask = (body: Record<string, unknown>) => (check ? maskFactoryBody(body, check) : body);
  const changes = diffDocuments(
    normaliseDocument(mask(live), { kind, side: 'live', desired }),
    normaliseDocument(mask(desired), { kind, side: 'desired', desired }),
  );
  if (check && !factoryFingerprintMatches(live, check))
    changes.push({ path: secretsPath(desired, check), op: 'replace', sensitive: true });
  return changes;
}

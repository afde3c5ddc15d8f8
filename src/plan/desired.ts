import { AdfDeployError } from '../core/errors.js';
import { assignOwn, setOwn } from '../core/own.js';
import type { FactoryTarget } from '../arm/types.js';
import { cloneJson, isPlainObject } from '../diff/canonical.js';
import {
  attachFingerprint,
  computeFingerprint,
  extractFingerprint,
  findSecrets,
  redactSecrets,
  type FingerprintContext,
  type SecretOptions,
  type SecretValue,
} from '../diff/secrets.js';
import type { FactoryConfig, GlobalParameter } from '../manifest/types.js';
import { resourceAddress, type Resource } from '../model/resource.js';
import type { LiveState } from '../state/types.js';
import { mergeFactorySettings } from './factory-settings.js';

/** ARM resource id of the factory (the key of the secret fingerprints). */
export function factoryResourceId(target: FactoryTarget): string {
  return `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.DataFactory/factories/${target.factoryName}`;
}

export interface DesiredBody {
  /** The body to PUT, real secrets included. In memory only. */
  body: Record<string, unknown>;
  /** Fingerprint of its secret material (also recorded in the body as a marker), when it has secrets. */
  fingerprint?: string;
  /** What the comparison needs to check a deployed marker (any format) against these secrets. */
  secretCheck: SecretCheck;
}

/** How secrets are found and fingerprinted: env values read by the manifests, the configured fingerprint key. */
export interface SecretSettings {
  env?: Map<string, string>;
  fingerprintKey?: string;
}

/** The secrets of a desired body and how to fingerprint them (for compareChild). */
export interface SecretCheck {
  secrets: SecretValue[];
  context: FingerprintContext;
  options: SecretOptions;
}

/**
 * The properties a resource is PUT with: the manifest's, without a trigger's read-only runtimeState (start/stop is a
 * trigger action). Shared with the manifest, not copied: nothing writes into a desired body (normalising, redacting
 * and the fingerprint marker all make new objects), and one copy of 5,000 bodies fewer is tens of MiB (issue 19).
 */
export function desiredProperties(resource: Resource): Record<string, unknown> {
  if (resource.kind !== 'Trigger' || !('runtimeState' in resource.properties)) return resource.properties;
  const { runtimeState: _readOnly, ...rest } = resource.properties;
  return rest;
}

/**
 * The PUT body of a child resource: the manifest's properties, without the read-only trigger runtimeState
 * (start/stop is a trigger action), plus the secrets fingerprint marker when the resource holds secrets.
 * Apply rebuilds bodies with this same function after reloading the project.
 */
export function buildDesiredBody(resource: Resource, factoryId: string, settings: SecretSettings = {}): DesiredBody {
  const properties = desiredProperties(resource);
  const options: SecretOptions = { env: settings.env };
  const secrets = findSecrets(properties, options);
  const context: FingerprintContext = { factoryId, resource: resourceAddress(resource), key: settings.fingerprintKey };
  const fingerprint = computeFingerprint(secrets, context);
  const body = { properties: fingerprint ? attachFingerprint(resource.kind, properties, fingerprint) : properties };
  return { body, fingerprint, secretCheck: { secrets, context, options } };
}

/** A body safe to write to a plan file or print: every secret replaced by SECRET_PLACEHOLDER or `(from env NAME)`. */
export function redactBody(body: Record<string, unknown>, settings: SecretSettings = {}): Record<string, unknown> {
  const redacted = redactSecrets(body, { env: settings.env });
  // The fingerprint marker is tool metadata (ResourceChange.secretFingerprint), never shown as user content.
  if (isPlainObject(redacted.properties)) redacted.properties = extractFingerprint(redacted.properties).properties;
  // Nothing was redacted (most bodies): the plan shares the body instead of keeping a second copy (issue 19).
  return sameJson(redacted, body) ? body : redacted;
}

/** Deep equality of plain JSON data (same keys in any order, same values). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isPlainObject(a) || !isPlainObject(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

/** The desired state of a trigger as the manifest states it (ADF Studio files carry it in properties). */
export function declaredRuntimeState(resource: Resource): string | undefined {
  const state = resource.properties.runtimeState;
  return typeof state === 'string' ? state : undefined;
}

export interface FactoryBodyOptions {
  /** Remove live global parameters the manifest does not declare. */
  pruneGlobalParameters?: boolean;
}

/**
 * The factory PUT body: location, identity, tags and other properties as declared, and every setting the
 * manifests do not declare kept from the live factory (src/plan/factory-settings.ts; declared `null` removes it);
 * global parameters merged over the live ones (undeclared live ones kept unless pruned; names compared
 * case-insensitively); the live repoConfiguration copied verbatim (never managed, and a PUT without it would
 * disconnect git).
 */
export function buildFactoryBody(
  factory: FactoryConfig,
  live: LiveState['factory'],
  options: FactoryBodyOptions = {},
): Record<string, unknown> {
  return buildFactoryBodyWithNotes(factory, live, options).body;
}

/** buildFactoryBody, plus the settings kept from the live factory ('identity', 'properties.encryption'...). */
export function buildFactoryBodyWithNotes(
  factory: FactoryConfig,
  live: LiveState['factory'],
  options: FactoryBodyOptions = {},
): { body: Record<string, unknown>; kept: string[] } {
  const liveProps = isPlainObject(live?.body.properties) ? live.body.properties : {};
  const globalParameters: Record<string, GlobalParameter> = {};
  if (!options.pruneGlobalParameters && isPlainObject(liveProps.globalParameters)) {
    assignOwn(globalParameters, cloneJson(liveProps.globalParameters) as Record<string, GlobalParameter>);
  }
  for (const [name, gp] of Object.entries(factory.globalParameters ?? {})) {
    for (const existing of Object.keys(globalParameters))
      if (existing.toLowerCase() === name.toLowerCase()) delete globalParameters[existing];
    setOwn(globalParameters, name, cloneJson(gp));
  }
  const settings = mergeFactorySettings(factory, live?.body);
  const properties: Record<string, unknown> = settings.properties;
  if (Object.keys(globalParameters).length > 0) properties.globalParameters = globalParameters;
  if (liveProps.repoConfiguration !== undefined) properties.repoConfiguration = cloneJson(liveProps.repoConfiguration);
  // A PUT must carry a location (ARM refuses one without). Not declared: keep the live factory's; there is none
  // to keep when the factory is still to be created, and that is refused here, before anything is written.
  const location = factory.location || (typeof live?.body.location === 'string' ? live.body.location : undefined);
  if (!location) {
    throw new AdfDeployError(
      'factory.no-location',
      `factory '${factory.name}' does not exist yet and adf-deploy.yaml gives it no location`,
      {
        hint: 'add factory.location (e.g. "East US") to adf-deploy.yaml',
      },
    );
  }
  const body: Record<string, unknown> = { location };
  if (settings.identity) body.identity = settings.identity;
  if (settings.tags) body.tags = settings.tags;
  body.properties = properties;
  return { body, kept: settings.kept };
}

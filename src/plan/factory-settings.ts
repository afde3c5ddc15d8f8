import { AdfDeployError } from '../core/errors.js';
import { setOwn } from '../core/own.js';
import { cloneJson, deepEqual, findKeyIgnoringCase, isPlainObject } from '../diff/canonical.js';
import type { FactoryConfig } from '../manifest/types.js';
import { isFingerprintTag } from '../diff/secrets-factory.js';
import { isRestartTag } from './restart-markers.js';

/**
 * The factory's own settings. A factory PUT replaces the whole factory, so a setting the manifests do not declare
 * (identity, purviewConfiguration, encryption, publicNetworkAccess, tags, anything the service keeps) must be
 * copied from the live factory, or an unrelated apply would drop it. Removing one takes an explicit declaration:
 * `identity: null`, or `properties: { <name>: null }` in adf-deploy.yaml.
 */

/** Read-only factory properties the service sets: never copied into a PUT. */
const SERVER_PROPERTIES = new Set(['provisioningstate', 'createtime', 'version']);
/** Handled on their own (merged, or kept verbatim) by buildFactoryBody. */
const OWN_RULES = new Set(['globalparameters', 'repoconfiguration']);

export interface FactorySettings {
  /** `properties` of the PUT body, globalParameters and repoConfiguration aside. */
  properties: Record<string, unknown>;
  /** The identity to PUT (absent: none). */
  identity?: Record<string, unknown>;
  tags?: Record<string, string>;
  /** Settings copied from the live factory because the manifests do not declare them ('identity', 'properties.x'). */
  kept: string[];
}

/** Only the type and the user-assigned identities it names are ours; principal and client ids are the service's. */
export function identityBody(identity: Record<string, unknown>): Record<string, unknown> {
  const { type, userAssignedIdentities } = identity;
  if (!isPlainObject(userAssignedIdentities)) return { type };
  return { type, userAssignedIdentities: Object.fromEntries(Object.keys(userAssignedIdentities).map((k) => [k, {}])) };
}

/** Declared settings, plus every undeclared live one (declared `null` = remove). */
export function mergeFactorySettings(
  factory: FactoryConfig,
  liveBody: Record<string, unknown> | undefined,
): FactorySettings {
  const kept: string[] = [];
  const liveProps = isPlainObject(liveBody?.properties) ? liveBody.properties : {};
  const declared = factory.properties ?? {};
  const declaredKey = (k: string) => findKeyIgnoringCase(declared, k);
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(liveProps)) {
    const lower = k.toLowerCase();
    if (SERVER_PROPERTIES.has(lower) || OWN_RULES.has(lower) || declaredKey(k) !== undefined || v === undefined)
      continue;
    setOwn(properties, k, cloneJson(v));
    kept.push(`properties.${k}`);
  }
  for (const [k, v] of Object.entries(declared)) if (v !== null) setOwn(properties, k, cloneJson(v));

  let identity: Record<string, unknown> | undefined;
  if (factory.identity) identity = identityBody(factory.identity);
  else if (factory.identity === undefined && isPlainObject(liveBody?.identity)) {
    identity = identityBody(liveBody.identity);
    kept.push('identity');
  }

  let tags: Record<string, string> | undefined;
  if (factory.tags) tags = { ...factory.tags };
  else if (isPlainObject(liveBody?.tags)) {
    const liveTags = Object.entries(liveBody.tags).filter(
      ([k, v]) => !isRestartTag(k) && !isFingerprintTag(k) && typeof v === 'string',
    );
    if (liveTags.length > 0) {
      tags = Object.fromEntries(liveTags) as Record<string, string>;
      kept.push('tags');
    }
  }
  return { properties, ...(identity ? { identity } : {}), ...(tags ? { tags } : {}), kept: kept.sort() };
}

function identityType(body: Record<string, unknown> | undefined): string | undefined {
  const id = body?.identity;
  return isPlainObject(id) && typeof id.type === 'string' ? id.type : undefined;
}

function propertyCI(body: Record<string, unknown> | undefined, key: string): unknown {
  const props = isPlainObject(body?.properties) ? body.properties : {};
  const k = findKeyIgnoringCase(props, key);
  return k === undefined ? undefined : props[k];
}

const region = (v: unknown) => (typeof v === 'string' ? v.toLowerCase().replace(/\s+/g, '') : undefined);

/**
 * Why an update of the factory is dangerous, in words (empty: it is not). A changed or removed identity type loses
 * the principal every role assignment and Key Vault policy names (a new system-assigned identity gets a new
 * principal id); changed encryption settings can lock the factory out of its own content; a factory cannot move.
 */
export function dangerousFactoryChanges(
  desired: Record<string, unknown>,
  live: Record<string, unknown> | undefined,
): string[] {
  if (!live) return [];
  const out: string[] = [];
  const before = identityType(live);
  const after = identityType(desired);
  if (before !== undefined && after === undefined) out.push(`the managed identity (${before}) is removed`);
  else if (before !== undefined && after !== undefined && before.replace(/\s/g, '') !== after.replace(/\s/g, ''))
    out.push(`the identity type changes (${before} -> ${after})`);
  const encBefore = propertyCI(live, 'encryption');
  const encAfter = propertyCI(desired, 'encryption');
  if (encBefore !== undefined && encAfter === undefined)
    out.push('the encryption settings (customer-managed key) are removed');
  else if (encAfter !== undefined && !deepEqual(encBefore, encAfter))
    out.push(
      encBefore === undefined ? 'customer-managed key encryption is turned on' : 'the encryption settings change',
    );
  const locBefore = region(live.location);
  const locAfter = region(desired.location);
  if (locBefore && locAfter && locBefore !== locAfter)
    out.push(`the location changes (${String(live.location)} -> ${String(desired.location)}): a factory cannot move`);
  return out;
}

/**
 * `apply --auto-approve` applies no dangerous change unless --allow-dangerous says so: with nobody reading the
 * plan, losing the factory's identity or encryption must be asked for twice. (Interactive applies show the
 * warning and ask.) Worked out again from the body to PUT and the live factory, not read from the plan, so a saved
 * plan edited by hand cannot hide one.
 */
export function refuseDangerous(
  plan: { factory: { address: string; action: string; desired?: Record<string, unknown> } },
  liveFactory: Record<string, unknown> | undefined,
  opts: { autoApprove?: boolean; allowDangerous?: boolean },
): void {
  if (!opts.autoApprove || opts.allowDangerous || plan.factory.action !== 'update' || !plan.factory.desired) return;
  const dangerous = dangerousFactoryChanges(plan.factory.desired, liveFactory);
  if (dangerous.length === 0) return;
  throw new AdfDeployError(
    'apply.dangerous',
    `refusing a dangerous change with --auto-approve: ${plan.factory.address}: ${dangerous.join('; ')}`,
    { hint: 'review the plan; if the change is intended, add --allow-dangerous' },
  );
}

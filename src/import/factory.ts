import path from 'node:path';
import { FACTORY_FINGERPRINT_TAG, isFingerprintTag } from '../diff/secrets-factory.js';
import { escapeLiteral, escapeDeep as escapeStrings } from '../manifest/substitute.js';
import type { ImportedFactory } from './model.js';
import { isPlainObject as isObject } from '../core/json.js';

/** Factory properties the service sets, or that adf-deploy never manages (the git repo configuration). */
const SERVER_PROPERTIES = new Set(['provisioningstate', 'createtime', 'version', 'repoconfiguration']);
const SERVER_IDENTITY = new Set(['principalid', 'tenantid']);

/**
 * Choose the factory file when the folder has several (ADF Studio keeps one per factory the repo was
 * attached to): --factory-name first, then the one named like the folder, then the first by name.
 */
export function pickFactory<T extends { file: string; json: Record<string, unknown> }>(
  factories: T[],
  dir: string,
  wanted: string | undefined,
  notes: string[],
): T | undefined {
  if (factories.length === 0) {
    notes.push(
      'no factory file: the factory name comes from ' +
        (wanted ? '--factory-name' : 'the folder name') +
        '; add location and identity to adf-deploy.yaml',
    );
    return undefined;
  }
  if (factories.length === 1) return factories[0];
  const names = factories.map((f) => String(f.json.name));
  const lower = (s: string) => s.toLowerCase();
  const folder = lower(path.basename(path.resolve(dir)));
  const chosen =
    (wanted && factories.find((f) => lower(String(f.json.name)) === lower(wanted))) ||
    factories.find(
      (f) => folder === lower(String(f.json.name)) || folder.endsWith(`__${lower(String(f.json.name))}`),
    ) ||
    factories[0];
  notes.push(
    `found ${factories.length} factory files (${names.join(', ')}); used '${chosen.json.name}' (choose with --factory-name)`,
  );
  return chosen;
}

/**
 * The factory settings worth managing, server-set fields dropped. `nameOverride` wins over the file's name.
 * Strings are escaped for substitution unless the caller already converted them (`escaped`: ARM templates).
 */
export function factoryFromJson(
  json: Record<string, unknown> | undefined,
  file: string | undefined,
  fallbackName: string,
  notes: string[],
  nameOverride?: string,
  escaped = false,
): ImportedFactory {
  const escapeDeep = escaped ? (v: unknown) => v : escapeStrings;
  const name = nameOverride ?? (typeof json?.name === 'string' ? escapeLiteral(json.name) : fallbackName);
  const out: ImportedFactory = { name };
  if (!json) return out;
  if (typeof json.location === 'string') out.location = json.location;
  if (isObject(json.identity)) {
    const identity: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(json.identity)) {
      if (SERVER_IDENTITY.has(k.toLowerCase())) continue;
      // User-assigned identities: only the resource ids are ours; clientId/principalId are read-only.
      identity[k] =
        k.toLowerCase() === 'userassignedidentities' && isObject(v)
          ? Object.fromEntries(Object.keys(v).map((id) => [id, {}]))
          : v;
    }
    out.identity = identity;
  }
  if (isObject(json.tags)) {
    // adf-deploy's own fingerprint tag is tool metadata (src/diff/secrets-factory.ts), never project content.
    const tags = Object.entries(json.tags).filter(([k]) => !isFingerprintTag(k));
    if (tags.length < Object.keys(json.tags).length)
      notes.push(`removed the ${FACTORY_FINGERPRINT_TAG} tag of the factory (tool metadata, not content)`);
    if (tags.length > 0) out.tags = escapeDeep(Object.fromEntries(tags)) as Record<string, unknown>;
  }
  if (isObject(json.properties)) {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(json.properties)) {
      if (k === 'globalParameters' && isObject(v)) out.globalParameters = escapeDeep(v) as Record<string, unknown>;
      else if (k.toLowerCase() === 'repoconfiguration')
        notes.push('dropped the factory git repo configuration: adf-deploy never manages it');
      else if (!SERVER_PROPERTIES.has(k.toLowerCase())) props[k] = escapeDeep(v);
    }
    if (Object.keys(props).length) out.properties = props;
  }
  return out;
}

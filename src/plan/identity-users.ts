import { isPlainObject } from '../diff/canonical.js';
import { findReferences } from '../model/references.js';
import { resourceAddress, resourceKey, type Resource } from '../model/resource.js';

/** Authentication types that mean "the factory's managed identity" (names as ADF's linked service types spell them). */
const MANAGED_IDENTITY_AUTH =
  /^(msi|managedidentity|managedserviceidentity|systemassignedmanagedidentity|systemassigned|userassignedmanagedidentity)$/i;
/** Properties that carry a credential of their own: a linked service with one does not use the factory's identity. */
const OWN_CREDENTIAL = [
  'connectionstring',
  'accountkey',
  'sasuri',
  'sastoken',
  'serviceprincipalid',
  'serviceprincipalkey',
  'password',
  'username',
  'accesskey',
];
/** Linked service types whose default authentication, with no credential given, is the factory's identity. */
const IDENTITY_BY_DEFAULT = new Set(['azurekeyvault', 'azureblobstorage', 'azureblobfs', 'azuredatalakestoregen2']);

function typeProps(r: Resource): Record<string, unknown> {
  return isPlainObject(r.properties.typeProperties) ? r.properties.typeProperties : {};
}

function usesFactoryIdentity(r: Resource): boolean {
  if (r.kind === 'Credential') return String(r.properties.type ?? '').toLowerCase() === 'managedidentity';
  if (r.kind !== 'LinkedService') return false;
  const tp = typeProps(r);
  const keys = Object.keys(tp).map((k) => k.toLowerCase());
  const auth = Object.entries(tp).find(([k]) => k.toLowerCase() === 'authenticationtype')?.[1];
  if (typeof auth === 'string') return MANAGED_IDENTITY_AUTH.test(auth.replace(/\s/g, ''));
  if (findReferences(tp).some((ref) => ref.kind === 'Credential')) return true;
  const type = String(r.properties.type ?? '').toLowerCase();
  return IDENTITY_BY_DEFAULT.has(type) && !keys.some((k) => OWN_CREDENTIAL.includes(k));
}

/**
 * Linked services and credentials that (as far as their bodies show) authenticate with the factory's managed
 * identity: a managed-identity authentication type, a credential reference, a ManagedIdentity credential, or a
 * Key Vault / storage linked service with no credential of its own. Addresses, sorted, each once (`resources`
 * is the desired resources first, then the live ones, so a declared body wins).
 */
export function findIdentityUsers(resources: Resource[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of resources) {
    const key = resourceKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    if (usesFactoryIdentity(r)) out.push(resourceAddress(r));
  }
  return out.sort();
}

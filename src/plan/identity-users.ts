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

/** `credentialType`: the type of each credential by lower-cased name (a service-principal credential is not the identity). */
function usesFactoryIdentity(r: Resource, credentialType: Map<string, string>): boolean {
  if (r.kind === 'Credential') return String(r.properties.type ?? '').toLowerCase() === 'managedidentity';
  if (r.kind !== 'LinkedService') return false;
  const tp = typeProps(r);
  const keys = Object.keys(tp).map((k) => k.toLowerCase());
  const auth = Object.entries(tp).find(([k]) => k.toLowerCase() === 'authenticationtype')?.[1];
  if (typeof auth === 'string') return MANAGED_IDENTITY_AUTH.test(auth.replace(/\s/g, ''));
  const credentials = findReferences(tp).filter((ref) => ref.kind === 'Credential');
  if (credentials.length > 0)
    return credentials.some(
      (ref) => (credentialType.get(ref.name.toLowerCase()) ?? 'managedidentity') === 'managedidentity',
    );
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
  const unique = resources.filter((r) => !seen.has(resourceKey(r)) && seen.add(resourceKey(r)));
  const credentialType = new Map(
    unique
      .filter((r) => r.kind === 'Credential')
      .map((r) => [r.name.toLowerCase(), String(r.properties.type ?? '').toLowerCase()]),
  );
  const out: string[] = [];
  for (const r of unique) if (usesFactoryIdentity(r, credentialType)) out.push(resourceAddress(r));
  return out.sort();
}

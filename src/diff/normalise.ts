import type { Kind } from '../model/kinds.js';
import { cloneJson, isPlainObject, sortKeys } from './canonical.js';
import {
  extractFingerprint,
  maskSecrets,
  maskSecretsInPlace,
  stripAccountKey,
  type SecretOptions,
  type SecretValue,
} from './secrets.js';
import { copySortedJson } from './sorted-copy.js';
import { isRestartTag } from '../model/restart-tags.js';

/**
 * The normalisation table: what the service adds, drops or rewrites between PUT and GET. Both the live body
 * and the desired body go through the same rules, so what is left differs only where the user (or someone
 * outside the tool) changed something. Each row names its source: a section of ../shared/docs/adf-rest-facts.md
 * ([V] verified there, [I] inferred), or this tool's own convention. Every row has a test in normalise.test.ts.
 */

export type DocKind = Kind | 'Factory';
export type Side = 'live' | 'desired';
type Doc = Record<string, unknown>;

export interface NormaliseContext {
  kind: DocKind;
  side: Side;
  /** The desired document (raw), for rows that drop a server-added field only when the desired has none. */
  desired?: Doc;
  /** Env secrets (src/diff/secrets.ts): masked on both sides, the live side at the desired side's paths. */
  secrets?: { options: SecretOptions; envPaths: SecretValue[] };
}

export interface NormalisationRule {
  id: string;
  /** Kinds the row applies to ('all' = every child kind and the factory). */
  kinds: DocKind[] | 'all';
  source: string;
  description: string;
  apply(doc: Doc, ctx: NormaliseContext): Doc;
  /**
   * The same row for a document the normaliser owns and whose keys are already sorted (normaliseDocument's fast
   * path): it may write into `doc` instead of copying it. Rows without one are used as they are.
   */
  applyOwned?(doc: Doc, ctx: NormaliseContext): Doc;
}

function props(doc: Doc): Doc | undefined {
  return isPlainObject(doc.properties) ? doc.properties : undefined;
}

function dropProps(doc: Doc, keys: string[]): Doc {
  const p = props(doc);
  if (!p) return doc;
  for (const k of keys) delete p[k];
  return doc;
}

const CHILD_KINDS: DocKind[] = [
  'LinkedService',
  'Dataset',
  'Pipeline',
  'Trigger',
  'DataFlow',
  'IntegrationRuntime',
  'Credential',
  'ManagedVirtualNetwork',
  'ManagedPrivateEndpoint',
];

/** mapConnectionStrings written into `node` itself (a document the normaliser owns). */
function mapConnectionStringsInPlace(node: unknown, fn: (s: string) => string): void {
  if (Array.isArray(node)) for (const n of node) mapConnectionStringsInPlace(n, fn);
  else if (isPlainObject(node))
    for (const [k, v] of Object.entries(node)) {
      if (k.toLowerCase() === 'connectionstring' && typeof v === 'string') node[k] = fn(v);
      else mapConnectionStringsInPlace(v, fn);
    }
}

/** The secure-string-mask row: masks `doc` in a copy, or in place when `mask` says so. */
function maskDocument(doc: Doc, ctx: NormaliseContext, mask: typeof maskSecrets): Doc {
  if (!ctx.secrets) return mask(doc);
  const p = props(doc);
  const masked = mask(doc, ctx.secrets.options);
  // The desired side's env values sit in `properties`: mask the live side at the same paths.
  if (p && isPlainObject(masked.properties)) masked.properties = mask(masked.properties, {}, ctx.secrets.envPaths);
  return masked;
}

/** Apply `fn` to every string found under a key named like `connectionString`. */
function mapConnectionStrings(node: unknown, fn: (s: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => mapConnectionStrings(n, fn));
  if (!isPlainObject(node)) return node;
  const out: Doc = {};
  for (const [k, v] of Object.entries(node))
    out[k] = k.toLowerCase() === 'connectionstring' && typeof v === 'string' ? fn(v) : mapConnectionStrings(v, fn);
  return out;
}

export const NORMALISATION_RULES: NormalisationRule[] = [
  {
    id: 'envelope',
    kinds: 'all',
    source: 'adf-rest-facts §5 "Children gain id, name, type and etag"; factory eTag (§2 ETag format)',
    description: 'Drop id, name, type, etag and eTag: identity is compared by address, concurrency by If-Match.',
    apply: (doc) => {
      for (const k of ['id', 'name', 'type', 'etag', 'eTag']) delete doc[k];
      return doc;
    },
  },
  {
    id: 'secrets-marker',
    kinds: CHILD_KINDS,
    source: 'this tool (docs/secrets.md)',
    description: 'Remove the adf-deploy:secrets=<fingerprint> marker; fingerprints are compared on their own.',
    apply: (doc) => {
      const p = props(doc);
      if (p) doc.properties = extractFingerprint(p).properties;
      return doc;
    },
  },
  {
    id: 'secure-string-mask',
    kinds: CHILD_KINDS,
    source: 'adf-rest-facts §5 "SecureString is masked, not omitted" [V]',
    description:
      'SecureString values read back as "**********": mask them on both sides (changes are caught by the fingerprint).',
    apply: (doc, ctx) => maskDocument(doc, ctx, maskSecrets),
    applyOwned: (doc, ctx) => maskDocument(doc, ctx, maskSecretsInPlace),
  },
  {
    id: 'account-key',
    kinds: CHILD_KINDS,
    source: 'adf-rest-facts §5 "The AccountKey is stripped from a plain-string connectionString" [V]',
    description:
      'Compare connection strings without AccountKey and without empty segments (the service adds a trailing ";").',
    apply: (doc) => mapConnectionStrings(doc, stripAccountKey) as Doc,
    applyOwned: (doc) => {
      mapConnectionStringsInPlace(doc, stripAccountKey);
      return doc;
    },
  },
  {
    id: 'encrypted-credential',
    kinds: CHILD_KINDS,
    source: 'adf-rest-facts §5 "encryptedCredential is added" [V]',
    description: 'Ignore the live typeProperties.encryptedCredential when the desired document has none.',
    apply: (doc, ctx) => {
      const tp = props(doc)?.typeProperties;
      const desiredTp = ctx.desired && props(ctx.desired)?.typeProperties;
      const desiredHas = isPlainObject(desiredTp) && desiredTp.encryptedCredential !== undefined;
      if (isPlainObject(tp) && !desiredHas) delete tp.encryptedCredential;
      return doc;
    },
  },
  {
    id: 'trigger-runtime-state',
    kinds: ['Trigger'],
    source: 'adf-rest-facts §5 "Trigger: read-only runtimeState" [V]',
    description:
      'runtimeState is read-only and set by start/stop: it becomes a trigger action, never a property change.',
    apply: (doc) => dropProps(doc, ['runtimeState']),
  },
  {
    id: 'ir-state',
    kinds: ['IntegrationRuntime'],
    source: 'adf-rest-facts §5 "IR: state:Initial added" [V]',
    description: 'Drop the integration runtime state the service adds.',
    apply: (doc) => dropProps(doc, ['state']),
  },
  {
    id: 'empty-annotations',
    kinds: CHILD_KINDS,
    source: 'adf-rest-facts §5 "No annotations: [] injection seen" [V] + this tool',
    description:
      'annotations: [] equals absent. The service does not add it, but removing our marker can leave [], and an empty label list means nothing.',
    apply: (doc) => {
      const p = props(doc);
      if (p && Array.isArray(p.annotations) && p.annotations.length === 0) delete p.annotations;
      return doc;
    },
  },
  {
    id: 'private-endpoint-server-fields',
    kinds: ['ManagedPrivateEndpoint'],
    source: 'ARM schema ManagedPrivateEndpoint (connectionState, provisioningState, isReserved are read-only) [I]',
    description:
      'Drop the read-only connectionState, provisioningState, isReserved, isServerless; fqdns only when the desired has none.',
    apply: (doc, ctx) => {
      dropProps(doc, ['connectionState', 'provisioningState', 'isReserved', 'isServerless']);
      const desiredFqdns = ctx.desired && props(ctx.desired)?.fqdns;
      if (desiredFqdns === undefined) dropProps(doc, ['fqdns']);
      return doc;
    },
  },
  {
    id: 'managed-vnet-server-fields',
    kinds: ['ManagedVirtualNetwork'],
    source: 'ARM schema ManagedVirtualNetwork (vNetId, alias are read-only) [I]',
    description: 'Drop the read-only vNetId and alias.',
    apply: (doc) => dropProps(doc, ['vNetId', 'alias']),
  },
  {
    id: 'factory-server-fields',
    kinds: ['Factory'],
    source: 'adf-rest-facts §5 "Factory: provisioningState, createTime, version" [V]',
    description: 'Drop provisioningState, createTime and version.',
    apply: (doc) => dropProps(doc, ['provisioningState', 'createTime', 'version']),
  },
  {
    id: 'factory-restart-markers',
    kinds: ['Factory'],
    source: 'this tool (src/plan/restart-markers.ts; docs/quickstart.md "Interrupting and re-running")',
    description:
      "Drop the adf-deploy-restart:<trigger> tags: apply's own restart markers, planned on their own, never a tag difference.",
    apply: (doc) => {
      if (isPlainObject(doc.tags)) for (const k of Object.keys(doc.tags)) if (isRestartTag(k)) delete doc.tags[k];
      return doc;
    },
  },
  {
    id: 'factory-empty-tags',
    kinds: ['Factory'],
    source: 'adf-rest-facts §5 "tags:{} even if not sent" [V]',
    description: 'tags: {} equals absent.',
    apply: (doc) => {
      if (isPlainObject(doc.tags) && Object.keys(doc.tags).length === 0) delete doc.tags;
      return doc;
    },
  },
  {
    id: 'factory-identity-ids',
    kinds: ['Factory'],
    source: 'adf-rest-facts §5 "principalId and tenantId are returned" (QS) [V]',
    description:
      'Only the identity type and the user-assigned identities it names are managed: drop principalId and tenantId, and the principalId/clientId of each user-assigned identity.',
    apply: (doc) => {
      if (isPlainObject(doc.identity)) {
        delete doc.identity.principalId;
        delete doc.identity.tenantId;
        const uai = doc.identity.userAssignedIdentities;
        if (isPlainObject(uai)) for (const k of Object.keys(uai)) uai[k] = {};
      }
      return doc;
    },
  },
  {
    id: 'factory-repo-configuration',
    kinds: ['Factory'],
    source: 'this tool: the git repo configuration is never managed (src/manifest/types.ts FactoryConfig)',
    description: 'Drop repoConfiguration on both sides (the planner copies the live one into the PUT body verbatim).',
    apply: (doc) => dropProps(doc, ['repoConfiguration']),
  },
  {
    id: 'global-parameter-type-case',
    kinds: ['Factory'],
    source: 'adf-rest-facts §5 "Global parameter enum case is normalised: int comes back as Int" [V]',
    description: 'Compare global parameter types case-insensitively; globalParameters: {} equals absent.',
    apply: (doc) => {
      const gp = props(doc)?.globalParameters;
      if (!isPlainObject(gp)) return doc;
      for (const p of Object.values(gp))
        if (isPlainObject(p) && typeof p.type === 'string') p.type = p.type.toLowerCase();
      if (Object.keys(gp).length === 0) dropProps(doc, ['globalParameters']);
      return doc;
    },
  },
  {
    id: 'factory-location',
    kinds: ['Factory'],
    source: 'adf-rest-facts §5 "location echoed as sent" [V]; ARM treats "East US" and "eastus" as one region [I]',
    description: 'Compare locations lower-cased without spaces.',
    apply: (doc) => {
      if (typeof doc.location === 'string') doc.location = doc.location.toLowerCase().replace(/\s+/g, '');
      return doc;
    },
  },
  {
    id: 'key-order',
    kinds: 'all',
    source: 'adf-rest-facts §5 "Property order: nothing is documented"',
    description:
      'Sort object keys at every level; arrays keep their order (order is meaningful in activities, parameters lists).',
    apply: (doc) => sortKeys(doc) as Doc,
    // The fast path's copy is sorted, and no row adds a key: nothing to sort again.
    applyOwned: (doc) => doc,
  },
];

/**
 * The comparable form of a body (live as returned, or desired as it will be PUT). `rules` lets tests drop one
 * row to prove it matters. The input is not modified.
 *
 * With the whole table (every plan), the body is copied once with its keys sorted and the rows write into that
 * copy (`applyOwned`), instead of a JSON round trip plus a new copy for each of three rows (issue 19: normalising
 * was half of the plan's CPU). Bodies the sorted copy cannot take exactly (src/diff/sorted-copy.ts) take the row
 * by row path; test/diff/normalise-differential.test.ts holds both paths to the same output.
 */
export function normaliseDocument(
  body: Doc,
  ctx: NormaliseContext,
  rules: NormalisationRule[] = NORMALISATION_RULES,
): Doc {
  const owned = rules === NORMALISATION_RULES ? copySortedJson(body) : undefined;
  let doc = owned ?? cloneJson(body);
  for (const rule of rules) {
    if (rule.kinds !== 'all' && !rule.kinds.includes(ctx.kind)) continue;
    doc = owned && rule.applyOwned ? rule.applyOwned(doc, ctx) : rule.apply(doc, ctx);
  }
  return doc;
}

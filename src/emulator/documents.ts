import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ResourceKind } from './rules.js';
import type { Collection } from './collections.js';
import type { ChildEntry, FactoryEntry } from './store.js';

/** What the service returns instead of a SecureString value (adf-rest-facts §5: exactly 10 asterisks). */
export const MASK = '**********';

/** A fresh opaque etag, 8-4-4-4-12 hex (§2). */
export function newEtag(): string {
  return randomUUID();
}

/** Compare an If-Match / If-None-Match value (quoted or not, or `*`) with a stored etag. */
export function etagMatches(headerValue: string, etag: string): boolean {
  const strip = (s: string) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return headerValue.split(',').some((v) => v.trim() === '*' || strip(v) === strip(etag));
}

const STORAGE_TYPES = new Set(['azureblobstorage', 'azurestorage']);

/**
 * Mask a document the way the service does before anything is stored: SecureString values become the mask,
 * AccountKey leaves plain-string storage connection strings, and a linked service that held a secret gains an
 * `encryptedCredential` (random bytes: never derived from the secret). Returns a new object; key order kept.
 */
export function maskDocument(doc: Record<string, unknown>, kind?: ResourceKind): Record<string, unknown> {
  const state = { secret: false };
  const masked = maskNode(doc, state) as Record<string, unknown>;
  if (kind !== 'LinkedService') return masked;
  const props = masked.properties;
  if (!isObject(props)) return masked;
  const tp = getCI(props, 'typeProperties');
  if (!isObject(tp.value)) return masked;
  const typeProps = tp.value;
  const type = typeof props.type === 'string' ? props.type.toLowerCase() : '';
  let stripped = false;
  if (STORAGE_TYPES.has(type)) {
    const cs = getCI(typeProps, 'connectionString');
    if (typeof cs.value === 'string' && /(^|;)\s*AccountKey\s*=/i.test(cs.value)) {
      typeProps[cs.key!] = stripAccountKey(cs.value);
      stripped = true;
    }
  }
  const held = stripped || containsMask(typeProps);
  if (held && getCI(typeProps, 'encryptedCredential').key === undefined) {
    typeProps.encryptedCredential = randomBytes(48).toString('base64');
  }
  return masked;
}

function maskNode(node: unknown, state: { secret: boolean }): unknown {
  if (Array.isArray(node)) return node.map((n) => maskNode(n, state));
  if (!isObject(node)) return node;
  const type = getCI(node, 'type').value;
  const isSecure = typeof type === 'string' && type.toLowerCase() === 'securestring';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (isSecure && k.toLowerCase() === 'value') {
      out[k] = MASK;
      state.secret = true;
    } else {
      out[k] = maskNode(v, state);
    }
  }
  return out;
}

function containsMask(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsMask);
  if (!isObject(node)) return false;
  return Object.entries(node).some(([k, v]) => (k.toLowerCase() === 'value' && v === MASK) || containsMask(v));
}

/** 'A=1;AccountKey=secret;B=2' -> 'A=1;B=2;' (the service ends it with ';', §5). */
export function stripAccountKey(cs: string): string {
  const kept = cs
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.length > 0 && !/^AccountKey\s*=/i.test(p));
  return kept.map((p) => `${p};`).join('');
}

/**
 * The emulator's one "is this a JSON object" test. Its own, not the client's src/core/json.ts: the emulator is an
 * independent witness and shares no client code.
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A property looked up case-insensitively, as the service matches names. */
export function getCI(obj: Record<string, unknown>, key: string): { key?: string; value: unknown } {
  if (key in obj) return { key, value: obj[key] };
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return { key: k, value: obj[k] };
  return { value: undefined };
}

const SERVER_KEYS = new Set(['id', 'name', 'type', 'etag']);

export interface IdParts {
  sub: string;
  rg: string;
  factory: string;
}

export function factoryId(f: { sub: string; rg: string; name: string }): string {
  return `/subscriptions/${f.sub}/resourceGroups/${f.rg}/providers/Microsoft.DataFactory/factories/${f.name}`;
}

/** The child as GET returns it: id, name, type first, the stored document, server fields, etag last (§5). */
export function renderChild(c: ChildEntry, coll: Collection, f: FactoryEntry): Record<string, unknown> {
  const parentPart = c.parent ? `/managedVirtualNetworks/${c.parent}` : '';
  const out: Record<string, unknown> = {
    id: `${factoryId(f)}${parentPart}/${coll.idSegment}/${c.name}`,
    name: c.name,
    type: coll.armType,
  };
  for (const [k, v] of Object.entries(c.doc)) if (!SERVER_KEYS.has(k.toLowerCase())) out[k] = v;
  if (c.runtimeState !== undefined && (coll.kind === 'Trigger' || coll.kind === 'IntegrationRuntime')) {
    const field = coll.kind === 'Trigger' ? 'runtimeState' : 'state';
    out.properties = { ...(isObject(out.properties) ? out.properties : {}), [field]: c.runtimeState };
  }
  const props = isObject(out.properties) ? out.properties : {};
  if (coll.kind === 'ManagedVirtualNetwork') {
    // EX:ManagedVirtualNetworks_Get: read-only alias (the factory's name) and vNetId (chosen: stable per VNet).
    out.properties = { ...props, alias: f.name, vNetId: stableUuid(`vnet:${f.name}/${c.name}`.toLowerCase()) };
  } else if (coll.kind === 'ManagedPrivateEndpoint') {
    // EX:ManagedPrivateEndpoints_Get: provisioningState and a connectionState awaiting the owner's approval.
    out.properties = {
      ...props,
      provisioningState: 'Succeeded',
      connectionState: { status: 'Pending', description: '', actionsRequired: 'None' },
    };
  }
  out.etag = c.etag;
  return out;
}

/** A uuid-shaped id derived from a seed: the same on every read and after a restart. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const FACTORY_SERVER_KEYS = new Set(['id', 'name', 'type', 'etag', 'properties']);

/** The factory as GET returns it: name, id, type, properties (+ server fields), eTag (quoted), then the rest (§5). */
export function renderFactory(f: FactoryEntry): Record<string, unknown> {
  const props = isObject(f.doc.properties) ? f.doc.properties : {};
  const out: Record<string, unknown> = {
    name: f.name,
    id: factoryId(f),
    type: 'Microsoft.DataFactory/factories',
    properties: { ...props, provisioningState: 'Succeeded', createTime: f.createTime, version: '2018-06-01' },
    eTag: `"${f.etag}"`,
  };
  for (const [k, v] of Object.entries(f.doc)) {
    if (FACTORY_SERVER_KEYS.has(k.toLowerCase())) continue;
    out[k] =
      k.toLowerCase() === 'identity' && isObject(v) && f.principalId
        ? { ...v, principalId: f.principalId, tenantId: f.tenantId }
        : v;
  }
  if (!('tags' in out)) out.tags = {};
  return out;
}

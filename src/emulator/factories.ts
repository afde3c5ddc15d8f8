import { randomUUID } from 'node:crypto';
import { GLOBAL_PARAMETERS } from './collections.js';
import { nextLink, type HandlerContext, type HandlerRequest, type Reply } from './context.js';
import { etagMatches, getCI, stableUuid, isObject, maskDocument, newEtag, renderFactory } from './documents.js';
import { assertName, factoryNotFound, methodNotAllowed, preconditionFailed } from './errors.js';
import { EmulatorError } from './http.js';
import type { FactoryPath } from './routes.js';
import { sameLocation } from './resource-groups.js';
import { FACTORY_NAME } from './rules.js';
import { childKey, factoryKey, type FactoryEntry, type Mutation } from './store.js';

/** The factory at this path: it must exist under this subscription and resource group (names case-insensitive). */
export function factoryAt(ctx: HandlerContext, fp: FactoryPath): FactoryEntry | undefined {
  const f = ctx.store.getFactory(fp.factory);
  if (!f || f.sub.toLowerCase() !== fp.sub.toLowerCase() || f.rg.toLowerCase() !== fp.rg.toLowerCase())
    return undefined;
  return f;
}

export function requireFactory(ctx: HandlerContext, fp: FactoryPath): FactoryEntry {
  const f = factoryAt(ctx, fp);
  if (!f) throw factoryNotFound(fp.factory, fp.rg);
  return f;
}

/** The factory as returned, its global parameters read from the `default` set (one map, two views). */
export function renderFactoryWithParameters(ctx: HandlerContext, f: FactoryEntry): Record<string, unknown> {
  const out = renderFactory(f);
  const set = ctx.store.getChild(f.name, GLOBAL_PARAMETERS.key, undefined, 'default');
  if (set && isObject(set.doc.properties))
    (out.properties as Record<string, unknown>).globalParameters = set.doc.properties;
  return out;
}

export function listFactories(ctx: HandlerContext, req: HandlerRequest, sub: string, rg?: string): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const after = req.query.get('$skipToken') ?? undefined;
  const all = ctx.store.listFactories(sub, rg).filter((f) => after === undefined || f.name.toLowerCase() > after);
  const page = all.slice(0, ctx.pageSize);
  const body: Record<string, unknown> = { value: page.map((f) => renderFactoryWithParameters(ctx, f)) };
  if (all.length > page.length) body.nextLink = nextLink(req, page[page.length - 1].name);
  return { status: 200, body };
}

export function handleFactory(ctx: HandlerContext, req: HandlerRequest, fp: FactoryPath): Reply {
  switch (req.method) {
    case 'GET': {
      const f = requireFactory(ctx, fp);
      const inm = req.headers['if-none-match'];
      if (inm && etagMatches(inm, f.etag)) return { status: 304 };
      return { status: 200, body: renderFactoryWithParameters(ctx, f) };
    }
    case 'PUT':
      return putFactory(ctx, req, fp);
    case 'PATCH':
      return patchFactory(ctx, req, fp);
    case 'DELETE': {
      const f = factoryAt(ctx, fp);
      if (!f) return { status: 204 };
      checkIfMatch(req, f.etag, `factory '${f.name}'`);
      ctx.store.commit([{ key: factoryKey(f.name), entry: null }]);
      return { status: 200, committed: true };
    }
    default:
      throw methodNotAllowed(req.method);
  }
}

function putFactory(ctx: HandlerContext, req: HandlerRequest, fp: FactoryPath): Reply {
  assertName(fp.factory, FACTORY_NAME, 'factory');
  const existing = ctx.store.getFactory(fp.factory);
  if (
    existing &&
    (existing.sub.toLowerCase() !== fp.sub.toLowerCase() || existing.rg.toLowerCase() !== fp.rg.toLowerCase())
  ) {
    throw new EmulatorError(
      409,
      'DataFactoryNameInUse',
      `The specified resource name '${fp.factory}' is already in use. Resource names must be globally unique.`,
    );
  }
  checkConditions(req, existing?.etag, `factory '${fp.factory}'`);
  const body = req.body;
  if (!body)
    throw new EmulatorError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: the body is empty.',
    );
  // ARM itself refuses a tracked resource without a location (PUT replaces the whole factory, updates too).
  if (typeof body.location !== 'string' || body.location.trim() === '') {
    throw new EmulatorError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  if (existing) checkLocationUnchanged(existing, body.location, fp.rg);
  const doc = maskDocument(body);
  const entry: FactoryEntry = {
    t: 'factory',
    sub: existing?.sub ?? fp.sub,
    rg: existing?.rg ?? fp.rg,
    name: existing?.name ?? fp.factory,
    doc,
    etag: newEtag(),
    createTime: existing?.createTime ?? new Date(ctx.now()).toISOString(),
  };
  withIdentity(entry, existing);
  const muts: Mutation[] = [{ key: factoryKey(entry.name), entry }];
  // One map, two views: the factory's globalParameters become the `default` set of the child API, and a factory
  // PUT without them leaves none (the PUT replaces the factory's properties).
  const gp = isObject(doc.properties) ? getCI(doc.properties, 'globalParameters').value : undefined;
  const prev = ctx.store.getChild(entry.name, GLOBAL_PARAMETERS.key, undefined, 'default');
  const setKey = childKey(entry.name, GLOBAL_PARAMETERS.key, undefined, 'default');
  if (isObject(gp)) {
    muts.push({
      key: setKey,
      entry: {
        t: 'child',
        factory: entry.name.toLowerCase(),
        coll: GLOBAL_PARAMETERS.key,
        name: prev?.name ?? 'default',
        doc: { properties: gp },
        etag: newEtag(),
      },
    });
  } else if (prev) {
    muts.push({ key: setKey, entry: null });
  }
  ctx.store.commit(muts);
  return { status: 200, body: renderFactoryWithParameters(ctx, entry), committed: true };
}

function patchFactory(ctx: HandlerContext, req: HandlerRequest, fp: FactoryPath): Reply {
  const f = requireFactory(ctx, fp);
  checkConditions(req, f.etag, `factory '${fp.factory}'`);
  const body = maskDocument(req.body ?? {});
  const location = getCI(body, 'location').value;
  if (typeof location === 'string') checkLocationUnchanged(f, location, fp.rg);
  const doc = { ...f.doc };
  for (const field of ['tags', 'identity']) {
    const { value } = getCI(body, field);
    if (value === undefined) continue;
    const existingKey = getCI(doc, field).key ?? field;
    doc[existingKey] = value;
  }
  // FactoryUpdateParameters.properties (publicNetworkAccess today): each sent property replaces the stored one.
  const sent = getCI(body, 'properties').value;
  if (isObject(sent)) {
    const propsKey = getCI(doc, 'properties').key ?? 'properties';
    const props = { ...(isObject(doc[propsKey]) ? (doc[propsKey] as Record<string, unknown>) : {}) };
    for (const [k, v] of Object.entries(sent)) props[getCI(props, k).key ?? k] = v;
    doc[propsKey] = props;
  }
  const entry: FactoryEntry = { ...f, doc, etag: newEtag() };
  withIdentity(entry, f);
  ctx.store.commit([{ key: factoryKey(entry.name), entry }]);
  return { status: 200, body: renderFactoryWithParameters(ctx, entry), committed: true };
}

/** A SystemAssigned identity gains principalId and tenantId, kept across updates (§5). */
function withIdentity(entry: FactoryEntry, previous: FactoryEntry | undefined): void {
  const identity = getCI(entry.doc, 'identity').value;
  const type = isObject(identity) ? String(getCI(identity, 'type').value ?? '') : '';
  if (/systemassigned/i.test(type)) {
    entry.principalId = previous?.principalId ?? randomUUID();
    entry.tenantId = tenantOf(entry.sub);
  } else {
    delete entry.principalId;
    delete entry.tenantId;
  }
}

/**
 * Chosen: the emulator has no tenants, so each subscription gets one, stable tenant id (a hash of its id): every
 * identity in a subscription then shows the same tenantId, as in Azure.
 */
export function tenantOf(sub: string): string {
  return stableUuid(`tenant:${sub.toLowerCase()}`);
}

/** `location` is create-only (`x-ms-mutability: create, read`): ARM refuses a write that moves the factory. */
function checkLocationUnchanged(f: FactoryEntry, location: string, rg: string): void {
  const stored = getCI(f.doc, 'location').value;
  if (typeof stored !== 'string' || sameLocation(stored, location)) return;
  throw new EmulatorError(
    409,
    'InvalidResourceLocation',
    `The resource '${f.name}' already exists in location '${stored}' in resource group '${rg}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
  );
}

/** DELETE: an If-Match that does not match the existing entity is 412 (a missing one is simply absent: 204). */
export function checkIfMatch(req: HandlerRequest, etag: string, what: string): void {
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined && !etagMatches(ifMatch, etag)) throw preconditionFailed(what);
}

/**
 * If-Match (quoted, unquoted or `*`) must match an existing entity; If-None-Match `*` must find none.
 * 412 otherwise (§2: the Azure API guidelines' answer; ADF declares no 412).
 */
export function checkConditions(req: HandlerRequest, etag: string | undefined, what: string): void {
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined && (etag === undefined || !etagMatches(ifMatch, etag))) throw preconditionFailed(what);
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && etag !== undefined && etagMatches(ifNoneMatch, etag)) throw preconditionFailed(what);
}

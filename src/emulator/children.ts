import {
  collectionOfKind,
  GLOBAL_PARAMETERS,
  INTEGRATION_RUNTIMES,
  TRIGGERS,
  VNETS,
  type Collection,
} from './collections.js';
import { nextLink, type HandlerContext, type HandlerRequest, type Reply } from './context.js';
import { etagMatches, getCI, isObject, maskDocument, newEtag, renderChild } from './documents.js';
import { assertName, badRequest, childNotFound, methodNotAllowed, triggerEnabled } from './errors.js';
import { checkConditions, checkIfMatch, requireFactory } from './factories.js';
import { EmulatorError } from './http.js';
import type { FactoryPath } from './routes.js';
import { BUILT_IN_RUNTIME, referencesIn } from './rules.js';
import { childKey, factoryKey, type ChildEntry, type FactoryEntry, type Mutation } from './store.js';
import { secretsOf } from './runtime/storage/secrets.js';

type ChildRoute = FactoryPath & { coll: Collection; parent?: string };

/** Type names the service normalises in global parameters (`int` -> `Int`, adf-rest-facts §5). */
const PARAMETER_TYPES = new Map(['String', 'Int', 'Float', 'Bool', 'Array', 'Object'].map((t) => [t.toLowerCase(), t]));

function render(c: ChildEntry, coll: Collection, f: FactoryEntry): Record<string, unknown> {
  const out = renderChild(c, coll, f);
  if (coll !== GLOBAL_PARAMETERS || !isObject(out.properties)) return out;
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(out.properties)) {
    const type = isObject(v) && typeof v.type === 'string' ? PARAMETER_TYPES.get(v.type.toLowerCase()) : undefined;
    props[k] = type ? { ...(v as Record<string, unknown>), type } : v;
  }
  return { ...out, properties: props };
}

/** A private endpoint's VNet must exist (chosen: 404 NotFound naming it). Returns the VNet's stored name. */
function requireParent(ctx: HandlerContext, f: FactoryEntry, route: ChildRoute): string | undefined {
  if (!route.coll.nested) return undefined;
  const vnet = ctx.store.getChild(f.name, VNETS.key, undefined, route.parent!);
  if (!vnet) throw childNotFound(VNETS.label, route.parent!, f.name);
  return vnet.name;
}

export function listChildren(ctx: HandlerContext, req: HandlerRequest, route: ChildRoute): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const f = requireFactory(ctx, route);
  const parent = requireParent(ctx, f, route);
  const after = req.query.get('$skipToken') ?? undefined;
  const page = ctx.store.listChildren(f.name, route.coll.key, parent, after, ctx.pageSize);
  const body: Record<string, unknown> = { value: page.items.map((c) => render(c, route.coll, f)) };
  if (page.more) body.nextLink = nextLink(req, page.items[page.items.length - 1].name);
  return { status: 200, body };
}

export function handleChild(ctx: HandlerContext, req: HandlerRequest, route: ChildRoute & { name: string }): Reply {
  const f = requireFactory(ctx, route);
  const parent = requireParent(ctx, f, route);
  const existing = ctx.store.getChild(f.name, route.coll.key, parent, route.name);
  switch (req.method) {
    case 'GET': {
      if (!existing) throw childNotFound(route.coll.label, route.name, f.name);
      const inm = req.headers['if-none-match'];
      if (inm && route.coll.notModified && etagMatches(inm, existing.etag)) return { status: 304 };
      return { status: 200, body: render(existing, route.coll, f) };
    }
    case 'PUT':
      return putChild(ctx, req, route, f, parent, existing);
    case 'DELETE':
      return deleteChild(ctx, req, route, f, existing);
    case 'PATCH':
      return patchRuntime(ctx, req, route, f, existing);
    default:
      throw methodNotAllowed(req.method);
  }
}

function putChild(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: ChildRoute & { name: string },
  f: FactoryEntry,
  parent: string | undefined,
  existing?: ChildEntry,
): Reply {
  const coll = route.coll;
  assertName(route.name, coll.nameRule, coll.label);
  checkConditions(req, existing?.etag, `${coll.label} '${route.name}'`);
  if (existing?.runtimeState === 'Started' && coll === TRIGGERS) throw triggerEnabled();
  const body = req.body;
  if (!body)
    throw new EmulatorError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: the body is empty.',
    );
  const props = body.properties;
  if (props !== undefined && !isObject(props))
    throw badRequest(`'properties' must be an object in the ${coll.label} '${route.name}'.`);
  if (coll.propertiesRequired && props === undefined)
    throw badRequest(
      `The ${coll.label} '${route.name}' has no 'properties': the request body must be {"properties": {...}}.`,
    );
  if (coll.maxBytes !== undefined) {
    const max = coll.maxBytes === 'object' ? (ctx.maxObjectBytes ?? 100 * 1024) : coll.maxBytes;
    const size = Buffer.byteLength(JSON.stringify(body));
    if (size > max)
      throw badRequest(
        `The ${coll.label} '${route.name}' is ${size} bytes; the limit per ${coll.label} is ${max} bytes.`,
      );
  }
  if (!existing && coll !== GLOBAL_PARAMETERS && ctx.store.countEntities(f.name) >= ctx.maxEntitiesPerFactory) {
    throw badRequest(
      `The factory '${f.name}' already holds ${ctx.maxEntitiesPerFactory} entities, the most a factory can hold.`,
    );
  }
  const doc = maskDocument(body, coll.kind);
  checkReferences(ctx, f, coll, route.name, doc);
  const entry: ChildEntry = {
    t: 'child',
    factory: f.name.toLowerCase(),
    coll: coll.key,
    name: existing?.name ?? route.name,
    doc,
    etag: newEtag(),
  };
  if (parent !== undefined) entry.parent = parent;
  const runtimeState = existing?.runtimeState ?? initialState(coll, doc);
  if (runtimeState !== undefined) entry.runtimeState = runtimeState;
  if (existing?.nodes) entry.nodes = existing.nodes; // an update does not unregister a self-hosted IR's nodes
  ctx.store.commit([{ key: childKey(f.name, coll.key, parent, entry.name), entry }]);
  secretsOf(ctx.store).keep(f.name, coll.kind, entry.name, body); // clear secrets for data activities, memory only
  return { status: 200, body: render(entry, coll, f), committed: true };
}

/**
 * Every reference must resolve (case-insensitively), except the built-in IR, expressions, a self reference and
 * managed VNet references (chosen: unverified, and ADF Studio creates the `default` VNet implicitly; the corpus
 * has an IR pointing at an undeclared `default`).
 */
function checkReferences(
  ctx: HandlerContext,
  f: FactoryEntry,
  coll: Collection,
  name: string,
  doc: Record<string, unknown>,
): void {
  for (const ref of referencesIn(doc.properties)) {
    if (ref.kind === 'ManagedVirtualNetwork') continue;
    if (ref.kind === 'IntegrationRuntime' && ref.name.toLowerCase() === BUILT_IN_RUNTIME) continue;
    if (ref.kind === coll.kind && ref.name.toLowerCase() === name.toLowerCase()) continue;
    const target = collectionOfKind(ref.kind);
    if (ctx.store.getChild(f.name, target.key, undefined, ref.name)) continue;
    throw badRequest(
      `The document creation or update failed because of invalid reference '${ref.name.toLowerCase()}'.`,
      `${target.idSegment}/${ref.name}`,
    );
  }
}

function deleteChild(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: ChildRoute & { name: string },
  f: FactoryEntry,
  existing?: ChildEntry,
): Reply {
  const coll = route.coll;
  if (!coll.deletable) throw methodNotAllowed('DELETE');
  if (!existing) return { status: 204 };
  checkIfMatch(req, existing.etag, `${coll.label} '${existing.name}'`);
  if (coll === TRIGGERS && existing.runtimeState === 'Started') throw triggerEnabled();
  if (coll.kind) {
    const referrer = ctx.store.firstReferrer(f.name, coll.kind, existing.name, existing.parent);
    if (referrer !== undefined) {
      throw badRequest(
        `The document cannot be deleted since it is referenced by ${referrer}.`,
        `/Microsoft.DataFactory/factories/${f.name}/${coll.idSegment}/${existing.name}`,
      );
    }
  }
  const muts: Mutation[] = [{ key: childKey(f.name, coll.key, existing.parent, existing.name), entry: null }];
  if (coll === GLOBAL_PARAMETERS && existing.name.toLowerCase() === 'default') {
    // The factory view of the same map goes too.
    const props = f.doc.properties;
    const gpKey = isObject(props) ? getCI(props, 'globalParameters').key : undefined;
    if (gpKey && isObject(props)) {
      const { [gpKey]: _dropped, ...rest } = props;
      muts.push({ key: factoryKey(f.name), entry: { ...f, doc: { ...f.doc, properties: rest } } });
    }
  }
  ctx.store.commit(muts);
  secretsOf(ctx.store).forget(f.name, coll.kind, existing.name);
  return { status: 200, committed: true };
}

/** IR PATCH (UpdateIntegrationRuntimeRequest): chosen, its fields are merged into `properties`. */
function patchRuntime(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: ChildRoute & { name: string },
  f: FactoryEntry,
  existing?: ChildEntry,
): Reply {
  if (route.coll !== INTEGRATION_RUNTIMES) throw methodNotAllowed('PATCH');
  if (!existing) throw childNotFound(route.coll.label, route.name, f.name);
  const update = maskDocument(req.body ?? {}, route.coll.kind);
  const props = isObject(existing.doc.properties) ? existing.doc.properties : {};
  const entry: ChildEntry = {
    ...existing,
    doc: { ...existing.doc, properties: { ...props, ...update } },
    etag: newEtag(),
  };
  ctx.store.commit([{ key: childKey(f.name, route.coll.key, undefined, entry.name), entry }]);
  return { status: 200, body: render(entry, route.coll, f), committed: true };
}

/**
 * A new trigger is Stopped; a new managed (Azure-SSIS) IR is Initial. A self-hosted IR gets no `state` in its
 * document (the examples show none: its state is the nodes', read through getStatus).
 */
function initialState(coll: Collection, doc: Record<string, unknown>): string | undefined {
  if (coll === TRIGGERS) return 'Stopped';
  if (coll !== INTEGRATION_RUNTIMES) return undefined;
  const type = isObject(doc.properties) ? String(getCI(doc.properties, 'type').value ?? '') : '';
  return type.toLowerCase() === 'selfhosted' ? undefined : 'Initial';
}

import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerRequest, Reply } from '../context.js';
import { etagMatches, isObject } from '../documents.js';
import { badRequest, methodNotAllowed, preconditionFailed } from '../errors.js';
import { EmulatorError } from '../http.js';
import { V1_API_VERSION, V1_PAGE_SIZE, v1StateOf, type V1Factory } from './state.js';

/** Factory names (B1, V1DOCS naming rules): 3–63, letters/digits/dashes, every dash between letters or digits. */
const FACTORY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;

export function factoryIdOf(f: { sub: string; rg: string; name: string }): string {
  return `/subscriptions/${f.sub}/resourcegroups/${f.rg}/providers/Microsoft.DataFactory/datafactories/${f.name}`;
}

/** As the seed's sample shows it: location normalised, `error`/`errorMessage` null on success (B1). */
export function renderV1Factory(f: V1Factory): Record<string, unknown> {
  return {
    name: f.name,
    id: factoryIdOf(f),
    type: 'Microsoft.DataFactory/datafactories',
    location: f.location,
    tags: f.tags,
    properties: { dataFactoryId: f.dataFactoryId, provisioningState: 'Succeeded', error: null, errorMessage: null },
  };
}

export function v1FactoryNotFound(name: string, rg: string): EmulatorError {
  // Chosen: the ARM 404 of V2 with the V1 type (a missing factory's answer is unverified, B1).
  return new EmulatorError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.DataFactory/datafactories/${name}' under resource group '${rg}' was not found.`,
  );
}

/** The factory at this path (same subscription and resource group, names case-insensitive). */
export function v1FactoryAt(
  ctx: HandlerContext,
  p: { sub: string; rg: string; factory: string },
): V1Factory | undefined {
  const f = v1StateOf(ctx).factories.get(p.factory.toLowerCase());
  if (!f || f.sub.toLowerCase() !== p.sub.toLowerCase() || f.rg.toLowerCase() !== p.rg.toLowerCase()) return undefined;
  return f;
}

export function requireV1Factory(ctx: HandlerContext, p: { sub: string; rg: string; factory: string }): V1Factory {
  const f = v1FactoryAt(ctx, p);
  if (!f) throw v1FactoryNotFound(p.factory, p.rg);
  return f;
}

export function checkV1IfMatch(req: HandlerRequest, etag: string | undefined, what: string): void {
  const im = req.headers['if-match'];
  if (im === undefined) return;
  if (etag === undefined || !etagMatches(im, etag)) throw preconditionFailed(what);
}

/** List by resource group (B1) or by subscription (chosen: unverified for V1), 100 a page, `$skipToken`. */
export function listV1Factories(ctx: HandlerContext, req: HandlerRequest, sub: string, rg?: string): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const after = req.query.get('$skipToken') ?? undefined;
  const all = [...v1StateOf(ctx).factories.values()]
    .filter(
      (f) => f.sub.toLowerCase() === sub.toLowerCase() && (rg === undefined || f.rg.toLowerCase() === rg.toLowerCase()),
    )
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
    .filter((f) => after === undefined || f.name.toLowerCase() > after);
  const page = all.slice(0, V1_PAGE_SIZE);
  const body: Record<string, unknown> = { value: page.map(renderV1Factory) };
  if (all.length > page.length) {
    const last = page[page.length - 1].name.toLowerCase();
    body.nextLink = `${ctx.baseUrl()}${req.pathname}?api-version=${V1_API_VERSION}&%24skipToken=${encodeURIComponent(last)}`;
  }
  return { status: 200, body };
}

export function handleV1Factory(
  ctx: HandlerContext,
  req: HandlerRequest,
  p: { sub: string; rg: string; factory: string },
): Reply {
  switch (req.method) {
    case 'GET': {
      const f = requireV1Factory(ctx, p);
      return { status: 200, body: renderV1Factory(f), headers: { etag: f.etag } };
    }
    case 'PUT':
      return putV1Factory(ctx, req, p);
    case 'DELETE': {
      const f = v1FactoryAt(ctx, p);
      // Chosen: a missing factory deletes as a no-op, like V2 (unverified for V1, B1).
      if (!f) return { status: 204 };
      checkV1IfMatch(req, f.etag, `data factory '${f.name}'`);
      v1StateOf(ctx).factories.delete(f.name.toLowerCase());
      return { status: 200, committed: true };
    }
    default:
      throw methodNotAllowed(req.method);
  }
}

function putV1Factory(
  ctx: HandlerContext,
  req: HandlerRequest,
  p: { sub: string; rg: string; factory: string },
): Reply {
  const name = p.factory;
  if (name.length < 3 || name.length > 63 || !FACTORY_NAME.test(name))
    throw new EmulatorError(
      400,
      'InvalidResourceName',
      `Invalid data factory name '${name}': 3 to 63 characters, letters, digits and dashes, starting with a letter or digit, every dash between letters or digits.`,
    );
  const body = req.body;
  if (!body) throw badRequest('The request body is empty: expected {"name", "location", "tags", "properties"}.');
  if (typeof body.location !== 'string' || body.location.trim() === '')
    throw badRequest("The data factory needs a 'location' (a string).", 'location');
  if (body.name !== undefined && typeof body.name !== 'string') throw badRequest("'name' must be a string.", 'name');
  if (body.tags !== undefined && body.tags !== null && !isObject(body.tags))
    throw badRequest("'tags' must be an object.", 'tags');
  const state = v1StateOf(ctx);
  const existing = state.factories.get(name.toLowerCase());
  const same =
    existing && existing.sub.toLowerCase() === p.sub.toLowerCase() && existing.rg.toLowerCase() === p.rg.toLowerCase();
  if (existing && !same)
    // Names are global (B1); the message is the documented one, the status and code are chosen (unverified).
    throw new EmulatorError(409, 'DataFactoryNameNotAvailable', `Data factory name "${name}" is not available`);
  checkV1IfMatch(req, existing?.etag, `data factory '${name}'`);
  if (req.headers['if-none-match'] === '*' && existing) throw preconditionFailed(`data factory '${name}'`);
  const f: V1Factory = {
    sub: p.sub,
    rg: p.rg,
    name: existing?.name ?? name,
    // "West US" → "westus" (B1, the seed's sample).
    location: body.location.replace(/\s+/g, '').toLowerCase(),
    tags: isObject(body.tags) ? body.tags : {},
    dataFactoryId: existing?.dataFactoryId ?? randomUUID(),
    etag: `"${randomUUID()}"`,
    children: existing?.children ?? { linkedservices: new Map(), datasets: new Map(), datapipelines: new Map() },
  };
  state.factories.set(name.toLowerCase(), f);
  const location = `${ctx.baseUrl()}${factoryIdOf(f)}?api-version=${V1_API_VERSION}`;
  // 201 on create as in the seed's sample ("Created"), 200 on update (C8).
  return {
    status: existing ? 200 : 201,
    body: renderV1Factory(f),
    committed: true,
    headers: { location, etag: f.etag },
  };
}

import type { HandlerContext, HandlerRequest, Reply } from './context.js';
import { getCI, isObject } from './documents.js';
import { methodNotAllowed } from './errors.js';
import { EmulatorError } from './http.js';
import { accepted, beginOperation } from './lro.js';
import { factoryKey, resourceGroupKey, type Mutation, type ResourceGroupEntry } from './store.js';

/** ARM's resource group name rule: word characters, `-`, `.`, `(`, `)`; 1 to 90; not ending with a period. */
const RG_NAME = /^[-\w.()]{1,90}$/;

/** ARM's answer for any call into a resource group that does not exist. */
export function resourceGroupNotFound(rg: string): EmulatorError {
  return new EmulatorError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
}

/**
 * In strict mode a factory call into a resource group nobody created is ARM's 404 ResourceGroupNotFound. In auto
 * mode (the sandbox default) every resource group exists.
 */
export function requireResourceGroup(ctx: HandlerContext, sub: string, rg: string): void {
  if (ctx.resourceGroups === 'strict' && !ctx.store.getResourceGroup(sub, rg)) throw resourceGroupNotFound(rg);
}

/** A resource group as ARM shows it. */
export function renderResourceGroup(g: ResourceGroupEntry): Record<string, unknown> {
  return {
    id: `/subscriptions/${g.sub}/resourceGroups/${g.name}`,
    name: g.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: g.location,
    ...(g.tags ? { tags: g.tags } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
}

/** ARM's location names compare without case or spaces ('West Europe' = 'westeurope'). */
export function sameLocation(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}

/** `/subscriptions/{sub}/resourcegroups/{rg}`: PUT, GET, HEAD, PATCH (tags), DELETE (with its factories). */
export function handleResourceGroup(ctx: HandlerContext, req: HandlerRequest, sub: string, rg: string): Reply {
  const existing = ctx.store.getResourceGroup(sub, rg);
  switch (req.method) {
    case 'HEAD':
      return { status: existing || ctx.resourceGroups === 'auto' ? 204 : 404 };
    case 'GET':
      if (existing) return { status: 200, body: renderResourceGroup(existing) };
      if (ctx.resourceGroups === 'auto')
        return { status: 200, body: renderResourceGroup({ t: 'rg', sub, name: rg, location: 'emulator' }) };
      throw resourceGroupNotFound(rg);
    case 'PUT':
      return putResourceGroup(ctx, req, sub, rg, existing);
    case 'PATCH': {
      if (!existing) throw resourceGroupNotFound(rg);
      const tags = getCI(req.body ?? {}, 'tags').value;
      const entry: ResourceGroupEntry = { ...existing, ...(isObject(tags) ? { tags } : {}) };
      ctx.store.commit([{ key: resourceGroupKey(sub, rg), entry }]);
      return { status: 200, body: renderResourceGroup(entry), committed: true };
    }
    case 'DELETE': {
      const factories = ctx.store.listFactories(sub, rg);
      if (!existing && factories.length === 0 && ctx.resourceGroups === 'strict') throw resourceGroupNotFound(rg);
      // ARM answers 202 and deletes in the background; here the contents go at once (committed with the 202)
      // and the Location answers 202 for `lroPolls` polls, then 200 (chosen: nothing is half-deleted locally).
      const muts: Mutation[] = factories.map((f) => ({ key: factoryKey(f.name), entry: null }));
      if (existing) muts.push({ key: resourceGroupKey(sub, rg), entry: null });
      ctx.store.commit(muts);
      const op = beginOperation(ctx);
      const version = encodeURIComponent(req.query.get('api-version') ?? '');
      return accepted(ctx, `${req.origin}/subscriptions/${sub}/operationresults/${op}?api-version=${version}`, true);
    }
    default:
      throw methodNotAllowed(req.method);
  }
}

function putResourceGroup(
  ctx: HandlerContext,
  req: HandlerRequest,
  sub: string,
  rg: string,
  existing: ResourceGroupEntry | undefined,
): Reply {
  if (!RG_NAME.test(rg) || rg.endsWith('.'))
    throw new EmulatorError(
      400,
      'InvalidResourceGroup',
      `The provided resource group name '${rg}' has these invalid characters: the name must be 1 to 90 letters, digits, '_', '-', '.', '(' or ')', and must not end with a period.`,
    );
  const location = getCI(req.body ?? {}, 'location').value;
  if (typeof location !== 'string' || location.trim() === '')
    throw new EmulatorError(400, 'LocationRequired', 'The location property is required for this definition.');
  if (existing && !sameLocation(existing.location, location))
    throw new EmulatorError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
    );
  const tags = getCI(req.body ?? {}, 'tags').value;
  const entry: ResourceGroupEntry = {
    t: 'rg',
    sub: existing?.sub ?? sub,
    name: existing?.name ?? rg,
    location: existing?.location ?? location,
    ...(isObject(tags) ? { tags } : {}),
  };
  ctx.store.commit([{ key: resourceGroupKey(sub, rg), entry }]);
  return { status: existing ? 200 : 201, body: renderResourceGroup(entry), committed: true };
}

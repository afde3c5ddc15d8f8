import type { HandlerContext, HandlerRequest, Reply } from './context.js';
import { getCI } from './documents.js';
import { methodNotAllowed } from './errors.js';
import { tenantOf } from './factories.js';
import { pollPending } from './lro.js';
import { renderResourceGroup } from './resource-groups.js';
import type { ResourceGroupEntry } from './store.js';

/**
 * ARM's subscription routes, as a client meets them (`az account show`, an SDK's `subscriptions.get`): every
 * subscription exists and is Enabled (chosen: the emulator has no subscriptions to create), with its one tenant.
 */
function renderSubscription(sub: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub}`,
    authorizationSource: 'RoleBased',
    subscriptionId: sub,
    tenantId: tenantOf(sub),
    displayName: `Emulator subscription ${sub}`,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
  };
}

/** `GET /subscriptions`: the subscriptions the emulator has seen (a factory or a resource group in them). */
export function listSubscriptions(ctx: HandlerContext, req: HandlerRequest): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const subs = new Map<string, string>();
  for (const s of ctx.store.knownSubscriptions()) subs.set(s.toLowerCase(), s);
  const value = [...subs.values()].sort().map(renderSubscription);
  return { status: 200, body: { value, count: { type: 'Total', value: value.length } } };
}

/** `GET /subscriptions/{sub}`. */
export function getSubscription(req: HandlerRequest, sub: string): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  return { status: 200, body: renderSubscription(sub) };
}

/**
 * `GET /subscriptions/{sub}/resourcegroups`: the groups created with PUT, and in `auto` mode also those that only
 * hold factories (they exist there without a PUT); paged like every list (nextLink with `$skiptoken`).
 */
export function listResourceGroups(ctx: HandlerContext, req: HandlerRequest, sub: string): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const groups = new Map<string, ResourceGroupEntry>();
  if (ctx.resourceGroups === 'auto')
    for (const f of ctx.store.listFactories(sub))
      groups.set(f.rg.toLowerCase(), { t: 'rg', sub, name: f.rg, location: locationOf(f.doc) });
  for (const g of ctx.store.listResourceGroups(sub)) groups.set(g.name.toLowerCase(), g);
  const after = (req.query.get('$skiptoken') ?? req.query.get('$skipToken') ?? '').toLowerCase();
  const all = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([k]) => after === '' || k > after)
    .map(([, g]) => g);
  const page = all.slice(0, ctx.pageSize);
  const body: Record<string, unknown> = { value: page.map(renderResourceGroup) };
  if (all.length > page.length) {
    // The caller's api-version (Microsoft.Resources has its own), on the origin it used.
    const q = new URLSearchParams({
      'api-version': req.query.get('api-version') ?? '',
      $skiptoken: page[page.length - 1].name.toLowerCase(),
    });
    body.nextLink = `${req.origin}${req.pathname}?${q.toString()}`;
  }
  return { status: 200, body };
}

function locationOf(doc: Record<string, unknown>): string {
  const l = getCI(doc, 'location').value;
  return typeof l === 'string' ? l : 'emulator';
}

/** GET `/subscriptions/{sub}/operationresults/{id}` (a resource group delete's Location): 202 while pending, then 200. */
export function handleArmOperationResult(ctx: HandlerContext, req: HandlerRequest, id: string): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const pending = pollPending(ctx, req, id);
  if (pending) return pending;
  // chosen: an id the emulator never handed out (or forgot in a restart) is a finished operation, as with 54.
  return { status: 200 };
}

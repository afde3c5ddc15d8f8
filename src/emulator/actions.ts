import { randomBytes, randomUUID } from 'node:crypto';
import { accepted, beginOperation, pollPending } from './lro.js';
import { nodeMonitoringData, nodesOf, renderNode } from './runtime-nodes.js';
import { CHANGE_DATA_CAPTURES, INTEGRATION_RUNTIMES, TRIGGERS, type Collection } from './collections.js';
import type { HandlerContext, HandlerRequest, Reply } from './context.js';
import { factoryId, getCI, isObject, MASK } from './documents.js';
import { badRequest, childNotFound, methodNotAllowed } from './errors.js';
import { requireFactory } from './factories.js';
import { GET_ACTIONS, LONG_RUNNING } from './operation-table.js';
import type { Action, FactoryPath } from './routes.js';
import { childKey, type ChildEntry, type FactoryEntry } from './store.js';

type ActionRoute = FactoryPath & { coll: Collection; name: string; action: Action };

function irType(ir: ChildEntry): string {
  const props = isObject(ir.doc.properties) ? ir.doc.properties : {};
  return String(getCI(props, 'type').value ?? '');
}

/** The IntegrationRuntimeStatusResponse of the examples (IntegrationRuntimes_GetStatus / _Start). */
function runtimeStatus(ir: ChildEntry, f: FactoryEntry): Record<string, unknown> {
  const type = irType(ir);
  if (type.toLowerCase() !== 'selfhosted')
    return { name: ir.name, properties: { dataFactoryName: f.name, state: ir.runtimeState ?? 'Initial', type } };
  // EX:IntegrationRuntimes_GetStatus (self-hosted): Online once a node is registered, with the nodes listed.
  const nodes = nodesOf(ir);
  const state = nodes.length > 0 ? 'Online' : 'NeedRegistration';
  return {
    name: ir.name,
    properties: { dataFactoryName: f.name, state, type, typeProperties: { nodes: nodes.map(renderNode) } },
  };
}

function operationLocation(req: HandlerRequest, f: FactoryEntry, ir: ChildEntry, action: string, op: string): string {
  const name = encodeURIComponent(ir.name);
  const segment = action === 'refreshobjectmetadata' ? 'refreshObjectMetadata' : action;
  return `${req.origin}${factoryId(f)}/integrationRuntimes/${name}/${segment}/operationresults/${op}?api-version=2018-06-01`;
}

function key(f: FactoryEntry, route: ActionRoute, name: string): string {
  return childKey(f.name, route.coll.key, undefined, name);
}

/** Trigger, integration runtime and change data capture actions (operation-table.ts lists them). */
export function handleAction(ctx: HandlerContext, req: HandlerRequest, route: ActionRoute): Reply {
  const id = `${route.coll.key}/${route.action}`;
  const verb = GET_ACTIONS.has(id) ? 'GET' : 'POST';
  const pollable = id === 'triggers/geteventsubscriptionstatus';
  if (req.method !== verb && !(pollable && req.method === 'POST')) throw methodNotAllowed(req.method);
  const f = requireFactory(ctx, route);
  const existing = ctx.store.getChild(f.name, route.coll.key, undefined, route.name);
  if (!existing) throw childNotFound(route.coll.label, route.name, f.name);
  if (route.coll === TRIGGERS) return triggerAction(ctx, req, route, f, existing);
  if (route.coll === CHANGE_DATA_CAPTURES) return cdcAction(ctx, route, f, existing);
  if (route.coll === INTEGRATION_RUNTIMES) return runtimeAction(ctx, req, route, f, existing);
  throw methodNotAllowed(req.method);
}

function triggerAction(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: ActionRoute,
  f: FactoryEntry,
  t: ChildEntry,
): Reply {
  const k = key(f, route, t.name);
  switch (route.action) {
    case 'geteventsubscriptionstatus':
      return { status: 200, body: { triggerName: t.name, status: t.eventSubscription ?? 'Disabled' } };
    case 'subscribetoevents':
    case 'unsubscribefromevents': {
      const status = route.action === 'subscribetoevents' ? 'Enabled' : 'Disabled';
      ctx.store.commit([{ key: k, entry: { ...t, eventSubscription: status } }]);
      // As EX:Triggers_SubscribeToEvents: 202, Location on getEventSubscriptionStatus.
      const location = `${req.origin}${factoryId(f)}/triggers/${encodeURIComponent(t.name)}/getEventSubscriptionStatus?api-version=2018-06-01`;
      return { status: 202, headers: { location, 'retry-after': String(ctx.lroRetryAfterSeconds) }, committed: true };
    }
    default: {
      const state = route.action === 'start' ? 'Started' : 'Stopped';
      ctx.store.commit([{ key: k, entry: { ...t, runtimeState: state } }]);
      return { status: 200, committed: true };
    }
  }
}

function cdcAction(ctx: HandlerContext, route: ActionRoute, f: FactoryEntry, c: ChildEntry): Reply {
  if (route.action === 'status') return { status: 200, body: c.runtimeState ?? 'Stopped' };
  const state = route.action === 'start' ? 'Running' : 'Stopped';
  ctx.store.commit([{ key: key(f, route, c.name), entry: { ...c, runtimeState: state } }]);
  return { status: 200, committed: true };
}

function runtimeAction(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: ActionRoute,
  f: FactoryEntry,
  ir: ChildEntry,
): Reply {
  const selfHosted = irType(ir).toLowerCase() === 'selfhosted';
  const onlySelfHosted = (what: string) => {
    if (!selfHosted)
      throw badRequest(`${what} is only supported for a self-hosted integration runtime; '${ir.name}' is not one.`);
  };
  const a = route.action;
  if (a === 'refreshobjectmetadata' || a === 'getobjectmetadata') {
    // SSIS catalog metadata lives on an Azure-SSIS (managed) runtime; the emulator hosts no SSIS catalog.
    if (selfHosted) throw badRequest(`'${ir.name}' is a self-hosted integration runtime: it has no SSIS catalog.`);
    if (a === 'getobjectmetadata') return { status: 200, body: { value: [] } };
    return accepted(ctx, operationLocation(req, f, ir, a, beginOperation(ctx)));
  }
  if (LONG_RUNNING.has(`integrationruntimes/${a}`)) {
    if (selfHosted)
      throw badRequest(`${a === 'start' ? 'Start' : 'Stop'} is only supported for a managed integration runtime.`);
    const state = a === 'start' ? 'Started' : 'Stopped';
    ctx.store.commit([{ key: key(f, route, ir.name), entry: { ...ir, runtimeState: state } }]);
    const op = beginOperation(ctx);
    return accepted(ctx, operationLocation(req, f, ir, a, op), true);
  }
  switch (a) {
    case 'getstatus':
      return { status: 200, body: runtimeStatus(ir, f) };
    case 'listauthkeys':
    case 'regenerateauthkey': {
      onlySelfHosted('Auth keys are');
      const k = key(f, route, ir.name);
      const keys = ctx.volatile.authKeys.get(k) ?? { authKey1: newAuthKey(f), authKey2: newAuthKey(f) };
      ctx.volatile.authKeys.set(k, keys);
      if (a === 'listauthkeys') return { status: 200, body: keys };
      const which = String(getCI(req.body ?? {}, 'keyName').value ?? '');
      if (which !== 'authKey1' && which !== 'authKey2')
        throw badRequest(`keyName must be 'authKey1' or 'authKey2', not '${which.slice(0, 40)}'.`);
      keys[which] = newAuthKey(f);
      return { status: 200, body: { [which]: keys[which] } };
    }
    case 'getconnectioninfo':
      onlySelfHosted('Connection info is');
      return {
        status: 200,
        body: {
          version: '5.0.0.0',
          publicKey: MASK,
          serviceToken: MASK,
          identityCertThumbprint: MASK,
          hostServiceUri: '',
          isIdentityCertExprired: false,
        },
      };
    case 'monitoringdata':
      return { status: 200, body: { name: ir.name, nodes: nodesOf(ir).map(nodeMonitoringData) } };
    case 'outboundnetworkdependenciesendpoints':
      return { status: 200, body: { value: [] } };
    case 'linkedintegrationruntime':
      onlySelfHosted('Sharing');
      return { status: 200, body: runtimeStatus(ir, f) };
    default:
      // upgrade, removeLinks, syncCredentials, enable/disableInteractiveQuery: accepted, nothing to model.
      return { status: 200 };
  }
}

function newAuthKey(f: FactoryEntry): string {
  return `IR@${randomUUID()}@${f.name}@emulator@${randomBytes(24).toString('base64')}`;
}

/** GET of a 202's Location: 202 while the operation is pending, then 200 with the runtime's status. */
export function handleOperationResult(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: ActionRoute & { id: string },
): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const f = requireFactory(ctx, route);
  const ir = ctx.store.getChild(f.name, route.coll.key, undefined, route.name);
  if (!ir) throw childNotFound(route.coll.label, route.name, f.name);
  const pending = pollPending(ctx, req, route.id);
  if (pending) return pending;
  // EX:IntegrationRuntimeObjectMetadata_Refresh: the operation's own status, not the runtime's.
  if (route.action === 'refreshobjectmetadata')
    return { status: 200, body: { status: 'Succeeded', name: route.id, properties: null, error: null } };
  return { status: 200, body: runtimeStatus(ir, f) };
}

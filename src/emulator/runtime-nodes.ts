import { INTEGRATION_RUNTIMES } from './collections.js';
import type { HandlerContext, HandlerRequest, Reply } from './context.js';
import { getCI, isObject } from './documents.js';
import { badRequest, childNotFound, methodNotAllowed } from './errors.js';
import { requireFactory } from './factories.js';
import { EmulatorError } from './http.js';
import type { FactoryPath } from './routes.js';
import { childKey, type ChildEntry, type RuntimeNode } from './store.js';

/** ADF's limit: a self-hosted integration runtime has at most four nodes. */
const MAX_NODES = 4;
/** The jobs a node runs at once unless its concurrentJobsLimit says otherwise (chosen: a typical machine's value). */
const MAX_CONCURRENT_JOBS = 20;

export function nodesOf(ir: ChildEntry): RuntimeNode[] {
  return Object.values(ir.nodes ?? {}).sort((a, b) => a.nodeName.localeCompare(b.nodeName));
}

/** A node as EX:IntegrationRuntimeNodes_Get shows it (machine facts the emulator has none of are fixed). */
export function renderNode(n: RuntimeNode): Record<string, unknown> {
  return {
    nodeName: n.nodeName,
    machineName: n.machineName,
    hostServiceUri: `https://${n.machineName.toLowerCase()}:8050/HostServiceRemote.svc/`,
    status: 'Online',
    capabilities: {
      serviceBusConnected: 'True',
      httpsPortEnabled: 'True',
      credentialInSync: 'True',
      connectedToResourceManager: 'True',
      nodeEnabled: 'True',
    },
    versionStatus: 'UpToDate',
    version: '5.0.0.0',
    registerTime: n.registerTime,
    lastConnectTime: n.registerTime,
    lastStartTime: n.registerTime,
    lastUpdateResult: 'None',
    isActiveDispatcher: true,
    ...(n.concurrentJobsLimit !== undefined ? { concurrentJobsLimit: n.concurrentJobsLimit } : {}),
    maxConcurrentJobs: MAX_CONCURRENT_JOBS,
  };
}

/** A node's line in EX:IntegrationRuntimes_GetMonitoringData (an idle machine). */
export function nodeMonitoringData(n: RuntimeNode): Record<string, unknown> {
  return {
    nodeName: n.nodeName,
    availableMemoryInMB: 16384,
    cpuUtilization: 0,
    concurrentJobsLimit: n.concurrentJobsLimit ?? MAX_CONCURRENT_JOBS,
    concurrentJobsRunning: 0,
    maxConcurrentJobs: MAX_CONCURRENT_JOBS,
    sentBytes: 0,
    receivedBytes: 0,
  };
}

function selfHostedRuntime(ctx: HandlerContext, route: FactoryPath & { name: string }): ChildEntry {
  const f = requireFactory(ctx, route);
  const ir = ctx.store.getChild(f.name, INTEGRATION_RUNTIMES.key, undefined, route.name);
  if (!ir) throw childNotFound(INTEGRATION_RUNTIMES.label, route.name, f.name);
  const props = isObject(ir.doc.properties) ? ir.doc.properties : {};
  if (String(getCI(props, 'type').value ?? '').toLowerCase() !== 'selfhosted')
    throw badRequest(`Nodes belong to a self-hosted integration runtime; '${ir.name}' is not one.`);
  return ir;
}

function commitNodes(ctx: HandlerContext, ir: ChildEntry, nodes: Record<string, RuntimeNode>): void {
  const entry: ChildEntry = { ...ir, nodes };
  if (Object.keys(nodes).length === 0) delete entry.nodes;
  ctx.store.commit([{ key: childKey(ir.factory, ir.coll, undefined, ir.name), entry }]);
}

/**
 * `F/integrationRuntimes/{ir}/nodes/{node}`: GET, PATCH `{concurrentJobsLimit}`, DELETE (200, 204 when absent);
 * `.../nodes/{node}/ipAddress` (POST). DF IntegrationRuntimeNodes_* + EX.
 */
export function handleRuntimeNode(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: FactoryPath & { name: string; node: string; ipAddress: boolean },
): Reply {
  const ir = selfHostedRuntime(ctx, route);
  const nodes = { ...(ir.nodes ?? {}) };
  const key = route.node.toLowerCase();
  const node = nodes[key];
  if (req.method === 'DELETE' && !route.ipAddress) {
    if (!node) return { status: 204 };
    delete nodes[key];
    commitNodes(ctx, ir, nodes);
    return { status: 200, committed: true };
  }
  if (!node) throw new EmulatorError(404, 'NotFound', `The node '${route.node}' was not found in '${ir.name}'.`);
  if (route.ipAddress) {
    if (req.method !== 'POST') throw methodNotAllowed(req.method);
    return { status: 200, body: { ipAddress: '127.0.0.1' } };
  }
  if (req.method === 'GET') return { status: 200, body: renderNode(node) };
  if (req.method !== 'PATCH') throw methodNotAllowed(req.method);
  const limit = getCI(req.body ?? {}, 'concurrentJobsLimit').value;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1))
    throw badRequest(`concurrentJobsLimit must be a positive integer, not ${JSON.stringify(limit).slice(0, 40)}.`);
  const updated: RuntimeNode = { ...node, ...(typeof limit === 'number' ? { concurrentJobsLimit: limit } : {}) };
  nodes[key] = updated;
  commitNodes(ctx, ir, nodes);
  return { status: 200, body: renderNode(updated), committed: true };
}

/**
 * `POST /emulator/integrationRuntimes/registerNode {authKey, nodeName, machineName?}`: what the self-hosted IR
 * software does on a machine, given one of the runtime's auth keys. Not ARM (no ARM client meets this path): the
 * emulator's way to give a self-hosted runtime nodes for a script to list, update and delete. chosen.
 */
export function registerNode(ctx: HandlerContext, req: HandlerRequest): Reply {
  if (req.method !== 'POST') throw methodNotAllowed(req.method);
  const body = req.body ?? {};
  const authKey = getCI(body, 'authKey').value;
  const nodeName = getCI(body, 'nodeName').value;
  if (typeof nodeName !== 'string' || !/^[A-Za-z0-9_.-]{1,150}$/.test(nodeName))
    throw badRequest("'nodeName' must be 1 to 150 letters, digits, '_', '.' or '-'.");
  // The key names its runtime: find the IR whose listAuthKeys handed it out.
  const owner = [...ctx.volatile.authKeys].find(([, k]) => k.authKey1 === authKey || k.authKey2 === authKey)?.[0];
  const [, factory, coll, , name] = (owner ?? '').split('/');
  const ir = owner ? ctx.store.getChild(factory, coll, undefined, name) : undefined;
  if (!ir) throw badRequest('The auth key is not a current key of any self-hosted integration runtime.');
  const nodes = { ...(ir.nodes ?? {}) };
  if (!nodes[nodeName.toLowerCase()] && Object.keys(nodes).length >= MAX_NODES)
    throw badRequest(`'${ir.name}' already has ${MAX_NODES} nodes, the most a self-hosted runtime can have.`);
  const machine = getCI(body, 'machineName').value;
  const node: RuntimeNode = {
    nodeName,
    machineName: typeof machine === 'string' && machine !== '' ? machine : nodeName.toUpperCase(),
    registerTime: new Date(ctx.now()).toISOString(),
  };
  nodes[nodeName.toLowerCase()] = node;
  commitNodes(ctx, ir, nodes);
  return { status: 200, body: renderNode(node), committed: true };
}

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { handleAction, handleOperationResult } from './actions.js';
import { handleChild, listChildren } from './children.js';
import {
  handleFactoryOperation,
  handleLocationOperation,
  listProviderOperations,
  notModelled,
} from './extra-operations.js';
import type { HandlerContext, HandlerRequest, Reply } from './context.js';
import { handleDeployment } from './deployments/handler.js';
import { handleFactory, listFactories } from './factories.js';
import type { FaultKind, FaultPlan } from './faults.js';
import { EmulatorError, armErrorBody, armHeaders, header, readJsonBody, send } from './http.js';
import { handleDebugSession, handleFactoryOperationResult } from './debug-sessions.js';
import { DEBUG_SESSION_OPERATIONS } from './operation-table.js';
import type { RequestGate } from './hold.js';
import { handleResourceGroup, requireResourceGroup } from './resource-groups.js';
import { handleRuntimeNode, registerNode } from './runtime-nodes.js';
import { getSubscription, handleArmOperationResult, listResourceGroups, listSubscriptions } from './subscriptions.js';
import { parseRoute } from './routes.js';
import { handleRuns, type RunApi } from './runtime/index.js';
import { dispatchV1, v1SubscriptionOf } from './v1/dispatch.js';
import { bucketOf, type BucketKind, type Throttle } from './throttle.js';

export const API_VERSION = '2018-06-01';
const SUPPORTED_VERSIONS = '2018-06-01, 2018-07-01-preview, 2017-09-01-preview, 2017-03-01-preview';

/** One finished exchange, for the request log. Status 0 = the connection was reset by fault injection. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** Wall-clock ISO time when the request arrived. */
  time: string;
}

export interface ServerParts {
  ctx: HandlerContext;
  throttle: Throttle;
  faults?: FaultPlan;
  latencyMs: number;
  slowMs: number;
  token?: string;
  /**
   * 'honour' (default): If-None-Match on PUT and If-Match on DELETE/PATCH/POST are enforced (412). 'ignore': only
   * the conditional headers the 2018-06-01 spec declares are (If-Match on PUT, If-None-Match on GET), to test a
   * client against a service that ignores the others.
   */
  conditionalHeaders?: 'honour' | 'ignore';
  sleep(ms: number): Promise<void>;
  onExchange(e: Exchange): void;
  /** The run engine's routes (SPEC section N). */
  runs?: RunApi;
  /** Called after a trigger action (start/stop): schedule triggers follow their runtime state. */
  onTriggerAction?(factory: string): void;
  /** Test hook (SPEC 600): holds requests past a point until the test releases them. */
  gate?: RequestGate;
}

/** The HTTP server: ARM checks (auth, api-version, throttling), fault injection, then the handlers. */
export function createEmulatorServer(parts: ServerParts): http.Server {
  return http.createServer((req, res) => {
    // Nothing may escape as an unhandled rejection (it would stop the process): drop the connection instead.
    serve(parts, req, res).catch(() => req.socket.destroy());
  });
}

async function serve(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = performance.now();
  const time = new Date().toISOString();
  const url = new URL(req.url ?? '/', 'http://emulator');
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = armHeaders(req);
  const log = (status: number) => parts.onExchange({ method, path: url.pathname, status, startedAt, time });
  const route = parseRoute(url.pathname);
  // Data Factory V1 (`datafactories`, 2015-10-01) has its own module and api-version: src/emulator/v1/.
  const v1Sub = v1SubscriptionOf(url.pathname);
  const sub = v1Sub ?? ('sub' in route ? route.sub : '');
  setRemaining(headers, method, parts.throttle.peek(sub));
  try {
    checkAuth(req, parts.token);
    // Deployments have Microsoft.Resources' own api-versions (checked by their handler).
    if (v1Sub === undefined && route.t !== 'deployment') checkApiVersion(url, ARM_ROUTES.has(route.t));
    const bucket = parts.throttle.take(sub, bucketOf(method));
    setRemaining(headers, method, bucket.remaining);
    if (bucket.retryAfter !== undefined) {
      const kind = bucketOf(method).replace(/s$/, '');
      throw new EmulatorError(
        429,
        'SubscriptionRequestsThrottled',
        `Number of '${kind}' requests for subscription '${sub}' exceeded. Please try again after '${bucket.retryAfter}' seconds after the additional tokens are available. Refer to https://aka.ms/arm-throttling`,
        null,
        { 'retry-after': String(bucket.retryAfter) },
      );
    }
    // A held request waits here, before any state change; dropped, it never commits (SPEC 600).
    const held = parts.gate?.pass(method);
    if (held && (await held) === 'drop') {
      req.socket.destroy();
      log(0);
      return;
    }
    // Faults come before the body is read and before any state change: a faulted write never commits.
    const fault = parts.faults?.next();
    if (fault && (await injectFault(fault, parts, req, res, headers, log))) return;
    if (parts.latencyMs > 0) await parts.sleep(parts.latencyMs);
    const body = method === 'PUT' || method === 'PATCH' || method === 'POST' ? await readJsonBody(req) : undefined;
    const hreq: HandlerRequest = {
      method,
      pathname: url.pathname,
      query: url.searchParams,
      headers: conditionalHeaders(lowerHeaders(req), method, parts.conditionalHeaders),
      body,
      origin: originOf(req, parts.ctx.baseUrl()),
    };
    const reply = v1Sub !== undefined ? dispatchV1(parts.ctx, hreq) : dispatch(parts.ctx, hreq, route, parts.runs);
    if (v1Sub === undefined && route.t === 'action' && route.coll.key === 'triggers' && reply.committed)
      parts.onTriggerAction?.(route.factory);
    if (fault === 'reset-after-commit' && reply.committed) {
      req.socket.destroy();
      log(0);
      return;
    }
    send(res, reply.status, reply.body, { ...headers, ...reply.headers });
    log(reply.status);
  } catch (err) {
    const armErr =
      err instanceof EmulatorError
        ? err
        : new EmulatorError(500, 'InternalServerError', `The emulator failed: ${(err as Error).message}`);
    send(res, armErr.status, armErrorBody(armErr), { ...headers, ...armErr.headers });
    log(armErr.status);
  }
}

function dispatch(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: ReturnType<typeof parseRoute>,
  runs: RunApi | undefined,
): Reply {
  // ARM answers for the resource group before the resource provider sees the call.
  if ('rg' in route && route.rg !== undefined && route.t !== 'resourceGroup')
    requireResourceGroup(ctx, route.sub, route.rg);
  switch (route.t) {
    case 'resourceGroup':
      return handleResourceGroup(ctx, req, route.sub, route.rg);
    case 'subscriptionList':
      return listSubscriptions(ctx, req);
    case 'subscription':
      return getSubscription(req, route.sub);
    case 'resourceGroupList':
      return listResourceGroups(ctx, req, route.sub);
    case 'armOperationResult':
      return handleArmOperationResult(ctx, req, route.id);
    case 'factoryOperationResult':
      return handleFactoryOperationResult(ctx, req, route);
    case 'runtimeNode':
      return handleRuntimeNode(ctx, req, route);
    case 'registerNode':
      return registerNode(ctx, req);
    case 'deployment':
      return handleDeployment(ctx, req, route, (inner) => dispatch(ctx, inner, parseRoute(inner.pathname), runs));
    case 'providerOperations':
      return listProviderOperations(req);
    case 'locationOperation':
      return handleLocationOperation(ctx, req, route);
    case 'factoryOperation':
      if (DEBUG_SESSION_OPERATIONS.has(route.op)) return handleDebugSession(ctx, req, route);
      return handleFactoryOperation(ctx, req, route);
    case 'operationResult':
      return handleOperationResult(ctx, req, route);
    case 'notModelled':
      throw notModelled(route.what);
    case 'factoryList':
      return listFactories(ctx, req, route.sub, route.rg);
    case 'factory':
      return handleFactory(ctx, req, route);
    case 'childList':
      return listChildren(ctx, req, route);
    case 'child':
      return handleChild(ctx, req, route);
    case 'action':
      return handleAction(ctx, req, route);
    case 'runs':
      if (runs) return handleRuns(ctx, runs, req, route);
      throw new EmulatorError(
        501,
        'NotImplemented',
        'Pipeline runs, activity runs and trigger runs are not supported: the run engine is not part of this emulator yet.',
      );
    case 'unknownType':
      throw new EmulatorError(
        404,
        'InvalidResourceType',
        `The resource type '${route.typeName}' could not be found in the namespace 'Microsoft.DataFactory' for api version '${API_VERSION}'.`,
      );
    case 'noRoute':
      throw new EmulatorError(
        404,
        'NotFound',
        `No route matches '${req.method} ${req.pathname}' in the ADF management API emulator.`,
      );
  }
}

/** Returns true when the fault answered (or killed) the request. `slow` and `reset-after-commit` continue. */
async function injectFault(
  fault: FaultKind,
  parts: ServerParts,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  log: (s: number) => void,
): Promise<boolean> {
  switch (fault) {
    case '500':
      send(
        res,
        500,
        armErrorBody(new EmulatorError(500, 'InternalServerError', 'Injected fault: internal server error.')),
        headers,
      );
      log(500);
      return true;
    case '503':
      send(
        res,
        503,
        armErrorBody(new EmulatorError(503, 'ServiceUnavailable', 'Injected fault: the service is unavailable.')),
        { ...headers, 'retry-after': '1' },
      );
      log(503);
      return true;
    case '429':
      send(res, 429, armErrorBody(new EmulatorError(429, 'TooManyRequests', 'Injected fault: too many requests.')), {
        ...headers,
        'retry-after': '1',
      });
      log(429);
      return true;
    case 'reset':
      req.socket.destroy();
      log(0);
      return true;
    case 'slow':
      await parts.sleep(parts.slowMs);
      return false;
    case 'reset-after-commit':
      return false;
  }
}

/** The quota header of the request's own class (adf-rest-facts §7; ARM sends only that one). */
function setRemaining(headers: Record<string, string>, method: string, remaining: Record<BucketKind, number>): void {
  const k = bucketOf(method);
  headers[`x-ms-ratelimit-remaining-subscription-${k}`] = String(remaining[k]);
}

/** In 'ignore' mode, drop the conditional headers the spec does not declare for this verb. */
function conditionalHeaders(
  headers: Record<string, string | undefined>,
  method: string,
  mode: 'honour' | 'ignore' | undefined,
): Record<string, string | undefined> {
  if (mode !== 'ignore') return headers;
  const out = { ...headers };
  if (method !== 'GET') delete out['if-none-match'];
  if (method !== 'PUT') delete out['if-match'];
  return out;
}

/** `http://<Host>` when the Host header is a plain host[:port]; otherwise the bind address. */
function originOf(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `http://${host}` : fallback;
}

function checkAuth(req: IncomingMessage, token: string | undefined): void {
  const auth = header(req, 'authorization');
  const www = {
    'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
  };
  if (auth === undefined)
    throw new EmulatorError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      null,
      www,
    );
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (!m)
    throw new EmulatorError(
      401,
      'AuthenticationFailedInvalidHeader',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      null,
      www,
    );
  if (token !== undefined && m[1] !== token)
    throw new EmulatorError(
      401,
      'InvalidAuthenticationToken',
      'The received access token is not valid: it is not the token this emulator was started with.',
      null,
      www,
    );
}

/** Routes of ARM itself (Microsoft.Resources), which has its own api-versions. */
const ARM_ROUTES = new Set([
  'resourceGroup',
  'resourceGroupList',
  'subscription',
  'subscriptionList',
  'armOperationResult',
]);

function checkApiVersion(url: URL, armRoute: boolean): void {
  const v = url.searchParams.get('api-version');
  if (v === null || v === '')
    throw new EmulatorError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  // chosen: any dated version of Microsoft.Resources is accepted (their answers here do not differ by version).
  if (armRoute && /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v)) return;
  if (v !== API_VERSION) {
    throw new EmulatorError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'emulator' and API version '${v}' for type 'factories'. The supported api-versions are '${SUPPORTED_VERSIONS}'. The supported locations are 'emulator'.`,
    );
  }
}

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

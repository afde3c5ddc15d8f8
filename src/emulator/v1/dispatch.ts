import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerRequest, Reply } from '../context.js';
import { EmulatorError } from '../http.js';
import { handleV1Child, listV1Children } from './entities.js';
import { handleV1Factory, listV1Factories } from './factories.js';
import { parseV1Route } from './routes.js';
import { V1_API_VERSION, v1StateOf } from './state.js';
import { listActivityWindows } from './windows.js';

export { v1SubscriptionOf } from './routes.js';

/** Answer one request under `Microsoft.DataFactory/datafactories` (api-version 2015-10-01). */
export function dispatchV1(ctx: HandlerContext, req: HandlerRequest): Reply {
  checkV1ApiVersion(req.query.get('api-version'));
  const reply = route(ctx, req);
  if (reply.committed) v1StateOf(ctx).save();
  return { ...reply, headers: { ...routingHeaders(ctx, req), ...reply.headers } };
}

function route(ctx: HandlerContext, req: HandlerRequest): Reply {
  const r = parseV1Route(req.pathname);
  switch (r.t) {
    case 'list':
      return listV1Factories(ctx, req, r.sub, r.rg);
    case 'factory':
      return handleV1Factory(ctx, req, r);
    case 'children':
      return listV1Children(ctx, req, r);
    case 'child':
      return handleV1Child(ctx, req, r);
    case 'windows':
      return listActivityWindows(ctx, req, r);
    case 'none':
      throw new EmulatorError(
        404,
        'NotFound',
        `No route matches '${req.method} ${req.pathname}' in the Data Factory V1 emulator.`,
      );
  }
}

function checkV1ApiVersion(v: string | null): void {
  if (v === null || v === '')
    throw new EmulatorError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  if (v !== V1_API_VERSION)
    throw new EmulatorError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'emulator' and API version '${v}' for type 'datafactories'. The supported api-versions are '${V1_API_VERSION}'.`,
    );
}

/** The seed's `x-ms-routing-request-id`: `<REGION>:<yyyyMMddTHHmmssZ>:<correlation id>` (B1). */
function routingHeaders(ctx: HandlerContext, req: HandlerRequest): Record<string, string> {
  const correlation = req.headers['x-ms-correlation-request-id'] ?? randomUUID();
  const stamp = new Date(ctx.now())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return {
    'x-ms-correlation-request-id': correlation,
    'x-ms-routing-request-id': `EMULATOR:${stamp}:${correlation}`,
  };
}

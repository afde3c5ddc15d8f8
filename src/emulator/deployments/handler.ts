import { isObject as isRecord } from '../documents.js';
import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerRequest, Reply } from '../context.js';
import { methodNotAllowed } from '../errors.js';
import { EmulatorError } from '../http.js';
import { TemplateError } from './expression.js';
import { readLinkedTemplate } from './linked-template.js';
import { prepareTemplate, type PreparedTemplate } from './prepare.js';

/** `.../resourcegroups/{rg}/providers/Microsoft.Resources/deployments/{name}[/operationStatuses/{id}]`. */
export interface DeploymentRoute {
  t: 'deployment';
  sub: string;
  rg: string;
  name: string;
  operation?: string;
}

/** Sends one request through the emulator's own handlers (the PUT of each resource). */
export type Dispatch = (req: HandlerRequest) => Reply;

const ADF_API_VERSION = '2018-06-01';
const DEPLOYMENT_NAME = /^[-\w.()]{1,64}$/;

interface DeploymentRecord {
  body: Record<string, unknown>;
  operation: string;
  status: 'Succeeded' | 'Failed';
  error?: Record<string, unknown>;
}

/** Deployments by `sub/rg/name` (lower-cased), per emulator. In memory only: a restart forgets them (chosen). */
const records = new WeakMap<HandlerContext, Map<string, DeploymentRecord>>();

function recordsOf(ctx: HandlerContext): Map<string, DeploymentRecord> {
  let m = records.get(ctx);
  if (!m) records.set(ctx, (m = new Map()));
  return m;
}

function deploymentId(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Resources/deployments/${name}`;
}

function checkDeploymentsApiVersion(query: URLSearchParams): string {
  const v = query.get('api-version');
  if (!v)
    throw new EmulatorError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v))
    throw new EmulatorError(400, 'InvalidApiVersionParameter', `The api-version '${v}' is invalid.`);
  return v;
}

function invalidTemplate(err: TemplateError): EmulatorError {
  return new EmulatorError(400, 'InvalidTemplate', `Deployment template validation failed: '${err.message}'`);
}

/** The template of a deployment body: inline `template`, or `templateLink.uri` read from the templates folder. */
function templateOf(ctx: HandlerContext, properties: Record<string, unknown>): unknown {
  if (properties.template !== undefined) return properties.template;
  if (isRecord(properties.templateLink)) return readLinkedTemplate(ctx, properties.templateLink.uri);
  throw new EmulatorError(
    400,
    'InvalidDeployment',
    "The deployment needs 'properties.template' or 'properties.templateLink'.",
  );
}

interface Outcome {
  outputResources: Array<{ id: string }>;
  error?: Record<string, unknown>;
}

/** Deploy a prepared template resource by resource, in dependency order; stops at the first failure. */
function deployPrepared(
  ctx: HandlerContext,
  req: HandlerRequest,
  prepared: PreparedTemplate,
  dispatch: Dispatch,
  route: DeploymentRoute,
): Outcome {
  const outputResources: Array<{ id: string }> = [];
  for (const r of prepared.resources) {
    if (!r.deploy) continue;
    try {
      if (r.type.toLowerCase() === 'microsoft.resources/deployments') {
        const nested = runDeployment(ctx, req, { ...route, name: r.name.split('/').pop() ?? r.name }, r.body, dispatch);
        if (nested.error) return { outputResources, error: nested.error };
        outputResources.push(...nested.outputResources);
        continue;
      }
      if (r.apiVersion !== ADF_API_VERSION)
        throw new EmulatorError(
          400,
          'NoRegisteredProviderFound',
          `No registered resource provider found for API version '${r.apiVersion}' of type '${r.type}'; the emulator serves ${ADF_API_VERSION}.`,
        );
      const reply = dispatch({
        method: 'PUT',
        pathname: r.id.split('/').map(encodeURIComponent).join('/'),
        query: new URLSearchParams({ 'api-version': ADF_API_VERSION }),
        headers: {},
        body: r.body,
        origin: req.origin,
      });
      if (reply.status >= 400)
        throw new EmulatorError(reply.status, 'ResourceDeploymentFailure', JSON.stringify(reply.body ?? {}));
      outputResources.push({ id: r.id });
    } catch (err) {
      const e =
        err instanceof EmulatorError ? err : new EmulatorError(500, 'InternalServerError', (err as Error).message);
      const inner = { code: e.code, message: e.message, target: r.id };
      return {
        outputResources,
        error: {
          code: 'DeploymentFailed',
          message: 'At least one resource deployment operation failed. Please list deployment operations for details.',
          details: [inner],
        },
      };
    }
  }
  return { outputResources };
}

/** Validate (400 on a bad template), then deploy; the record is kept for GET. */
function runDeployment(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: DeploymentRoute,
  body: Record<string, unknown> | undefined,
  dispatch: Dispatch,
): DeploymentRecord & Outcome {
  if (!DEPLOYMENT_NAME.test(route.name))
    throw new EmulatorError(
      400,
      'InvalidDeploymentName',
      `The deployment name '${route.name}' is invalid: 1 to 64 letters, digits, '-', '_', '.', '(' or ')'.`,
    );
  const properties = isRecord(body?.properties) ? body.properties : undefined;
  if (!properties) throw new EmulatorError(400, 'InvalidDeployment', "The deployment needs 'properties'.");
  const mode = String(properties.mode ?? '');
  if (mode.toLowerCase() !== 'incremental')
    throw new EmulatorError(
      400,
      'InvalidDeploymentMode',
      `The deployment mode '${mode}' is not supported by the emulator: only Incremental.`,
    );
  if (properties.parametersLink !== undefined)
    throw new EmulatorError(
      400,
      'InvalidDeployment',
      "'parametersLink' is not supported by the emulator: give 'parameters' inline.",
    );
  const template = templateOf(ctx, properties);
  const given = isRecord(properties.parameters) ? properties.parameters : {};
  let prepared: PreparedTemplate;
  try {
    const group = ctx.store.getResourceGroup(route.sub, route.rg);
    prepared = prepareTemplate(template, given, {
      sub: route.sub,
      rg: route.rg,
      rgLocation: group?.location ?? 'emulator',
    });
  } catch (err) {
    if (err instanceof TemplateError) throw invalidTemplate(err);
    throw err;
  }
  const started = ctx.now();
  const outcome = deployPrepared(ctx, req, prepared, dispatch, route);
  const status = outcome.error ? 'Failed' : 'Succeeded';
  const record: DeploymentRecord = {
    operation: randomUUID(),
    status,
    ...(outcome.error ? { error: outcome.error } : {}),
    body: {
      id: deploymentId(route.sub, route.rg, route.name),
      name: route.name,
      type: 'Microsoft.Resources/deployments',
      properties: {
        provisioningState: status,
        mode: 'Incremental',
        timestamp: new Date(ctx.now()).toISOString(),
        duration: `PT${((ctx.now() - started) / 1000).toFixed(3)}S`,
        correlationId: req.headers['x-ms-correlation-request-id'] ?? randomUUID(),
        // A secure parameter shows its type only (ARM never returns the value).
        parameters: Object.fromEntries(
          [...prepared.parameters.values()].map((p) => [
            p.name,
            p.type.toLowerCase().startsWith('secure') ? { type: p.type } : { type: p.type, value: p.value },
          ]),
        ),
        outputResources: outcome.outputResources,
        ...(outcome.error ? { error: outcome.error } : {}),
      },
    },
  };
  recordsOf(ctx).set(`${route.sub}/${route.rg}/${route.name}`.toLowerCase(), record);
  return { ...record, ...outcome };
}

/**
 * `Microsoft.Resources/deployments` in a resource group (SPEC section Q): PUT validates the template (400
 * InvalidTemplate naming the problem, nothing deployed), then deploys each resource through the emulator's own
 * PUT handling in dependsOn order and answers 201 `Accepted` with an Azure-AsyncOperation link; GET gives the
 * final provisioningState (Succeeded, or Failed with the error).
 */
export function handleDeployment(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: DeploymentRoute,
  dispatch: Dispatch,
): Reply {
  const apiVersion = checkDeploymentsApiVersion(req.query);
  const key = `${route.sub}/${route.rg}/${route.name}`.toLowerCase();
  if (route.operation !== undefined) {
    if (req.method !== 'GET') throw methodNotAllowed(req.method);
    const rec = recordsOf(ctx).get(key);
    if (!rec || rec.operation !== route.operation)
      throw new EmulatorError(
        404,
        'NotFound',
        `The operation '${route.operation}' of deployment '${route.name}' was not found.`,
      );
    return { status: 200, body: { status: rec.status, ...(rec.error ? { error: rec.error } : {}) } };
  }
  switch (req.method) {
    case 'GET': {
      const rec = recordsOf(ctx).get(key);
      if (!rec) throw new EmulatorError(404, 'DeploymentNotFound', `Deployment '${route.name}' could not be found.`);
      return { status: 200, body: rec.body };
    }
    case 'PUT': {
      const rec = runDeployment(ctx, req, route, req.body, dispatch);
      // The answer of an operation that has only been accepted: its outcome is read with GET.
      const { error: _error, ...props } = rec.body.properties as Record<string, unknown>;
      const status = `${req.origin}${deploymentId(route.sub, route.rg, route.name)}/operationStatuses/${rec.operation}?api-version=${apiVersion}`;
      return {
        status: 201,
        body: { ...rec.body, properties: { ...props, provisioningState: 'Accepted' } },
        committed: rec.outputResources.length > 0,
        headers: { 'azure-asyncoperation': status },
      };
    }
    default:
      throw methodNotAllowed(req.method);
  }
}

import { STATUS_CODES } from 'node:http';
import { AdfDeployError } from '../core/errors.js';
import type { HttpMethod } from './types.js';

/** What one attempt ended with: an HTTP status, or a network error (reset, timeout, refused). */
export type AttemptOutcome = number | 'network-error';

/** Retry history shared by both request errors, so apply can reason about what may have landed. */
export interface AttemptInfo {
  /** Attempts made (1 = no retry). */
  attempts: number;
  /** Outcome of every attempt, in order (the last one is this error's). */
  outcomes: AttemptOutcome[];
  /**
   * An earlier attempt ended with a network error or a timeout, so it may have reached the service and
   * committed. Apply: a 412 on a retried If-Match PUT/DELETE with this flag set does NOT prove a conflicting
   * change; the first attempt may have landed and changed the etag. Re-GET the resource and compare its body with
   * what was sent before reporting a conflict. (`priorAttemptMayHaveLanded` also covers earlier 5xx answers,
   * which ARM can return after the resource provider committed, e.g. a 504 gateway timeout.)
   */
  retriedAfterNetworkError: boolean;
  /** An earlier attempt ended with a network error or a 5xx (other than 503): it may have committed. */
  priorAttemptMayHaveLanded: boolean;
}

/** The CloudError body ARM and ADF return: { error: { code, message, target?, details? } }. */
export interface CloudErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: unknown;
}

export interface ArmErrorInit extends AttemptInfo {
  method: HttpMethod;
  /** The ARM path (or nextLink path), without the query string. */
  path: string;
  status: number;
  armCode: string;
  armMessage: string;
  target?: string;
  details?: unknown;
  /** x-ms-request-id of the failed answer (what Azure support asks for). */
  requestId?: string;
  clientRequestId?: string;
  /** Resource address ('Pipeline/Copy') when the caller gave one. */
  resource?: string;
  hint?: string;
}

/**
 * An error answer from ARM (after retries). The message has everything a user needs to act or to open a
 * support case: 'PUT Pipeline/Copy failed: 400 BadRequest: The document creation or update failed because of
 * invalid reference 'ds1'. (request id 1234...)'. Never holds the token or request headers.
 */
export class ArmError extends AdfDeployError implements AttemptInfo {
  readonly status: number;
  readonly armCode: string;
  readonly armMessage: string;
  readonly target?: string;
  readonly armDetails?: unknown;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly resource?: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly attempts: number;
  readonly outcomes: AttemptOutcome[];
  readonly retriedAfterNetworkError: boolean;
  readonly priorAttemptMayHaveLanded: boolean;

  constructor(init: ArmErrorInit) {
    super(`arm.${init.status}`, formatArmMessage(init), {
      fault: init.status >= 500 ? 'program' : 'user',
      hint: init.hint ?? hintFor(init.status, init.armCode),
      details: { status: init.status, armCode: init.armCode, target: init.target, requestId: init.requestId },
    });
    this.name = 'ArmError';
    this.status = init.status;
    this.armCode = init.armCode;
    this.armMessage = init.armMessage;
    this.target = init.target;
    this.armDetails = init.details;
    this.requestId = init.requestId;
    this.clientRequestId = init.clientRequestId;
    this.resource = init.resource;
    this.method = init.method;
    this.path = init.path;
    this.attempts = init.attempts;
    this.outcomes = init.outcomes;
    this.retriedAfterNetworkError = init.retriedAfterNetworkError;
    this.priorAttemptMayHaveLanded = init.priorAttemptMayHaveLanded;
  }
}

export interface ArmNetworkErrorInit extends AttemptInfo {
  method: HttpMethod;
  path: string;
  /** Origin of the endpoint ('https://management.azure.com'). */
  endpoint: string;
  /** 'ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', ... */
  errorCode: string;
  /** The transport's message ('socket hang up'); never includes headers. */
  detail: string;
  resource?: string;
  /** Refused before the endpoint ever answered: nothing listens there (a wrong URL, an emulator not started). */
  neverAnswered?: boolean;
}

/** The endpoint could not be reached (after retries, for idempotent calls). */
export class ArmNetworkError extends AdfDeployError implements AttemptInfo {
  readonly method: HttpMethod;
  readonly path: string;
  readonly endpoint: string;
  readonly errorCode: string;
  readonly resource?: string;
  readonly attempts: number;
  readonly outcomes: AttemptOutcome[];
  readonly retriedAfterNetworkError: boolean;
  readonly priorAttemptMayHaveLanded: boolean;

  constructor(init: ArmNetworkErrorInit) {
    const what = init.resource ?? init.path;
    const tries = init.attempts > 1 ? ` after ${init.attempts} attempts` : '';
    super(
      'arm.network',
      `${init.method} ${what} failed: could not reach ${init.endpoint}: ${init.errorCode} (${init.detail})${tries}`,
      { hint: networkHint(init) },
    );
    this.name = 'ArmNetworkError';
    this.method = init.method;
    this.path = init.path;
    this.endpoint = init.endpoint;
    this.errorCode = init.errorCode;
    this.resource = init.resource;
    this.attempts = init.attempts;
    this.outcomes = init.outcomes;
    this.retriedAfterNetworkError = init.retriedAfterNetworkError;
    this.priorAttemptMayHaveLanded = init.priorAttemptMayHaveLanded;
  }
}

/** Azure identity could not produce a token (no az login, no environment credentials...). */
export function authUnavailableError(reason: string): AdfDeployError {
  return new AdfDeployError('arm.auth', `could not get an Azure token: ${firstLines(reason, 6)}`, {
    hint:
      'sign in with `az login`, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (or AZURE_FEDERATED_TOKEN_FILE for ' +
      'workload identity / GitHub OIDC), or run where a managed identity is available; for the emulator use --endpoint or --local',
  });
}

function formatArmMessage(init: ArmErrorInit): string {
  const what = init.resource ?? init.path;
  const message = init.armMessage.trim().replace(/\s+/g, ' ');
  const target = init.target && init.target !== init.resource ? ` (target ${init.target})` : '';
  const id = init.requestId
    ? ` (request id ${init.requestId})`
    : init.clientRequestId
      ? ` (client request id ${init.clientRequestId})`
      : '';
  const tries = init.attempts > 1 ? ` after ${init.attempts} attempts` : '';
  return `${init.method} ${what} failed${tries}: ${init.status} ${init.armCode}: ${message}${target}${id}`;
}

function hintFor(status: number, armCode: string): string | undefined {
  if (status === 401)
    return 'the token was rejected: sign in again (`az login`) or check AZURE_TENANT_ID / the service principal';
  if (status === 403)
    return 'the identity lacks permission on this factory: it needs e.g. the Data Factory Contributor role on the resource group';
  if (status === 412) return 'the resource changed since it was read: run plan again';
  if (status === 429) return 'ARM throttled the requests: wait a little, or lower the concurrency';
  if (armCode === 'ResourceGroupNotFound')
    return 'create the resource group first, or check --resource-group / target.resourceGroup';
  if (armCode === 'SubscriptionNotFound' || armCode === 'InvalidSubscriptionId')
    return 'check --subscription / target.subscriptionId';
  return undefined;
}

/**
 * Read an error answer. ARM's CloudError JSON when it is one; otherwise (a gateway's HTML page, plain text,
 * empty body) the reason phrase as code and a short excerpt of the body as message.
 */
export function parseErrorBody(status: number, text: string, contentType: string | undefined): CloudErrorBody {
  const reason = (STATUS_CODES[status] ?? 'Error').replace(/[^A-Za-z0-9]/g, '');
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      const error = (parsed.error ?? parsed) as Record<string, unknown>;
      if (error && typeof error === 'object' && (typeof error.code === 'string' || typeof error.message === 'string')) {
        return {
          code: typeof error.code === 'string' && error.code ? error.code : reason,
          message: typeof error.message === 'string' ? error.message : '(no message)',
          target: typeof error.target === 'string' && error.target ? error.target : undefined,
          details: error.details ?? undefined,
        };
      }
    } catch {
      // not JSON after all: fall through to the text handling
    }
  }
  if (!trimmed) return { code: reason, message: '(empty response body)' };
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html)/i.test(trimmed)) {
    const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return {
      code: reason,
      message: `non-JSON response (${contentType ?? 'html'}, ${text.length} bytes)${title ? `: ${title}` : ''}`,
    };
  }
  const excerpt = trimmed.replace(/\s+/g, ' ');
  return { code: reason, message: excerpt.length > 300 ? `${excerpt.slice(0, 300)}…` : excerpt };
}

function firstLines(text: string, n: number): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length > n ? `${lines.slice(0, n).join(' ')} …` : lines.join(' ');
}

function networkHint(init: ArmNetworkErrorInit): string {
  const azure = init.endpoint.startsWith('https://management.');
  if (init.neverAnswered && !azure)
    return `nothing is listening at ${init.endpoint}: is the emulator running? Start one with \`adf-deploy emulator --port ${portOf(init.endpoint)}\`, or use --local for the embedded one`;
  return `check that ${init.endpoint} is reachable from here (network, proxy, firewall)${azure ? '' : ' and that the emulator is running'}`;
}

function portOf(origin: string): string {
  try {
    const url = new URL(origin);
    return url.port || (url.protocol === 'https:' ? '443' : '80');
  } catch {
    return '4010';
  }
}

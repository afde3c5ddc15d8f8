import type { Store } from './store.js';

/** What a handler needs besides the request. */
export interface HandlerContext {
  store: Store;
  pageSize: number;
  maxEntitiesPerFactory: number;
  /** Bytes per dataset or linked service (ADF's default 100 KB when absent; support raises it up to 2,000 KB). */
  maxObjectBytes?: number;
  /** Base URL of the emulator (nextLink and operation URLs when the request has no Host header). */
  baseUrl(): string;
  /**
   * 'auto' (default): every resource group exists (a sandbox); 'strict': only those created with PUT, as in ARM
   * (a factory call in any other answers 404 ResourceGroupNotFound).
   */
  resourceGroups: 'auto' | 'strict';
  /** Retry-After (seconds) on a 202 and on each pending poll. */
  lroRetryAfterSeconds: number;
  /** Polls of a long-running operation's Location answered 202 before the 200 (0 = the first poll completes). */
  lroPolls: number;
  /**
   * State that is not persisted: pending operation ids (after a restart an unknown id is a finished operation; the
   * state change itself was journalled with the 202) and self-hosted IR auth keys (new after a restart, as after
   * a regenerate).
   */
  volatile: { pending: Map<string, number>; authKeys: Map<string, { authKey1: string; authKey2: string }> };
  /** Current time (injectable clock). */
  now(): number;
  /** Folder the deployments route reads linked templates from (templateLink URIs by file name; SPEC section Q). */
  deploymentTemplates?: string;
  /** With a data directory: where Data Factory V1 state is saved (src/emulator/v1/state.ts). */
  v1StateFile?: string;
}

/** A parsed request as the handlers see it. */
export interface HandlerRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body?: Record<string, unknown>;
  /** `http://<Host header>` of this request (else the bind address): links point where the caller connected. */
  origin: string;
}

/** A handler's answer: status, optional JSON body. `committed` says a write reached the store. */
export interface Reply {
  status: number;
  body?: unknown;
  committed?: boolean;
  /** Extra response headers (e.g. V1's `Location`). */
  headers?: Record<string, string>;
}

/**
 * Build a nextLink for a page that has more (adf-rest-facts §3: `{value, nextLink}`), on the origin the caller
 * used (its Host header), so a client behind `--endpoint http://localhost:4010` can follow it.
 */
export function nextLink(req: HandlerRequest, lastName: string): string {
  return `${req.origin}${req.pathname}?api-version=2018-06-01&%24skipToken=${encodeURIComponent(lastName.toLowerCase())}`;
}

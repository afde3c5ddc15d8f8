import type { Store } from './store.js';

/** What a handler needs besides the request. */
export interface HandlerContext {
  store: Store;
  pageSize: number;
  maxEntitiesPerFactory: number;
  /** Base URL of the emulator (for nextLink). */
  baseUrl(): string;
  /** Current time (injectable clock). */
  now(): number;
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
}

/** A handler's answer: status, optional JSON body. `committed` says a write reached the store. */
export interface Reply {
  status: number;
  body?: unknown;
  committed?: boolean;
  /** Extra response headers (e.g. V1's `Location`). */
  headers?: Record<string, string>;
}

/** Build a nextLink for a page that has more (adf-rest-facts §3: `{value, nextLink}`). */
export function nextLink(ctx: HandlerContext, pathname: string, lastName: string): string {
  return `${ctx.baseUrl()}${pathname}?api-version=2018-06-01&%24skipToken=${encodeURIComponent(lastName.toLowerCase())}`;
}

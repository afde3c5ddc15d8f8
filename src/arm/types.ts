import type { TokenCredential } from '@azure/identity';
import type { RateLimiter } from './limiter.js';
import type { ReadAheadExchange } from './read-ahead.js';

export type HttpMethod = 'GET' | 'PUT' | 'DELETE' | 'POST' | 'PATCH';

export const API_VERSION = '2018-06-01';
export const AZURE_ENDPOINT = 'https://management.azure.com';

/** Identifies one factory. */
export interface FactoryTarget {
  subscriptionId: string;
  resourceGroup: string;
  factoryName: string;
}

export interface ArmClientOptions {
  /** Base URL: https://management.azure.com, or an emulator's URL. */
  endpoint: string;
  /** A fixed bearer token (emulator). When absent, `credential` is used. */
  token?: string;
  /** Azure credential (DefaultAzureCredential by default against Azure). */
  credential?: TokenCredential;
  /** Most requests in flight at once, across the whole client. */
  maxInFlight?: number;
  /** Retries for idempotent calls (GET, PUT, DELETE) on 429, 5xx and network errors. */
  maxRetries?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  /** Sleep function (tests pass a fake clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called after every HTTP exchange (including retried attempts). */
  onExchange?: (e: ExchangeEvent) => void;
  /** Clock in ms (tests pass a fake clock that `sleep` advances). Default Date.now. */
  now?: () => number;
  /** Random number in [0, 1) for backoff jitter. Default Math.random. */
  random?: () => number;
  /** First backoff ceiling in ms (doubles per retry, full jitter). Default 1000. */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms. Default 30000. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. Default 300000 (5 minutes). */
  maxRetryAfterMs?: number;
  /** Client-side pacing from x-ms-ratelimit-remaining-* (see src/arm/limiter.ts); false turns it off. */
  pacing?: PacingOptions | false;
  /**
   * A limiter shared with other clients: ARM's buckets are per principal and subscription, so clients of one
   * command deploying several factories of one subscription must pace together (src/cli/limiter-pool.ts).
   */
  limiter?: RateLimiter;
  /**
   * The HTTP exchange under the client: got in this thread by default; the CLI passes the HTTP worker's
   * (src/arm/http-worker-client.ts), which reads list pages ahead.
   */
  exchange?: ReadAheadExchange;
}

/** ARM's throttling classes, as named by the x-ms-ratelimit-remaining-subscription-* headers. */
export type RateClass = 'reads' | 'writes' | 'deletes';

export interface PacingOptions {
  /** Pace a class when its remaining count falls below this fraction of the largest count seen. Default 0.1. */
  lowFraction?: number;
  /** ... or below this absolute count. Default 20. */
  lowThreshold?: number;
  /** Assumed refill rate per second of ARM's token buckets. Default reads 25, writes 10, deletes 10. */
  refillPerSecond?: Partial<Record<RateClass, number>>;
}

export interface ExchangeEvent {
  method: HttpMethod;
  path: string;
  status: number | 'network-error';
  attempt: number;
  durationMs: number;
  requestId?: string;
  /** The x-ms-client-request-id sent with this attempt. */
  clientRequestId?: string;
  /** Network error code ('ECONNRESET', 'ETIMEDOUT') when status is 'network-error'. */
  errorCode?: string;
  /** Set when the attempt will be retried: the wait before the next attempt. */
  retryInMs?: number;
}

export interface RequestOptions {
  body?: unknown;
  ifMatch?: string;
  ifNoneMatch?: string;
  query?: Record<string, string>;
  /** Status codes that count as success (default: any 2xx, plus 304 for GET with ifNoneMatch). */
  expect?: number[];
  signal?: AbortSignal;
  /** Resource address for error messages ('Pipeline/Copy'). */
  resource?: string;
  /** Per-request timeout in ms, overriding the client's. */
  timeoutMs?: number;
}

export interface ArmResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
  requestId?: string;
}

export interface ClientStats {
  /** HTTP exchanges sent, retried attempts included. */
  requests: number;
  byMethod: Record<string, number>;
  retries: number;
  /** 429 answers received. */
  throttled: number;
  /** Total ms spent waiting for client-side pacing or a 429 hold (not backoff). */
  pacedMs?: number;
}

/** The only network code. Paths are ARM paths ('/subscriptions/...'); api-version is added. */
export interface ArmClient {
  request<T = unknown>(method: HttpMethod, path: string, options?: RequestOptions): Promise<ArmResponse<T>>;
  /** GET a collection and follow nextLink to the end; returns all items (`onPage`: told each page's as it comes). */
  list<T = unknown>(
    path: string,
    options?: { signal?: AbortSignal; resource?: string; onPage?: (items: T[]) => void },
  ): Promise<T[]>;
  stats(): ClientStats;
}

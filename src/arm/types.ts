import type { TokenCredential } from '@azure/identity';

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
}

export interface ExchangeEvent {
  method: HttpMethod;
  path: string;
  status: number | 'network-error';
  attempt: number;
  durationMs: number;
  requestId?: string;
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
}

export interface ArmResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
  requestId?: string;
}

export interface ClientStats {
  requests: number;
  byMethod: Record<string, number>;
  retries: number;
  throttled: number;
}

/** The only network code. Paths are ARM paths ('/subscriptions/...'); api-version is added. */
export interface ArmClient {
  request<T = unknown>(method: HttpMethod, path: string, options?: RequestOptions): Promise<ArmResponse<T>>;
  /** GET a collection and follow nextLink to the end; returns all items. */
  list<T = unknown>(path: string, options?: { signal?: AbortSignal }): Promise<T[]>;
  stats(): ClientStats;
}

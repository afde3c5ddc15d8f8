import { afterEach, beforeEach } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export const SUB = '11111111-2222-3333-4444-555555555555';
export const RG = 'rg-test';

/** ARM path of a factory (prefix `F` in SPEC.md). */
export function F(factory = 'df-test', sub = SUB, rg = RG): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.DataFactory/factories/${factory}`;
}

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** Query string without api-version; `apiVersion: null` leaves it out. */
  apiVersion?: string | null;
  auth?: string | null;
  raw?: string;
}

/** A tiny ARM caller over real HTTP (node's fetch). */
export function client(url: () => string) {
  return async function call(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<Answer> {
    const full = path.startsWith('http') ? path : `${url()}${path}`;
    const u = new URL(full);
    if (options.apiVersion !== null && !u.searchParams.has('api-version'))
      u.searchParams.set('api-version', options.apiVersion ?? '2018-06-01');
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.auth !== null) headers.authorization = options.auth ?? 'Bearer test-token';
    const res = await fetch(u, {
      method,
      headers,
      body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
}

/** A fresh in-memory emulator per test, with a caller bound to it. */
export function useEmulator(options: EmulatorOptions | (() => EmulatorOptions) = {}) {
  const state: { emulator?: RunningEmulator } = {};
  beforeEach(async () => {
    state.emulator = await startEmulator({
      port: 0,
      throttle: 'off',
      ...(typeof options === 'function' ? options() : options),
    });
  });
  afterEach(async () => {
    await state.emulator?.close();
    state.emulator = undefined;
  });
  return {
    get emulator(): RunningEmulator {
      return state.emulator!;
    },
    call: client(() => state.emulator!.url),
  };
}

/** A factory plus a linked service, the usual starting point. */
export async function seedFactory(call: ReturnType<typeof client>, factory = 'df-test'): Promise<void> {
  const r = await call('PUT', F(factory), { location: 'westeurope' });
  if (r.status !== 200) throw new Error(`seed factory: ${r.status} ${r.text}`);
}

export const LS = (name = 'ls_blob') => ({
  name,
  body: {
    properties: { type: 'AzureBlobStorage', typeProperties: { serviceEndpoint: 'https://a.blob.core.windows.net' } },
  },
});

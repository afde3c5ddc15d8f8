import { afterEach, beforeEach } from 'vitest';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny scripted HTTP server for client-specific behaviour the emulator cannot be told to produce precisely
 * (a reset on the nth attempt, a given Retry-After, an HTML gateway page). Not a model of ARM: each test says
 * what every request gets.
 */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Received, res: ServerResponse, n: number) => void | Promise<void>;

export interface FakeArm {
  url: string;
  received: Received[];
  /** Most requests seen in progress at once. */
  maxConcurrent: number;
  /** TCP connections accepted (keep-alive reuses one for consecutive requests). */
  connections: number;
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeArm(handler: Handler = (_q, res) => json(res, 200, {})): Promise<FakeArm> {
  let current = handler;
  let active = 0;
  const state: FakeArm = {
    url: '',
    received: [],
    maxConcurrent: 0,
    connections: 0,
    handle: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const rec: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      state.received.push(rec);
      active++;
      state.maxConcurrent = Math.max(state.maxConcurrent, active);
      let done = false;
      const finish = (): void => {
        if (!done) active--;
        done = true;
      };
      res.on('finish', finish);
      res.on('close', finish);
      req.socket.on('close', finish);
      void Promise.resolve(current(rec, res, state.received.length)).catch((err) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-ms-request-id': 'req-0001',
    ...headers,
  });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

export function cloudError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  target: string | null = null,
): void {
  json(res, status, { error: { code, message, target, details: null } }, headers);
}

/** Drop the connection without an answer: the client sees ECONNRESET / socket hang up. */
export function reset(res: ServerResponse): void {
  res.socket?.destroy();
}

/** A fake clock: `sleep` records the wait and moves time forward at once. */
export function fakeClock(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleeps,
    advance: (ms: number) => {
      t += ms;
    },
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      t += ms;
    },
  };
}

/**
 * Per-test fake ARM server and fake clock (vitest hooks): a fresh server and clock before each test, the server
 * closed after it. Read them through the returned getters.
 */
export function useFakeArm(): { readonly server: FakeArm; readonly clock: ReturnType<typeof fakeClock> } {
  let server: FakeArm | undefined;
  let clock: ReturnType<typeof fakeClock> | undefined;
  beforeEach(async () => {
    server = await startFakeArm();
    clock = fakeClock();
  });
  afterEach(async () => {
    await server?.close();
  });
  return {
    get server() {
      return server!;
    },
    get clock() {
      return clock!;
    },
  };
}

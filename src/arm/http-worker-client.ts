import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../core/worker-thread.js';
import { TransportError } from './transport-error.js';
import type { ReadAheadExchange, ReadAheadOptions, ExchangeAnswer } from './read-ahead.js';
import type { HttpMethod } from './types.js';

/** What the main thread posts to the HTTP worker. */
export type HttpWorkerRequest =
  | { type: 'send'; id: number; method: HttpMethod; url: string; options: Omit<ReadAheadOptions, 'signal'> }
  | { type: 'cancel'; id: number };

/** What the HTTP worker posts back: the answer, or the transport failure. */
export type HttpWorkerReply =
  | { id: number; answer: ExchangeAnswer }
  | { id: number; error: { code: string; name: string; message: string } };

interface Pending {
  resolve: (answer: ExchangeAnswer) => void;
  reject: (err: unknown) => void;
  /** Removes the request's listener from its signal (shared by every page of a plan's reads). */
  forget: () => void;
}

let worker: Worker | undefined;
let failed: string | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/**
 * The CLI's exchanges run in a worker thread (issue 19): there a list page's answer is read, and the kind's next page
 * requested (src/arm/read-ahead.ts), as soon as it arrives, while the main thread loads, validates and compares
 * thousands of manifests and reads an answer only between two slices of that work. The worker starts once per
 * process, with the command (startHttpWorker, from the entry) or with its first client; it does not keep the process
 * alive when nothing is in flight.
 *
 * If the worker cannot start or dies, what was in flight fails as a lost connection (ECONNRESET: the client retries
 * GET, PUT and DELETE, never POST) and later exchanges run in this thread (got), without reading ahead.
 */
export function httpWorkerExchange(fallback: () => ReadAheadExchange): ReadAheadExchange {
  startHttpWorker();
  let inThread: ReadAheadExchange | undefined;
  return (method, url, options) => {
    if (failed !== undefined || !worker) return (inThread ??= fallback())(method, url, options);
    return send(worker, method, url, options);
  };
}

/**
 * Start the worker now, before the first exchange needs it (the CLI's entry, for the commands that read the factory
 * while they load the project): its start then overlaps the command's own.
 */
export function startHttpWorker(): void {
  if (worker || failed !== undefined) return;
  try {
    worker = startWorkerThread(import.meta.url, 'http-worker');
  } catch (err) {
    failed = String(err);
    return;
  }
  worker.on('message', (reply: HttpWorkerReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    settle(reply.id);
    if ('answer' in reply) waiting.resolve(reply.answer);
    else waiting.reject(new TransportError(reply.error.code, reply.error.message, reply.error.name));
  });
  const stop = (why: string): void => {
    failed ??= why;
    for (const [id, waiting] of pending) {
      settle(id);
      // As a connection lost mid-request: the client retries what is safe to retry (GET, PUT, DELETE), in this thread.
      waiting.reject(new TransportError('ECONNRESET', `the HTTP worker stopped (${why})`));
    }
  };
  worker.on('error', (err) => stop(String(err)));
  worker.on('exit', (code) => stop(`exit code ${code}`));
  // After the listeners: adding a 'message' listener refs the worker's port again.
  worker.unref();
}

/** Why the HTTP worker is not used (it could not start, or stopped), for --verbose; undefined while it works. */
export function httpWorkerFailure(): string | undefined {
  return failed;
}

function send(to: Worker, method: HttpMethod, url: string, options: ReadAheadOptions): Promise<ExchangeAnswer> {
  const { signal, ...rest } = options;
  return new Promise<ExchangeAnswer>((resolve, reject) => {
    const id = nextId++;
    if (signal?.aborted) return reject(aborted());
    const onAbort = (): void => {
      if (!pending.has(id)) return;
      settle(id);
      to.postMessage({ type: 'cancel', id } satisfies HttpWorkerRequest);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    pending.set(id, { resolve, reject, forget: () => signal?.removeEventListener('abort', onAbort) });
    // Held while an answer is awaited: an unreferenced worker would let the process exit mid-request.
    if (pending.size === 1) to.ref();
    to.postMessage({ type: 'send', id, method, url, options: rest } satisfies HttpWorkerRequest);
  });
}

function settle(id: number): void {
  pending.get(id)?.forget();
  pending.delete(id);
  if (pending.size === 0) worker?.unref();
}

function aborted(): TransportError {
  return new TransportError('ERR_ABORTED', 'This operation was aborted', 'AbortError');
}

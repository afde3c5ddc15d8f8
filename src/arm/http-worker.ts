import { parentPort } from 'node:worker_threads';
import { createHttpExchange } from './http-exchange.js';
import { readingAhead } from './read-ahead.js';
import type { HttpWorkerReply, HttpWorkerRequest } from './http-worker-client.js';

/**
 * The entry of the HTTP worker (src/arm/http-worker-client.ts): runs the exchanges the main thread posts, on Node's
 * http/https, and reads list pages ahead (src/arm/read-ahead.ts). It prints nothing and logs nothing: it sees
 * tokens. A transport failure goes back as its code, name and message only (never the request, which holds them).
 */
const port = parentPort!;
// The default timeout is never used: the client sends its own with every request.
const exchange = readingAhead(createHttpExchange(90_000));
const cancels = new Map<number, AbortController>();

port.on('message', (message: HttpWorkerRequest) => {
  if (message.type === 'cancel') {
    cancels.get(message.id)?.abort();
    return;
  }
  const { id, method, url, options } = message;
  const controller = new AbortController();
  cancels.set(id, controller);
  exchange(method, url, { ...options, signal: controller.signal }).then(
    (answer) => reply({ id, answer }),
    (err: { code?: string; name?: string; message?: string }) =>
      reply({
        id,
        error: { code: err.code ?? 'EUNKNOWN', name: err.name ?? 'RequestError', message: String(err.message) },
      }),
  );
  const reply = (r: HttpWorkerReply): void => {
    cancels.delete(id);
    port.postMessage(r);
  };
});

import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Exchange, RawResponse } from './exchange.js';
import { TransportError } from './transport-error.js';

/**
 * The exchange on Node's own http/https modules: what the HTTP worker runs (src/arm/http-worker.ts). Same contract
 * as got's (src/arm/exchange.ts): every status resolves, only transport failures reject (with `code`, `name`,
 * `message`); no redirects, no retries; a request timeout over the whole exchange; got's content codings (gzip,
 * deflate, br) asked for and decoded. Why not got itself in the worker: a second copy of got loaded, compiled and
 * run per request in the worker cost more CPU than the worker saved (bench/notes/9-http-worker.md).
 */
export function createHttpExchange(timeoutMs: number): Exchange {
  return (method, url, options) =>
    new Promise<RawResponse>((resolve, reject) => {
      const target = new URL(url);
      const transport = target.protocol === 'https:' ? https : http;
      // got's defaults, so that both exchanges look the same on the wire (test/arm/exchange.test.ts).
      const headers: Record<string, string> = {
        'user-agent': 'got (https://github.com/sindresorhus/got)',
        'accept-encoding': 'gzip, deflate, br',
        ...options.headers,
      };
      if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
      let settled = false;
      const fail = (err: TransportError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      const limit = options.timeoutMs ?? timeoutMs;
      const timer = setTimeout(
        () => fail(new TransportError('ETIMEDOUT', `Timeout awaiting 'request' for ${limit}ms`, 'TimeoutError')),
        limit,
      );
      const req = transport.request(target, { method, headers }, (res) => {
        const body = decoded(res, res.headers['content-encoding']);
        const chunks: Buffer[] = [];
        body.on('data', (chunk: Buffer) => chunks.push(chunk));
        body.on('error', (err: NodeJS.ErrnoException) => fail(transportError(err, 'ReadError')));
        // A connection closed before the announced end: got's ReadError, so the client may retry a GET.
        res.on('aborted', () =>
          fail(new TransportError('ECONNRESET', 'The server aborted pending request', 'ReadError')),
        );
        body.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8') });
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => fail(transportError(err, 'RequestError')));
      const signal = options.signal;
      if (signal) {
        const onAbort = (): void => fail(new TransportError('ERR_ABORTED', 'This operation was aborted', 'AbortError'));
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        req.once('close', () => signal.removeEventListener('abort', onAbort));
      }
      req.end(options.body);
    });
}

function decoded(res: http.IncomingMessage, encoding: string | undefined): Readable {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

function transportError(err: NodeJS.ErrnoException, name: string): TransportError {
  return new TransportError(err.code ?? 'EUNKNOWN', err.message, name);
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An ARM error answer the emulator sends: `{error:{code,message,target,details}}` with the HTTP status
 * (adf-rest-facts §4). Deliberately not the client's `ArmError` (src/arm/errors.ts, an answer received): the
 * emulator is an independent witness of the client and shares none of its code, so the two are separate classes.
 */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function armErrorBody(err: EmulatorError): unknown {
  return { error: { code: err.code, message: err.message, target: err.target, details: null } };
}

/** The largest request body ARM accepts (§7: 413 above 4 MB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Read the request body; throws 413 past the limit and 400 when it is not a JSON object. Empty = undefined. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new EmulatorError(
        413,
        'RequestEntityTooLarge',
        `The request content size exceeds the maximum size of ${MAX_BODY_BYTES} bytes (4 MB).`,
        null,
        { connection: 'close' },
      );
    }
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  // ARM refuses a body it was told is not JSON (chosen: a body without any Content-Type is still read as JSON).
  const type = header(req, 'content-type');
  if (type !== undefined && !/^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(type.trim())) {
    throw new EmulatorError(
      415,
      'UnsupportedMediaType',
      `The content media type '${type.split(';')[0].trim().slice(0, 100)}' is not supported. Only 'application/json' is supported.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    // Only the position: the parser's own message can quote the body, which may hold a secret.
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new EmulatorError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: not valid JSON${position ? ` (at position ${position})` : ''}.`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EmulatorError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: expected a JSON object.',
    );
  }
  return parsed as Record<string, unknown>;
}

/** The ARM headers every answer carries (§7). */
export function armHeaders(req: IncomingMessage): Record<string, string> {
  const requestId = randomUUID();
  const correlation = header(req, 'x-ms-correlation-request-id') ?? requestId;
  const out: Record<string, string> = {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': correlation,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
  const clientId = header(req, 'x-ms-client-request-id');
  if (clientId && header(req, 'x-ms-return-client-request-id')?.toLowerCase() === 'true')
    out['x-ms-client-request-id'] = clientId;
  return out;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Send a JSON answer (or no body when `body` is undefined). */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

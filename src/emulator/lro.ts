import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerRequest, Reply } from './context.js';

/**
 * Long-running operations as the examples answer them (ASYNC): a 202 with `Location` and `Retry-After`, the
 * Location answering 202 for `lroPolls` polls and then the result. The state change itself is committed with the
 * 202, so only the poll count is kept (in memory: after a restart an unknown id is a finished operation).
 */
export function beginOperation(ctx: HandlerContext, id: string = randomUUID().replace(/-/g, '')): string {
  if (ctx.lroPolls > 0) ctx.volatile.pending.set(id, ctx.lroPolls);
  return id;
}

/** The 202 of an operation just begun; `location` is absolute (on the caller's origin). */
export function accepted(ctx: HandlerContext, location: string, committed = false): Reply {
  return {
    status: 202,
    headers: { location, 'retry-after': String(ctx.lroRetryAfterSeconds) },
    ...(committed ? { committed } : {}),
  };
}

/** A poll of the operation `id`: the 202 while it is pending, else undefined (the caller answers the result). */
export function pollPending(ctx: HandlerContext, req: HandlerRequest, id: string): Reply | undefined {
  const left = ctx.volatile.pending.get(id);
  if (left === undefined) return undefined;
  if (left <= 1) ctx.volatile.pending.delete(id);
  else ctx.volatile.pending.set(id, left - 1);
  return accepted(ctx, `${req.origin}${req.pathname}?${req.query.toString()}`);
}

import { inThreadExchange } from '../arm/client.js';
import { httpWorkerExchange } from '../arm/http-worker-client.js';
import type { ReadAheadExchange } from '../arm/read-ahead.js';
import type { CliContext } from './context.js';

/**
 * The exchange of a command's ARM client: the HTTP worker's (list pages read ahead, src/arm/http-worker-client.ts)
 * when the CLI's entry runs the command, got in this thread otherwise (main() called in-process, as the tests do).
 * ADF_DEPLOY_HTTP_WORKER overrides it: `never` (in this thread), or `always` (the worker, in-process too: for tests).
 */
export function exchangeFor(ctx: CliContext): ReadAheadExchange | undefined {
  const setting = ctx.env.ADF_DEPLOY_HTTP_WORKER;
  if (setting === 'never') return undefined;
  if (setting !== 'always' && !ctx.httpWorker) return undefined;
  return httpWorkerExchange(inThreadExchange);
}

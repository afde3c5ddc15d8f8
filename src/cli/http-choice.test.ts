import { describe, expect, it } from 'vitest';
import type { CliContext } from './context.js';
import { exchangeFor } from './http-choice.js';

const ctx = (httpWorker: boolean, env: Record<string, string> = {}) => ({ httpWorker, env }) as unknown as CliContext;

describe('exchangeFor', () => {
  it("uses the HTTP worker when the CLI's entry runs the command, got in this thread otherwise", () => {
    expect(exchangeFor(ctx(true))).toBeTypeOf('function');
    expect(exchangeFor(ctx(false))).toBeUndefined();
  });

  it('ADF_DEPLOY_HTTP_WORKER=never keeps requests in this thread; always uses the worker in-process too', () => {
    expect(exchangeFor(ctx(true, { ADF_DEPLOY_HTTP_WORKER: 'never' }))).toBeUndefined();
    expect(exchangeFor(ctx(false, { ADF_DEPLOY_HTTP_WORKER: 'always' }))).toBeTypeOf('function');
  });
});

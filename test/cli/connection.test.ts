import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryIo, type CliContext } from '../../src/cli/context.js';
import { openConnection } from '../../src/cli/connection.js';
import type { Project } from '../../src/manifest/types.js';

const project = {
  root: '/nowhere',
  configFile: '/nowhere/adf-deploy.yaml',
  factory: { name: 'f1', location: 'East US' },
  target: { subscriptionId: 'sub', resourceGroup: 'rg' },
  external: [],
  resources: [],
  locate: () => undefined,
} as unknown as Project;

const ctx: CliContext = { io: memoryIo(), env: {}, cwd: '/', exitCode: 0, signal: new AbortController().signal };

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/**
 * A server that answers only once `want` requests are open at the same time. No grace timer on the way (a loaded
 * machine may take long to open the connections): only a 20 s backstop, so a client capped below `want` fails the
 * assertion instead of hanging the test.
 */
async function gatheringServer(want: number): Promise<{ url: string; maxOpen: () => number }> {
  let open = 0;
  let maxOpen = 0;
  let waiting: http.ServerResponse[] = [];
  const release = () => {
    for (const res of waiting) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    waiting = [];
  };
  server = http.createServer((_req, res) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    res.on('finish', () => open--);
    waiting.push(res);
    if (open >= want) release();
    else if (open === 1) setTimeout(release, 20_000).unref();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxOpen: () => maxOpen };
}

describe('openConnection', () => {
  it('lets the client keep --concurrency calls in flight (not capped at its default of 8)', async () => {
    const srv = await gatheringServer(16);
    const conn = await openConnection(project, { endpoint: srv.url, concurrency: 16 }, ctx);
    await Promise.all(Array.from({ length: 16 }, (_, i) => conn.client.request('GET', `/subscriptions/sub/x${i}`)));
    await conn.close();
    expect(srv.maxOpen()).toBe(16);
  });

  it('sends the development token to an emulator endpoint, never asking Azure for one', async () => {
    let auth: string | undefined;
    server = http.createServer((req, res) => {
      auth = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const conn = await openConnection(
      project,
      { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
      { ...ctx, env: { ADF_DEPLOY_TOKEN: 'tok-123' } },
    );
    await conn.client.request('GET', '/subscriptions/sub');
    expect(auth).toBe('Bearer tok-123');
  });
});

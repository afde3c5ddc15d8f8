import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/context.js';
import { runCli } from '../helpers/cli.js';
import { client, F } from './helpers.js';
import { spawnEmulator } from './spawn.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('emulator start', () => {
  it('startEmulator picks a free loopback port', async () => {
    const a = await startEmulator({ port: 0 });
    const b = await startEmulator({ port: 0 });
    try {
      expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
      expect(a.port).toBeGreaterThan(0);
      expect(b.port).not.toBe(a.port);
      expect((await client(() => b.url)('GET', F())).status).toBe(404);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('startEmulator picks a free loopback port: a port in use is a clear error', async () => {
    const a = await startEmulator({ port: 0 });
    try {
      await expect(startEmulator({ port: a.port })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${a.port} (EADDRINUSE)`,
      );
    } finally {
      await a.close();
    }
  });

  it('emulator command prints its URL and stops on SIGTERM', async () => {
    const { url, child, done } = await spawnEmulator(['--in-memory', '--page-size', '5', '--token', 'tok-cli']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const call = client(() => url);
    expect((await call('PUT', F(), { location: 'westeurope' }, { auth: 'Bearer tok-cli' })).status).toBe(200);
    expect((await call('GET', F())).status).toBe(401);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${url}\n`);
    expect(result.stderr).toContain('listening');
    expect(result.stderr).not.toContain('tok-cli');
  });

  it('warns when listening beyond loopback', async () => {
    const run = async (host: string) => {
      const io = memoryIo();
      const controller = new AbortController();
      controller.abort();
      const code = await main(['node', 'adf-deploy', 'emulator', '--host', host, '--port', '0'], {
        io,
        signal: controller.signal,
        cwd: os.tmpdir(),
      });
      return { code, ...io };
    };
    const open = await run('0.0.0.0');
    expect(open.code).toBe(0);
    expect(open.stdout).toMatch(/^http:\/\/0\.0\.0\.0:\d+\n$/);
    expect(open.stderr).toContain('warning: listening on 0.0.0.0, beyond this machine');
    const local = await run('127.0.0.1');
    expect(local.stderr).not.toContain('warning');
  });

  it('emulator command prints its URL and stops on SIGTERM: --data and --log are relative to the working directory', async () => {
    const cwd = tempDir('emu-cwd-');
    const controller = new AbortController();
    controller.abort();
    const io = memoryIo();
    const code = await main(
      ['node', 'adf-deploy', 'emulator', '--port', '0', '--data', 'state', '--log', 'requests.jsonl'],
      { io, signal: controller.signal, cwd },
    );
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'state', 'snapshot.json'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'requests.jsonl'))).toBe(true);
  });

  it.each([
    [['--port', 'abc'], '--port'],
    [['--page-size', '0'], '--page-size'],
    [['--fault-rate', '2'], '--fault-rate'],
    [['--fault-kinds', '500,boom'], '--fault-kinds'],
    [['--throttle', 'fast'], '--throttle'],
    [['--latency', '-5'], '--latency'],
    [['--compact-every', '0'], '--compact-every'],
    [['--data', '/tmp/x', '--in-memory'], '--in-memory'],
    [['--time-scale', '0'], '--time-scale'],
    [['--stubs', '/nonexistent/adf-stubs.yaml'], '--stubs'],
  ])('rejects bad flags with the flag named: %j', async (args, flag) => {
    const r = await runCli(['emulator', ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(flag);
    expect(r.stdout).toBe('');
  });
});

describe('emulator modes from the command line', () => {
  it('--resource-groups strict and --conditional-headers ignore reach the emulator; bad values are refused', async () => {
    const { url, child, done } = await spawnEmulator([
      '--in-memory',
      '--resource-groups',
      'strict',
      '--conditional-headers',
      'ignore',
    ]);
    const call = client(() => url);
    expect((await call('PUT', F(), { location: 'westeurope' })).body.error.code).toBe('ResourceGroupNotFound');
    const rg = F().split('/providers/')[0];
    expect((await call('PUT', rg, { location: 'westeurope' })).status).toBe(201);
    await call('PUT', F(), { location: 'westeurope' });
    expect((await call('DELETE', F(), undefined, { headers: { 'if-match': 'stale' } })).status).toBe(200);
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
    const bad = await runCli(['emulator', '--resource-groups', 'lax', '--port', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--resource-groups/);
  });
});

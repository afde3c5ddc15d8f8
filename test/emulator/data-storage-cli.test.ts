import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/context.js';
import { resolveAzuriteBlob } from '../../src/emulator/runtime/storage/azurite.js';
import { developmentConnectionString } from '../../src/emulator/runtime/storage/accounts.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('adf-deploy storage', () => {
  it("upload, ls, cat and download against the project's Azurite; a second command sees the first one's blobs", async () => {
    const project = tempDir('storage-cli-');
    const file = path.join(project, 'emp.txt');
    fs.writeFileSync(file, 'John, Doe\nJane, Doe\n');
    const up = await runCli(['storage', 'upload', 'emp.txt', 'adftutorial/input/', '-C', '.'], { cwd: project });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toBe('adftutorial/input/emp.txt\t20\n');
    expect(fs.existsSync(path.join(project, '.adf-deploy', 'azurite'))).toBe(true);
    const ls = await runCli(['storage', 'ls', 'adftutorial/input', '-C', project]);
    expect(ls.stdout).toMatch(/^adftutorial\/input\/emp\.txt\t20\t\d{4}-/);
    const cat = await runCli(['storage', 'cat', 'adftutorial/input/emp.txt', '-C', project]);
    expect(cat.stdout).toBe('John, Doe\nJane, Doe\n');
    const down = await runCli(['storage', 'download', 'adftutorial/input/emp.txt', 'out/copy.txt', '-C', project], {
      cwd: project,
    });
    expect(down.code).toBe(0);
    expect(fs.readFileSync(path.join(project, 'out', 'copy.txt'), 'utf8')).toBe('John, Doe\nJane, Doe\n');
  }, 180_000);

  it('bad targets and missing files fail with exit 1 and a hint', async () => {
    const bad = await runCli([
      'storage',
      'upload',
      'nope.txt',
      'X/y',
      '--blob-endpoint',
      'http://127.0.0.1:9/devstoreaccount1',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("error[storage.no-file]: '");
    const name = await runCli(['storage', 'cat', 'X/y', '--blob-endpoint', 'http://127.0.0.1:9/devstoreaccount1']);
    expect(name.code).toBe(1);
    expect(name.stderr).toContain("'X' is not a valid container name");
  });

  it('real storage needs --allow-real-storage', async () => {
    const r = await runCli(['storage', 'ls', '--connection-string', 'AccountName=acct;AccountKey=a2V5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--allow-real-storage');
    expect(r.stderr).not.toContain('a2V5');
  });

  it('without Azurite installed, the message names the install command', () => {
    expect(() =>
      resolveAzuriteBlob(() => {
        throw new Error('Cannot find module');
      }),
    ).toThrow(/not installed/);
    try {
      resolveAzuriteBlob(() => {
        throw new Error('x');
      });
    } catch (err) {
      expect((err as { hint?: string }).hint).toContain('npm install --save-dev azurite');
    }
  });
});

describe('adf-deploy emulator --storage', () => {
  it('starts Azurite beside the emulator, prints both endpoints, stops both', async () => {
    const controller = new AbortController();
    const io = memoryIo();
    let containers: string[] | undefined;
    const out = io.out;
    io.out = (t: string) => {
      out(t);
      const m = /(http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1)/.exec(t);
      if (m)
        void (async () => {
          const service = BlobServiceClient.fromConnectionString(developmentConnectionString(m[1]));
          await service.createContainer('probe');
          containers = [];
          for await (const c of service.listContainers()) containers.push(c.name);
          controller.abort();
        })();
    };
    const code = await main(['node', 'adf-deploy', 'emulator', '--port', '0', '--storage'], {
      io,
      signal: controller.signal,
      cwd: os.tmpdir(),
    });
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\nhttp:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\n$/);
    expect(containers).toEqual(['probe']);
  }, 60_000);
});

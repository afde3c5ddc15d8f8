import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  dir = mkdtempSync(path.join(os.tmpdir(), 'adf-destroy-note-'));
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  mkdirSync(path.join(dir, 'managedVirtualNetwork'));
  writeFileSync(
    path.join(dir, 'managedVirtualNetwork/default.yaml'),
    'kind: ManagedVirtualNetwork\nname: default\nproperties: {}\n',
  );
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli([...args, dir, '--endpoint', emulator.url, '--auto-approve']);

describe('destroy and the managed virtual network (issue 16)', () => {
  it('says the VNet is kept when the factory stays, and deleted with it when the factory goes', async () => {
    expect((await cli('apply')).code).toBe(0);
    const kept = await cli('destroy');
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('Kept (the API cannot delete them): ManagedVirtualNetwork/default');
    const gone = await cli('destroy', '--include-factory');
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).not.toContain('Kept (the API cannot delete them)');
    expect(gone.stdout).toContain(
      'Deleted with the factory (the API cannot delete them on their own): ManagedVirtualNetwork/default',
    );
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';

const ENV = { ADF_DEPLOY_POLL_MS: '20' };

describe('run / runs against an emulator URL (--endpoint): the same code path as Azure', () => {
  it('run without --wait prints the run id at once; --wait follows it to the end; runs cancel --recursive', async () => {
    const emu = await startEmulator({ port: 0, throttle: 'off', timeScale: 'virtual' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runs-endpoint-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'adf-deploy.yaml'),
        'factory:\n  name: df-endpoint\n  location: westeurope\ntarget:\n  subscriptionId: 00000000-0000-0000-0000-000000000001\n  resourceGroup: rg-e\n',
      );
      fs.mkdirSync(path.join(dir, 'pipeline'));
      fs.writeFileSync(
        path.join(dir, 'pipeline', 'Hour.yaml'),
        'kind: Pipeline\nname: Hour\nproperties:\n  activities:\n    - name: Nap\n      type: Wait\n      typeProperties: { waitTimeInSeconds: 3600 }\n',
      );
      const endpoint = ['--endpoint', emu.url];
      expect((await runCli(['apply', dir, ...endpoint, '--auto-approve'], { env: ENV })).code).toBe(0);
      const started = await runCli(['run', 'Hour', dir, ...endpoint, '--json'], { env: ENV });
      expect(started.code, started.stderr).toBe(0);
      expect(JSON.parse(started.stdout)).toHaveProperty('runId');
      // A virtual run clock: the hour-long Wait ends as soon as the emulator is idle.
      const waited = await runCli(['run', 'Hour', dir, ...endpoint, '--wait'], { env: ENV });
      expect(waited.code, waited.stderr).toBe(0);
      expect(waited.stderr).toMatch(/Nap \(Wait\) Succeeded in 1 h 0 min/);
      const cancel = await runCli(['runs', 'cancel', waited.stdout.trim(), dir, ...endpoint, '--recursive'], {
        env: ENV,
      });
      expect(cancel.code).toBe(0);
      const list = await runCli(['runs', 'list', dir, ...endpoint, '--pipeline', 'Hour', '--json'], { env: ENV });
      expect(JSON.parse(list.stdout)).toHaveLength(2);
    } finally {
      await emu.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

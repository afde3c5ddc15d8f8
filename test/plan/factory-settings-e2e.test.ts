import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { factoryPath } from '../../src/arm/paths.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { emulatorClient } from './seed.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const RG = 'adf-quickstart';
const FACTORY = 'adfv2-quickstart-local';
const TARGET = { subscriptionId: SUB, resourceGroup: RG, factoryName: FACTORY };
const PURVIEW = { purviewResourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Purview/accounts/pv' };
const ENCRYPTION = { vaultBaseUrl: 'https://kv.vault.azure.net/', keyName: 'adf-key' };

let emulator: RunningEmulator;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  dir = mkdtempSync(path.join(os.tmpdir(), 'adf-factory-settings-'));
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
});
afterEach(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const conn = () => ['--endpoint', emulator.url];
const config = () => path.join(dir, 'adf-deploy.yaml');
/** The quickstart's adf-deploy.yaml with its `identity:` block replaced by `replacement` lines. */
function setIdentity(replacement: string): void {
  const text = readFileSync(config(), 'utf8').replace('  identity:\n    type: SystemAssigned\n', replacement);
  writeFileSync(config(), text);
}

async function liveFactory(): Promise<Record<string, any>> {
  const r = await emulatorClient(emulator.url).request<Record<string, any>>('GET', factoryPath(TARGET));
  return r.body as Record<string, any>;
}

/** The factory as someone set it up in the portal: purview and customer-managed-key settings the manifests lack. */
async function seedPortalSettings(): Promise<void> {
  const first = await runCli(['apply', dir, ...conn(), '--auto-approve']);
  expect(first.code, first.stderr).toBe(0);
  const body = await liveFactory();
  await emulatorClient(emulator.url).request('PUT', factoryPath(TARGET), {
    body: {
      location: body.location,
      identity: { type: 'SystemAssigned' },
      tags: body.tags,
      properties: { ...body.properties, purviewConfiguration: PURVIEW, encryption: ENCRYPTION },
    },
  });
}

describe('factory settings end to end (issue 22)', () => {
  it('purview and encryption survive an unrelated apply; a project without identity keeps it', async () => {
    await seedPortalSettings();
    setIdentity('');
    writeFileSync(
      config(),
      `${readFileSync(config(), 'utf8')}`.replace(
        '  location: East US\n',
        '  location: East US\n  tags: { team: data }\n',
      ),
    );
    const plan = await runCli(['plan', dir, ...conn()]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('~ Factory/adfv2-quickstart-local will be updated');
    expect(plan.stdout).toContain(
      '= kept from the live factory: identity, properties.encryption, properties.purviewConfiguration',
    );
    expect(plan.stdout).not.toContain('- identity');
    const apply = await runCli(['apply', dir, ...conn(), '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    const after = await liveFactory();
    expect(after.tags).toEqual({ team: 'data' });
    expect(after.properties.purviewConfiguration).toEqual(PURVIEW);
    expect(after.properties.encryption).toEqual(ENCRYPTION);
    expect(after.identity.type).toBe('SystemAssigned');
    const again = await runCli(['plan', dir, ...conn(), '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
  });

  it('identity: null is a dangerous removal: --auto-approve refuses it without --allow-dangerous', async () => {
    await seedPortalSettings();
    setIdentity('  identity: null\n');
    const plan = await runCli(['plan', dir, ...conn()]);
    expect(plan.stdout).toContain('- identity: {"type":"SystemAssigned"}');
    expect(plan.stdout).toContain('! DANGEROUS: the managed identity (SystemAssigned) is removed');
    const refused = await runCli(['apply', dir, ...conn(), '--auto-approve']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--allow-dangerous');
    expect((await liveFactory()).identity?.type).toBe('SystemAssigned');
    const allowed = await runCli(['apply', dir, ...conn(), '--auto-approve', '--allow-dangerous']);
    expect(allowed.code, allowed.stderr).toBe(0);
    const after = await liveFactory();
    expect(after.identity).toBeUndefined();
    expect(after.properties.purviewConfiguration).toEqual(PURVIEW);
  });
});

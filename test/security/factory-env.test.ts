import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { factoryFromJson } from '../../src/import/factory.js';
import { RG, SUB } from '../apply/helpers.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// A value read from a secret env variable into the factory's own body (a global parameter) behaves as in any
// child resource: shown as (from env NAME), compared by fingerprint, and a rotation prints neither value.
const FIRST = 'first-Secret-9Qx7';
const ROTATED = 'rotated-Secret-4Lm2';
let emulator: RunningEmulator;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  dir = tempDir('adf-factory-env-');
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  const config = path.join(dir, 'adf-deploy.yaml');
  writeFileSync(
    config,
    readFileSync(config, 'utf8')
      .replace('env:\n', 'env:\n  - FACTORY_TOKEN\n')
      .replace(
        '  identity:\n',
        '  globalParameters:\n    token:\n      type: String\n      value: ${{ env.FACTORY_TOKEN }}\n    plain:\n      type: String\n      value: shown\n  identity:\n',
      ),
  );
});
afterEach(async () => {
  await emulator.close();
});

const conn = () => ['--endpoint', emulator.url, '--subscription', SUB, '--resource-group', RG];

describe('${{ env.NAME }} in the factory body', () => {
  it('shows (from env NAME), is compared by fingerprint, and a rotation prints neither value', async () => {
    const env = { FACTORY_TOKEN: FIRST };
    const json = await runCli(['plan', dir, ...conn(), '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toContain('(from env FACTORY_TOKEN)');
    expect(json.stdout).not.toContain('adf-deploy-secrets');
    expect((await runCli(['apply', dir, ...conn(), '--auto-approve'], { env })).code).toBe(0);

    const same = await runCli(['plan', dir, ...conn(), '--detailed-exitcode'], { env });
    expect(same.code, same.stdout).toBe(0);

    for (const args of [[], ['--json'], ['--markdown']]) {
      const rotated = await runCli(['plan', dir, ...conn(), ...args], { env: { FACTORY_TOKEN: ROTATED } });
      expect(rotated.code, rotated.stderr).toBe(0);
      const text = rotated.stdout + rotated.stderr;
      expect(text).not.toContain(FIRST);
      expect(text).not.toContain(ROTATED);
      if (args.length === 0) expect(text).toContain('(sensitive value changed)');
    }
  });

  it('a saved plan applies and holds neither the value nor the fingerprint tag', async () => {
    const env = { FACTORY_TOKEN: FIRST };
    const out = path.join(dir, 'plan.json');
    expect((await runCli(['plan', dir, ...conn(), '--out', out], { env })).code).toBe(0);
    const saved = readFileSync(out, 'utf8');
    expect(saved).not.toContain(FIRST);
    expect(saved).not.toContain('adf-deploy-secrets');
    const applied = await runCli(['apply', out, '--auto-approve'], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect((await runCli(['plan', dir, ...conn(), '--detailed-exitcode'], { env })).code).toBe(0);
  });

  it('a change of a plain global parameter beside it is still shown with its values', async () => {
    const env = { FACTORY_TOKEN: FIRST };
    expect((await runCli(['apply', dir, ...conn(), '--auto-approve'], { env })).code).toBe(0);
    const config = path.join(dir, 'adf-deploy.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('value: shown', 'value: changed'));
    const r = await runCli(['plan', dir, ...conn()], { env });
    expect(r.stdout).toContain('changed');
    expect(r.stdout).not.toContain('(sensitive value changed)');
  });
});

describe('the factory fingerprint tag on import', () => {
  it('is tool metadata: stripped, with a note', () => {
    const notes: string[] = [];
    const factory = factoryFromJson(
      { name: 'f', location: 'eastus', tags: { team: 'data', 'ADF-Deploy-Secrets': 's1-0123' } },
      undefined,
      'f',
      notes,
    );
    expect(factory.tags).toEqual({ team: 'data' });
    expect(notes.join('\n')).toContain('removed the adf-deploy-secrets tag');
  });
});

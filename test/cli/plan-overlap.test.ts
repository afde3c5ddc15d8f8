import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

// The factory is read while the manifests load and validate (src/cli/early-fetch.ts). To show the reads start
// before validation ends, loading the project waits until the emulator has received a request: without the
// overlap no request is sent before the project is valid, and these tests would hang (and time out).
const gate = vi.hoisted(() => ({ firstRequest: undefined as Promise<void> | undefined }));
vi.mock('../../src/manifest/load.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/manifest/load.js')>();
  return {
    ...real,
    loadProject: async (...args: Parameters<typeof real.loadProject>) => {
      const result = await real.loadProject(...args);
      await gate.firstRequest;
      return result;
    },
  };
});

const BROKEN_DATASET = `kind: Dataset
name: BrokenDataset
properties:
  type: Binary
  linkedServiceName:
    referenceName: NoSuchLinkedService
    type: LinkedServiceReference
  typeProperties:
    location:
      type: AzureBlobStorageLocation
      container: adftutorial
`;

let emulator: RunningEmulator | undefined;
const tmps: string[] = [];
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  gate.firstRequest = undefined;
  for (const dir of tmps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function quickstart(options: { broken?: boolean } = {}): string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-overlap-'));
  tmps.push(tmp);
  const dir = path.join(tmp, 'quickstart');
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, { recursive: true });
  if (options.broken) writeFileSync(path.join(dir, 'dataset/broken.yaml'), BROKEN_DATASET);
  return dir;
}

/**
 * An emulator whose answers wait on `release` (its injectable sleep, called for every request on arrival):
 * `arrived` resolves at the first request, `count()` says how many arrived.
 */
async function hangingEmulator(options: { resourceGroups?: 'strict' } = {}) {
  let arrivals = 0;
  let onFirst: () => void = () => {};
  const arrived = new Promise<void>((resolve) => (onFirst = resolve));
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  emulator = await startEmulator({
    port: 0,
    latencyMs: 1,
    resourceGroups: options.resourceGroups,
    sleep: async () => {
      arrivals++;
      onFirst();
      await released;
    },
  });
  return { emulator, arrived, release, count: () => arrivals };
}

describe('plan reads the factory while the manifests are validated', () => {
  it('a validation error exits 1 with the diagnostics only, while the emulator still holds the early reads', async () => {
    const dir = quickstart({ broken: true });
    const emu = await hangingEmulator();
    gate.firstRequest = emu.arrived;
    const res = await runCli(['plan', dir, '--endpoint', emu.emulator.url, '--json']);
    expect(res.code).toBe(1);
    // The read started before validation ended (the gate), and is still unanswered: the command did not wait.
    expect(emu.count()).toBeGreaterThanOrEqual(1);
    const doc = JSON.parse(res.stdout) as { diagnostics: { code: string; severity: string }[] };
    expect(doc.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(res.stderr).toContain('NoSuchLinkedService');
    expect(res.stderr).not.toMatch(/GET |request|factory .* does not exist/i);
    // Once answered, the early reads were GETs only and nothing was created.
    emu.release();
    const log = emu.emulator.requestLog();
    expect(log.every((e) => e.method === 'GET')).toBe(true);
    const after = await runCli(['plan', quickstart(), '--endpoint', emu.emulator.url, '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).summary.create).toBeGreaterThan(0);
  });

  it('a read error surfaces after validation, as before; with a validation error only the diagnostics', async () => {
    const emu = await hangingEmulator({ resourceGroups: 'strict' });
    emu.release();
    gate.firstRequest = emu.arrived;
    const failing = await runCli(['plan', quickstart(), '--endpoint', emu.emulator.url]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/resource group 'adf-quickstart' does not exist/);
    const broken = await runCli(['plan', quickstart({ broken: true }), '--endpoint', emu.emulator.url]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('NoSuchLinkedService');
    expect(broken.stderr).not.toMatch(/resource group/);
    expect(emu.emulator.requestLog().every((e) => e.method === 'GET')).toBe(true);
  });

  it('apply reads early too, and sends no write when validation fails', async () => {
    const dir = quickstart({ broken: true });
    const emu = await hangingEmulator();
    gate.firstRequest = emu.arrived;
    const res = await runCli(['apply', dir, '--endpoint', emu.emulator.url, '--auto-approve']);
    expect(res.code).toBe(1);
    expect(emu.count()).toBeGreaterThanOrEqual(1);
    emu.release();
    expect(emu.emulator.requestLog().every((e) => e.method === 'GET')).toBe(true);
  });
});

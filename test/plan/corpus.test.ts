import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { resourcePath } from '../../src/arm/paths.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { importFactory } from '../../src/import/index.js';
import { loadProject } from '../../src/manifest/load.js';
import { dependenciesOf } from '../../src/model/references.js';
import { resourceKey } from '../../src/model/resource.js';
import { computePlan } from '../../src/plan/planner.js';
import { fetchLiveState } from '../../src/state/fetch.js';
import { runCli } from '../helpers/cli.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';
import { emulatorClient, seedFactory } from './seed.js';

const SUB = '0b0b0b0b-1111-2222-3333-444444444444';

describeShared('plan after deploying each corpus factory: no changes', () => {
  let emulator: RunningEmulator;
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-plan-corpus-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // One emulator per factory: two corpus factories share a name, and factory names are global.
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, throttle: 'off' });
  });
  afterEach(async () => emulator.close());

  it.each(corpusFactories())(
    '%s',
    async (name) => {
      const dir = path.join(tmp, name);
      await importFactory(path.join(CORPUS, name), { out: dir, location: 'westeurope' });
      const { project, diagnostics } = await loadProject(dir, {
        environ: {},
        target: { subscriptionId: SUB, resourceGroup: 'rg-corpus' },
      });
      expect(project, diagnostics.map((d) => d.message).join('\n')).toBeDefined();
      const target = {
        subscriptionId: SUB,
        resourceGroup: 'rg-corpus',
        factoryName: project!.factory.name,
        endpoint: emulator.url,
      };
      const client = emulatorClient(emulator.url);
      await seedFactory(client, project!, target, {
        beforeChildren: async () => {
          // Integration runtimes referenced but not declared (BigFactorySample2_vnet uses SharedIR-DEV2019 of a sibling
          // factory) exist in the real factory without being managed: create them, so the references resolve.
          const declared = new Set(project!.resources.map(resourceKey));
          const missing = new Map(
            project!.resources
              .flatMap(dependenciesOf)
              .filter((d) => d.kind === 'IntegrationRuntime' && !declared.has(resourceKey(d)))
              .map((d) => [resourceKey(d), d]),
          );
          for (const ir of missing.values())
            await client.request('PUT', resourcePath(target, ir), { body: { properties: { type: 'SelfHosted' } } });
        },
      });
      const writesBefore = emulator.requestLog().filter((e) => e.method !== 'GET').length;

      // The planner on the live state: no difference at all.
      const live = await fetchLiveState(client, target);
      const { plan } = computePlan({ project: project!, live, target });
      expect({ factory: plan.factory.changes, changes: plan.changes, triggers: plan.triggers }).toEqual({
        factory: [],
        changes: [],
        triggers: [],
      });
      expect(plan.hasChanges).toBe(false);
      expect(plan.drift ?? []).toEqual([]);

      // The command, when the project validates (some corpus factories have validation errors of their own).
      const r = await runCli(
        [
          'plan',
          dir,
          '--endpoint',
          emulator.url,
          '--subscription',
          SUB,
          '--resource-group',
          'rg-corpus',
          '--detailed-exitcode',
        ],
        { env: { ADF_DEPLOY_TOKEN: 'test-token' } },
      );
      if (!/\d+ errors?, /.test(r.stderr) || /^0 errors/m.test(r.stderr)) {
        expect(r.stdout).toContain('No changes. The factory matches the manifests.');
        expect(r.code).toBe(0);
      }
      expect(emulator.requestLog().filter((e) => e.method !== 'GET').length).toBe(writesBefore);
    },
    180_000,
  ); // the largest factory takes ~45 s alone on 2 cores, far more when the machine is shared
});

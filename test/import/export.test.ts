import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.js';
import { startEmulator } from '../../src/emulator/index.js';
import { exportFactory } from '../../src/import/export.js';
import { importFactory } from '../../src/import/index.js';
import type { Project } from '../../src/manifest/types.js';
import { resourceKey } from '../../src/model/resource.js';
import { clientOf, createOutsideReferences, load, planNow, targetOf } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';
import { writeTmpProject } from '../validate/tmp-project.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'adf-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The value each `${{ env.NAME }}` of the exported objects stands for: the deployed project's value at that path. */
function secretValues(
  objects: Array<{ kind: string; name: string; parent?: string; properties: unknown }>,
  source: Project,
): Record<string, string> {
  const byKey = new Map(source.resources.map((r) => [resourceKey(r), r.properties as unknown]));
  const out: Record<string, string> = {};
  const walk = (exported: unknown, original: unknown): void => {
    if (typeof exported === 'string') {
      const m = /^\$\{\{ env\.([A-Za-z0-9_]+) \}\}$/.exec(exported);
      if (m && typeof original === 'string') out[m[1]] = original;
    } else if (exported && typeof exported === 'object' && original && typeof original === 'object')
      for (const [k, v] of Object.entries(exported)) walk(v, (original as Record<string, unknown>)[k]);
  };
  for (const o of objects)
    walk(o.properties, byKey.get(resourceKey({ kind: o.kind as never, name: o.name, parent: o.parent })));
  return out;
}

describeShared('export: every corpus factory deployed to the emulator exports and re-plans clean', () => {
  it.each(corpusFactories())(
    '%s',
    async (name) => {
      const deployed = path.join(work, `${name}.deployed`);
      await importFactory(path.join(CORPUS, name), { out: deployed, location: 'westeurope' });
      const project = await load(deployed);
      // A small page size: every kind with more than 7 objects is read over several pages.
      const emulator = await startEmulator({ port: 0, throttle: 'off', pageSize: 7 });
      try {
        const client = clientOf(emulator);
        const first = await planNow(client, project, emulator);
        const t = targetOf(project, emulator);
        await client.request(
          'PUT',
          `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.DataFactory/factories/${project.factory.name}`,
          { body: first.bodies.get(first.plan.factory.address) },
        );
        const outside = await createOutsideReferences(client, project, emulator);
        expect((await applyPlan(client, await planNow(client, project, emulator), { concurrency: 8 })).failed).toEqual(
          [],
        );

        const out = path.join(work, name);
        const result = await exportFactory(client, t, { out });
        expect(result).toBeDefined();
        const expected = project.resources.length + outside.length;
        expect(result?.model.objects.length).toBe(expected);
        const environ = secretValues(result?.model.objects ?? [], project);
        expect(Object.keys(environ).sort()).toEqual([...(result?.model.env ?? [])].sort());
        const { loadProject } = await import('../../src/manifest/load.js');
        const exported = await loadProject(out, {
          environ,
          target: { subscriptionId: t.subscriptionId, resourceGroup: t.resourceGroup },
        });
        const errors = exported.diagnostics.filter(
          (d) => d.severity === 'error' && !(d.code === 'manifest.unknown-key' && d.path?.[0] === 'env'),
        );
        expect(errors).toEqual([]);
        const again = await planNow(client, exported.project as Project, emulator);
        expect(again.plan.hasChanges, JSON.stringify(again.plan.changes.map((c) => [c.address, c.changes]))).toBe(
          false,
        );
      } finally {
        await emulator.close();
      }
      // Deploying the 1,240-object factory takes about a minute on a loaded 2-core machine.
    },
    240_000,
  );
});

describe('export: the CLI', () => {
  it('exports the factory of a project deployed with --local, secrets as declared env placeholders', async () => {
    const src = writeTmpProject({
      'adf-deploy.yaml': 'factory:\n  name: export-f\n  location: eastus\n',
      'ls.yaml':
        'kind: LinkedService\nname: LS\nproperties:\n  type: AzureBlobStorage\n  typeProperties:\n    sasUri: { type: SecureString, value: "https://a.blob.core.windows.net/?sig=hunter2" }\n',
    });
    expect((await runCli(['apply', src, '--local', '--auto-approve'])).code).toBe(0);
    const out = path.join(writeTmpProject({}), 'exported');
    const result = await runCli(['export', '--local', '--project', src, '--factory', 'export-f', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("exported factory 'export-f'");
    expect(result.stdout).toContain(
      'secrets to set before deploying (declared under env: in adf-deploy.yaml): LS_SASURI',
    );
    const ls = readFileSync(path.join(out, 'linkedService/LS.yaml'), 'utf8');
    expect(ls).toContain('value: ${{ env.LS_SASURI }}');
    expect(ls).not.toContain('*****');
    expect(ls).not.toContain('adf-deploy:secrets');
    expect(readFileSync(path.join(out, 'adf-deploy.yaml'), 'utf8')).toMatch(/^env:\n {2}- LS_SASURI$/m);

    const missing = await runCli(['export', '--local', '--project', src, '--factory', 'nope', '--out', `${out}-2`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("factory 'nope' does not exist");
  });
});

import path from 'node:path';
import { expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.js';
import { planDestroy } from '../../src/apply/destroy-plan.js';
import { buildSteps } from '../../src/apply/steps.js';
import { startEmulator } from '../../src/emulator/index.js';
import { importFactory } from '../../src/import/index.js';
import { fetchLiveState } from '../../src/state/fetch.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';
import { clientOf, createOutsideReferences, load, planNow, refusedRequests, targetOf } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

describeShared('apply: every corpus factory', () => {
  it.each(corpusFactories())(
    '%s applies with no refused request, re-plans to no changes, destroys to empty',
    async (name) => {
      const dir = tempDir('adf-corpus-');
      await importFactory(path.join(CORPUS, name), { out: dir, force: true, location: 'westeurope' });
      const project = await load(dir);
      const emulator = await startEmulator({ port: 0, throttle: 'off' });
      try {
        const client = clientOf(emulator);
        const planned = await planNow(client, project, emulator);
        // The factory must exist before stand-ins for outside references can be put in it.
        await client.request(
          'PUT',
          `/subscriptions/${targetOf(project, emulator).subscriptionId}/resourceGroups/${targetOf(project, emulator).resourceGroup}/providers/Microsoft.DataFactory/factories/${project.factory.name}`,
          { body: planned.bodies.get(planned.plan.factory.address) },
        );
        const outside = await createOutsideReferences(client, project, emulator);

        const plan = await planNow(client, project, emulator);
        const summary = await applyPlan(client, plan, { concurrency: 8 });
        expect(summary.failed).toEqual([]);
        expect(summary.skipped).toEqual([]);
        expect(summary.succeeded.length).toBe(buildSteps(plan.plan).all.length);
        expect(refusedRequests(emulator)).toEqual([]);

        const again = await planNow(client, project, emulator);
        expect(again.plan.hasChanges, JSON.stringify(again.plan.changes.map((c) => [c.address, c.changes]))).toBe(
          false,
        );

        const target = targetOf(project, emulator);
        const destroyed = await applyPlan(client, planDestroy(project, await fetchLiveState(client, target), target), {
          concurrency: 8,
        });
        expect(destroyed.failed).toEqual([]);
        expect(refusedRequests(emulator)).toEqual([]);
        const left = (await fetchLiveState(client, target)).resources.map((r) => `${r.kind}/${r.name}`);
        // Only what the API cannot delete (managed VNets) and the outside stand-ins remain.
        expect(
          left.filter(
            (a) => !a.startsWith('ManagedVirtualNetwork/') && !outside.some((o) => o.toLowerCase() === a.toLowerCase()),
          ),
        ).toEqual([]);

        const live = await fetchLiveState(client, target);
        const gone = await applyPlan(client, planDestroy(project, live, target, { includeFactory: true }), {
          concurrency: 8,
        });
        expect(gone.failed).toEqual([]);
        expect((await fetchLiveState(client, target)).factory).toBeUndefined();
      } finally {
        await emulator.close();
      }
    },
    // The 1,240-object factory takes about 20 s alone; on a loaded 2-core machine three times that.
    180_000,
  );
});

import path from 'node:path';
import { expect, it } from 'vitest';
import { LINKED_FOLDER } from '../../src/build/arm-layout.js';
import { buildArmTemplate } from '../../src/build/arm-template.js';
import { writeArmBuild } from '../../src/build/write.js';
import { startEmulator } from '../../src/emulator/index.js';
import { importFactory } from '../../src/import/index.js';
import { clientOf, createOutsideReferences, load, planNow, refusedRequests, targetOf } from '../apply/helpers.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';
import { comparableProject, deploy, deploymentParameters, loadWith, startDeclaredTriggers } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

describeShared('build --arm: every corpus factory', () => {
  it.each(corpusFactories())(
    '%s: the built template deploys through the deployments route and re-plans to no changes',
    async (name) => {
      const dir = tempDir('adf-armbuild-');
      await importFactory(path.join(CORPUS, name), { out: dir, force: true, location: 'westeurope' });
      const project = await load(dir);
      const built = buildArmTemplate(project);
      // Past ARM's limits (Datafact: 1,241 resources) the master deploys the linked parts from this folder.
      const armDir = tempDir('adf-armbuild-arm-');
      const written = await writeArmBuild(armDir, built);
      const emulator = await startEmulator({
        port: 0,
        throttle: 'off',
        deploymentTemplates: path.join(armDir, LINKED_FOLDER),
      });
      try {
        const client = clientOf(emulator);
        const target = targetOf(project, emulator);
        // Neighbours the corpus references but does not declare (a sibling factory's IR) must exist first.
        const planned = await planNow(client, project, emulator);
        await client.request(
          'PUT',
          `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.DataFactory/factories/${project.factory.name}`,
          { body: planned.bodies.get(planned.plan.factory.address) },
        );
        await createOutsideReferences(client, project, emulator);

        const done = await deploy(
          client,
          target,
          'adf-build',
          written.parts > 0
            ? {
                templateLink: { uri: `https://store.example/adf/${LINKED_FOLDER}/ArmTemplate_master.json` },
                parameters: deploymentParameters(built, {
                  factoryName: project.factory.name,
                  containerUri: `https://store.example/adf/${LINKED_FOLDER}`,
                  containerSasToken: '',
                }),
              }
            : {
                template: built.template,
                parameters: deploymentParameters(built, { factoryName: project.factory.name }),
              },
        );
        expect(written.parts > 0).toBe(built.template.resources.length > 800);
        expect(done.body.properties.error).toBeUndefined();
        expect(done.body.properties.provisioningState).toBe('Succeeded');
        expect(refusedRequests(emulator)).toEqual([]);
        // ARM creates triggers stopped; the post-deployment step starts those the project declares Started.
        await startDeclaredTriggers(client, project, target);

        const again = await planNow(client, project, emulator);
        expect(again.plan.hasChanges, JSON.stringify(again.plan.changes.map((c) => [c.address, c.changes]))).toBe(
          false,
        );
      } finally {
        await emulator.close();
      }
    },
    // Datafact (1,241 objects) takes tens of seconds on a loaded machine.
    240_000,
  );

  it.each(corpusFactories())(
    '%s: import of the built template gives back an equal project',
    async (name) => {
      const dir = tempDir('adf-armbuild-');
      await importFactory(path.join(CORPUS, name), { out: dir, force: true, location: 'westeurope' });
      const project = await load(dir);
      const built = buildArmTemplate(project);
      const armDir = tempDir('adf-armbuild-arm-');
      await writeArmBuild(armDir, built);
      const back = tempDir('adf-armbuild-back-');
      await importFactory(armDir, { out: back, force: true });
      const environ = Object.fromEntries(built.secrets.map((s) => [s.name, String(s.value)]));
      const again = await loadWith(back, environ);
      expect(comparableProject(again)).toEqual(comparableProject(project));
    },
    240_000,
  );
});

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINKED_FOLDER } from '../../src/build/arm-layout.js';
import { type ArmTemplate, buildArmTemplate } from '../../src/build/arm-template.js';
import { writeArmBuild } from '../../src/build/write.js';
import { startEmulator } from '../../src/emulator/index.js';
import { clientOf, load, planNow, refusedRequests, targetOf, writeSyntheticProject } from '../apply/helpers.js';
import { deploy, deploymentParameters } from './helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

function readPart(dir: string, file: string): ArmTemplate {
  return JSON.parse(readFileSync(path.join(dir, LINKED_FOLDER, file), 'utf8')) as ArmTemplate;
}

/** Deploy the master of a build through the emulator's deployments route, then plan the project again. */
async function deployMasterAndReplan(dir: string, armDir: string): Promise<void> {
  const project = await load(dir);
  const built = buildArmTemplate(project);
  const emulator = await startEmulator({
    port: 0,
    throttle: 'off',
    deploymentTemplates: path.join(armDir, LINKED_FOLDER),
  });
  try {
    const client = clientOf(emulator);
    const done = await deploy(client, targetOf(project, emulator), 'adf-linked', {
      templateLink: { uri: `https://store.example/build/${LINKED_FOLDER}/ArmTemplate_master.json?sv=x` },
      parameters: deploymentParameters(built, {
        factoryName: project.factory.name,
        containerUri: `https://store.example/build/${LINKED_FOLDER}`,
        containerSasToken: '',
      }),
    });
    expect(done.body.properties.error).toBeUndefined();
    expect(done.body.properties.provisioningState).toBe('Succeeded');
    expect(refusedRequests(emulator)).toEqual([]);
    const again = await planNow(client, project, emulator);
    expect(again.plan.hasChanges, JSON.stringify(again.plan.changes.map((c) => c.address))).toBe(false);
  } finally {
    await emulator.close();
  }
}

describe('build --arm: linked templates past ARM limits', () => {
  it('a generated factory of 901 resources is split into parts of at most 800 that deploy through the master', async () => {
    const dir = writeSyntheticProject({ factory: 'big-factory', width: 300, depth: 3 });
    const built = buildArmTemplate(await load(dir));
    expect(built.template.resources).toHaveLength(901);
    const armDir = tempDir('adf-linked-');
    const written = await writeArmBuild(armDir, built);
    expect(written.parts).toBe(2);
    expect(written.files).toContain(`${LINKED_FOLDER}/ArmTemplate_master.json`);
    expect(written.files).toContain(`${LINKED_FOLDER}/ArmTemplateParameters_master.json`);
    const parts = [readPart(armDir, 'ArmTemplate_0.json'), readPart(armDir, 'ArmTemplate_1.json')];
    expect(parts.map((p) => p.resources.length)).toEqual([800, 101]);
    // The second part's dependsOn only names resources of that part (the first part is deployed before it).
    const second = parts[1].resources;
    const names = new Set(
      second.map((r) => r.name.replace(/^\[concat\(parameters\('factoryName'\), '\//, '').replace(/'\)\]$/, '')),
    );
    for (const r of second)
      for (const d of r.dependsOn ?? []) {
        const name = /\/(?:linkedServices|datasets|pipelines)\/([^']+)'\)\]$/.exec(d)?.[1];
        expect(name && names.has(name), `${r.name} -> ${d}`).toBe(true);
      }
    const master = readPart(armDir, 'ArmTemplate_master.json');
    expect(master.resources.map((r) => [r.name, r.dependsOn])).toEqual([
      ['ArmTemplate_0', []],
      ['ArmTemplate_1', ["[resourceId('Microsoft.Resources/deployments', 'ArmTemplate_0')]"]],
    ]);
    await deployMasterAndReplan(dir, armDir);
  }, 180_000);

  it('a template past the size limit is split by size; a smaller build removes stale parts', async () => {
    const dir = writeSyntheticProject({ factory: 'wide-factory', width: 40, depth: 3 });
    const built = buildArmTemplate(await load(dir));
    const armDir = tempDir('adf-linked-');
    const written = await writeArmBuild(armDir, built, { maxBytes: 16 * 1024, maxResources: 800 });
    expect(written.parts).toBeGreaterThan(2);
    for (let i = 0; i < written.parts; i++) {
      const text = readFileSync(path.join(armDir, LINKED_FOLDER, `ArmTemplate_${i}.json`), 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(16 * 1024);
    }
    await deployMasterAndReplan(dir, armDir);
    const again = await writeArmBuild(armDir, built);
    expect(again.parts).toBe(0);
    expect(existsSync(path.join(armDir, LINKED_FOLDER, 'ArmTemplate_0.json'))).toBe(false);
  });
});

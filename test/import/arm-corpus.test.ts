import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { importFactory } from '../../src/import/index.js';
import { loadProject } from '../../src/manifest/load.js';
import { resourceKey } from '../../src/model/resource.js';
import { validateProject } from '../../src/validate/validate.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';
import { buildArmTemplate } from './build-arm.js';
import { withoutEnvDeclaration } from './helpers.js';

describeShared('import: the ARM template of every corpus factory, built the way ADF publishes', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'adf-arm-corpus-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(corpusFactories())('%s imports and validates clean once its secrets are set', async (name) => {
    const { template, secrets } = buildArmTemplate(path.join(CORPUS, name));
    const src = path.join(work, `${name}.arm`);
    mkdirSync(src, { recursive: true });
    writeFileSync(path.join(src, 'ARMTemplateForFactory.json'), JSON.stringify(template, null, 2));
    const out = path.join(work, name);
    const result = await importFactory(src, { out, location: 'westeurope' });
    expect(result.model.broken ?? []).toEqual([]);
    const { project, diagnostics } = await loadProject(out, { environ: secrets });
    const errors = withoutEnvDeclaration([...diagnostics, ...(project ? validateProject(project) : [])]).filter(
      (d) => d.severity === 'error' && !(d.code === 'ref.missing' && d.message.includes('SharedIR-DEV2019')),
    );
    expect(errors).toEqual([]);

    // The same objects as the Studio folder's own import, value for value.
    const studio = path.join(work, `${name}.studio`);
    await importFactory(path.join(CORPUS, name), { out: studio, location: 'westeurope' });
    const direct = await loadProject(studio, { environ: {} });
    const props = (p: typeof project) => new Map(p?.resources.map((r) => [resourceKey(r), r.properties]));
    expect(props(project)).toEqual(props(direct.project));
  });
});

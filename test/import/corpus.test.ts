import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { importFactory } from '../../src/import/index.js';
import { loadProject } from '../../src/manifest/load.js';
import { resourceKey } from '../../src/model/resource.js';
import { validateProject } from '../../src/validate/validate.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';

/** Codes of the checks owned by the manifest/validate modules (schema and expression checks are other modules'). */

const FOLDERS: Record<string, string> = {
  linkedService: 'LinkedService',
  dataset: 'Dataset',
  pipeline: 'Pipeline',
  trigger: 'Trigger',
  dataflow: 'DataFlow',
  integrationRuntime: 'IntegrationRuntime',
  credential: 'Credential',
  managedVirtualNetwork: 'ManagedVirtualNetwork',
  adfcdc: 'ChangeDataCapture',
};

/** Read the source objects straight from the JSON files, independently of the importer. */
function sourceObjects(dir: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const readAll = (folder: string, kind: string, parent?: string) => {
    for (const f of readdirSync(folder).filter((n) => n.endsWith('.json'))) {
      const json = JSON.parse(readFileSync(path.join(folder, f), 'utf8').replace(/^\uFEFF/, ''));
      if (kind === 'IntegrationRuntime' && json.name === 'AutoResolveIntegrationRuntime') continue;
      out.set(resourceKey({ kind: kind as never, name: json.name, parent }), json.properties ?? {});
    }
  };
  for (const [folder, kind] of Object.entries(FOLDERS)) {
    const full = path.join(dir, folder);
    if (!existsSync(full)) continue;
    readAll(full, kind);
    if (kind === 'ManagedVirtualNetwork') {
      for (const vnet of readdirSync(full, { withFileTypes: true }).filter((e) => e.isDirectory())) {
        const pe = path.join(full, vnet.name, 'managedPrivateEndpoint');
        if (existsSync(pe)) readAll(pe, 'ManagedPrivateEndpoint', vnet.name);
      }
    }
  }
  return out;
}

describeShared('corpus: every factory imports losslessly and validates', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'adf-deploy-corpus-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(corpusFactories())('%s', async (name) => {
    const src = path.join(CORPUS, name);
    const out = path.join(work, name);
    await importFactory(src, { out });
    const { project, diagnostics } = await loadProject(out, { environ: {} });
    expect(project).toBeDefined();

    const expected = sourceObjects(src);
    const actual = new Map(project!.resources.map((r) => [resourceKey(r), r.properties]));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, props] of expected) expect(actual.get(key), key).toEqual(props);

    // Every check counts: loader, names, references, limits, per-type schemas and expressions.
    const errors = [...diagnostics, ...validateProject(project!)].filter((d) => d.severity === 'error');
    if (name.endsWith('BigFactorySample2_vnet')) {
      const file = path.join(out, 'linkedService', 'LS_SqlServer_DEV19_AW2017.yaml');
      const line =
        readFileSync(file, 'utf8')
          .split('\n')
          .findIndex((l) => l.includes('referenceName: SharedIR-DEV2019')) + 1;
      expect(errors).toMatchObject([
        { code: 'ref.missing', location: { file, line }, resource: 'LinkedService/LS_SqlServer_DEV19_AW2017' },
      ]);
      expect(errors[0].message).toContain("integration runtime 'SharedIR-DEV2019'");
    } else {
      expect(errors).toEqual([]);
    }
  });
});

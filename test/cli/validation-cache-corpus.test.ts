import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createScrubber, projectSecrets } from '../../src/cli/scrub.js';
import { openValidationCache } from '../../src/cli/validation-cache.js';
import { importFactory } from '../../src/import/index.js';
import { recordLoadInputs } from '../../src/manifest/load-inputs.js';
import { loadProject } from '../../src/manifest/load.js';
import { renderDiagnosticsJson, renderDiagnosticsText } from '../../src/render/diagnostics.js';
import { validateProject } from '../../src/validate/validate.js';
import { applyChecks } from '../../src/validate/waivers.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';

const TARGET = { subscriptionId: '0b0b0b0b-1111-2222-3333-444444444444', resourceGroup: 'rg-cache' };

/** Load an imported factory as the commands do, with its validation cache (turned on by a test build id). */
async function open(dir: string) {
  const inputs = recordLoadInputs({ environ: {}, target: TARGET });
  const { project, diagnostics } = await loadProject(dir, inputs.options);
  if (!project) throw new Error(`${dir} did not load`);
  const scrub = createScrubber(projectSecrets(project));
  return {
    project,
    diagnostics,
    cache: await openValidationCache(project, inputs, {
      env: { XDG_CACHE_HOME: path.join(path.dirname(dir), 'user-cache') },
      scrub,
      cacheBuild: 'corpus',
    }),
  };
}

describeShared('validation cache over the corpus: what a hit shows is what validating shows', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-cache-corpus-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each(corpusFactories())(
    '%s',
    async (name) => {
      const dir = path.join(tmp, name);
      await importFactory(path.join(CORPUS, name), { out: dir, location: 'westeurope' });
      const first = await open(dir);
      expect(first.cache.findings).toBeUndefined();
      const found = validateProject(first.project);
      first.cache.store(found);
      const again = await open(dir);
      expect(again.cache.findings).toBeDefined();
      const fresh = applyChecks(first.project, [...first.diagnostics, ...found]);
      const cached = applyChecks(again.project, [...again.diagnostics, ...(again.cache.findings ?? [])]);
      expect(renderDiagnosticsText(cached.diagnostics, { cwd: tmp, color: false })).toBe(
        renderDiagnosticsText(fresh.diagnostics, { cwd: tmp, color: false }),
      );
      expect(renderDiagnosticsJson(cached.diagnostics, cached.waived.length)).toBe(
        renderDiagnosticsJson(fresh.diagnostics, fresh.waived.length),
      );
    },
    60_000,
  );
});

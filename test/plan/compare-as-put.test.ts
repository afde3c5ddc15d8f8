/**
 * compareChild's shortcut for a live body that holds exactly what was PUT (sameAsPut, issue 19): equal without
 * normalising either side. It is right only because every normalisation row treats both sides alike for a desired
 * body without secrets; these tests hold the normalised forms of every corpus and example body to that, and check
 * that the shortcut is taken and never hides a difference.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { deepEqual } from '../../src/diff/canonical.js';
import { normaliseDocument } from '../../src/diff/normalise.js';
import { loadProject } from '../../src/manifest/load.js';
import type { Project } from '../../src/manifest/types.js';
import { compareChild, sameAsPut } from '../../src/plan/compare.js';
import { buildDesiredBody, factoryResourceId } from '../../src/plan/desired.js';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { CORPUS, corpusFactories, describeShared } from '../helpers/shared.js';

// Counts the normalising walks the shortcut saves.
const counter = vi.hoisted(() => ({ sharing: 0 }));
vi.mock('../../src/diff/normalise-shared.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/diff/normalise-shared.js')>();
  return {
    ...real,
    normaliseSharing: (...args: Parameters<typeof real.normaliseSharing>) => {
      counter.sharing++;
      return real.normaliseSharing(...args);
    },
  };
});

const work = mkdtempSync(path.join(os.tmpdir(), 'adf-compare-as-put-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(() => {
  counter.sharing = 0;
});

const target = { subscriptionId: 'sub', resourceGroup: 'rg', factoryName: 'f' };

/** Each resource of the project without secrets: its desired body, and the live body a GET gives back after a PUT. */
function asPut(project: Project) {
  const settings = { env: project.envSecrets, fingerprintKey: project.fingerprintKey };
  return project.resources.flatMap((resource) => {
    const desired = buildDesiredBody(resource, factoryResourceId(target), settings);
    const check = desired.secretCheck;
    if (!check || check.secrets.length > 0) return [];
    const live = JSON.parse(
      JSON.stringify({ id: `/x/${resource.name}`, name: resource.name, type: 't', etag: 'e', ...desired.body }),
    ) as Record<string, unknown>;
    return [{ resource, desired, check, live }];
  });
}

/** The invariant the shortcut rests on, and the shortcut itself, for every body of a project. */
function holdsFor(project: Project): number {
  const bodies = asPut(project);
  for (const { resource, desired, check, live } of bodies) {
    const secrets = { options: check.options, envPaths: check.secrets };
    const ctx = { kind: resource.kind, desired: desired.body, secrets };
    expect(sameAsPut(live, desired.body)).toBe(true);
    const same = deepEqual(
      normaliseDocument(live, { ...ctx, side: 'live' }),
      normaliseDocument(desired.body, { ...ctx, side: 'desired' }),
    );
    expect(same, `${resource.kind}/${resource.name}`).toBe(true);
    const comparison = compareChild(resource.kind, desired.body, desired.fingerprint, live, check);
    expect(comparison.changes).toEqual([]);
  }
  return bodies.length;
}

describe('a live body as it was PUT', () => {
  it('is equal without normalising either side (examples/quickstart)', async () => {
    const { project } = await loadProject(path.join(PROJECT_ROOT, 'examples/quickstart'), { environ: {} });
    if (!project) throw new Error('examples/quickstart does not load');
    const compared = holdsFor(project);
    expect(compared).toBeGreaterThan(3);
    // holdsFor normalises each body itself (normaliseDocument); compareChild took the shortcut for all of them.
    expect(counter.sharing).toBe(0);
  });

  it('differs as before when one value, one key or one identity-only key differs', async () => {
    const { project } = await loadProject(path.join(PROJECT_ROOT, 'examples/quickstart'), { environ: {} });
    if (!project) throw new Error('examples/quickstart does not load');
    const [{ resource, desired, live }] = asPut(project).filter((b) => b.resource.kind === 'Pipeline');
    const changed = structuredClone(live);
    (changed.properties as Record<string, unknown>).description = 'changed in the portal';
    expect(sameAsPut(changed, desired.body)).toBe(false);
    const extra = { ...structuredClone(live), location: 'westeurope' };
    expect(sameAsPut(extra, desired.body)).toBe(false);
    for (const body of [changed, extra]) {
      const comparison = compareChild(resource.kind, desired.body, desired.fingerprint, body, desired.secretCheck);
      expect(comparison.changes.length).toBeGreaterThan(0);
    }
    // Identity keys are never compared: another etag or id is the same body.
    expect(sameAsPut({ ...live, etag: 'other', id: '/other' }, desired.body)).toBe(true);
  });
});

describeShared('the shortcut on every corpus factory', () => {
  it.each(corpusFactories())('%s: every body without secrets normalises alike on both sides', async (name) => {
    const dir = path.join(work, name);
    cpSync(path.join(CORPUS, name), dir, { recursive: true });
    writeFileSync(path.join(dir, 'adf-deploy.yaml'), 'factory:\n  name: f\n  location: westeurope\n');
    const { project } = await loadProject(dir, { environ: {} });
    if (!project) throw new Error(`${name} does not load`);
    expect(holdsFor(project)).toBeGreaterThan(0);
  });
});

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/manifest/load.js';
import type { LoadOptions } from '../../src/manifest/types.js';
import { checkProject, validateProject, validateProjectInTurns } from '../../src/validate/validate.js';
import { applyChecks } from '../../src/validate/waivers.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

const TARGET = { subscriptionId: '0b0b0b0b-1111-2222-3333-444444444444', resourceGroup: 'rg-turns' };
const BAD = path.join(PROJECT_ROOT, 'test/fixtures/bad');
const CASES: [string, LoadOptions][] = [
  ['examples/quickstart', { environ: {} }],
  ['examples/multi-env', { environ: { PROD_SUBSCRIPTION_ID: 'p' }, env: 'prod' }],
  // Every bad fixture: errors and warnings of each check, waivers, in the order they are shown.
  ...readdirSync(BAD).map((c): [string, LoadOptions] => [`test/fixtures/bad/${c}`, { environ: {}, target: TARGET }]),
];

describe('validation in turns (validateProjectInTurns): what plan and apply run while the factory is read', () => {
  it.each(CASES)('%s: the same findings, in the same order, as checkProject', async (dir, options) => {
    const { project, diagnostics } = await loadProject(path.join(PROJECT_ROOT, dir), options);
    const always = () => Promise.resolve();
    const inTurns = project
      ? applyChecks(project, [...diagnostics, ...(await validateProjectInTurns(project, always))])
      : undefined;
    if (project) expect(inTurns).toEqual(checkProject(project, diagnostics));
  });

  it('gives the event loop a turn between resources, so I/O callbacks run during validation', async () => {
    const { project } = await loadProject(path.join(PROJECT_ROOT, 'examples/quickstart'), { environ: {} });
    expect(project).toBeDefined();
    if (!project) return;
    let turns = 0;
    let ranDuring = false;
    let done = false;
    // Stands for a list page's response: it must be handled before validation ends, not after.
    setImmediate(() => {
      ranDuring = !done;
    });
    const turn = () => {
      turns++;
      return new Promise<void>((resolve) => setImmediate(resolve));
    };
    await validateProjectInTurns(project, turn);
    done = true;
    expect(ranDuring).toBe(true);
    // Between the whole-project checks, then after each resource's schema and expression checks.
    expect(turns).toBeGreaterThanOrEqual(2 * project.resources.length);
  });

  it('asks for no turn it does not take: with a turn that never asks, nothing waits', async () => {
    const { project } = await loadProject(path.join(PROJECT_ROOT, 'examples/quickstart'), { environ: {} });
    if (!project) throw new Error('quickstart did not load');
    let ranDuring = false;
    let done = false;
    setImmediate(() => {
      ranDuring = !done;
    });
    const result = await validateProjectInTurns(project, () => undefined);
    done = true;
    expect(ranDuring).toBe(false);
    expect(result).toEqual(validateProject(project));
  });
});

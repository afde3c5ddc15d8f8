/**
 * Issue 15: `checks:` in adf-deploy.yaml and `# adf-deploy: ignore CODE` comments; waived findings are counted;
 * integrity checks cannot be waived; plan/apply print one summary line instead of every warning.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/manifest/load.js';
import { checkProject } from '../../src/validate/validate.js';
import { isUnwaivable } from '../../src/validate/waivers.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { writeTmpProject } from './tmp-project.js';

const REAL = path.join(PROJECT_ROOT, 'test/fixtures/real');

async function check(folder: string) {
  const { project, diagnostics } = await loadProject(path.join(REAL, folder), { environ: {} });
  return checkProject(project, diagnostics);
}

const brief = (d: { location?: { file: string; line: number }; severity: string; code: string; resource?: string }) =>
  `${path.basename(d.location?.file ?? '')}:${d.location?.line} ${d.severity}[${d.code}] ${d.resource ?? ''}`.trim();

describe('checks: and inline waivers', () => {
  it('changes a severity, waives for named objects and for one document, and counts what it waived', async () => {
    const { diagnostics, waived } = await check('waivers');
    // checks: { expr.item-outside-foreach: warning } keeps the finding of DS_Item, as a warning
    expect(diagnostics.map(brief)).toEqual(['ds.yaml:10 warning[expr.item-outside-foreach] Dataset/DS_Item']);
    // the inline comment of ds2.yaml waives DS_Item2's; waive: [Pipeline/P_Wait] waives the described-type one
    expect(waived.map((d) => `${d.code} ${d.resource}`).sort()).toEqual([
      'expr.item-outside-foreach Dataset/DS_Item2',
      'schema.described-type Pipeline/P_Wait',
    ]);
  });

  it('validate prints the waived count (text on stdout when valid, JSON field)', async () => {
    const dir = path.join(REAL, 'waivers');
    const text = await runCli(['validate', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('2 waived (expr.item-outside-foreach 1, schema.described-type 1)');
    const json = JSON.parse((await runCli(['validate', dir, '--json'])).stdout) as { waived: number; warnings: number };
    expect(json).toMatchObject({ waived: 2, warnings: 1 });
  });

  it('refuses to waive integrity checks in adf-deploy.yaml: an error at the line, the finding stays', async () => {
    const { diagnostics, waived } = await check('waiver-unwaivable');
    expect(diagnostics.map(brief).sort()).toEqual([
      'adf-deploy.yaml:5 error[checks.unwaivable]',
      'adf-deploy.yaml:6 error[checks.unwaivable]',
      'ds.yaml:5 error[ref.missing] Dataset/DS_Orphan',
    ]);
    expect(waived).toEqual([]);
  });

  it('refuses to waive integrity checks in an inline comment', async () => {
    const { diagnostics } = await check('waiver-inline-unwaivable');
    expect(diagnostics.map(brief).sort()).toEqual([
      'ds.yaml:3 error[checks.unwaivable] Dataset/DS_Orphan',
      'ds.yaml:6 error[ref.missing] Dataset/DS_Orphan',
    ]);
  });

  it.each([
    ['ref.missing', true],
    ['ref.missing-parameter', false],
    ['graph.cycle', true],
    ['limit.activities', true],
    ['secret.mistyped', true],
    ['expr.item-outside-foreach', false],
    ['schema.described-type', false],
  ])('%s unwaivable: %s', (code, expected) => {
    expect(isUnwaivable(code)).toBe(expected);
  });
});

describe('checks: severities and malformed entries', () => {
  const project = (checks: string) =>
    writeTmpProject({
      'adf-deploy.yaml': `factory:\n  name: real-fixture\n  location: eastus\nchecks:\n${checks}`,
      'p.yaml':
        'kind: Pipeline\nname: P\nproperties:\n  activities:\n    - name: W\n      type: Wait\n      typeProperties:\n        waitTimeInSeconds: "30"\n',
    });
  const run = async (checks: string) => {
    const { project: p, diagnostics } = await loadProject(project(checks), { environ: {} });
    return checkProject(p, diagnostics).diagnostics.map((d) => `${d.severity}[${d.code}]`);
  };

  it('makes a warning an error', async () => {
    expect(await run('  schema.described-type: error\n')).toEqual(['error[schema.described-type]']);
  });

  it('off waives it everywhere', async () => {
    expect(await run('  schema.described-type: off\n')).toEqual([]);
  });

  it('reports a bad level and an unknown family', async () => {
    expect(await run('  schema.described-type: quiet\n  shcema.enum: off\n')).toEqual([
      'error[checks.invalid]',
      'warning[checks.unknown-code]',
      'warning[schema.described-type]',
    ]);
  });
});

describe('plan prints one summary line of warnings', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adf-summary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts warnings by code and waived findings, without the details', async () => {
    cpSync(path.join(REAL, 'waivers'), dir, { recursive: true });
    const r = await runCli(['plan', dir, '--local']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'validation: 1 warning (expr.item-outside-foreach 1); 2 waived (expr.item-outside-foreach 1, schema.described-type 1); details: adf-deploy validate',
    );
    expect(r.stderr).not.toContain('warning[');
  });
});

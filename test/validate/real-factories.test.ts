/**
 * Issue 15: minimal reproductions of what real, deployed factories do that validate used to refuse or flag.
 * Each fixture under test/fixtures/real/ fails on the code before the issue.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { loadProject } from '../../src/manifest/load.js';
import { validateProject } from '../../src/validate/validate.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

const REAL = path.join(PROJECT_ROOT, 'test/fixtures/real');

async function validate(folder: string): Promise<Diagnostic[]> {
  const { project, diagnostics } = await loadProject(path.join(REAL, folder), { environ: {} });
  expect(project).toBeDefined();
  return project ? [...diagnostics, ...validateProject(project)] : diagnostics;
}

const brief = (d: Diagnostic) =>
  `${path.basename(d.location?.file ?? '')}:${d.location?.line} ${d.severity}[${d.code}]`;

describe('expressions of datasets and linked services, in the scope of the activities that use them', () => {
  it('item() in a dataset used only inside a ForEach: nothing', async () => {
    expect((await validate('dataset-item-in-foreach')).map(brief)).toEqual([]);
  });

  it('item() in a linked service reached through a dataset used only inside a ForEach: nothing', async () => {
    expect((await validate('linked-service-item-in-foreach')).map(brief)).toEqual([]);
  });

  it('item() in a dataset used inside and outside a ForEach: a warning', async () => {
    const found = await validate('dataset-item-mixed');
    expect(found.map(brief)).toEqual(['ds.yaml:10 warning[expr.item-outside-foreach]']);
    expect(found[0].message).toContain('some activities that use it run outside any ForEach');
  });

  it('item() in a dataset used only outside a ForEach: still an error', async () => {
    const found = await validate('dataset-item-outside');
    expect(found.map(brief)).toEqual(['ds.yaml:10 error[expr.item-outside-foreach]']);
    expect(found[0].hint).toContain('dataset parameter');
  });
});

describe('datasets saved before they were configured', () => {
  it('missing typeProperties, or required ones inside, are warnings that say what ADF does at run time', async () => {
    const found = await validate('dataset-unconfigured');
    expect(found.map(brief)).toEqual(['ds.yaml:3 warning[schema.required]', 'ds.yaml:12 warning[schema.required]']);
    for (const d of found) expect(d.hint).toMatch(/ADF stores a dataset without it.*fails until it is set/);
  });

  it('an activity without typeProperties and a Copy without sink stay errors at their line', async () => {
    const found = await validate('activity-broken');
    expect(found.map(brief)).toEqual(['p.yaml:5 error[schema.required]', 'p.yaml:11 error[schema.required]']);
    expect(found[0].message).toContain("'typeProperties'");
    expect(found[1].message).toContain("'sink'");
  });
});

describe('noise', () => {
  it('local start/end times with a non-UTC timeZone and variable types Boolean/Integer pass silently', async () => {
    expect((await validate('trigger-local-time')).map(brief)).toEqual([]);
  });

  it('var.unused never suggests a name its block already defines', async () => {
    const found = await validate('var-unused-existing');
    expect(found.map(brief)).toEqual(['adf-deploy.yaml:6 warning[var.unused]']);
    expect(found[0].message).not.toContain('did you mean');
  });
});

describe('types stated by the schema descriptions ("Type: integer (or Expression with resultType integer)")', () => {
  it('a literal of another JSON type warns, naming the type; expressions and the right type pass', async () => {
    const found = await validate('described-type');
    expect(found.map(brief)).toEqual(['p.yaml:10 warning[schema.described-type]']);
    expect(found[0].message).toBe('found a string, expected an integer (the schema describes it as "Type: integer")');
  });

  it('--strict makes it an error (exit 1)', async () => {
    const dir = path.join(REAL, 'described-type');
    expect((await runCli(['validate', dir])).code).toBe(0);
    const strict = await runCli(['validate', dir, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('schema.described-type');
  });
});

describe('YAML mistakes: one message at the line of the mistake, with a hint, no cascade', () => {
  it('an extra space of indentation', async () => {
    const { diagnostics } = await loadProject(path.join(REAL, 'yaml-extra-space'), { environ: {} });
    expect(diagnostics.map(brief)).toEqual(['ls.yaml:7 error[yaml.syntax]']);
    expect(diagnostics[0].message).toBe(
      "line 7 is indented deeper than 'serviceEndpoint' on line 6, which already has a value",
    );
    expect(diagnostics[0].hint).toContain('check the indentation of line 7');
  });

  it('a tab', async () => {
    const { diagnostics } = await loadProject(path.join(REAL, 'yaml-tab'), { environ: {} });
    expect(diagnostics.map(brief)).toEqual(['p.yaml:7 error[yaml.syntax]']);
    expect(diagnostics[0].hint).toBe('check the indentation of line 7: replace the tab with spaces');
  });
});

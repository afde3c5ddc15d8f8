import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../src/manifest/project-root.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A copy of the quickstart inside a fake repository (a `.git` folder bounds the search upwards). */
function repoWithProject(): { repo: string; project: string } {
  const repo = tempDir('adf-discovery-');
  mkdirSync(path.join(repo, '.git'));
  const project = path.join(repo, 'factories', 'quickstart');
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), project, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
  return { repo, project };
}

describe('the project is found from a subfolder, as git finds its repository', () => {
  it('validate and graph in a subfolder use the project above, and say so once on stderr', async () => {
    const { project } = repoWithProject();
    const sub = path.join(project, 'pipeline');
    const r = await runCli(['validate'], { cwd: sub });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("valid: factory 'adfv2-quickstart-local'");
    expect(r.stderr).toBe('note: no adf-deploy.yaml in .: using the project at ..\n');
    const g = await runCli(['graph'], { cwd: sub });
    expect(g.code, g.stderr).toBe(0);
  });

  it('plan --local from a deeper subfolder keeps its state in the project, not in the subfolder', async () => {
    const { project } = repoWithProject();
    const deep = path.join(project, 'data');
    const r = await runCli(['plan', '--local'], { cwd: deep });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Plan: 8 to create');
    expect(existsSync(path.join(project, '.adf-deploy'))).toBe(true);
    expect(existsSync(path.join(deep, '.adf-deploy'))).toBe(false);
    expect(findProjectRoot(deep)).toEqual({ root: project, foundAbove: true });
  });

  it('stops at the repository root and at a folder with its own adf-deploy.yaml', () => {
    const { repo, project } = repoWithProject();
    const outside = path.join(repo, 'docs');
    mkdirSync(outside);
    expect(findProjectRoot(outside)).toEqual({ root: outside, foundAbove: false });
    expect(findProjectRoot(project)).toEqual({ root: project, foundAbove: false });
  });
});

describe('an ADF Studio folder without adf-deploy.yaml', () => {
  it('says what it is and names both ways on, with the factory name from factory/', async () => {
    const studio = tempDir('adf-studio-');
    mkdirSync(path.join(studio, 'factory'));
    mkdirSync(path.join(studio, 'pipeline'));
    writeFileSync(
      path.join(studio, 'factory', 'sales-adf.json'),
      JSON.stringify({ name: 'sales-adf', location: 'westeurope' }),
    );
    writeFileSync(
      path.join(studio, 'pipeline', 'P.json'),
      JSON.stringify({ name: 'P', properties: { activities: [] } }),
    );
    // Run from its pipeline/ folder: the Studio folder above is the project (and it is not searched past).
    const r = await runCli(['validate'], { cwd: path.join(studio, 'pipeline') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'error[project.no-config]: no adf-deploy.yaml: this is an ADF Studio git folder (1 object)',
    );
    expect(r.stdout).toContain("create adf-deploy.yaml here with 'factory: { name: sales-adf }'");
    expect(r.stdout).toContain(`adf-deploy import ${path.basename(studio)} --out ${path.basename(studio)}-project`);
  });
});

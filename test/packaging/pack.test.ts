import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

/**
 * What a user gets from the registry: `npm pack`, then the tarball installed into an empty folder without dev
 * dependencies, and the README's commands run from there. Catches a file missing from `files`, a runtime import of
 * a dev-only package (tsx, azurite, vitest) and a bin that does not start.
 */
describe('the packed package, installed without dev dependencies', () => {
  let dir: string;
  let bin: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'adf-pack-'));
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    })
      .trim()
      .split('\n')
      .pop() as string;
    const app = path.join(dir, 'app');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), path.join(app, 'factory'), {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    execFileSync(
      'npm',
      ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, packed)],
      { cwd: app, stdio: 'pipe', env: { ...process.env, npm_config_loglevel: 'error' } },
    );
    bin = path.join(app, 'node_modules/.bin/adf-deploy');
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => {
    const r = spawnSync(bin, args, {
      cwd: path.join(dir, 'app'),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('has no dev-only package installed', () => {
    const modules = readdirSync(path.join(dir, 'app/node_modules'));
    for (const dev of ['tsx', 'vitest', 'azurite', 'typescript', '@biomejs']) expect(modules).not.toContain(dev);
  });

  it('--help, validate, plan --local and apply --local work from the installed package', () => {
    const help = run('--help');
    expect(help.code, help.err).toBe(0);
    expect(help.out).toContain('plan');
    const validate = run('validate', 'factory');
    expect(validate.code, validate.err).toBe(0);
    const apply = run('apply', 'factory', '--local', '--auto-approve');
    expect(apply.code, apply.err + apply.out).toBe(0);
    const plan = run('plan', 'factory', '--local', '--detailed-exitcode');
    expect(plan.code, plan.err + plan.out).toBe(0);
    expect(plan.out).toContain('No changes');
  });
});

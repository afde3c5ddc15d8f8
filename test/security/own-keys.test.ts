import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLenientJson } from '../../src/expression/functions/lenient-json.js';
import { xmlToJson } from '../../src/expression/functions/xml.js';
import { isUnmanagedStudioFolder } from '../../src/manifest/studio-layout.js';
import { buildFactoryBody } from '../../src/plan/desired.js';
import { checkRunParameters } from '../../src/runs/parameters.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { writeTmpProject } from '../validate/tmp-project.js';

// Every user-chosen key is looked up as an own property (or in a Map): `constructor`, `__proto__` and `toString`
// must behave like any other unknown (or declared) name, never find Object.prototype or replace a prototype.
const KEYS = ['constructor', '__proto__', 'toString'];
const QUICKSTART = path.join(PROJECT_ROOT, 'examples/quickstart');
const CONFIG = 'factory:\n  name: test-factory\n  location: eastus\n';
const env = { ADF_QUICKSTART_STORAGE: undefined };

describe.each(KEYS)('the key %s', (key) => {
  it('--env: an unknown environment', async () => {
    const r = await runCli(['validate', QUICKSTART, '--env', key], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`environment '${key}' is not defined`);
  });

  it('${{ vars.NAME }} and ${{ env.NAME }}: undefined and undeclared', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': `${CONFIG}env: [DECLARED]\n`,
      'p.yaml': `kind: Pipeline\nname: P\nproperties:\n  description: "\${{ vars.${key} }}"\n  annotations: ["\${{ env.${key} }}"]\n  activities: []\n`,
    });
    const r = await runCli(['validate', dir], { env: { [key]: 'x' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`variable '${key}' is not defined`);
    expect(r.stdout).toContain(`environment variable '${key}' is not declared`);
  });

  it('vars: a var of that name is an ordinary var', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': `${CONFIG}vars:\n  ${key}: plain-value\n`,
      'p.yaml': `kind: Pipeline\nname: P\nproperties:\n  description: "\${{ vars.${key} }}"\n  activities: []\n`,
    });
    const r = await runCli(['validate', dir, '--json']);
    expect(r.stdout).not.toContain('var.missing');
    expect(r.code).toBe(0);
  });

  it('kind: not a kind', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': CONFIG,
      'p.yaml': `kind: ${key}\nname: P\nproperties: {}\n`,
    });
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('kind is one of');
  });

  it('checks: not a finding code; external: not a kind', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': `${CONFIG}checks:\n  ${key}: off\nexternal:\n  - ${key}/x\n`,
    });
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`'${key}' is not a finding code`);
    expect(r.stdout).toMatch(/external/);
  });
});

describe.each(KEYS)('the key %s in data', (key) => {
  it('a global parameter or factory property of that name is kept as a key of the factory body', () => {
    const gps = JSON.parse(`{"${key}": {"type": "String", "value": "v"}, "other": {"type": "String", "value": "w"}}`);
    const properties = JSON.parse(`{"${key}": "kept"}`);
    const body = buildFactoryBody({ name: 'f', location: 'eastus', globalParameters: gps, properties }, undefined);
    const props = body.properties as Record<string, unknown>;
    expect(Object.keys(props.globalParameters as object).sort()).toEqual([key, 'other'].sort());
    expect(Object.getPrototypeOf(props.globalParameters)).toBe(Object.prototype);
    expect(Object.hasOwn(props, key)).toBe(true);
  });

  it('run -p: a declared parameter of that name without a default is still required', () => {
    const declared = JSON.parse(`{"${key}": {"type": "String"}}`);
    const missing = checkRunParameters('P', declared, { pairs: [] });
    expect(missing.problems.join('\n')).toContain(`requires parameter '${key}'`);
    const given = checkRunParameters('P', declared, { pairs: [`${key}=1`] });
    expect(given.problems).toEqual([]);
    expect(Object.hasOwn(given.values, key)).toBe(true);
  });

  it('json() and xml(): a member of that name is an ordinary member', () => {
    const parsed = parseLenientJson(`{"${key}": 1}`) as Record<string, unknown>;
    expect(Object.hasOwn(parsed, key)).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    const xml = xmlToJson('xml', `<a><${key}>1</${key}></a>`) as Record<string, Record<string, unknown>>;
    expect(xml.a[key]).toBe('1');
  });
});

describe.each(KEYS)('the key %s as a folder', (key) => {
  it('a Studio folder of that name is not taken for a known (unmanaged) kind folder', () => {
    expect(isUnmanagedStudioFolder(key)).toBe(false);
  });
});

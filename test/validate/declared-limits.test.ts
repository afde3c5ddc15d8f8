import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/manifest/load.js';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { validateProject } from '../../src/validate/validate.js';
import { runCli } from '../helpers/cli.js';
import { CONFIG, writeTmpProject } from './tmp-project.js';

const pipelines = (n: number): string =>
  Array.from({ length: n }, (_, i) => `kind: Pipeline\nname: P${i}\nproperties:\n  activities: []\n`).join('---\n');
/** A linked service of about `kb` KB as JSON (its description pads it). */
const linkedService = (kb: number): string =>
  `kind: LinkedService\nname: LS\nproperties:\n  type: AzureBlobStorage\n  typeProperties:\n    serviceEndpoint: https://a.blob.core.windows.net\n  description: ${'x'.repeat(kb * 1024)}\n`;

/** Load and validate; the diagnostics whose code starts with one of `prefixes`. */
async function check(
  files: Record<string, string>,
  prefixes = ['limit.', 'manifest.'],
  env?: string,
): Promise<Diagnostic[]> {
  const { project, diagnostics } = await loadProject(writeTmpProject(files), { environ: {}, env });
  const all = [...diagnostics, ...(project ? validateProject(project) : [])];
  return all.filter((d) => prefixes.some((p) => d.code.startsWith(p)));
}
const brief = (list: Diagnostic[]) =>
  list.map((d) => `${d.severity}:${d.code}@${d.location?.file.split('/').pop()}:${d.location?.line}`);

describe('limits: entities per factory', () => {
  it('a declared budget is the limit: at the boundary fine, one more is an error naming the declaration', async () => {
    const config = `${CONFIG}limits:\n  entitiesPerFactory: 3\n`;
    expect(await check({ 'adf-deploy.yaml': config, 'p.yaml': pipelines(3) })).toEqual([]);
    const over = await check({ 'adf-deploy.yaml': config, 'p.yaml': pipelines(4) });
    expect(brief(over)).toEqual(['error:limit.entities@adf-deploy.yaml:5']);
    expect(over[0].message).toBe(
      'the factory would hold 4 objects; this project declares 3 (limits: in adf-deploy.yaml)',
    );
    expect(over[0].hint).toMatch(/raise limits\.entitiesPerFactory/);
  });

  it('a raised limit above 5,000 lets a factory Azure accepts pass; without it, the hint says how to declare one', async () => {
    const many = pipelines(5001);
    const raised = await check({
      'adf-deploy.yaml': `${CONFIG}limits: { entitiesPerFactory: 5001 }\n`,
      'p.yaml': many,
    });
    expect(raised).toEqual([]);
    const plain = await check({ 'adf-deploy.yaml': CONFIG, 'p.yaml': many });
    expect(brief(plain)).toEqual(['error:limit.entities@adf-deploy.yaml:1']);
    expect(plain[0].message).toBe("the factory would hold 5,001 objects; ADF's limit is 5,000");
    expect(plain[0].hint).toContain("'limits: { entitiesPerFactory: N }' in adf-deploy.yaml");
  }, 60_000);

  it("the chosen environment's limits override the top level's, key by key", async () => {
    const config = `${CONFIG}limits:\n  entitiesPerFactory: 2\n  objectSizeKB: 50\nenvironments:\n  prod:\n    limits:\n      entitiesPerFactory: 3\n`;
    const files = { 'adf-deploy.yaml': config, 'p.yaml': pipelines(3) };
    expect(brief(await check(files))).toEqual(['error:limit.entities@adf-deploy.yaml:5']);
    expect(await check(files, undefined, 'prod')).toEqual([]);
    // objectSizeKB still comes from the top level under --env prod.
    const big = await check({ ...files, 'ls.yaml': linkedService(60) }, undefined, 'prod');
    expect(brief(big)).toEqual(['error:limit.entities@adf-deploy.yaml:10', 'error:limit.size@ls.yaml:3']);
  });
});

describe('limits: KB per dataset or linked service', () => {
  it('a raised size lets a 120 KB linked service pass; over it, the message names the declared size', async () => {
    const config = `${CONFIG}limits:\n  objectSizeKB: 150\n`;
    expect(await check({ 'adf-deploy.yaml': config, 'ls.yaml': linkedService(120) })).toEqual([]);
    const over = await check({ 'adf-deploy.yaml': config, 'ls.yaml': linkedService(160) });
    expect(brief(over)).toEqual(['error:limit.size@ls.yaml:3']);
    expect(over[0].message).toMatch(/^linked service is 160\.\d KB as JSON; this project declares 150\.0 KB/);
    expect(over[0].hint).toMatch(/raise limits\.objectSizeKB .* \(up to 2000\.0 KB\)/);
  });

  it('without a declaration 100 KB is the limit, and the hint says how to declare a raised one', async () => {
    const over = await check({ 'adf-deploy.yaml': CONFIG, 'ls.yaml': linkedService(101) });
    expect(over[0].message).toMatch(/ADF's limit is 100\.0 KB$/);
    expect(over[0].hint).toContain("'limits: { objectSizeKB: N }' in adf-deploy.yaml");
  });

  it("a budget below ADF's default is allowed: a team's own stricter one", async () => {
    const config = `${CONFIG}limits:\n  objectSizeKB: 20\n`;
    expect(await check({ 'adf-deploy.yaml': config, 'ls.yaml': linkedService(10) })).toEqual([]);
    expect(brief(await check({ 'adf-deploy.yaml': config, 'ls.yaml': linkedService(30) }))).toEqual([
      'error:limit.size@ls.yaml:3',
    ]);
  });
});

describe('limits: configuration errors (file:line, what was found, what is expected)', () => {
  it.each([
    [
      'above the documented maximum',
      'objectSizeKB: 2001',
      'limit.above-maximum',
      /'objectSizeKB' is 2,001; ADF allows at most 2,000/,
    ],
    ['an unknown key', 'entities: 10000', 'manifest.unknown-key', /unknown key 'entities' in limits/],
    ['a string', 'entitiesPerFactory: lots', 'manifest.type', /whole number of at least 1 .* found a string/],
    ['zero', 'entitiesPerFactory: 0', 'manifest.type', /found 0/],
    ['a fraction', 'objectSizeKB: 150.5', 'manifest.type', /found 150\.5/],
  ])('%s', async (_label, line, code, message) => {
    const found = await check({ 'adf-deploy.yaml': `${CONFIG}limits:\n  ${line}\n` });
    expect(brief(found)).toEqual([`error:${code}@adf-deploy.yaml:5`]);
    expect(found[0].message).toMatch(message);
    if (code === 'manifest.unknown-key') expect(found[0].hint).toBe('allowed keys: entitiesPerFactory, objectSizeKB');
  });

  it('limits that are not a mapping, and a mistake in an environment not chosen, are reported', async () => {
    expect(brief(await check({ 'adf-deploy.yaml': `${CONFIG}limits: 10000\n` }))).toEqual([
      'error:manifest.type@adf-deploy.yaml:4',
    ]);
    const env = `${CONFIG}environments:\n  prod:\n    limits:\n      objectSizeKB: 4000\n`;
    expect(brief(await check({ 'adf-deploy.yaml': env }))).toEqual(['error:limit.above-maximum@adf-deploy.yaml:7']);
  });

  it('validate exits 1 with the place and a hint', async () => {
    const dir = writeTmpProject({ 'adf-deploy.yaml': `${CONFIG}limits:\n  objectSizeKB: 2500\n` });
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.all).toMatch(/adf-deploy\.yaml:5/);
    expect(r.all).toContain("'objectSizeKB' is 2,500");
    expect(r.all).toContain('at most 2,000');
  });
});

describe('limits: plan and apply use them too', () => {
  it('apply --local of a 120 KB linked service under objectSizeKB: 150 creates it, and re-plans clean', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': `${CONFIG}limits:\n  objectSizeKB: 150\n`,
      'ls.yaml': linkedService(120),
    });
    const apply = await runCli(['apply', dir, '--local', '--auto-approve']);
    expect(apply.code, apply.stderr.slice(0, 500)).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 2 succeeded');
    const plan = await runCli(['plan', dir, '--local', '--detailed-exitcode']);
    expect(plan.code, plan.stderr.slice(0, 500)).toBe(0);
    const strict = writeTmpProject({ 'adf-deploy.yaml': CONFIG, 'ls.yaml': linkedService(120) });
    const refused = await runCli(['plan', strict, '--local']);
    expect(refused.code).toBe(1);
    expect(refused.all).toContain("ADF's limit is 100.0 KB");
  }, 60_000);
});

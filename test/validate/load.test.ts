import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/manifest/load.js';
import { CONFIG, writeTmpProject } from './tmp-project.js';

const LS = (value: string) =>
  `kind: LinkedService\nname: LS\nproperties:\n  type: AzureBlobStorage\n  typeProperties:\n    connectionString: ${value}\n`;

/** The shared config below defines more vars than each test uses: those only warn (var.unused). */
const errorsOf = (list: Array<{ severity: string }>) => list.filter((d) => d.severity === 'error');

async function load(files: Record<string, string | Buffer>, options: Parameters<typeof loadProject>[1] = {}) {
  return loadProject(writeTmpProject(files), { environ: {}, ...options });
}

describe('loadProject: files', () => {
  it('reads every document of every *.yaml / *.yml below the folder, skipping dot-folders and node_modules', async () => {
    const { project, diagnostics } = await load({
      'adf-deploy.yaml': CONFIG,
      'a/b/two.yml': 'kind: Pipeline\nname: P1\nproperties: {}\n---\nkind: Pipeline\nname: P2\nproperties: {}\n',
      'node_modules/x.yaml': 'not: a manifest',
      '.adf-deploy/state.yaml': 'not: a manifest',
      'README.md': '# ignored',
    });
    expect(diagnostics).toEqual([]);
    expect(project!.resources.map((r) => r.name)).toEqual(['P1', 'P2']);
  });

  it.each([
    ['an empty folder', {}, 'project.empty'],
    ['a folder without adf-deploy.yaml', { 'p.yaml': 'kind: Pipeline' }, 'project.no-config'],
  ])('reports %s', async (_label, files, code) => {
    const { project, diagnostics } = await load(files);
    expect(project).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual([code]);
  });

  it('reports a folder that does not exist', async () => {
    const { diagnostics } = await loadProject('/nonexistent/adf-deploy-project');
    expect(diagnostics.map((d) => d.code)).toEqual(['project.not-found']);
  });

  it('reports a file that is not UTF-8 at the line of the bad byte', async () => {
    const { diagnostics } = await load({
      'adf-deploy.yaml': CONFIG,
      'p.yaml': Buffer.concat([Buffer.from('kind: Pipeline\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    });
    expect(diagnostics).toMatchObject([{ code: 'file.encoding', location: { line: 2 } }]);
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const { project, diagnostics } = await load({
      'adf-deploy.yaml': CONFIG,
      'p.yaml': '\uFEFFkind: Pipeline\nname: P\nproperties: {}\n',
    });
    expect(diagnostics).toEqual([]);
    expect(project!.resources).toHaveLength(1);
  });

  it('reports a symbolic link loop instead of walking forever', async () => {
    const root = writeTmpProject({
      'adf-deploy.yaml': CONFIG,
      'sub/p.yaml': 'kind: Pipeline\nname: P\nproperties: {}\n',
    });
    symlinkSync(root, path.join(root, 'sub', 'loop'));
    symlinkSync(path.join(root, 'self'), path.join(root, 'self'));
    const { project, diagnostics } = await loadProject(root, { environ: {} });
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['fs.symlink-loop', 'fs.symlink-loop']);
    expect(project!.resources).toHaveLength(1);
  });

  it('reports a broken symbolic link as unreadable', async () => {
    const root = writeTmpProject({ 'adf-deploy.yaml': CONFIG });
    symlinkSync(path.join(root, 'gone.yaml'), path.join(root, 'link.yaml'));
    const { diagnostics } = await loadProject(root, { environ: {} });
    expect(diagnostics).toMatchObject([
      {
        code: 'fs.unreadable',
        message: expect.stringContaining('broken symbolic link'),
        location: { file: path.join(root, 'link.yaml') },
      },
    ]);
  });

  // root reads everything, so the case cannot be built there
  it.skipIf(process.getuid?.() === 0)('reports an unreadable file', async () => {
    const root = writeTmpProject({ 'adf-deploy.yaml': CONFIG, 'p.yaml': 'x: 1' });
    const { chmodSync } = await import('node:fs');
    chmodSync(path.join(root, 'p.yaml'), 0o000);
    const { diagnostics } = await loadProject(root, { environ: {} });
    expect(diagnostics.map((d) => d.code)).toEqual(['fs.unreadable']);
  });

  it('reports every problem of every file at once', async () => {
    const { diagnostics } = await load({
      'adf-deploy.yaml': CONFIG,
      'a.yaml': 'kind: Nope\nname: x\nproperties: {}\n',
      'b.yaml': 'kind: Pipeline\n',
      'c.yaml': 'a: [\n',
    });
    expect(diagnostics.map((d) => d.code).sort()).toEqual([
      'manifest.missing-field',
      'manifest.missing-field',
      'manifest.unknown-kind',
      'yaml.syntax',
    ]);
  });
});

describe('loadProject: env declarations', () => {
  const cfg = (env: string) => `${CONFIG}${env}vars:\n  conn: \${{ env.PROD_CONN }}\n`;
  const codes = async (env: string, environ: Record<string, string>) => {
    const { diagnostics } = await load({ 'adf-deploy.yaml': cfg(env), 'ls.yaml': LS('${{ vars.conn }}') }, { environ });
    return diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  };
  it('reading an undeclared variable is an error, with did-you-mean', async () => {
    expect(await codes('', { PROD_CONN: 'x' })).toEqual(['env.undeclared']);
    const { diagnostics } = await load(
      { 'adf-deploy.yaml': cfg('env: [PROD_CONNS]\n'), 'ls.yaml': LS('${{ vars.conn }}') },
      { environ: { PROD_CONN: 'x' } },
    );
    expect(diagnostics.find((d) => d.code === 'env.undeclared')?.message).toContain("did you mean 'PROD_CONNS'?");
  });
  it('an empty value is an error unless allowed', async () => {
    expect(await codes('env: [PROD_CONN]\n', { PROD_CONN: '' })).toEqual(['env.empty']);
    expect(await codes('env:\n  PROD_CONN:\n    allowEmpty: true\n', { PROD_CONN: '' })).toEqual([]);
  });
  it('collects secret values (not those marked secret: false), never in a message', async () => {
    const secret = await load(
      { 'adf-deploy.yaml': cfg('env: [PROD_CONN]\n'), 'ls.yaml': LS('${{ vars.conn }}') },
      { environ: { PROD_CONN: 'ci-secret' } },
    );
    expect([...(secret.project?.envSecrets ?? [])]).toEqual([['PROD_CONN', 'ci-secret']]);
    const shown = await load(
      { 'adf-deploy.yaml': cfg('env:\n  PROD_CONN:\n    secret: false\n'), 'ls.yaml': LS('${{ vars.conn }}') },
      { environ: { PROD_CONN: 'visible' } },
    );
    expect(shown.project?.envSecrets?.size).toBe(0);
  });
  it('refuses a malformed declaration', async () => {
    expect(await codes('env:\n  PROD_CONN:\n    secret: maybe\n', { PROD_CONN: 'x' })).toEqual(['env.declaration']);
  });
});

describe('loadProject: substitution and environments', () => {
  const config = `${CONFIG}target:\n  subscriptionId: sub-top\n  resourceGroup: rg-top\nenv: [PROD_CONN]\nvars:\n  conn: default-conn\n  retries: 3\n  host: example\nenvironments:\n  prod:\n    vars:\n      conn: \${{ env.PROD_CONN }}\n    target:\n      resourceGroup: rg-prod\n`;

  it('substitutes vars whole (keeping the type) and embedded (as text); ADF expressions pass through', async () => {
    const { project, diagnostics } = await load({
      'adf-deploy.yaml': config,
      'p.yaml':
        'kind: Pipeline\nname: P\nproperties:\n  a: ${{ vars.retries }}\n  b: "n=${{ vars.retries }}"\n  c: "@{pipeline().parameters.x}"\n  d: "@concat(\'${{vars.host}}\', \'x\')"\n  ${{ vars.host }}: key-untouched\n',
    });
    expect(errorsOf(diagnostics)).toEqual([]);
    expect(project!.resources[0].properties).toEqual({
      a: 3,
      b: 'n=3',
      c: '@{pipeline().parameters.x}',
      d: "@concat('example', 'x')",
      '${{ vars.host }}': 'key-untouched',
    });
  });

  it('keeps $${{ as a literal ${{ (the escape import writes)', async () => {
    const { project } = await load({
      'adf-deploy.yaml': config,
      'p.yaml': 'kind: Pipeline\nname: P\nproperties:\n  a: "$${{ vars.nope }}"\n  b: "$$${{ x"\n',
    });
    expect(project!.resources[0].properties).toEqual({ a: '${{ vars.nope }}', b: '$${{ x' });
  });

  it('applies the chosen environment: its vars (which may read env vars) and its target', async () => {
    const { project, diagnostics } = await load(
      { 'adf-deploy.yaml': config, 'ls.yaml': LS('${{ vars.conn }}') },
      { env: 'prod', environ: { PROD_CONN: 'prod-conn' } },
    );
    expect(errorsOf(diagnostics)).toEqual([]);
    expect(project!.env).toBe('prod');
    expect(project!.resources[0].properties.typeProperties).toEqual({ connectionString: 'prod-conn' });
    expect(project!.target).toEqual({ subscriptionId: 'sub-top', resourceGroup: 'rg-prod' });
  });

  it('uses the defaults without --env, and never reads an unchosen environment', async () => {
    const { project, diagnostics } = await load({ 'adf-deploy.yaml': config, 'ls.yaml': LS('${{ vars.conn }}') });
    expect(errorsOf(diagnostics)).toEqual([]);
    expect(project!.resources[0].properties.typeProperties).toEqual({ connectionString: 'default-conn' });
    expect(project!.target).toEqual({ subscriptionId: 'sub-top', resourceGroup: 'rg-top' });
  });

  it('lets flag / environment-variable overrides win over the environment and the top level', async () => {
    const { project } = await load(
      { 'adf-deploy.yaml': config },
      { env: 'prod', environ: { PROD_CONN: 'x' }, target: { resourceGroup: 'rg-flag' } },
    );
    expect(project!.target).toEqual({ subscriptionId: 'sub-top', resourceGroup: 'rg-flag' });
  });

  it('reports a missing env var at the line of the var in the chosen environment', async () => {
    const { diagnostics } = await load(
      { 'adf-deploy.yaml': config, 'ls.yaml': LS('${{ vars.conn }}') },
      { env: 'prod' },
    );
    expect(errorsOf(diagnostics)).toMatchObject([
      { code: 'var.missing', location: { line: 15 }, path: ['environments', 'prod', 'vars', 'conn'] },
    ]);
  });

  it('accepts var names with digits, dots and dashes (ARM parameter names)', async () => {
    const { project, diagnostics } = await load({
      'adf-deploy.yaml': `${CONFIG}vars:\n  1st.var-x: ok\n`,
      'p.yaml': 'kind: Pipeline\nname: P\nproperties:\n  a: ${{vars.1st.var-x}}\n',
    });
    expect(diagnostics).toEqual([]);
    expect(project!.resources[0].properties.a).toBe('ok');
  });

  it('warns about a var no manifest uses, with a did-you-mean for a misspelt override', async () => {
    const { diagnostics } = await load(
      {
        'adf-deploy.yaml': `${CONFIG}vars:\n  storageAccount: dev\nenvironments:\n  prod:\n    vars:\n      storageAcount: prod\n`,
        'ls.yaml': LS('${{ vars.storageAccount }}'),
      },
      { env: 'prod' },
    );
    expect(diagnostics).toMatchObject([
      {
        severity: 'warning',
        code: 'var.unused',
        message: "variable 'storageAcount' is not used by any manifest, did you mean 'storageAccount'?",
        location: { line: 9 },
      },
    ]);
  });

  it("keeps a '__proto__' key as data (no prototype change)", async () => {
    const { project } = await load({
      'adf-deploy.yaml': CONFIG,
      'p.yaml': 'kind: Pipeline\nname: P\nproperties:\n  __proto__: { x: 1 }\n  a: "${{ vars.nope }}"\n',
    });
    const props = project!.resources[0].properties;
    expect(Object.keys(props)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
  });

  it('refuses a list var embedded in text', async () => {
    const { diagnostics } = await load({
      'adf-deploy.yaml': `${CONFIG}vars:\n  l: [1, 2]\n`,
      'ls.yaml': LS('"x${{ vars.l }}"'),
    });
    expect(diagnostics.map((d) => d.code)).toEqual(['var.type']);
  });
});

describe('Project.locate', () => {
  it('maps a JSON path inside properties to file:line:col, or to the nearest ancestor', async () => {
    const { project } = await load({
      'adf-deploy.yaml': CONFIG,
      'p.yaml':
        'kind: Pipeline\nname: P\nproperties:\n  activities:\n    - name: A\n      type: Wait\n    - name: B\n      typeProperties:\n        waitTimeInSeconds: 5\n',
    });
    const p = project!.resources[0];
    expect(project!.locate(p, ['activities', 1, 'typeProperties', 'waitTimeInSeconds'])).toMatchObject({
      line: 9,
      col: 9,
    });
    expect(project!.locate(p, ['activities', 1, 'nothing', 'here'])).toMatchObject({ line: 7, col: 7 });
    expect(project!.locate({ kind: 'Pipeline', name: 'p' }, ['activities', 0])).toMatchObject({ line: 5, col: 7 });
    expect(project!.locate({ kind: 'Pipeline', name: 'other' }, [])).toBeUndefined();
  });
});

describe('escapeLiteral', () => {
  it.each(['${{ vars.x }}', '$${{ x', 'a ${{ b }} ${{ c', 'plain', '$$$${{'])(
    'substitution gives back %s unchanged',
    async (text) => {
      const { escapeLiteral, substituteDeep } = await import('../../src/manifest/substitute.js');
      const problems: unknown[] = [];
      expect(substituteDeep(escapeLiteral(text), { vars: {}, env: {} }, problems as never)).toBe(text);
      expect(problems).toEqual([]);
    },
  );
});

describe('documents nested thousands of levels deep', () => {
  it('are refused with yaml.too-deep at file:line, not an engine message', async () => {
    const deep = `kind: Pipeline\nname: P\nproperties:\n  activities: []\n  x: ${'['.repeat(3000)}${']'.repeat(3000)}\n`;
    const root = writeTmpProject({
      'adf-deploy.yaml': 'factory:\n  name: deep-f\n  location: eastus\n',
      'p.yaml': deep,
    });
    const { diagnostics } = await loadProject(root, { environ: {} });
    expect(diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['yaml.too-deep', 5]]);
    expect(diagnostics[0].location?.file).toBe(path.join(root, 'p.yaml'));
    expect(JSON.stringify(diagnostics)).not.toMatch(/call stack/i);
  });
});

describe('loadProject: hostile input', () => {
  it('--env constructor is an unknown environment, not Object.prototype.constructor', async () => {
    const { diagnostics } = await load({ 'adf-deploy.yaml': CONFIG }, { env: 'constructor' });
    expect(diagnostics.map((d) => d.code)).toContain('env.unknown');
  });
  it('refuses a manifest file over 4 MB before parsing it', async () => {
    const { diagnostics } = await load({
      'adf-deploy.yaml': CONFIG,
      'big.yaml': `kind: Pipeline\nname: P\nproperties:\n  description: "${'x'.repeat(4 * 1024 * 1024)}"\n`,
    });
    expect(diagnostics.map((d) => d.code)).toContain('manifest.too-large');
  });
});

import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { loadProject } from '../../src/manifest/load.js';
import type { Project } from '../../src/manifest/types.js';
import { validateProject } from '../../src/validate/validate.js';
import { writeProject } from './override-project.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function load(environments: string, env = 'prod'): Promise<{ project?: Project; diagnostics: Diagnostic[] }> {
  const dir = writeProject(environments);
  dirs.push(dir);
  return loadProject(dir, { env, environ: {} });
}

const props = (p: Project | undefined, kind: string, name: string): any =>
  p?.resources.find((r) => r.kind === kind && r.name === name)?.properties;
const errors = (d: Diagnostic[]) => d.filter((x) => x.severity === 'error');

describe('environment overrides (issue 18)', () => {
  it('sets a value, with ${{ vars }} substituted in it, and lists what it applied', async () => {
    const { project, diagnostics } = await load(`environments:
  prod:
    vars: { region: prod }
    overrides:
      - target: LinkedService/LS_Vault
        path: typeProperties.baseUrl
        value: https://kv-\${{ vars.region }}.vault.azure.net/
`);
    expect(errors(diagnostics)).toEqual([]);
    expect(props(project, 'LinkedService', 'LS_Vault').typeProperties.baseUrl).toBe('https://kv-prod.vault.azure.net/');
    expect(project?.overrides).toEqual(['LinkedService/LS_Vault: set typeProperties.baseUrl (adf-deploy.yaml:16)']);
  });

  it('is not applied when another environment (or none) is chosen', async () => {
    const text = `environments:
  prod:
    overrides:
      - { target: LinkedService/LS_Vault, path: typeProperties.baseUrl, value: https://x/ }
  dev: {}
`;
    const { project } = await load(text, 'dev');
    expect(props(project, 'LinkedService', 'LS_Vault').typeProperties.baseUrl).toBe('https://kv-dev.vault.azure.net/');
    expect(project?.overrides).toBeUndefined();
  });

  it('indexes, element names, typed values, add (+ and action) and remove (- and action)', async () => {
    const { project, diagnostics } = await load(`environments:
  prod:
    overrides:
      - { target: Pipeline/PL_Copy, path: 'activities[0].typeProperties.waitTimeInSeconds', value: 30 }
      - { target: Pipeline/PL_Copy, path: 'activities["Copy Data"].policy.retry', value: 3, action: add }
      - { target: Pipeline/PL_Copy, path: "+activities['Copy Data'].policy.timeout", value: '0.01:00:00' }
      - { target: Pipeline/PL_Copy, path: parameters.container, value: { type: String, defaultValue: prod } }
      - { target: LinkedService/LS_Blob, path: typeProperties.encryptedCredential, action: remove }
      - { target: Dataset/DS_In, path: '-typeProperties.location.fileName' }
      - { target: Dataset/DS_Out, path: '$.properties.typeProperties.location.container', value: prod }
`);
    expect(errors(diagnostics)).toEqual([]);
    const pl = props(project, 'Pipeline', 'PL_Copy');
    expect(pl.activities[0].typeProperties.waitTimeInSeconds).toBe(30);
    expect(pl.activities[1].policy).toEqual({ retry: 3, timeout: '0.01:00:00' });
    expect(pl.parameters.container).toEqual({ type: 'String', defaultValue: 'prod' });
    expect(props(project, 'LinkedService', 'LS_Blob').typeProperties).not.toHaveProperty('encryptedCredential');
    expect(props(project, 'Dataset', 'DS_In').typeProperties.location).not.toHaveProperty('fileName');
    expect(props(project, 'Dataset', 'DS_Out').typeProperties.location.container).toBe('prod');
    expect(project?.overrides).toHaveLength(7);
  });

  it('wildcards match every object of the kind whose name fits, case-insensitively; later overrides win', async () => {
    const { project, diagnostics } = await load(`environments:
  prod:
    overrides:
      - { target: Dataset/ds_*, path: typeProperties.location.container, value: prod }
      - { target: Dataset/DS_O?t, path: typeProperties.location.container, value: archive }
`);
    expect(errors(diagnostics)).toEqual([]);
    expect(props(project, 'Dataset', 'DS_In').typeProperties.location.container).toBe('prod');
    expect(props(project, 'Dataset', 'DS_Out').typeProperties.location.container).toBe('archive');
    expect(project?.overrides?.[0]).toBe(
      'Dataset/ds_* (2 objects): set typeProperties.location.container (adf-deploy.yaml:15)',
    );
  });

  it('a path that matches nothing is an error at the override, with did-you-mean on the failing segment', async () => {
    const { project, diagnostics } = await load(`environments:
  prod:
    overrides:
      - target: LinkedService/LS_Vault
        path: typeProperties.baseUlr
        value: https://x/
      - { target: Pipeline/PL_Copy, path: 'activities["Copy Dta"].policy.retry', value: 3, action: add }
      - { target: Pipeline/PL_Copy, path: 'actvities[0].name', value: x }
`);
    const [a, b, c] = errors(diagnostics);
    expect(a.code).toBe('override.no-path');
    expect(a.message).toContain("has no 'baseUlr', did you mean 'baseUrl'?");
    expect(a.hint).toContain("use 'action: add'");
    expect(a.location).toMatchObject({ file: expect.stringMatching(/adf-deploy\.yaml$/), line: 16 });
    expect(b.message).toContain("has no element named 'Copy Dta', did you mean 'Copy Data'?");
    expect(b.location?.line).toBe(18);
    expect(c.message).toContain("did you mean 'activities'?");
    // Nothing of a failing override is applied.
    expect(props(project, 'LinkedService', 'LS_Vault').typeProperties.baseUrl).toBe('https://kv-dev.vault.azure.net/');
  });

  it('a target that matches nothing is an error with did-you-mean on the name; a bad kind and bad syntax too', async () => {
    const { diagnostics } = await load(`environments:
  prod:
    overrides:
      - { target: LinkedService/LS_Vualt, path: typeProperties.baseUrl, value: x }
      - { target: LinkedServis/LS_Vault, path: typeProperties.baseUrl, value: x }
      - { target: Dataset/NOPE_*, path: typeProperties, value: {} }
      - { target: Dataset/DS_In, path: 'typeProperties..x', value: 1 }
      - { target: Dataset/DS_In, path: typeProperties.location }
      - { target: Dataset/DS_In, path: '+typeProperties.x', value: 1, action: remove }
`);
    const found = errors(diagnostics).map((d) => [d.code, d.location?.line, d.message]);
    // Shape problems are found while reading adf-deploy.yaml, targets and paths when applying.
    expect(found).toEqual([
      ['manifest.unknown-kind', 16, expect.stringContaining("did you mean 'LinkedService'?")],
      ['override.path-syntax', 18, expect.stringContaining('empty segment')],
      ['manifest.missing-field', 19, expect.stringContaining("has no 'value'")],
      ['override.action', 20, expect.stringContaining('contradicts')],
      ['override.no-target', 15, expect.stringContaining("did you mean 'LinkedService/LS_Vault'?")],
      ['override.no-target', 17, expect.stringContaining("'Dataset/NOPE_*' matches no object")],
    ]);
  });

  it('an overridden value is validated like a hand-written one, located at the override in adf-deploy.yaml', async () => {
    const { project, diagnostics } = await load(`environments:
  prod:
    overrides:
      - target: Pipeline/PL_Copy
        path: activities[1].inputs[0]
        value:
          referenceName: DS_Missing
          type: DatasetReference
`);
    expect(errors(diagnostics)).toEqual([]);
    const found = validateProject(project as Project).filter((d) => d.message.includes('DS_Missing'));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].location).toMatchObject({ file: expect.stringMatching(/adf-deploy\.yaml$/) });
    expect(found[0].location?.line).toBeGreaterThanOrEqual(17);
  });

  it('trigger state per environment: a name or a wildcard, started or stopped', async () => {
    const { project, diagnostics } = await load(`environments:
  prod:
    triggers:
      TR_*: stopped
`);
    expect(errors(diagnostics)).toEqual([]);
    expect(props(project, 'Trigger', 'TR_Daily').runtimeState).toBe('Stopped');
    expect(project?.overrides).toEqual(['Trigger/TR_Daily: stopped (adf-deploy.yaml:15)']);
    const bad = await load(`environments:
  prod:
    triggers:
      TR_Dialy: stopped
      TR_Daily: paused
`);
    expect(errors(bad.diagnostics).map((d) => [d.code, d.location?.line, d.message])).toEqual([
      ['override.trigger-state', 16, "trigger 'TR_Daily' must be 'started' or 'stopped'"],
      ['override.no-target', 15, expect.stringContaining("did you mean 'Trigger/TR_Daily'?")],
    ]);
  });

  it('global parameter values per environment; an undeclared one is an error with did-you-mean', async () => {
    const { project, diagnostics } = await load(`environments:
  prod:
    vars: { region: prod }
    globalParameters:
      envName: \${{ vars.region }}
      retries: 5
`);
    expect(errors(diagnostics)).toEqual([]);
    expect(project?.factory.globalParameters).toEqual({
      envName: { type: 'String', value: 'prod' },
      retries: { type: 'Int', value: 5 },
    });
    const bad = await load(`environments:
  prod:
    globalParameters:
      envNme: prod
`);
    expect(errors(bad.diagnostics).map((d) => [d.code, d.location?.line, d.message])).toEqual([
      ['override.no-global-parameter', 15, expect.stringContaining("did you mean 'envName'?")],
    ]);
  });
});

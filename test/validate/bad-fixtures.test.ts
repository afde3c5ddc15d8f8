import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/manifest/load.js';
import { validateProject } from '../../src/validate/validate.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

const BAD = path.join(PROJECT_ROOT, 'test/fixtures/bad');

/** [case folder, expected code, severity, file (relative to the case), line, message fragment, --env] */
const CASES: Array<[string, string, 'error' | 'warning', string, number, string, string?]> = [
  ['yaml-syntax', 'yaml.syntax', 'error', 'ls.yaml', 6, 'quote'],
  ['duplicate-key', 'yaml.duplicate-key', 'error', 'ls.yaml', 5, "duplicate key 'type'"],
  ['alias-bomb', 'yaml.alias-limit', 'error', 'ls.yaml', 1, 'alias'],
  ['unknown-kind', 'manifest.unknown-kind', 'error', 'ls.yaml', 1, "did you mean 'LinkedService'"],
  ['missing-name', 'manifest.missing-field', 'error', 'ls.yaml', 1, "missing 'name'"],
  ['missing-properties', 'manifest.missing-field', 'error', 'ls.yaml', 1, "missing 'properties'"],
  ['multi-document', 'manifest.missing-field', 'error', 'ls.yaml', 8, "missing 'properties'"],
  ['wrong-type', 'manifest.type', 'error', 'ls.yaml', 3, 'must be a mapping, found a list'],
  ['unknown-key', 'manifest.unknown-key', 'error', 'ls.yaml', 3, "did you mean 'properties'"],
  ['pe-missing-vnet', 'manifest.missing-field', 'error', 'pe.yaml', 1, 'managedVirtualNetwork'],
  ['config-unknown-key', 'manifest.unknown-key', 'error', 'adf-deploy.yaml', 4, "did you mean 'environments'"],
  ['global-parameter-type', 'manifest.type', 'error', 'adf-deploy.yaml', 6, 'Integer'],
  [
    'external-unknown-kind',
    'manifest.unknown-kind',
    'error',
    'adf-deploy.yaml',
    5,
    "did you mean 'IntegrationRuntime'",
  ],
  ['env-unknown', 'env.unknown', 'error', 'adf-deploy.yaml', 4, "did you mean 'prod'", 'prd'],
  ['no-config', 'project.no-config', 'error', 'adf-deploy.yaml', 1, 'no adf-deploy.yaml'],
  ['name-invalid', 'name.invalid', 'error', 'pipeline/p.yaml', 2, "'Copy.Data'"],
  ['ir-name-invalid', 'name.invalid', 'error', 'ir.yaml', 2, "integration runtime invalid name 'my_ir'"],
  // The newest spec's credentialName pattern (issue 14): Azure refuses a space, so validate does before any write.
  ['credential-name-invalid', 'name.invalid', 'error', 'credential.yaml', 2, "'my credential'"],
  ['factory-name-invalid', 'name.invalid', 'error', 'adf-deploy.yaml', 2, "'my_factory'"],
  ['name-duplicate', 'name.duplicate', 'error', 'b.yaml', 2, 'declared twice (first declared at a.yaml:1)'],
  ['name-case-duplicate', 'name.duplicate', 'error', 'b.yaml', 2, "differs only in case from 'LS_Blob'"],
  ['ref-missing', 'ref.missing', 'error', 'ds.yaml', 6, "did you mean 'LS_Blob'"],
  ['ref-missing-nested', 'ref.missing', 'error', 'p.yaml', 13, "dataset 'DS_Missing'"],
  ['graph-cycle', 'graph.cycle', 'error', 'p.yaml', 2, 'Pipeline/A -> Pipeline/B -> Pipeline/A'],
  ['var-missing', 'var.missing', 'error', 'ls.yaml', 6, "variable 'storage' is not defined"],
  ['env-missing', 'var.missing', 'error', 'ls.yaml', 6, "'ADF_DEPLOY_TEST_SURELY_UNSET' is not set"],
  ['var-unused', 'var.unused', 'warning', 'adf-deploy.yaml', 9, "did you mean 'storageAccount'", 'prod'],
  ['var-syntax', 'var.syntax', 'error', 'ls.yaml', 6, 'not a variable reference'],
  ['limit-activities', 'limit.activities', 'error', 'p.yaml', 4, '121 activities'],
  ['limit-activities-warning', 'limit.activities', 'warning', 'p.yaml', 4, '81 activities'],
  ['limit-parameters', 'limit.parameters', 'error', 'p.yaml', 5, '51 parameters'],
  ['secret-mistyped', 'secret.mistyped', 'error', 'ls.yaml', 8, "did you mean 'SecureString'"],
];

describe('broken manifests (test/fixtures/bad)', () => {
  it.each(CASES)('%s -> %s', async (folder, code, severity, file, line, fragment, env) => {
    const root = path.join(BAD, folder);
    const { project, diagnostics } = await loadProject(root, { env, environ: {} });
    const all = project ? [...diagnostics, ...validateProject(project)] : diagnostics;
    const mine = all.filter((d) => d.code === code);
    expect(mine, JSON.stringify(all, null, 1)).toHaveLength(1);
    expect(mine[0]).toMatchObject({ severity, location: { file: path.join(root, file), line } });
    expect(mine[0].message).toContain(fragment);
    // No diagnostic ever quotes a fixture's secret.
    expect(JSON.stringify(all)).not.toContain('fixture-not-a-real-password');
  });
});

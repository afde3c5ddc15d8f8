import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** A project folder with one linked service, written to a temp dir. */
function project(linkedService: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'adf-schema-'));
  writeFileSync(
    path.join(dir, 'adf-deploy.yaml'),
    'factory:\n  name: schema-test\n  location: westeurope\ntarget:\n  subscriptionId: s\n  resourceGroup: rg\n',
  );
  mkdirSync(path.join(dir, 'linkedService'));
  writeFileSync(path.join(dir, 'linkedService', 'ls.yaml'), linkedService);
  dirs.push(dir);
  return dir;
}
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const ls = (type: string, typeProperties: string) =>
  `kind: LinkedService\nname: ls\nproperties:\n  type: ${type}\n  typeProperties:\n${typeProperties}`;

describe('adf-deploy validate: schema diagnostics', () => {
  it('reports a near-miss type as an error at file:line, exit 1', async () => {
    const dir = project(ls('AzureBlobStorag', '    connectionString: x\n'));
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /ls\.yaml:4:\d+: error\[schema\.unknown-type\]: unknown linked service type 'AzureBlobStorag', did you mean 'AzureBlobStorage'\?/,
    );
  });

  it('points at the wrong value inside typeProperties', async () => {
    const dir = project(ls('AzureBlobStorage', '    connectionString: x\n    encryptedCredential: 42\n'));
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ls\.yaml:7:\d+: error\[schema\.type\]: found number 42, expected a string/);
  });

  it('exits 0 on warnings only, 1 with --strict', async () => {
    const dir = project(ls('GitHub', '    url: https://example.com\n'));
    const plain = await runCli(['validate', dir]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/warning\[schema\.unknown-type\]: unknown linked service type 'GitHub'/);
    const strict = await runCli(['validate', dir, '--strict']);
    expect(strict.code).toBe(1);
  });
});

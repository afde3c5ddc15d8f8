import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function exampleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'v1-cli-'));
  dirs.push(dir);
  fs.cpSync(path.join(PROJECT_ROOT, 'examples/v1-copy'), dir, { recursive: true });
  return dir;
}

describe('V1 on the command line', () => {
  it('v1 apply --local, then windows as a table (state kept between runs), then v1 destroy', async () => {
    const dir = exampleCopy();
    const plan = await runCli(['v1', 'plan', dir, '--local']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('+ datapipelines/HourlyCopy');
    expect(plan.stdout).toContain('Plan: 5 to create, 0 to update, 0 to delete.');
    const apply = await runCli(['v1', 'apply', dir, '--local', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    expect((await runCli(['v1', 'plan', dir, '--local'])).stdout).toContain('No changes');
    const table = await runCli(['windows', dir, '--local', '--orderby', 'WindowStart desc', '--top', '3']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^PIPELINE\s+ACTIVITY\s+WINDOW\s+STATE\s+SUBSTATE\s+ATTEMPTS\s+RUN START\s+RUN END\s+%$/);
    expect(lines[1]).toMatch(
      /^HourlyCopy\s+CopyBlobToBlob\s+2016-08-25T23:00Z → 2016-08-26T00:00Z\s+Ready\s+-\s+1\s+2016-08-26T00:00Z\s+2016-08-26T00:01Z\s+100$/,
    );
    expect(lines.at(-1)).toBe('3 windows');
    const json = await runCli([
      'windows',
      dir,
      '--local',
      '--pipeline',
      'HourlyCopy',
      '--filter',
      'WindowStart lt 2016-08-25T05:00:00Z',
      '--json',
    ]);
    expect(JSON.parse(json.stdout)).toHaveLength(5);
    const bad = await runCli(['windows', dir, '--local', '--filter', "Colour eq 'red'"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown field 'Colour'");
    const destroy = await runCli(['v1', 'destroy', dir, '--local', '--auto-approve', '--include-factory']);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect((await runCli(['v1', 'plan', dir, '--local'])).stdout).toContain('Plan: 5 to create');
  });

  it('v1 validate reports V1 rule errors with file:line and exits 1; apply without a terminal needs --auto-approve', async () => {
    const dir = exampleCopy();
    const file = path.join(dir, 'datasets/OutputBlob.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete doc.properties.availability;
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));
    const r = await runCli(['v1', 'validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/OutputBlob\.json:3/);
    expect(r.stderr).toContain("a dataset needs 'availability'");
    const noTty = await runCli(['v1', 'apply', dir, '--local']);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toContain('--auto-approve');
  });

  it('factories list: V1 and V2 together, every page of both, by resource group or subscription', async () => {
    const emulator = await startEmulator({ port: 0, throttle: 'off' });
    try {
      const sub = '11111111-2222-3333-4444-555555555555';
      const put = async (p: string, v: string) => {
        const r = await fetch(`${emulator.url}${p}?api-version=${v}`, {
          method: 'PUT',
          headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
          body: JSON.stringify({ location: 'westus' }),
        });
        if (r.status >= 300) throw new Error(await r.text());
      };
      for (let i = 0; i < 130; i++)
        await put(
          `/subscriptions/${sub}/resourcegroups/rg1/providers/Microsoft.DataFactory/datafactories/v1-${i}`,
          '2015-10-01',
        );
      for (let i = 0; i < 60; i++)
        await put(
          `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.DataFactory/factories/v2-${i}`,
          '2018-06-01',
        );
      await put(
        `/subscriptions/${sub}/resourcegroups/rg2/providers/Microsoft.DataFactory/datafactories/other-rg`,
        '2015-10-01',
      );
      const base = ['factories', 'list', '--endpoint', emulator.url, '--subscription', sub];
      const rg = await runCli([...base, '--resource-group', 'rg1', '--json']);
      expect(rg.code, rg.stderr).toBe(0);
      const rows = JSON.parse(rg.stdout) as { name: string; version: string; resourceGroup: string }[];
      expect(rows.filter((r) => r.version === 'V1')).toHaveLength(130);
      expect(rows.filter((r) => r.version === 'V2')).toHaveLength(60);
      expect(rows.find((r) => r.name === 'v1-7')).toMatchObject({ resourceGroup: 'rg1', version: 'V1' });
      const all = await runCli(base);
      expect(all.stdout.split('\n')[0]).toMatch(/^NAME\s+VERSION\s+RESOURCE GROUP\s+LOCATION\s+STATE$/);
      expect(all.stdout).toContain('191 factories');
      expect(all.stdout).toMatch(/other-rg\s+V1\s+rg2\s+westus\s+Succeeded/);
    } finally {
      await emulator.close();
    }
  });
});

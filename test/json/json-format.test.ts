import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * docs/json-format.md: with --json, stdout is JSON in every outcome (success, validation failure, usage error,
 * a failing request), and each document or line matches its schema in schemas/json/.
 */
const SCHEMAS = path.join(PROJECT_ROOT, 'schemas/json');
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
for (const f of ['error', 'diagnostics', 'plan', 'apply-event'])
  ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMAS, `${f}.schema.json`), 'utf8')), `${f}.schema.json`);
const schema = (name: string): ValidateFunction => {
  const v = ajv.getSchema(`${name}.schema.json`);
  if (!v) throw new Error(`no schema ${name}`);
  return v;
};

function expectValid(name: string, doc: unknown): void {
  const validate = schema(name);
  expect(validate(doc), `${name}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(doc).slice(0, 400)}`).toBe(true);
}

/** Every non-empty stdout line is one JSON value valid against `name`. */
function expectLines(name: string, stdout: string): Record<string, unknown>[] {
  const lines = stdout.split('\n').filter((l) => l.trim());
  expect(lines.length).toBeGreaterThan(0);
  const docs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const d of docs) expectValid(name, d);
  return docs;
}

let emulator: RunningEmulator;
let dir: string;
const SUB = '00000000-0000-0000-0000-0000000000j1';
const RG = 'rg-json';
const conn = () => ['--endpoint', emulator.url, '--subscription', SUB, '--resource-group', RG];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  dir = tempDir('adf-json-');
  cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
    recursive: true,
    filter: (src) => !src.includes('.adf-deploy'),
  });
});
afterAll(async () => {
  await emulator.close();
});

const BAD = path.join(PROJECT_ROOT, 'test/fixtures/bad/ref-missing');

describe('--json: stdout is JSON in every outcome, valid against schemas/json/', () => {
  it('validate: a valid and an invalid project', async () => {
    const ok = await runCli(['validate', dir, '--json']);
    expect(ok.code).toBe(0);
    expectValid('diagnostics', JSON.parse(ok.stdout));
    const bad = await runCli(['validate', BAD, '--json']);
    expect(bad.code).toBe(1);
    expectValid('diagnostics', JSON.parse(bad.stdout));
  });

  it('plan: the plan, a failing validation, an unknown --target, an unknown option', async () => {
    const ok = await runCli(['plan', dir, ...conn(), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expectValid('plan', JSON.parse(ok.stdout));
    const bad = await runCli(['plan', BAD, ...conn(), '--json']);
    expect(bad.code).toBe(1);
    expectValid('diagnostics', JSON.parse(bad.stdout));
    const unknown = await runCli(['plan', dir, ...conn(), '--target', 'Pipeline/Nope', '--json']);
    expect(unknown.code).toBe(1);
    const err = JSON.parse(unknown.stdout);
    expectValid('error', err);
    expect(err.error.code).toBe('plan.unknown-target');
    const usage = await runCli(['plan', dir, '--json', '--bogus']);
    expect(usage.code).toBe(1);
    expectValid('error', JSON.parse(usage.stdout));
    const habit = await runCli(['apply', dir, '--json', '-auto-approve']);
    expect(habit.code).toBe(1);
    expect(JSON.parse(habit.stdout).error.message).toContain('--auto-approve');
  });

  it('apply and destroy: JSON lines (plan, events, end); a saved plan applied twice says so; bad input', async () => {
    const out = path.join(dir, 'saved.json');
    expect((await runCli(['plan', dir, ...conn(), '--out', out])).code).toBe(0);
    expectValid('plan', JSON.parse(readFileSync(out, 'utf8')));
    const shown = await runCli(['show', out, '--json']);
    expectValid('plan', JSON.parse(shown.stdout));
    const applied = await runCli(['apply', out, '--auto-approve', '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    const types = expectLines('apply-event', applied.stdout).map((d) => d.type);
    expect(types[0]).toBe('plan');
    expect(types).toContain('begin');
    expect(types).toContain('step-done');
    expect(types.at(-1)).toBe('end');
    const again = await runCli(['apply', out, '--auto-approve', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(expectLines('apply-event', again.stdout).map((d) => d.type)).toEqual(['already-applied']);
    const elsewhere = tempDir('adf-json-export-');
    const exported = await runCli([
      'export',
      '--factory',
      'adfv2-quickstart-local',
      '--out',
      path.join(elsewhere, 'exported'),
      ...conn(),
      '--json',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ formatVersion: 1, type: 'export', objects: 7 });
    const imported = await runCli([
      'import',
      path.join(elsewhere, 'exported'),
      '--out',
      path.join(elsewhere, 're'),
      '--json',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ formatVersion: 1, type: 'import', broken: [] });
    const missing = await runCli([
      'import',
      path.join(elsewhere, 'nothing-here'),
      '--out',
      path.join(elsewhere, 'x'),
      '--json',
    ]);
    expect(missing.code).toBe(1);
    expectValid('error', JSON.parse(missing.stdout));
    const invalid = await runCli(['apply', BAD, ...conn(), '--auto-approve', '--json']);
    expect(invalid.code).toBe(1);
    expectValid('diagnostics', JSON.parse(invalid.stdout));
    const destroyed = await runCli(['destroy', dir, ...conn(), '--auto-approve', '--json']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(expectLines('apply-event', destroyed.stdout).at(-1)?.type).toBe('end');
  });

  it('run: a parameter error is a JSON error, and no run is started', async () => {
    const r = await runCli(['run', 'Adfv2QuickStartParamPipeline', dir, ...conn(), '-p', 'nope=1', '--json']);
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stdout);
    expectValid('error', err);
    expect(err.error.code).toBe('run.parameter');
  });

  it('a failing request (nothing listening) is a JSON error', async () => {
    const r = await runCli([
      'plan',
      dir,
      '--endpoint',
      'http://127.0.0.1:9',
      '--subscription',
      SUB,
      '--resource-group',
      RG,
      '--json',
    ]);
    expect(r.code).toBe(1);
    expectValid('error', JSON.parse(r.stdout));
  });
});

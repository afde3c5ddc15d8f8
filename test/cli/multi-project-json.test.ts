import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { RG, SUB } from '../apply/helpers.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { writeQuickstartCopies } from '../helpers/quickstart-copies.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * docs/json-format.md and docs/ci.md (Many factories): with several projects and --json, stdout is JSON Lines, one
 * line per project and a summary line, each valid against schemas/json/multi-project.schema.json (whose `output`
 * holds the one-project documents, checked against their own schemas), in every outcome.
 */
const SCHEMAS = path.join(PROJECT_ROOT, 'schemas/json');
const ajv = new AjvModule.default({ allErrors: true, strict: false });
addFormatsModule.default(ajv);
for (const f of ['error', 'diagnostics', 'plan', 'apply-event', 'multi-project'])
  ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMAS, `${f}.schema.json`), 'utf8')), `${f}.schema.json`);

function validLines(stdout: string, schema = 'multi-project'): Record<string, unknown>[] {
  const validate = ajv.getSchema(`${schema}.schema.json`);
  if (!validate) throw new Error(`no schema ${schema}`);
  const lines = stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines)
    expect(validate(line), `${JSON.stringify(validate.errors)}\n${JSON.stringify(line).slice(0, 300)}`).toBe(true);
  return lines;
}

const NAMES = ['alpha', 'beta', 'gamma'];
let emulator: RunningEmulator;
let root: string;

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  root = tempDir('adf-multi-json-');
  writeQuickstartCopies(root, NAMES);
});
afterEach(async () => {
  await emulator.close();
});

const conn = () => ['--endpoint', emulator.url, '--subscription', SUB, '--resource-group', RG];
const run = (args: string[]) => runCli(args, { cwd: root });

describe('several projects with --json: every line valid against multi-project.schema.json', () => {
  it('plan: plans, a diagnostics document for a project that fails validation, the summary', async () => {
    writeFileSync(path.join(root, 'factories/gamma/pipeline/Broken.yaml'), 'kind: Pipeline\nname: [unclosed\n');
    const r = await run(['plan', 'factories/*', ...conn(), '--json', '--detailed-exitcode']);
    expect(r.code).toBe(1);
    const lines = validLines(r.stdout);
    expect(lines.map((l) => [l.type, l.result])).toEqual([
      ['project', 'changes'],
      ['project', 'changes'],
      ['project', 'failed'],
      ['summary', undefined],
    ]);
    const gamma = lines[2].output as Record<string, unknown>[];
    expect(gamma).toHaveLength(1);
    expect(gamma[0]).toHaveProperty('diagnostics');
  });

  it('apply: event lines of each project, an error document for a saved plan that cannot be read', async () => {
    expect((await run(['plan', 'factories/alpha', ...conn(), '--out', 'alpha.json'])).code).toBe(0);
    writeFileSync(path.join(root, 'broken.json'), '{"formatVersion": 1}');
    const r = await run([
      'apply',
      'alpha.json',
      'broken.json',
      'factories/beta',
      ...conn(),
      '--auto-approve',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const lines = validLines(r.stdout);
    expect(lines.map((l) => [l.project, l.result])).toEqual([
      ['alpha.json', 'applied'],
      ['broken.json', 'failed'],
      ['factories/beta', 'applied'],
      [undefined, undefined],
    ]);
    expect(lines[1].output).toEqual([
      expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: expect.any(String) }) }),
    ]);
    expect((lines[0].output as { type: string }[]).at(-1)?.type).toBe('end');
    expect(lines[3]).toMatchObject({ type: 'summary', exitCode: 1 });
  });

  it('a command refused before any project runs (two folders, one factory): one error document', async () => {
    cpSync(path.join(root, 'factories/alpha'), path.join(root, 'factories/alpha2'), { recursive: true });
    const r = await run(['apply', 'factories/*', ...conn(), '--auto-approve', '--json']);
    expect(r.code).toBe(1);
    const [line] = validLines(r.stdout, 'error');
    expect(line).toMatchObject({ type: 'error', error: { code: 'cli.same-factory' } });
    expect(emulator.requestLog()).toEqual([]);
  });
});

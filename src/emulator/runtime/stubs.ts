import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AdfDeployError } from '../../core/errors.js';

/**
 * A stub output for an activity the emulator cannot execute (Databricks, Web, stored procedures...): matched by
 * pipeline + activity name, activity name, or activity type (most specific first, names case-insensitive).
 * `output` may hold expressions (`@item()`, `@pipeline().parameters.x`), evaluated in the activity's scope.
 */
export interface ActivityStub {
  pipeline?: string;
  activity?: string;
  type?: string;
  status?: 'Succeeded' | 'Failed';
  output?: unknown;
  error?: { errorCode?: string; message?: string };
  /** Run time the stubbed activity takes (on the emulator clock). */
  durationSeconds?: number;
}

/** The file `startEmbeddedEmulator` reads from a project's root when present. */
export const STUB_FILE = 'adf-stubs.yaml';

const eq = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** The stub that applies to one activity, or undefined. */
export function findStub(
  stubs: readonly ActivityStub[],
  pipeline: string,
  activity: string,
  type: string,
): ActivityStub | undefined {
  return (
    stubs.find((s) => eq(s.pipeline, pipeline) && eq(s.activity, activity)) ??
    stubs.find((s) => s.pipeline === undefined && eq(s.activity, activity)) ??
    stubs.find((s) => s.pipeline === undefined && s.activity === undefined && eq(s.type, type))
  );
}

/** Read a stub file (YAML or JSON): `{ stubs: [ {activity, output}, ... ] }`. Bad content is an error naming the file. */
export function loadStubFile(file: string): ActivityStub[] {
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AdfDeployError('stubs.invalid', `${file}: not valid YAML/JSON (${(err as Error).message})`);
  }
  const list = (doc as { stubs?: unknown } | null)?.stubs;
  if (!Array.isArray(list))
    throw new AdfDeployError('stubs.invalid', `${file}: expected a top-level 'stubs' list`, {
      hint: 'stubs:\n  - activity: RunNotebook\n    output: { runPageUrl: https://example }',
    });
  return list.map((raw, i) => {
    const s = (raw ?? {}) as Record<string, unknown>;
    if (s.activity === undefined && s.type === undefined)
      throw new AdfDeployError('stubs.invalid', `${file}: stubs[${i}] names neither an activity nor a type`);
    if (s.status !== undefined && s.status !== 'Succeeded' && s.status !== 'Failed')
      throw new AdfDeployError(
        'stubs.invalid',
        `${file}: stubs[${i}].status is ${JSON.stringify(s.status)}: expected Succeeded or Failed`,
      );
    return s as ActivityStub;
  });
}

/** The stubs of a project root (its adf-stubs.yaml), or none. */
export function loadProjectStubs(root: string): ActivityStub[] {
  const file = path.join(root, STUB_FILE);
  return fs.existsSync(file) ? loadStubFile(file) : [];
}

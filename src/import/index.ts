import type { Diagnostic } from '../core/diagnostic.js';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AdfDeployError } from '../core/errors.js';
import { ARM_TEMPLATE, findArmTemplate, readArmTemplate } from './arm.js';
import type { ImportModel } from './model.js';
import { scrubImported } from './scrub.js';
import { isStudioFolder, readStudioFolder } from './studio.js';
import type { SchemaBase } from './render.js';
import { type WriteResult, writeProject } from './write.js';

export type { ImportModel, ImportedObject, ImportedFactory } from './model.js';

export interface ImportOptions {
  out: string;
  force?: boolean;
  /** Factory name when the source has none, or to choose among several factory files. */
  factoryName?: string;
  /**
   * Folder or URL of the JSON Schemas named in the modelines (default: `node_modules/adf-deploy/schemas` of the
   * project's package root, a path that holds in any clone once adf-deploy is installed there).
   */
  schemas?: string;
  /** The factory's Azure region when the source has none (a Studio folder without a factory file, most ARM templates). */
  location?: string;
}

export interface ImportResult extends WriteResult {
  layout: 'studio' | 'arm';
  model: ImportModel;
  /** Every file written (= written; kept for callers of the first version). */
  files: string[];
}

/** Read the source (ADF Studio git folder or ARM template export) into a model, or throw with every problem. */
export async function readImportSource(
  src: string,
  options: { factoryName?: string } = {},
): Promise<{ layout: 'studio' | 'arm'; model: ImportModel }> {
  let isDir: boolean;
  try {
    isDir = (await stat(src)).isDirectory();
  } catch {
    throw new AdfDeployError('import.not-found', `'${src}' does not exist`, {
      hint: 'pass an ADF Studio git folder or an ARMTemplateForFactory.json',
    });
  }
  const problems: Diagnostic[] = [];
  let result: { layout: 'studio' | 'arm'; model: ImportModel };
  const template = findArmTemplate(src, isDir);
  if (template) {
    result = { layout: 'arm', model: await readArmTemplate(template, options, problems) };
  } else if (isDir && (await isStudioFolder(src))) {
    result = { layout: 'studio', model: await readStudioFolder(src, options, problems) };
  } else {
    const what = isDir
      ? `folder '${src}' has neither the ADF Studio layout nor ${ARM_TEMPLATE}`
      : `'${src}' is not a folder or a .json ARM template`;
    const seen = isDir ? (await readdir(src)).slice(0, 8).join(', ') : '';
    throw new AdfDeployError('import.unknown-layout', `${what}${seen ? ` (found: ${seen})` : ''}`, {
      hint: 'expected factory/, linkedService/, dataset/, pipeline/... (ADF Studio git folder) or ARMTemplateForFactory.json (Export ARM template)',
    });
  }
  // One broken file must not stop the rest: import what reads, list what does not. Only a source where
  // nothing reads at all (an unreadable template) is refused.
  if (problems.length > 0 && result.model.objects.length === 0) {
    const lines = problems.map((p) => `  ${describeProblem(p)}`);
    throw new AdfDeployError(
      'import.bad-input',
      `cannot import: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the source\n${lines.join('\n')}`,
      {
        hint: 'fix the files above; nothing was written',
        details: problems,
      },
    );
  }
  if (problems.length > 0) result.model.broken = problems;
  scrubImported(result.model);
  return result;
}

/** Import `src` into a manifest project at `options.out`. Writes nothing unless the whole source reads cleanly. */
export async function importFactory(src: string, options: ImportOptions): Promise<ImportResult> {
  const { layout, model } = await readImportSource(src, options);
  if (!model.factory.location) {
    // An existing factory keeps its live location on update; only creating one needs it.
    if (options.location) model.factory.location = options.location;
    else
      model.notes.push(
        'the source gives no factory location: before creating the factory, set factory.location in adf-deploy.yaml (or import with --location)',
      );
  }
  const written = await writeProject(model, options.out, {
    force: options.force,
    schemas: schemaBase(options.schemas),
  });
  return { layout, model, files: written.written, ...written };
}

function schemaBase(schemas: string | undefined): SchemaBase {
  if (schemas === undefined) return { kind: 'package' };
  return /^[a-z]+:\/\//i.test(schemas) ? { kind: 'url', at: schemas } : { kind: 'folder', at: path.resolve(schemas) };
}

/** One line for a problem inside an error message or a JSON list: `file:line:col: message`. */
export function describeProblem(p: Diagnostic): string {
  const at = p.location;
  return `${at ? `${at.file}:${at.line}:${at.col}: ` : ''}${p.message}`;
}

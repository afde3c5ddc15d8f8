import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { AdfDeployError } from '../core/errors.js';
import { KIND_INFO } from '../model/kinds.js';
import { FileNamer, safeFileBase } from './file-names.js';
import type { ImportModel } from './model.js';

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

export interface WriteOptions {
  force?: boolean;
  /** Folder or URL of the JSON Schemas for the modelines; relative paths are computed per file. */
  schemas: string;
}

/** Relative path (or URL) of a schema file as seen from `fromDir`, for the yaml-language-server modeline. */
function schemaRef(schemas: string, fromDir: string, file: string): string {
  if (/^[a-z]+:\/\//i.test(schemas)) return `${schemas.replace(/\/+$/, '')}/${file}`;
  return path.relative(fromDir, path.join(schemas, file)).split(path.sep).join('/');
}

/** The files of the project, relative path -> text. */
export function renderProjectFiles(model: ImportModel, outDir: string, schemas: string): Map<string, string> {
  const files = new Map<string, string>();
  const namer = new FileNamer();
  const config: Record<string, unknown> = { factory: { ...model.factory } };
  if (model.vars && Object.keys(model.vars).length) config.vars = model.vars;
  // The environment variables the vars read must be declared (adf-deploy.yaml `env:`), secret by default.
  const envNames = Object.values(model.vars ?? {}).flatMap((v) =>
    typeof v === 'string' ? [...v.matchAll(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]) : [],
  );
  if (envNames.length) config.env = [...new Set(envNames)].sort();
  const modeline = (rel: string, schema: string) =>
    `# yaml-language-server: $schema=${schemaRef(schemas, path.join(outDir, path.dirname(rel)), schema)}\n`;
  files.set('adf-deploy.yaml', modeline('adf-deploy.yaml', 'config.schema.json') + stringify(config, YAML_OPTIONS));
  for (const o of model.objects) {
    const folder =
      o.kind === 'ManagedPrivateEndpoint'
        ? `${KIND_INFO.ManagedVirtualNetwork.studioFolder}/${safeFileBase(o.parent ?? 'default')}/${KIND_INFO.ManagedPrivateEndpoint.studioFolder}`
        : KIND_INFO[o.kind].studioFolder;
    const rel = `${folder}/${namer.take(folder, safeFileBase(o.name), '.yaml')}`;
    const doc: Record<string, unknown> = { kind: o.kind, name: o.name };
    if (o.parent !== undefined) doc.managedVirtualNetwork = o.parent;
    doc.properties = o.properties;
    files.set(rel, modeline(rel, 'manifest.schema.json') + stringify(doc, YAML_OPTIONS));
  }
  return files;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Write the project into `outDir` atomically: everything goes to a temporary folder beside it, which is then
 * renamed into place, so a failure leaves nothing half-written. An existing non-empty `outDir` needs --force.
 */
export async function writeProject(model: ImportModel, outDir: string, options: WriteOptions): Promise<string[]> {
  const out = path.resolve(outDir);
  if (await exists(out)) {
    const s = await stat(out);
    const empty = s.isDirectory() && (await readdir(out)).length === 0;
    if (!empty && !options.force) {
      throw new AdfDeployError('import.out-exists', `'${outDir}' already exists and is not empty`, {
        hint: 'choose another --out folder, or pass --force to replace it',
      });
    }
  }
  const files = renderProjectFiles(model, out, options.schemas);
  await mkdir(path.dirname(out), { recursive: true });
  const tmp = `${out}.import-${process.pid}-${Date.now()}`;
  try {
    for (const [rel, text] of files) {
      const full = path.join(tmp, rel);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, text, 'utf8');
    }
    if (await exists(out)) {
      const old = `${out}.replaced-${process.pid}-${Date.now()}`;
      await rename(out, old);
      await rename(tmp, out);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, out);
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return [...files.keys()];
}

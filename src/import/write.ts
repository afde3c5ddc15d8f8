import { makeFolders } from '../core/make-folders.js';
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AdfDeployError } from '../core/errors.js';
import { FileNamer, safeFileBase } from './file-names.js';
import { defaultVars, keepPlaceholders } from './merge.js';
import type { ImportModel } from './model.js';
import { readRecord, RECORD_FILE, type ImportRecord } from './record.js';
import { modeline, objectFolder, objectKey, renderConfig, renderObject, type SchemaBase } from './render.js';

export interface WriteOptions {
  force?: boolean;
  schemas: SchemaBase;
}

export interface WriteResult {
  /** Files written or rewritten (relative to the project). */
  written: string[];
  /** Object files left as they were: their object did not change in the source. */
  unchanged: string[];
  /** Files of objects deleted in the source, deleted from the project. */
  deleted: string[];
  /** `file: properties.path` of placeholders kept although the source changed the value under them. */
  conflicts: string[];
  notes: string[];
}

const CONFIG = 'adf-deploy.yaml';
const GITIGNORE_LINE = '.adf-deploy/';

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Write a file through a temporary beside it and a rename, so a crash never leaves half a file. */
async function writeAtomic(file: string, text: string): Promise<void> {
  makeFolders(path.dirname(file));
  const tmp = `${file}.import-${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/**
 * Write (or update) the project in `outDir`. A fresh folder (absent, empty, or holding only dot-entries such as
 * `.git`) gets the whole project. A project an earlier import wrote (it has the import record) is updated: object
 * files whose source did not change are left alone, changed ones are rewritten keeping the user's placeholders,
 * objects deleted in the source are deleted, adf-deploy.yaml is never touched. Files import did not write are
 * never deleted or overwritten (`--force` lets import write into a folder that has other files).
 */
export async function writeProject(model: ImportModel, outDir: string, options: WriteOptions): Promise<WriteResult> {
  const out = path.resolve(outDir);
  const result: WriteResult = { written: [], unchanged: [], deleted: [], conflicts: [], notes: [] };
  const entries = (await exists(out)) ? await readdir(out) : [];
  const record = entries.includes(RECORD_FILE) ? await readRecord(path.join(out, RECORD_FILE)) : undefined;
  const foreign = entries.filter((e) => !e.startsWith('.'));
  if (!record && foreign.length > 0 && !options.force)
    throw new AdfDeployError('import.out-exists', `'${outDir}' already exists and is not empty`, {
      hint: 'choose another --out folder, or pass --force to write into it (files import did not write are kept)',
    });

  const previous = new Map(Object.entries(record?.files ?? {}).map(([rel, f]) => [f.object, { rel, hash: f.hash }]));
  const next: ImportRecord = { files: {} };
  const namer = new FileNamer();
  const planned = new Map<string, string>();
  // Reserve every existing file name (ours keep theirs; others must never be overwritten).
  const taken = new Set<string>();
  for (const o of model.objects) {
    const folder = objectFolder(o);
    if (taken.has(folder)) continue;
    taken.add(folder);
    for (const f of (await exists(path.join(out, folder))) ? await readdir(path.join(out, folder)) : [])
      namer.take(folder, f.slice(0, f.length - path.extname(f).length), path.extname(f));
  }
  for (const o of model.objects) {
    const key = objectKey(o);
    const before = previous.get(key);
    const rel = before?.rel ?? `${objectFolder(o)}/${namer.take(objectFolder(o), safeFileBase(o.name), '.yaml')}`;
    planned.set(key, rel);
  }

  const configPath = path.join(out, CONFIG);
  const configText = await readText(configPath);
  const vars = defaultVars(configText);
  for (const o of model.objects) {
    const key = objectKey(o);
    const rel = planned.get(key) ?? '';
    const file = path.join(out, rel);
    const hash = hashOf({ name: o.name, parent: o.parent, properties: o.properties });
    next.files[rel] = { object: key, hash };
    const before = previous.get(key);
    const current = before ? await readText(file) : undefined;
    if (before && current !== undefined && before.hash === hash) {
      result.unchanged.push(rel);
      continue;
    }
    let object = o;
    if (current !== undefined) {
      const merged = keepPlaceholders(current, o, vars);
      object = { ...o, properties: merged.properties };
      result.conflicts.push(...merged.conflicts.map((p) => `${rel}: ${p}`));
      for (const p of merged.dropped)
        result.notes.push(`${rel}: ${p} no longer exists in the source; its placeholder went with it`);
    }
    await writeAtomic(file, modeline(options.schemas, out, rel, 'manifest.schema.json') + renderObject(object));
    result.written.push(rel);
  }

  // Objects deleted in the source. Not when some source files were broken: their objects may only look deleted.
  const present = new Set(model.objects.map(objectKey));
  for (const [key, { rel }] of previous) {
    if (present.has(key)) continue;
    if (model.broken?.length) {
      next.files[rel] = record?.files[rel] ?? { object: key, hash: '' };
      result.notes.push(`kept ${rel}: not in the source, but the source has broken files (fix them and import again)`);
      continue;
    }
    await rm(path.join(out, rel), { force: true });
    result.deleted.push(rel);
  }

  if (configText === undefined) {
    await writeAtomic(configPath, modeline(options.schemas, out, CONFIG, 'config.schema.json') + renderConfig(model));
    result.written.push(CONFIG);
  } else {
    const missing = Object.keys(model.vars ?? {}).filter((v) => !Object.hasOwn(vars, v));
    if (missing.length)
      result.notes.push(`kept ${CONFIG} as it is; the source uses vars it does not define: ${missing.join(', ')}`);
  }
  await ensureGitignore(out, result);
  await writeAtomic(path.join(out, RECORD_FILE), `${JSON.stringify({ ...RECORD_HEADER, ...next }, null, 2)}\n`);
  return result;
}

const RECORD_HEADER = {
  comment:
    'Written by adf-deploy import: the files it wrote and a hash of each source object, so that the next import updates them and never touches other files. Commit it.',
  version: 1,
};

/** `.adf-deploy/` (local state) must never be committed: add it to .gitignore, creating the file if needed. */
async function ensureGitignore(out: string, result: WriteResult): Promise<void> {
  const file = path.join(out, '.gitignore');
  const text = await readText(file);
  if (text?.split(/\r?\n/).some((l) => l.trim().replace(/^\//, '') === GITIGNORE_LINE)) return;
  const next =
    text === undefined
      ? `${GITIGNORE_LINE}\n`
      : `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${GITIGNORE_LINE}\n`;
  await writeAtomic(file, next);
  if (text !== undefined) result.notes.push(`added ${GITIGNORE_LINE} to .gitignore`);
}

/**
 * `npm run gen:schemas`: regenerate schemas/types/ from ../shared/reference/arm-schemas (see src/schema/generate.ts).
 * Writes every file, removes files the generator no longer produces, and prints a summary to stderr.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchemaFiles } from '../src/schema/generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ARM_SCHEMAS_DIR = path.resolve(ROOT, '../shared/reference/arm-schemas');
export const OUT_DIR = path.join(ROOT, 'schemas/types');

/** Generate in memory from the files in `dir` (relative path -> content). */
export function generateFromDir(dir: string = ARM_SCHEMAS_DIR): Map<string, string> {
  const read = (name: string) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown;
  return generateSchemaFiles(read('Microsoft.DataFactory.2018-06-01.json'), read('common-definitions.json'));
}

/** Every file below `dir`, as paths relative to it with '/' separators. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

function main(): void {
  if (!existsSync(ARM_SCHEMAS_DIR)) {
    process.stderr.write(
      `gen-schemas: ${ARM_SCHEMAS_DIR} not found; it holds the official ARM schemas (see schemas/types/README.md for the source and commit)\n`,
    );
    process.exit(1);
  }
  const files = generateFromDir();
  rmSync(OUT_DIR, { recursive: true, force: true });
  let bytes = 0;
  for (const [rel, content] of files) {
    const file = path.join(OUT_DIR, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    bytes += Buffer.byteLength(content);
  }
  process.stderr.write(
    `gen-schemas: wrote ${files.size} files (${(bytes / 1024).toFixed(0)} KiB) to ${path.relative(process.cwd(), OUT_DIR) || OUT_DIR}\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

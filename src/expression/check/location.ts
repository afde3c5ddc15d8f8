import { readFileSync } from 'node:fs';
import type { SourceLocation } from '../../core/diagnostic.js';
import type { Project } from '../../manifest/types.js';
import type { ResourceId } from '../../model/resource.js';

const lineCache = new Map<string, string[] | null>();

function linesOf(file: string): string[] | null {
  if (!lineCache.has(file)) {
    try {
      lineCache.set(file, readFileSync(file, 'utf8').split(/\r?\n/));
    } catch {
      lineCache.set(file, null);
    }
  }
  return lineCache.get(file)!;
}

/**
 * The source position of a character inside a string value: the value's own line:col, moved right by
 * `offset` when the value is a single-line scalar (plus one for an opening quote; escapes inside a
 * double-quoted scalar are not counted, so the column is approximate there). Multi-line and block
 * scalars keep the value's position; the message still names the column inside the expression.
 */
export function locateInString(
  project: Project,
  resource: ResourceId,
  path: (string | number)[],
  value: string,
  offset: number,
): SourceLocation | undefined {
  const loc = project.locate(resource, path);
  if (!loc || value.includes('\n')) return loc;
  const line = linesOf(loc.file)?.[loc.line - 1];
  if (line === undefined) return loc;
  const at = line.slice(loc.col - 1);
  const head = value.slice(0, Math.min(value.length, 12));
  if (at.startsWith(head)) return { ...loc, col: loc.col + offset };
  if (at.startsWith('"') || at.startsWith("'")) return { ...loc, col: loc.col + 1 + offset };
  return loc;
}

/** Forget cached file contents (tests that rewrite files). */
export function clearLocationCache(): void {
  lineCache.clear();
}

import { isPlainObject as isRecord } from '../core/json.js';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { substituteDeep, type SubstitutionContext, type SubstitutionProblem } from '../manifest/substitute.js';
import type { ImportedObject } from './model.js';
import { visitJson } from '../core/json-walk.js';

/** A `${{` that is not the `$${{` escape: a substitution the user placed. */
const PLACEHOLDER = /(^|[^$])\$\{\{/;

type Path = (string | number)[];

export interface MergeOutcome {
  properties: Record<string, unknown>;
  /** Placeholders kept whose source value changed: the user must look (paths as text). */
  conflicts: string[];
  /** Placeholders whose property the source no longer has. */
  dropped: string[];
}

function placeholders(value: unknown, path: Path, out: Array<{ path: Path; text: string }>): void {
  visitJson(
    value,
    (node, at) => {
      if (typeof node === 'string' && PLACEHOLDER.test(node)) out.push({ path: [...at], text: node });
    },
    path,
  );
}

function getAt(value: unknown, path: Path): { found: boolean; value?: unknown } {
  let node = value;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number' && seg < node.length) node = node[seg];
    else if (isRecord(node) && typeof seg === 'string' && Object.hasOwn(node, seg)) node = node[seg];
    else return { found: false };
  }
  return { found: true, value: node };
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown): void {
  let node: unknown = root;
  for (const seg of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[seg];
  (node as Record<string | number, unknown>)[path[path.length - 1]] = value;
}

/** The project's default vars (adf-deploy.yaml `vars:`), as the placeholders would read them without --env. */
export function defaultVars(configText: string | undefined): Record<string, unknown> {
  try {
    const config: unknown = configText === undefined ? undefined : parse(configText);
    return isRecord(config) && isRecord(config.vars) ? config.vars : {};
  } catch {
    return {};
  }
}

/**
 * Re-import of an object that changed in the source: the new source's properties, except where the project's
 * file holds a `${{ vars.X }}` / `${{ env.X }}` placeholder. A placeholder is kept silently while it still gives
 * the source's value (the usual case: the var's default is the development value Studio holds); when the source
 * changed that value the placeholder is kept too, and reported as a conflict, never overwritten.
 */
export function keepPlaceholders(
  previousText: string,
  next: ImportedObject,
  vars: Record<string, unknown>,
): MergeOutcome {
  const outcome: MergeOutcome = { properties: structuredClone(next.properties), conflicts: [], dropped: [] };
  let previous: unknown;
  try {
    previous = parse(previousText);
  } catch {
    return outcome;
  }
  if (!isRecord(previous)) return outcome;
  const found: Array<{ path: Path; text: string }> = [];
  placeholders(previous.properties, [], found);
  const ctx: SubstitutionContext = { vars, env: {} };
  const show = (p: Path) => ['properties', ...p].join('.');
  for (const { path, text } of found) {
    const now = getAt(outcome.properties, path);
    if (!now.found || path.length === 0) {
      outcome.dropped.push(show(path));
      continue;
    }
    if (now.value === text) continue;
    const problems: SubstitutionProblem[] = [];
    const wanted = substituteDeep(text, ctx, problems);
    const source = substituteDeep(now.value, { vars: {}, env: {} }, []);
    if (problems.length > 0 || !isDeepStrictEqual(wanted, source)) outcome.conflicts.push(show(path));
    setAt(outcome.properties, path, text);
  }
  return outcome;
}

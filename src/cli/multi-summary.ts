import path from 'node:path';
import type { ProjectOutcome } from './multi-project.js';

export type MultiCommand = 'plan' | 'apply' | 'destroy';

/** One row of the summary table (and of the --json summary line). */
export interface ProjectRow {
  project: string;
  factory: string | null;
  /** As terraform counts: a replace is one add and one delete. Null when the project never got a plan. */
  add: number | null;
  change: number | null;
  delete: number | null;
  result: string;
  exitCode: number;
}

/** The row of one project: counts from its plan, the result from its exit code. */
export function projectRow(command: MultiCommand, o: ProjectOutcome, cwd: string): ProjectRow {
  const s = o.plan?.summary;
  return {
    project: displayArg(o.arg, cwd),
    factory: o.plan?.target.factoryName ?? null,
    add: s ? s.create + s.replace : null,
    change: s ? s.update : null,
    delete: s ? s.delete + s.replace : null,
    result: resultOf(command, o),
    exitCode: o.code,
  };
}

function resultOf(command: MultiCommand, o: ProjectOutcome): string {
  if (!o.started) return 'not started';
  if (o.code === 130) return 'interrupted';
  if (o.code !== 0 && o.code !== 2) return 'failed';
  if (command === 'apply') return o.plan?.hasChanges ? 'applied' : 'no changes';
  if (command === 'destroy') return o.plan?.hasChanges ? 'destroyed' : 'nothing to destroy';
  // As plan --detailed-exitcode: drift alone counts.
  const changes = o.plan ? o.plan.hasChanges || (o.plan.drift?.length ?? 0) > 0 : o.code === 2;
  return changes ? 'changes' : 'no changes';
}

/** The summary table, aligned, with a totals line. */
export function renderSummaryTable(rows: ProjectRow[]): string {
  const cell = (n: number | null): string => (n === null ? '-' : String(n));
  const table = [
    ['project', 'factory', 'add', 'change', 'delete', 'result'],
    ...rows.map((r) => [r.project, r.factory ?? '-', cell(r.add), cell(r.change), cell(r.delete), r.result]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const numeric = new Set([2, 3, 4]);
  const line = (row: string[]): string =>
    row
      .map((v, c) => (numeric.has(c) ? v.padStart(widths[c]) : v.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const sum = (k: 'add' | 'change' | 'delete'): number => rows.reduce((t, r) => t + (r[k] ?? 0), 0);
  const failed = rows.filter((r) => r.result === 'failed').length;
  const totals = `${rows.length} project${rows.length === 1 ? '' : 's'}: ${sum('add')} to add, ${sum('change')} to change, ${sum('delete')} to delete; ${failed} failed`;
  return `${[line(table[0]), ...table.slice(1).map(line)].join('\n')}\n${totals}\n`;
}

/** The header of a project's block on stderr (again, marked, when the block goes on after the one question). */
export function blockHeader(o: ProjectOutcome, cwd: string, continued = false): string {
  return `\n── ${displayArg(o.arg, cwd)}${continued ? ' (continued)' : ''} ──\n`;
}

/** As given when absolute; otherwise relative to the working folder, normalised (`./a/` is `a`). */
function displayArg(arg: string, cwd: string): string {
  if (path.isAbsolute(arg)) return path.normalize(arg);
  return path.relative(cwd, path.resolve(cwd, arg)) || '.';
}

/**
 * With --json: one line per project, in argument order: its row, and `output`, the JSON documents the
 * single-project command printed (a plan, a diagnostics or error document; for apply the plan and event lines).
 */
export function renderProjectJson(row: ProjectRow, stdout: string): string {
  return `${JSON.stringify({ formatVersion: 1, type: 'project', ...row, output: parseDocuments(stdout) })}\n`;
}

/** With --json, the last line: every row and the command's exit code. */
export function renderSummaryJson(rows: ProjectRow[], exitCode: number): string {
  return `${JSON.stringify({ formatVersion: 1, type: 'summary', exitCode, projects: rows })}\n`;
}

/** One JSON document (possibly pretty-printed), or JSON lines; text that is neither stays a string. */
function parseDocuments(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    return [JSON.parse(trimmed)];
  } catch {
    return trimmed.split('\n').flatMap((line) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line)];
      } catch {
        return [line];
      }
    });
  }
}

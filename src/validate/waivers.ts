/**
 * Letting a team proceed on a finding it has judged (issue 15):
 * - `checks:` in adf-deploy.yaml sets a code's severity (`error`, `warning`, `off`) for the whole project, and
 *   `waive: [Kind/name, ...]` turns it off for named objects only;
 * - `# adf-deploy: ignore CODE[, CODE...]` in a manifest document turns those codes off for that document's object.
 * Waived findings are not printed but counted, so nothing disappears silently. Checks that protect the service's
 * integrity (missing references, cycles, limits, names, mistyped secrets, unreadable YAML) cannot be waived or
 * demoted: trying is an error.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { Project } from '../manifest/types.js';
import { parseAddress, resourceAddress } from '../model/resource.js';
import { configDiagnostic } from './context.js';
import { isPlainObject } from '../core/json.js';

/** Code prefixes that can never be waived nor made warnings. */
const UNWAIVABLE = [
  'ref.missing',
  'graph.',
  'limit.',
  'name.',
  'secret.',
  'yaml.',
  'manifest.',
  'file.',
  'fs.',
  'project.',
  'var.missing',
  'var.syntax',
  'var.type',
  'env.',
  'checks.',
];
const FAMILIES = ['schema', 'expr', 'ref', 'var', 'limit', 'secret', 'factory', 'name', 'graph', 'yaml', 'manifest'];
const LEVELS = ['error', 'warning', 'off'] as const;
type Level = (typeof LEVELS)[number];
const isLevel = (v: unknown): v is Level => LEVELS.some((l) => l === v);

/** `ref.missing-parameter` is waivable although `ref.missing` is not: prefixes ending in '.' match families. */
export function isUnwaivable(code: string): boolean {
  return UNWAIVABLE.some((p) => (p.endsWith('.') ? code.startsWith(p) : code === p));
}

interface CodeRule {
  level?: Level;
  /** Lower-case addresses of the objects the code is waived for. */
  waive: Set<string>;
}

export interface Checks {
  rules: Map<string, CodeRule>;
  problems: Diagnostic[];
}

/** Read and check the `checks:` section. Problems (bad shape, unwaivable codes) are diagnostics. */
export function readChecks(project: Project): Checks {
  const rules = new Map<string, CodeRule>();
  const problems: Diagnostic[] = [];
  const raw = project.checks;
  const report = (
    path: (string | number)[],
    code: string,
    message: string,
    hint?: string,
    severity: Severity = 'error',
  ) => problems.push(configDiagnostic(project, severity, code, message, ['checks', ...path], hint));
  if (raw === undefined || raw === null) return { rules, problems };
  if (!isPlainObject(raw)) {
    report(
      [],
      'checks.invalid',
      "'checks' must be a mapping of finding codes",
      'e.g. checks: { schema.described-type: off }',
    );
    return { rules, problems };
  }
  for (const [code, value] of Object.entries(raw)) {
    const rule: CodeRule = { waive: new Set() };
    if (typeof value === 'string') {
      if (!isLevel(value)) {
        report([code], 'checks.invalid', `'${value}' is not a level for ${code}`, "use 'error', 'warning' or 'off'");
        continue;
      }
      rule.level = value;
    } else if (isPlainObject(value)) {
      const v = value;
      for (const key of Object.keys(v))
        if (key !== 'severity' && key !== 'waive')
          report([code, key], 'checks.invalid', `unknown key '${key}' under ${code}`, "use 'severity' and 'waive'");
      if (v.severity !== undefined) {
        if (!isLevel(v.severity))
          report([code, 'severity'], 'checks.invalid', `severity of ${code} must be 'error', 'warning' or 'off'`);
        else rule.level = v.severity;
      }
      if (v.waive !== undefined) {
        const list = Array.isArray(v.waive) ? v.waive : [];
        if (!Array.isArray(v.waive))
          report([code, 'waive'], 'checks.invalid', `'waive' of ${code} must be a list of 'Kind/name' entries`);
        list.forEach((entry, i) => {
          const id = typeof entry === 'string' ? parseAddress(entry) : undefined;
          if (!id || !id.name)
            report(
              [code, 'waive', i],
              'checks.invalid',
              `waive entry must be 'Kind/name', found ${JSON.stringify(entry)}`,
            );
          else rule.waive.add(resourceAddress(id).toLowerCase());
        });
      }
    } else {
      report([code], 'checks.invalid', `${code} must be a level or a mapping with severity and waive`);
      continue;
    }
    if (isUnwaivable(code) && (rule.level === 'warning' || rule.level === 'off' || rule.waive.size > 0)) {
      report(
        [code],
        'checks.unwaivable',
        `${code} cannot be waived or made a warning: it protects the service's integrity`,
        'fix the manifests instead (a reference to an object outside the project goes under external:)',
      );
      continue;
    }
    if (!FAMILIES.includes(code.split('.')[0]))
      report(
        [code],
        'checks.unknown-code',
        `'${code}' is not a finding code of adf-deploy`,
        'codes look like schema.described-type or expr.item-outside-foreach (docs/manifests.md)',
        'warning',
      );
    rules.set(code, rule);
  }
  return { rules, problems };
}

const INLINE = /#\s*adf-deploy:\s*ignore\s+([A-Za-z0-9_.,\s-]+?)\s*(?:--.*)?$/;

/**
 * The codes ignored by inline comments in the document that declares `resource`: the lines from the document
 * separator before its start to the next separator. Unwaivable codes there are reported.
 */
function inlineWaivers(project: Project, resource: Project['resources'][number], problems: Diagnostic[]): Set<string> {
  const out = new Set<string>();
  const start = project.locateDocument?.(resource, []) ?? resource.source;
  if (!start) return out;
  if (project.inlineWaiverFiles && !project.inlineWaiverFiles.has(start.file)) return out;
  const lines = linesOf(start.file);
  if (!lines) return out;
  const isSeparator = (l: string) => /^(---|\.\.\.)(\s|$)/.test(l);
  let first = start.line - 1;
  while (first > 0 && !isSeparator(lines[first - 1])) first--;
  for (let i = first; i < lines.length && (i < start.line || !isSeparator(lines[i])); i++) {
    const m = INLINE.exec(lines[i]);
    if (!m) continue;
    for (const code of m[1].split(/[\s,]+/).filter(Boolean)) {
      if (isUnwaivable(code)) {
        problems.push({
          severity: 'error',
          code: 'checks.unwaivable',
          message: `${code} cannot be waived: it protects the service's integrity`,
          hint: 'remove it from the adf-deploy: ignore comment and fix the manifest',
          location: { file: start.file, line: i + 1, col: lines[i].indexOf('#') + 1 },
          resource: resourceAddress(resource),
        });
      } else out.add(code);
    }
  }
  return out;
}

const fileLines = new Map<string, string[] | null>();

function linesOf(file: string): string[] | null {
  if (!fileLines.has(file)) {
    try {
      fileLines.set(file, readFileSync(file, 'utf8').split(/\r?\n/));
    } catch {
      fileLines.set(file, null);
    }
  }
  return fileLines.get(file) ?? null;
}

/** Diagnostics after `checks:` and inline comments: what is shown, and what was waived (counted, not shown). */
export interface CheckedDiagnostics {
  diagnostics: Diagnostic[];
  waived: Diagnostic[];
}

/** Apply the project's severities and waivers to every diagnostic (the loader's and validation's). */
export function applyChecks(project: Project, all: Diagnostic[]): CheckedDiagnostics {
  fileLines.clear();
  const { rules, problems } = readChecks(project);
  const inline = new Map<string, Set<string>>();
  for (const r of project.resources) {
    const codes = inlineWaivers(project, r, problems);
    if (codes.size > 0) {
      const key = resourceAddress(r).toLowerCase();
      inline.set(key, new Set([...(inline.get(key) ?? []), ...codes]));
    }
  }
  // The lines of every file are not needed past this point: not kept for the rest of a plan or apply (issue 19).
  fileLines.clear();
  const diagnostics: Diagnostic[] = [...problems];
  const waived: Diagnostic[] = [];
  for (const d of all) {
    const rule = rules.get(d.code);
    const address = d.resource?.toLowerCase();
    const off =
      !isUnwaivable(d.code) &&
      (rule?.level === 'off' ||
        (address !== undefined && (rule?.waive.has(address) || inline.get(address)?.has(d.code))));
    if (off) waived.push(d);
    else if (rule?.level === 'error' || (rule?.level === 'warning' && !isUnwaivable(d.code)))
      diagnostics.push({ ...d, severity: rule.level });
    else diagnostics.push(d);
  }
  return { diagnostics, waived };
}

/** "3 waived (expr.item-outside-foreach 2, schema.described-type 1)", or '' when nothing was waived. */
export function describeWaived(waived: Diagnostic[]): string {
  if (waived.length === 0) return '';
  const byCode = new Map<string, number>();
  for (const d of waived) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  const parts = [...byCode].sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => `${c} ${n}`);
  return `${waived.length} waived (${parts.join(', ')})`;
}

import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { sortDiagnostics } from '../core/diagnostic.js';

/** Render diagnostics as text: `file:line:col: error[code]: message` + path and hint lines, then a count. */
export function renderDiagnosticsText(list: Diagnostic[], options: { cwd?: string; color?: boolean } = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const red = (s: string) => (options.color ? `\x1b[31m${s}\x1b[0m` : s);
  const yellow = (s: string) => (options.color ? `\x1b[33m${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const d of sortDiagnostics(list)) {
    const where = d.location
      ? `${path.relative(cwd, d.location.file) || d.location.file}:${d.location.line}:${d.location.col}: `
      : '';
    const sev = d.severity === 'error' ? red('error') : yellow('warning');
    lines.push(`${where}${sev}[${d.code}]: ${d.message}`);
    if (d.resource || d.path?.length)
      lines.push(`  at ${[d.resource, d.path?.length ? formatPath(d.path) : undefined].filter(Boolean).join(' ')}`);
    if (d.hint) lines.push(`  hint: ${d.hint}`);
  }
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - errors;
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

/** A JSON path as people write it: properties.activities[0].typeProperties, with odd keys quoted (["a.b"]). */
export function formatPath(p: (string | number)[]): string {
  return p
    .map((seg, i) =>
      typeof seg === 'number'
        ? `[${seg}]`
        : /^[A-Za-z_$][\w$-]*$/.test(seg)
          ? `${i === 0 ? '' : '.'}${seg}`
          : `[${JSON.stringify(seg)}]`,
    )
    .join('');
}

/** Diagnostics as versioned JSON data (`waived`: findings turned off by the project's checks, when counted). */
export function renderDiagnosticsJson(list: Diagnostic[], waived?: number): string {
  const errors = list.filter((d) => d.severity === 'error').length;
  const counts = {
    formatVersion: 1,
    errors,
    warnings: list.length - errors,
    ...(waived === undefined ? {} : { waived }),
  };
  return `${JSON.stringify({ ...counts, diagnostics: sortDiagnostics(list) }, null, 2)}\n`;
}

import type { Diagnostic } from '../core/diagnostic.js';
import { describeWaived } from './waivers.js';

/** "schema.described-type 2, expr.activity-order 1": counts by code, most frequent first. */
function countByCode(list: Diagnostic[]): string {
  const byCode = new Map<string, number>();
  for (const d of list) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  return [...byCode]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
}

/**
 * The one line plan and apply print about validation findings that do not stop them, instead of repeating every
 * warning in full (issue 15): `validate` shows the details. '' when there is nothing to say.
 */
export function summarizeFindings(diagnostics: Diagnostic[], waived: Diagnostic[]): string {
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const parts: string[] = [];
  if (warnings.length > 0)
    parts.push(`${warnings.length} warning${warnings.length === 1 ? '' : 's'} (${countByCode(warnings)})`);
  const w = describeWaived(waived);
  if (w) parts.push(w);
  if (parts.length === 0) return '';
  return `validation: ${parts.join('; ')}; details: adf-deploy validate\n`;
}

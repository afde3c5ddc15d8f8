import path from 'node:path';
import { type Diagnostic, sortDiagnostics } from '../core/diagnostic.js';
import { formatPath } from './diagnostics.js';
import { cell, code, fitToBudget } from './plan-markdown-budget.js';
import { DEFAULT_MARKDOWN_BUDGET } from './plan-markdown.js';

/**
 * What `plan --markdown` and `plan --json` write when no plan can be made: the comment (or the JSON) says why, so a
 * pull-request bot never posts an empty comment and a script never parses an empty stdout.
 */

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The validation problems as a pull-request comment (a table, within the size budget). */
export function renderDiagnosticsMarkdown(
  list: Diagnostic[],
  options: { title: string; cwd: string; budget?: number },
): string {
  const errors = list.filter((d) => d.severity === 'error').length;
  const head = [
    `### adf-deploy plan for ${code(options.title)}`,
    '',
    `**No plan: the manifests have ${plural(errors, 'error')} and ${plural(list.length - errors, 'warning')}.** Fix them (\`adf-deploy validate\` lists them too) and plan again.`,
    '',
  ];
  const rows = sortDiagnostics(list).map((d) => {
    const where = d.location
      ? `${path.relative(options.cwd, d.location.file) || d.location.file}:${d.location.line}:${d.location.col}`
      : '';
    const at = [d.resource, d.path?.length ? formatPath(d.path) : undefined].filter(Boolean).join(' ');
    const text = [
      `**${d.severity}** ${code(d.code)}: ${cell(d.message)}`,
      at ? `at ${code(at)}` : '',
      d.hint ? `hint: ${cell(d.hint)}` : '',
    ]
      .filter(Boolean)
      .join('<br>');
    return { name: where || d.code, text: `| ${where ? code(where) : ''} | ${text} |` };
  });
  return fitToBudget(
    head,
    [{ title: 'problems', head: ['| Where | Problem |', '| --- | --- |'], rows, blocks: [] }],
    options.budget ?? DEFAULT_MARKDOWN_BUDGET,
  );
}

/** An error that stopped the plan (not a validation problem), as a comment. */
export function renderErrorMarkdown(error: { code: string; message: string; hint?: string }, title: string): string {
  return [
    `### adf-deploy plan for ${code(title)}`,
    '',
    `**No plan: ${cell(error.message)}** (${code(error.code)})`,
    ...(error.hint ? ['', `hint: ${cell(error.hint)}`] : []),
    '',
  ].join('\n');
}

import { RESTART_TAG_PREFIX } from '../plan/restart-markers.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import { formatValue, listedChanges, propertyLine, summaryLine, triggerVerb } from './plan-lines.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${cell(text)}${fence.length > 1 ? ' ' : ''}${fence}`;
}

/** Lines of a ```diff block: - before / + after so GitHub colours them; a sensitive change stays one ~ line. */
function diffLines(change: ResourceChange): string[] {
  if (change.action === 'create' && change.desired) {
    return JSON.stringify(change.desired, null, 2)
      .split('\n')
      .map((l) => `+ ${l}`);
  }
  const out: string[] = [];
  for (const pc of change.changes) {
    const line = propertyLine(pc);
    if (line.symbol === '~' && !pc.sensitive) {
      const path = line.text.slice(0, line.text.indexOf(': '));
      out.push(`- ${path}: ${formatValue(pc.before)}`, `+ ${path}: ${formatValue(pc.after)}`);
    } else out.push(`${line.symbol} ${line.text}`);
  }
  return out;
}

/** A fence longer than any backtick run in the content, so a value cannot close the block. */
function fenceFor(lines: string[]): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  return '`'.repeat(longest + 1);
}

/** The pull-request comment: the summary line, a table of changes, then a collapsible diff per changed resource. */
export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [];
  out.push(`### adf-deploy plan for ${code(plan.target.factoryName)}`, '', `**${summaryLine(plan)}**`, '');
  const listed = listedChanges(plan);
  if (listed.length > 0) {
    out.push('| Action | Resource | Details |', '| --- | --- | --- |');
    for (const c of listed) {
      const details =
        c.reason ?? (c.changes.length > 0 ? `${c.changes.length} propert${c.changes.length === 1 ? 'y' : 'ies'}` : '');
      out.push(`| ${c.action} | ${code(c.address)} | ${cell(details)} |`);
    }
    out.push('');
  }
  const markers = plan.restartMarkers ?? [];
  if (plan.triggers.length > 0 || markers.length > 0) {
    out.push('| Trigger | Action | Why |', '| --- | --- | --- |');
    for (const t of plan.triggers)
      out.push(`| ${code(t.address)} | ${triggerVerb(t.stop, t.start)} | ${cell(t.reason)} |`);
    for (const name of markers)
      out.push(
        `| ${code(`Trigger/${name}`)} | remove restart marker | ${cell(`tag ${RESTART_TAG_PREFIX}${name} on ${plan.factory.address}, left by an interrupted apply`)} |`,
      );
    out.push('');
  }
  for (const c of listed) {
    const lines = diffLines(c);
    if (lines.length === 0) continue;
    const fence = fenceFor(lines);
    out.push(
      '<details>',
      `<summary>${c.action} <code>${escapeHtml(c.address)}</code></summary>`,
      '',
      `${fence}diff`,
      ...lines,
      fence,
      '',
      '</details>',
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

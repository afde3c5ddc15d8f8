import { RESTART_TAG_PREFIX } from '../plan/restart-markers.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import {
  createdLines,
  DANGER_NOTE,
  dangerLines,
  DRIFT_TITLE,
  formatValue,
  listedChanges,
  noteLines,
  propertyLine,
  summaryLine,
  triggerVerb,
} from './plan-lines.js';
import { code, cell, escapeHtml, escapeMarkdown, fitToBudget, type Section } from './plan-markdown-budget.js';

/** GitHub refuses a comment over 65,536 characters; the default leaves room for a bot's own header. */
export const DEFAULT_MARKDOWN_BUDGET = 65_000;

export interface MarkdownOptions {
  /** Most characters of the comment; 0 = no limit. */
  budget?: number;
}

/** Lines of a ```diff block: - before / + after so GitHub colours them; a sensitive change stays one ~ line. */
function diffLines(change: ResourceChange): string[] {
  const out: string[] = [];
  for (const n of noteLines(change)) out.push(`${n.symbol} ${n.text}`);
  for (const l of createdLines(change)) out.push(`+ ${l}`);
  for (const pc of change.changes) {
    const line = propertyLine(pc);
    if (line.detail) {
      out.push(`~ ${line.text}`, ...line.detail);
    } else if (line.symbol === '~' && !pc.sensitive && pc.op !== 'reorder') {
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

function detailsBlock(c: ResourceChange): Section['blocks'][number] | undefined {
  const lines = diffLines(c);
  if (lines.length === 0) return undefined;
  const fence = fenceFor(lines);
  return {
    name: c.address,
    head: ['<details>', `<summary>${c.action} <code>${escapeHtml(c.address)}</code></summary>`, '', `${fence}diff`],
    lines,
    tail: [fence, '', '</details>', ''],
  };
}

/**
 * The pull-request comment: the summary line and dangerous changes first, a table of changes, the objects in the
 * factory but not in the manifests, the trigger actions, then a collapsed diff per changed resource (a create
 * shows its body). It never exceeds `budget` characters: what does not fit is left out and the comment says what
 * and how to see it.
 */
export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const head: string[] = [
    `### adf-deploy plan for ${code(plan.target.factoryName)}`,
    '',
    `**${summaryLine(plan)}**`,
    '',
  ];
  const danger = dangerLines(plan);
  if (danger.length > 0) {
    head.push('> [!CAUTION]', `> **Dangerous changes** (${escapeMarkdown(DANGER_NOTE)}):`);
    for (const d of danger) head.push(`> - ${escapeMarkdown(d)}`);
    head.push('');
  }
  const sections: Section[] = [];
  const listed = listedChanges(plan);
  if (listed.length > 0) {
    sections.push({
      title: 'rows of the table of changes',
      head: ['| Action | Resource | Details |', '| --- | --- | --- |'],
      rows: listed.map((c) => {
        const details =
          c.reason ??
          (c.changes.length > 0 ? `${c.changes.length} propert${c.changes.length === 1 ? 'y' : 'ies'}` : '');
        const flag = c.dangerous?.length ? '**dangerous** ' : '';
        return { name: c.address, text: `| ${c.action} | ${code(c.address)} | ${flag}${cell(details)} |` };
      }),
      blocks: [],
    });
  }
  if (plan.drift?.length) {
    sections.push({
      title: 'rows of the drift table',
      head: [`**${DRIFT_TITLE}**`, '', '| Resource | Note |', '| --- | --- |'],
      rows: plan.drift.map((d) => ({ name: d.address, text: `| ${code(d.address)} | ${cell(d.reason)} |` })),
      blocks: [],
    });
  }
  const markers = plan.restartMarkers ?? [];
  if (plan.triggers.length > 0 || markers.length > 0) {
    sections.push({
      title: 'rows of the trigger table',
      head: ['| Trigger | Action | Why |', '| --- | --- | --- |'],
      rows: [
        ...plan.triggers.map((t) => ({
          name: t.address,
          text: `| ${code(t.address)} | ${triggerVerb(t.stop, t.start)} | ${cell(t.reason)} |`,
        })),
        ...markers.map((name) => ({
          name: `Trigger/${name}`,
          text: `| ${code(`Trigger/${name}`)} | remove restart marker | ${cell(`tag ${RESTART_TAG_PREFIX}${name} on ${plan.factory.address}, left by an interrupted apply`)} |`,
        })),
      ],
      blocks: [],
    });
  }
  const blocks = listed.map(detailsBlock).filter((b) => b !== undefined);
  if (blocks.length > 0) sections.push({ title: 'details', head: [], rows: [], blocks });
  return fitToBudget(head, sections, options.budget ?? DEFAULT_MARKDOWN_BUDGET);
}

import type { Plan } from '../plan/types.js';
import {
  ACTION_SYMBOL,
  createdLines,
  DANGER_NOTE,
  dangerLines,
  DRIFT_TITLE,
  headline,
  listedChanges,
  noteLines,
  propertyLine,
  restartMarkerLine,
  summaryLine,
  triggerVerb,
} from './plan-lines.js';

const CODES = { green: 32, red: 31, yellow: 33, magenta: 35, cyan: 36, bold: 1, dim: 2 } as const;
type Colour = keyof typeof CODES;

const SYMBOL_COLOUR: Record<string, Colour> = {
  '+': 'green',
  '-': 'red',
  '~': 'yellow',
  '-/+': 'magenta',
  '!': 'red',
  '=': 'dim',
  '?': 'cyan',
};

/**
 * The human rendering: one line per changed resource, its property changes below in the json-diff style
 * (+ added, - removed, ~ before -> after; a created resource's body as + lines; a script as a line diff), notes
 * (! dangerous or a warning, = kept from the live factory), the objects in the factory but not in the manifests,
 * the trigger stops/starts, then the summary line. Colour codes only when `color` (a TTY without NO_COLOR).
 */
export function renderPlanText(plan: Plan, options: { color?: boolean } = {}): string {
  const paint = (c: Colour, s: string) => (options.color ? `\x1b[${CODES[c]}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  lines.push(
    `Factory ${plan.target.factoryName} in resource group ${plan.target.resourceGroup} (subscription ${plan.target.subscriptionId})`,
  );
  if (plan.source.overrides?.length)
    lines.push(`Overrides of environment ${plan.source.env}: ${plan.source.overrides.join('; ')}`);
  lines.push('');
  for (const change of listedChanges(plan)) {
    const symbol = ACTION_SYMBOL[change.action];
    lines.push(
      `${paint(SYMBOL_COLOUR[symbol], symbol)} ${paint('bold', change.address)}${headline(change).slice(change.address.length)}`,
    );
    for (const note of noteLines(change))
      lines.push(`    ${paint(SYMBOL_COLOUR[note.symbol], note.symbol)} ${note.text}`);
    for (const pc of change.changes) {
      const { symbol: s, text, detail } = propertyLine(pc);
      lines.push(`    ${paint(SYMBOL_COLOUR[s], s)} ${text}`);
      for (const d of detail ?? []) lines.push(`        ${SYMBOL_COLOUR[d[0]] ? paint(SYMBOL_COLOUR[d[0]], d) : d}`);
    }
    for (const l of createdLines(change)) lines.push(`    ${paint('green', '+')} ${l}`);
  }
  if (plan.drift?.length) {
    if (lines[lines.length - 1] !== '') lines.push('');
    lines.push(`${DRIFT_TITLE}:`);
    for (const d of plan.drift) lines.push(`  ${paint('cyan', '?')} ${d.address}: ${d.reason}`);
  }
  const markers = restartMarkerLine(plan);
  if (plan.triggers.length > 0 || markers) {
    if (lines[lines.length - 1] !== '') lines.push('');
    lines.push('Triggers:');
    for (const t of plan.triggers)
      lines.push(`  ${paint('yellow', triggerVerb(t.stop, t.start))} ${t.address}: ${t.reason}`);
    if (markers) lines.push(`  ${paint('yellow', 'remove')}${markers.slice('remove'.length)}`);
  }
  const danger = dangerLines(plan);
  if (danger.length > 0) {
    if (lines[lines.length - 1] !== '') lines.push('');
    lines.push(paint('red', `Dangerous changes (${DANGER_NOTE}):`));
    for (const d of danger) lines.push(`  ${paint('red', '!')} ${d}`);
  }
  if (lines[lines.length - 1] !== '') lines.push('');
  lines.push(paint('bold', summaryLine(plan)));
  return `${lines.join('\n')}\n`;
}

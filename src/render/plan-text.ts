import type { Plan } from '../plan/types.js';
import {
  ACTION_SYMBOL,
  headline,
  listedChanges,
  propertyLine,
  restartMarkerLine,
  summaryLine,
  triggerVerb,
} from './plan-lines.js';

const CODES = { green: 32, red: 31, yellow: 33, magenta: 35, bold: 1, dim: 2 } as const;
type Colour = keyof typeof CODES;

const SYMBOL_COLOUR: Record<string, Colour> = { '+': 'green', '-': 'red', '~': 'yellow', '-/+': 'magenta' };

/**
 * The human rendering: one line per changed resource, its property changes below in the json-diff style
 * (+ added, - removed, ~ before -> after), the trigger stops/starts, then the summary line. Colour codes only
 * when `color` (a TTY without NO_COLOR).
 */
export function renderPlanText(plan: Plan, options: { color?: boolean } = {}): string {
  const paint = (c: Colour, s: string) => (options.color ? `\x1b[${CODES[c]}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  lines.push(
    `Factory ${plan.target.factoryName} in resource group ${plan.target.resourceGroup} (subscription ${plan.target.subscriptionId})`,
  );
  lines.push('');
  for (const change of listedChanges(plan)) {
    const symbol = ACTION_SYMBOL[change.action];
    lines.push(
      `${paint(SYMBOL_COLOUR[symbol], symbol)} ${paint('bold', change.address)}${headline(change).slice(change.address.length)}`,
    );
    for (const pc of change.changes) {
      const { symbol: s, text } = propertyLine(pc);
      lines.push(`    ${paint(SYMBOL_COLOUR[s], s)} ${text}`);
    }
  }
  const markers = restartMarkerLine(plan);
  if (plan.triggers.length > 0 || markers) {
    if (lines[lines.length - 1] !== '') lines.push('');
    lines.push('Triggers:');
    for (const t of plan.triggers)
      lines.push(`  ${paint('yellow', triggerVerb(t.stop, t.start))} ${t.address}: ${t.reason}`);
    if (markers) lines.push(`  ${paint('yellow', 'remove')}${markers.slice('remove'.length)}`);
  }
  if (lines[lines.length - 1] !== '') lines.push('');
  lines.push(paint('bold', summaryLine(plan)));
  return `${lines.join('\n')}\n`;
}
